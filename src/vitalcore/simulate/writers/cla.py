"""Community liaison assistants' interview notes in vitalcore's own flat CSV layout
(ingest/mappings/vitalcore.yaml): one row per interview, P-code and place given."""

from __future__ import annotations

import csv
from pathlib import Path

from vitalcore.simulate.voices import GROUPS, Batch
from vitalcore.simulate.world import DIMENSIONS
from vitalcore.simulate.writers.common import WriteContext, severity_self_rating
from vitalcore.simulate.writers.kobo import top_three

COLUMNS = ["id", "text", "language", "channel", "source", "date", "place", "area_pcode",
           "groups", "priorities", "severity", "reporter", "solution", "consent_quote",
           "consent_share", "notice"]


def _groups(batch: Batch, i: int) -> str:
    """Who the interviewee says they are (self-reported groups)."""
    own = []
    if batch.woman[i]:
        own.append("women")
    if batch.elderly[i]:
        own.append("elderly")
    if batch.group[i] == GROUPS.index("displaced"):
        own.append("displaced")
    return ";".join(own)


def record_id(i: int) -> str:
    return f"cla-{i + 1:07d}"


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the interviews as CSV."""
    ranks = top_three(batch, ctx, ctx.rng(7))
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(COLUMNS)
        for i in range(len(batch)):
            area = ctx.area(batch, i)
            out.writerow([
                record_id(i), ctx.text(batch, i), ctx.language(batch, i), "cla_interview",
                f"cla-network-{area.country.lower()}",
                ctx.timestamp(batch, i)[:16].replace("T", " "),
                area.name, area.pcode, _groups(batch, i),
                ";".join(DIMENSIONS[d] for d in ranks[i]), severity_self_rating(batch, i),
                f"cla-{area.pcode.lower()}-{int(batch.reporter[i]) % 3 + 1}",
                ctx.renderer.solution(batch, i),
                "yes" if int(batch.pick[i]) % 3 else "no",
                "yes" if int(batch.pick[i]) % 4 == 0 else "no",
                ctx.label,
            ])
    return len(batch)


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The interviews' `id`s."""
    return [record_id(i) for i in range(len(batch))]
