"""On the simulated scenario, the gap analysis finds the concern the mandate leaves out.

The simulator (issue 4) writes mandate.txt in S/RES layout covering every community top
concern but one, and records which in truth.json. Everything runs for real: generate,
ingest every channel file, classify, import the mandate, compare.
"""

from __future__ import annotations

import json
from pathlib import Path

from vitalcore import simulate, workflow

SEED = 11
VOICES = 2000


def test_the_planted_concern_is_the_unmandated_top_concern(tmp_path: Path) -> None:
    entries = simulate.simulate(SEED, VOICES, tmp_path)
    engine = workflow.open(f"sqlite:///{tmp_path / 'store.db'}")
    workflow.import_areas(engine, tmp_path / "areas.csv")
    for entry in entries:
        workflow.ingest(engine, entry.path, format=entry.format, channel=entry.channel)
    workflow.classify_pending(engine)
    workflow.import_mandate(engine, tmp_path / "mandate.txt")
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    planted = truth["mandate"]["omitted_concern"]

    mandate, gap = workflow.mandate_gap(engine)
    engine.dispose()
    assert mandate["symbol"] == truth["mandate"]["symbol"]
    unmandated = {g.label for g in gap.unmandated() if g.kind == "dimension"}
    # Of the communities' top concerns, exactly the planted one has no mandated task.
    top = truth["community_top_concerns"]
    assert [c for c in top if c in unmandated] == [planted]
    found = next(g for g in gap.gaps if g.label == planted)
    assert found.message.endswith("for communities, no mandated task")
    # And what the generator did mandate, the parser and classifier see as covered.
    covered = {r["label"] for r in gap.matrix.iter_rows(named=True)
               if r["kind"] == "dimension" and r["tasks"] > 0}
    assert set(truth["mandate"]["covered_dimensions"]) <= covered
