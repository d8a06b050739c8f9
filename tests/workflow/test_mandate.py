"""Mandates through the public workflow, on a real SQLite file and real PostgreSQL."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.mandate import MandateParseError

DATA = Path(__file__).parents[1] / "mandate" / "data"

# Voices of one area in 2014: livelihoods and health dominate, some violence.
VOICES = (
    [("No work and no income since the market closed, traders cannot earn money", 4)] * 6
    + [("Ebola outbreak: the clinic is closed and people are dying of fever", 5)] * 5
    + [("Armed men attacked the village and killed two farmers", 4)] * 2
)


def write_voices(path: Path, area: str = "LR01", day: str = "2014-10-0") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text", "channel", "source", "date", "area_pcode", "severity"])
        for i, (text, severity) in enumerate(VOICES):
            out.writerow([f"v{i}", text, "sms", f"src-{i % 3}", f"{day}{1 + i % 9}", area,
                          severity])
    return path


@pytest.fixture
def with_voices(engine: Engine, tmp_path: Path) -> Engine:
    workflow.ingest(engine, write_voices(tmp_path / "voices.csv"))
    workflow.classify_pending(engine)
    return engine


def test_import_is_idempotent_and_keeps_paragraphs_and_tasks(engine: Engine) -> None:
    first = workflow.import_mandate(engine, DATA / "s_res_2190_2014.txt")
    again = workflow.import_mandate(engine, DATA / "s_res_2190_2014.txt")
    assert first.new and not again.new
    mandates = store.mandates_frame(engine)
    assert mandates["symbol"].to_list() == ["S/RES/2190 (2014)"]
    assert mandates["tasks"].to_list() == [9]
    assert mandates["mandate_until"].to_list() == [date(2015, 9, 30)]
    rows = workflow.mandate_tasks(engine, mission="unmil")
    assert [r["task_id"] for r in rows][:2] == ["10(a)(i)", "10(b)(i)"]
    assert rows[0]["priority"] and rows[0]["weight"] == 2.0
    assert rows[-1]["dimensions"] == {"health": 1.0}


def test_stored_paragraphs_are_the_parsed_ones(engine: Engine) -> None:
    from vitalcore.mandate import parse_file

    workflow.import_mandate(engine, DATA / "s_res_2100_2013.txt")
    workflow.import_mandate(engine, DATA / "press_release_2164_2014.txt")
    mandate, rows = workflow.mandate_paragraphs(engine, symbol="S/RES/2100 (2013)")
    parsed = parse_file(DATA / "s_res_2100_2013.txt")
    assert [(r["number"], r["part"], r["verb"], r["priority"], r["text"]) for r in rows] == [
        (p.number, p.part, p.verb, p.priority, p.text) for p in parsed.paragraphs]
    both = workflow.mandate_tasks(engine, mission="MINUSMA", all_mandates=True)
    assert len(both) == 17 + 5


def test_gap_names_the_unmandated_concern(with_voices: Engine) -> None:
    workflow.import_mandate(with_voices, DATA / "s_res_2190_2014.txt")
    mandate, gap = workflow.mandate_gap(with_voices, area="lr01", since=date(2014, 1, 1))
    assert mandate["symbol"] == "S/RES/2190 (2014)"
    first = gap.unmandated()[0]
    ranks = {r["dimension"]: r["rank"] for r in
             workflow.vital_core(with_voices, area="LR01").iter_rows(named=True)}
    assert first.label == "economic" and first.community_rank == ranks["economic"] == 2
    assert first.message == "economic security: rank 2 for communities, no mandated task"
    # Health, the first concern, is mandated only through UNMEER coordination and
    # humanitarian assistance: covered, but far below its weight.
    health = gap.matrix.filter(gap.matrix["label"] == "health").row(0, named=True)
    assert health["community_rank"] == 1 and 0 < health["coverage"] < health["community_weight"]


def test_gap_without_voices_in_the_period_says_so(with_voices: Engine) -> None:
    workflow.import_mandate(with_voices, DATA / "s_res_2190_2014.txt")
    with pytest.raises(workflow.NoVoices, match="area LR01 since 2020-01-01"):
        workflow.mandate_gap(with_voices, area="LR01", since=date(2020, 1, 1))


def test_gap_without_a_mandate_says_how_to_import_one(with_voices: Engine) -> None:
    with pytest.raises(workflow.MandateNotFound, match="vitalcore mandate import"):
        workflow.mandate_gap(with_voices)


def test_renewals_of_one_mission(with_voices: Engine, tmp_path: Path) -> None:
    workflow.import_mandate(with_voices, DATA / "s_res_2190_2014.txt")
    # The previous year's renewal, before the outbreak: the same mission, no Ebola task.
    earlier = (DATA / "s_res_2190_2014.txt").read_text(encoding="utf-8")
    earlier = earlier.replace("S/RES/2190 (2014)", "S/RES/2116 (2013)").replace(
        "15 December 2014", "18 September 2013").replace("7340th", "7034th")
    cut = earlier.index("      12.   Requests UNMIL to coordinate")
    earlier = earlier[:cut] + earlier[earlier.index("      20.   Requests"):]
    (tmp_path / "s_res_2116.txt").write_text(earlier, encoding="utf-8")
    workflow.import_mandate(with_voices, tmp_path / "s_res_2116.txt")
    table = workflow.mandate_renewals(with_voices, mission="UNMIL", area="LR01")
    health = table.filter((table["kind"] == "dimension") & (table["label"] == "health"))
    assert health["symbol"].to_list() == ["S/RES/2116 (2013)", "S/RES/2190 (2014)"]
    # No voices in the year before 2013: communities weigh nothing there yet.
    assert health["community_weight"].to_list()[0] == 0.0
    assert health["coverage_change"].to_list()[1] > 0


def test_a_file_that_is_no_mandate_is_refused_naming_it(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "agenda.txt"
    path.write_text("Agenda: coffee, then the budget.", encoding="utf-8")
    with pytest.raises(MandateParseError, match="agenda.txt"):
        workflow.import_mandate(engine, path)
    assert store.mandates_frame(engine).is_empty()


def test_draft_gap_compares_without_storing(with_voices: Engine) -> None:
    resolution, gap = workflow.draft_gap(with_voices, DATA / "s_res_2100_2013.txt", area="LR01")
    assert resolution.symbol == "S/RES/2100 (2013)"
    assert "economic" in {g.label for g in gap.unmandated()}
    assert store.mandates_frame(with_voices).is_empty()
