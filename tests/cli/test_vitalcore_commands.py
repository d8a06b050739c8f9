"""vitalcore rank / groups / resilience / chains / tiers, in-process on the demo store."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore.cli import app
from vitalcore.privacy import create_key

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo store, built once for this module (ingest needs a privacy key)."""
    folder = tmp_path_factory.mktemp("cli")
    db = str(folder / "demo.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VITALCORE_KEY_FILE", str(create_key(folder / "test.key")))
        result = runner.invoke(app, ["demo", "--db", db, "--scenario",
                                     str(folder / "scenario")])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(autouse=True)
def _demo_key(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The store's own key: a store refuses any other (security review M3).
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(Path(demo_db).parent / "test.key"))


def test_rank_for_a_group_since_a_date(demo_db: str) -> None:
    result = runner.invoke(app, ["rank", "--area", "ML0702", "--group", "children",
                                 "--since", "2026-07-01", "--json", "--db", demo_db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {r["group"] for r in rows} == {"children"}
    assert {r["area_pcode"] for r in rows} == {"ML0702"}
    assert all(r["rank_low"] <= r["rank_high"] for r in rows)
    assert all(r["voices"] <= r["voices_in_scope"] for r in rows)


def test_rank_table_shows_intervals_and_coverage(demo_db: str) -> None:
    result = runner.invoke(app, ["rank", "--area", "ML0702", "--top", "2", "--bootstrap",
                                 "30", "--db", demo_db])
    assert result.exit_code == 0, result.output
    assert "Vital core, Ansongo (ML0702)" in result.output
    assert "95% bootstrap interval" in result.output
    assert "heard by channel" in result.output and "not heard" in result.output


def test_rank_by_group_and_bad_input(demo_db: str) -> None:
    result = runner.invoke(app, ["rank", "--by", "group", "--bootstrap", "0", "--db", demo_db])
    assert "group children" in result.output
    bad = runner.invoke(app, ["rank", "--group", "nobody", "--db", demo_db])
    assert bad.exit_code == 1 and "unknown group 'nobody'" in bad.output
    date = runner.invoke(app, ["rank", "--since", "01/07/2026", "--db", demo_db])
    assert date.exit_code == 2  # a wrong command line: Click


def test_groups_only_flags_intervals_above_one(demo_db: str) -> None:
    result = runner.invoke(app, ["groups", "--json", "--db", demo_db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["rr_low"] > 1 and r["disproportionate"] for r in rows)
    table = runner.invoke(app, ["groups", "--db", demo_db])
    assert "Exposure by group" in table.output


def test_chains_tiers_resilience_json(demo_db: str, tmp_path: Path) -> None:
    chains = json.loads(runner.invoke(app, ["chains", "--json", "--period", "1mo",
                                            "--db", demo_db]).output)
    assert set(chains) == {"cooccurrence", "precedence", "onset_precedence",
                           "rise_precedence", "edges", "roots", "chains"}
    assert all(r["lag"] >= 2 for r in chains["rise_precedence"] if r["significant"])
    assert all(r["lift"] > 1 for r in chains["cooccurrence"] if r["significant"])
    tiers = json.loads(runner.invoke(app, ["tiers", "--top", "1", "--json",
                                           "--db", demo_db]).output)
    assert {r["tier"] for r in tiers} == {"state", "international", "community"}
    gaps = json.loads(runner.invoke(app, ["resilience", "--gaps", "--json",
                                          "--db", demo_db]).output)
    assert all(r["resilience_gap"] for r in gaps)


def _busiest(demo_db: str, n: int) -> list[str]:
    rows = json.loads(runner.invoke(app, ["rank", "--bootstrap", "0", "--json", "--top", "1",
                                          "--db", demo_db]).output)
    per_area = {r["area_pcode"]: r["voices_in_scope"] for r in rows if r["area_pcode"] != "ALL"}
    return sorted(per_area, key=lambda a: (-per_area[a], a))[:n]


def test_rank_draws_the_busiest_areas_first_and_counts_the_rest(demo_db: str) -> None:
    busiest = _busiest(demo_db, 57)
    out = runner.invoke(app, ["rank", "--bootstrap", "0", "--areas", "3", "--db", demo_db],
                        env={"COLUMNS": "200"}).output
    drawn = re.findall(r"Vital core, (?:.*) \((\w+)\)", out)
    assert drawn == busiest[:3]
    assert "Vital core, all areas" in out.split(f"({busiest[0]})")[0]
    assert f"{len(busiest) - 3} more of {len(busiest)} areas not shown" in out
    every = runner.invoke(app, ["rank", "--bootstrap", "0", "--areas", "0", "--db", demo_db],
                          env={"COLUMNS": "200"}).output
    assert sorted(re.findall(r"Vital core, (?:.*) \((\w+)\)", every)) == sorted(busiest)
    assert "not shown" not in every


@pytest.mark.parametrize("command", ["tiers", "resilience"])
def test_area_tables_keep_the_busiest_areas(demo_db: str, command: str) -> None:
    busiest = _busiest(demo_db, 4)
    out = runner.invoke(app, [command, "--areas", "4", "--db", demo_db],
                        env={"COLUMNS": "200"}).output
    drawn = [m for m in re.findall(r"^│ (\w+) ", out, flags=re.M) if m != "area"]
    assert list(dict.fromkeys(drawn)) == busiest
    assert "more of" in out and "--areas 0" in out
    rows = json.loads(runner.invoke(app, [command, "--areas", "4", "--json",
                                          "--db", demo_db]).output)
    assert len({r["area_pcode"] for r in rows}) > 4  # --json is not cut

@pytest.mark.parametrize("argv", [
    ["rank", "--area", "ML0702"], ["rank", "--bootstrap", "0"], ["tiers", "--top", "1"],
    ["tiers"], ["resilience"], ["groups"], ["groups", "--threats"], ["chains"],
    ["chains", "--threats"], ["alerts"], ["alerts", "--weekly"], ["spread"], ["rumours"],
    ["review", "--limit", "3"], ["mandate", "show"], ["mandate", "tasks"], ["mandate", "gap"],
    ["mandate", "renewals", "--mission", "MINUSLG"], ["actions", "list"],
    ["actions", "effect", "ACT-001"], ["situation", "list"], ["places", "unknown"],
    ["places", "conflicts"], ["quarantine", "list"],
], ids=" ".join)
def test_tables_fit_80_columns_without_cutting_a_cell(demo_db: str, argv: list[str]) -> None:
    """At 80 columns every line fits and no cell is cut to an ellipsis ("…")."""
    result = runner.invoke(app, [*argv, "--db", demo_db], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "…" not in result.output, result.output


def test_wide_shows_the_columns_80_leave_out(demo_db: str) -> None:
    narrow = runner.invoke(app, ["tiers", "--top", "1", "--db", demo_db],
                           env={"COLUMNS": "80"})
    wide = runner.invoke(app, ["tiers", "--top", "1", "--wide", "--db", demo_db],
                         env={"COLUMNS": "200"})
    assert "expected" not in narrow.output and "expected" in wide.output
    assert "art." in wide.output  # the legal basis each tier is expected to act on


def test_spread_paths_kept_for_the_stored_alerts(demo_db: str) -> None:
    """Spread paths kept for the stored alerts come back as computed, per topic too."""
    from polars.testing import assert_frame_equal

    from vitalcore import workflow

    engine = workflow.open_existing(demo_db)
    fresh = workflow.spread(engine)
    assert not fresh.is_empty()
    for _ in range(2):
        assert_frame_equal(workflow.spread(engine, memo=True), fresh)
    health = workflow.spread(engine, dimension="health", memo=True)
    assert_frame_equal(health, workflow.spread(engine, dimension="health"))
    assert set(health["dimension"]) == {"health"}
