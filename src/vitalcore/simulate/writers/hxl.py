"""Partner reports as an HXL-tagged CSV: a human header row, then the HXL hashtag row
(https://hxlstandard.org), then one report per row."""

from __future__ import annotations

import csv
from pathlib import Path

from vitalcore.simulate.voices import Batch
from vitalcore.simulate.writers.common import WriteContext

HEADER = ["Report ID", "Date", "Organisation", "Admin 1", "Admin 2", "Admin 2 P-code",
          "Sector", "Description", "People affected", "Language", "Notice"]
HASHTAGS = ["#meta+id", "#date+reported", "#org+name", "#adm1+code", "#adm2+name",
            "#adm2+code", "#sector", "#description", "#affected", "#meta+lang",
            "#meta+notice"]


def record_id(i: int) -> str:
    return f"PR-{i + 1:07d}"


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the reports as HXL CSV."""
    partners = ctx.world.data.partners
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        out.writerow(HASHTAGS)
        for i in range(len(batch)):
            area = ctx.area(batch, i)
            motif = ctx.world.data.motifs[batch.motif[i]]
            orgs = partners["organisations"]
            out.writerow([
                record_id(i), ctx.date(batch, i),
                orgs[int(batch.reporter[i]) % len(orgs)], area.parent_pcode, area.name,
                area.pcode, partners["sectors"].get(motif.dimension or "", "Coordination"),
                ctx.text(batch, i), int(batch.harmed[i]) if motif.harm else "",
                ctx.language(batch, i), ctx.label,
            ])
    return len(batch)


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The reports' `#meta+id`s."""
    return [record_id(i) for i in range(len(batch))]
