"""Read commands print the output kept for the store's data version (cli/kept.py): the
same bytes as computing, computed again after any change of the data, the options, the
terminal or the code, and never kept from a failed run."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore import workflow
from vitalcore.cli import app
from vitalcore.demo import sample_path

runner = CliRunner()


@pytest.fixture
def db(db_url: str) -> str:
    """A small classified store: the bundled sample voices and areas."""
    for args in (["areas", str(sample_path("areas.csv"))],
                 ["ingest", str(sample_path("synthetic_voices.csv"))], ["classify"]):
        done = runner.invoke(app, [*args, "--db", db_url])
        assert done.exit_code == 0, done.output
    return db_url


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the analyses computed, in order (the CLI calls them on workflow)."""
    calls: list[str] = []
    for name in ("rank_threats", "group_vulnerability", "threat_chains"):
        real = getattr(workflow, name)

        def spy(*args: object, _real=real, _name=name, **kwargs: object) -> object:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(workflow, name, spy)
    return calls


def _run(*args: str, env: dict[str, str] | None = None) -> str:
    done = runner.invoke(app, list(args), env=env)
    assert done.exit_code == 0, done.output
    return done.output


def _streams(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Standard output, and standard error without the progress bars' clocks (the time
    a computation took is not the same twice)."""
    done = runner.invoke(app, list(args), env=env)
    assert done.exit_code == 0, done.output
    return done.stdout, re.sub(r"\d+:\d\d:\d\d", "h:mm:ss", done.stderr)


def test_asked_again_it_prints_the_same_without_computing(db: str,
                                                           computed: list[str]) -> None:
    first = _run("rank", "--bootstrap", "20", "--db", db)
    again = _run("rank", "--bootstrap", "20", "--db", db)
    assert again == first
    assert computed == ["rank_threats"]
    fresh = _run("rank", "--bootstrap", "20", "--db", db, env={"VITALCORE_KEEP": "0"})
    assert fresh == first
    assert computed == ["rank_threats", "rank_threats"]


@pytest.mark.parametrize("command", [
    ["groups", "--all"], ["groups", "--threats", "--json"], ["resilience"],
    ["chains", "--period", "2w"], ["tiers"], ["alerts"], ["spread"], ["rumours", "--all"],
    ["review", "--limit", "5"], ["rank", "--by", "group", "--bootstrap", "10"],
], ids=" ".join)
def test_the_kept_output_is_the_computed_one(db: str, command: list[str]) -> None:
    kept_run = [_streams(*command, "--db", db) for _ in range(2)]
    computed = _streams(*command, "--db", db, env={"VITALCORE_KEEP": "0"})
    assert kept_run == [computed, computed]
    assert computed[0]


def test_other_options_or_another_terminal_width_compute_again(
        db: str, computed: list[str]) -> None:
    _run("groups", "--db", db)
    _run("groups", "--threats", "--db", db)
    _run("groups", "--db", db, env={"COLUMNS": "150"})
    _run("groups", "--db", db)
    assert computed == ["group_vulnerability"] * 3


@pytest.mark.parametrize("change", [
    ["ingest", "{data}/more_voices.csv"],
    ["actions", "add", "--area", "ML0702", "--dimension", "food",
     "--kind", "distribution", "--start", "2025-01-10"],
    ["situation", "set", "--country", "ML", "--conflict", "non_international",
     "--since", "2012-01-17", "--state", "ML"],
    ["label", "{voice}", "--add", "health", "--analyst", "amina"],
], ids=lambda c: " ".join(c[:2]))
def test_any_change_of_the_data_computes_again(db: str, computed: list[str],
                                               tmp_path: Path, change: list[str]) -> None:
    before = _run("rank", "--bootstrap", "0", "--db", db)
    _run("rank", "--bootstrap", "0", "--db", db)
    assert computed == ["rank_threats"]
    header = sample_path("synthetic_voices.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "more_voices.csv").write_text("\n".join([header, *[
        f"more-{i},Armed men attacked the market of Ansongo on night {i}.,en,sms,sms-x,"
        f"2026-10-{10 + i},Ansongo,,,yes,no" for i in range(5)]]) + "\n", encoding="utf-8")
    rows, _ = workflow.search_voices(workflow.open(db), workflow.VoiceFilter(), limit=1)
    args = [a.format(data=tmp_path, voice=rows[0]["id"]) for a in change]
    changed = _run(*args, "--db", db)
    if change[0] == "ingest":
        assert "stored 5" in changed
    after = _run("rank", "--bootstrap", "0", "--db", db)
    assert computed == ["rank_threats", "rank_threats"]
    assert after == _run("rank", "--bootstrap", "0", "--db", db,
                         env={"VITALCORE_KEEP": "0"})
    assert before  # the first output was a table, now computed from the changed data


def test_a_failed_run_is_not_kept(db_url: str) -> None:
    """No mandate in the store: the gap fails (exit 1), and fails again the same way."""
    for _ in range(2):
        done = runner.invoke(app, ["mandate", "gap", "--db", db_url])
        assert done.exit_code == 1
        assert "mandate" in done.output
    engine = workflow.open(db_url)
    version = workflow.kept_version(engine)
    workflow.keep_output(engine, "probe", version, [(1, "x")])  # the table is there...
    assert workflow.kept_output(engine, "probe", version) == [(1, "x")]
    workflow.keep_output(engine, "probe", "drop the others", [])
    assert workflow.kept_output(engine, "probe", "drop the others") == []  # ...and held one
