"""`vitalcore --help` (and each command's --help) imports none of the heavy libraries,
and neither does a read command on a store, past what its own work needs.

A command pays for scikit-learn, statsmodels, polars, SQLAlchemy, FastAPI or WeasyPrint
only when it runs; listing the commands must not. A read command asked again about the
same data prints its kept output (cli/kept.py) with SQLAlchemy alone. Checked in a fresh
interpreter, by what sits in sys.modules afterwards, not by a timing
(benchmarks/startup.py times it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from vitalcore.cli import app
from vitalcore.demo import sample_path
from vitalcore.privacy import create_key

HEAVY = ("sklearn", "statsmodels", "scipy", "pandas", "polars", "numpy", "pyarrow",
         "sqlalchemy", "alembic", "psycopg", "fastapi", "uvicorn", "starlette", "weasyprint",
         "vl_convert", "jinja2", "networkx", "dask", "distributed", "rapidfuzz", "openpyxl")
# Listing the commands reads no key and no YAML either (a store's reads need both).
HELP_HEAVY = (*HEAVY, "cryptography", "yaml")

PROBE = """
import json, sys
sys.argv = ["vitalcore", *{args!r}]
from vitalcore.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
print(json.dumps({{"code": code, "heavy": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def _probe(*args: str, env: dict[str, str] | None = None,
           heavy: tuple[str, ...] = HEAVY) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args), heavy=heavy)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ("--help",), ("--version",), ("rank", "--help"), ("briefing", "--help"),
    ("serve", "--help"), ("ingest", "--help"), ("scale", "--help"), ("mandate", "gap", "--help"),
])
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    found = _probe(*args, heavy=HELP_HEAVY)
    assert found["code"] in (0, None)
    assert found["heavy"] == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check can fail: looking up a workflow function imports what it uses."""
    probe = subprocess.run([sys.executable, "-c", "import sys, vitalcore.workflow as w; "
                            "w.rank_threats; print('polars' in sys.modules)"],
                           capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == "True"


def test_a_missing_extra_is_named_with_its_install_command() -> None:
    """Without the server extra (FastAPI blocked from importing), serve says what to
    install in one line and exits 1, instead of a traceback."""
    code = ("import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
            "sys.argv = ['vitalcore', 'serve', '--db', sys.argv[1]]\n"
            "from vitalcore.cli import main\nmain()")
    done = subprocess.run([sys.executable, "-c", code, "sqlite:///:memory:"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "pip install 'vitalcore[server]'" in done.stderr
    assert "Traceback" not in done.stderr


# What a read of the store may import: SQLAlchemy speaks to it; nothing else of HEAVY.
STORE = ("sqlalchemy",)
# The analyses' own libraries: what a command that only lists or shows stored rows, or
# prints a kept output, must not import.
ANALYSIS = ("sklearn", "statsmodels", "scipy", "pandas", "polars", "numpy", "pyarrow",
            "networkx", "alembic")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """(--db, environment): the bundled sample voices, classified, and their own key."""
    folder = tmp_path_factory.mktemp("startup")
    db = str(folder / "reads.db")
    env = {"VITALCORE_KEY_FILE": str(create_key(folder / "test.key"))}
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VITALCORE_KEY_FILE", env["VITALCORE_KEY_FILE"])
        for args in (["areas", str(sample_path("areas.csv"))],
                     ["ingest", str(sample_path("synthetic_voices.csv"))], ["classify"],
                     ["situation", "set", "--country", "ML", "--conflict",
                      "non_international", "--since", "2012-01-17", "--state", "ML"]):
            done = runner.invoke(app, [*args, "--db", db])
            assert done.exit_code == 0, done.output
    return db, env


@pytest.mark.parametrize("args", [
    ("users", "list"), ("keys", "list"), ("situation", "list"), ("law", "armed_attack"),
    ("law", "children", "--situation", "ML"),
], ids=" ".join)
def test_a_listing_read_imports_no_analysis_library(store: tuple[str, dict[str, str]],
                                                    args: tuple[str, ...]) -> None:
    db, env = store
    found = _probe(*args, "--db", db, env=env)
    assert found["code"] in (0, None)
    assert [m for m in found["heavy"] if m not in STORE] == []


@pytest.mark.parametrize("args", [("alerts",), ("spread",)], ids=" ".join)
def test_stored_alerts_are_read_without_scipy(store: tuple[str, dict[str, str]],
                                              args: tuple[str, ...]) -> None:
    """Once computed, the alerts are the stored ones: read, not tested again."""
    db, env = store
    _probe("alerts", "--db", db, env=env)  # computes and stores them
    found = _probe(*args, "--db", db, env={**env, "VITALCORE_KEEP": "0"})
    assert found["code"] in (0, None)
    assert {"scipy", "statsmodels", "sklearn", "pandas"} & set(found["heavy"]) == set()


@pytest.mark.parametrize("args", [
    ("rank", "--area", "ML0702"), ("groups",), ("resilience",), ("chains",), ("tiers",),
    ("alerts",), ("spread",), ("rumours",), ("review",),
], ids=" ".join)
def test_an_analysis_asked_again_imports_no_analysis_library(
        store: tuple[str, dict[str, str]], args: tuple[str, ...]) -> None:
    """The first run computes (and may import SciPy, statsmodels...); the second prints
    the output kept for the same data, with none of them."""
    db, env = store
    first = _probe(*args, "--db", db, env=env)
    again = _probe(*args, "--db", db, env=env)
    assert first["code"] in (0, None) and again["code"] in (0, None)
    assert [m for m in again["heavy"] if m not in STORE] == []
    if args[0] in ("rank", "chains"):  # the check can fail: computing imports them
        assert {"numpy", "polars"} <= set(first["heavy"])


@pytest.mark.parametrize("args", [("rumours",)], ids=" ".join)
def test_computing_rumours_imports_no_scipy(store: tuple[str, dict[str, str]],
                                            args: tuple[str, ...]) -> None:
    """Claim clusters are connected components without scipy.sparse (a quarter of a
    second of a cold run), computed afresh here (VITALCORE_KEEP=0)."""
    db, env = store
    found = _probe(*args, "--db", db, env={**env, "VITALCORE_KEEP": "0"})
    assert found["code"] in (0, None)
    assert {"numpy", "polars"} <= set(found["heavy"])  # it did compute
    assert "scipy" not in found["heavy"]


@pytest.mark.parametrize("args", [("groups",)], ids=" ".join)
def test_computing_group_exposure_imports_no_scipy(store: tuple[str, dict[str, str]],
                                                   args: tuple[str, ...]) -> None:
    """The voice table and the relative risks need no SciPy: the scorer's sparse
    matrices are imported only when a ranking is computed."""
    db, env = store
    found = _probe(*args, "--db", db, env={**env, "VITALCORE_KEEP": "0"})
    assert found["code"] in (0, None)
    assert "polars" in found["heavy"]  # it did compute: VITALCORE_KEEP=0 reads nothing kept
    assert "scipy" not in found["heavy"]


@pytest.mark.parametrize("args", [
    ("rank",), ("rank", "--area", "ML0702"), ("tiers",), ("resilience",), ("alerts",),
    ("chains",), ("chains", "--threats"),
], ids=" ".join)
def test_a_first_read_of_kept_results_loads_no_numpy(store: tuple[str, dict[str, str]],
                                                     args: tuple[str, ...],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """After `vitalcore demo` (which keeps the results these commands start from), their
    first run reads those results and the stored alerts: polars, but neither numpy (0.09
    s) nor what computing needs."""
    from sqlalchemy import delete

    from vitalcore import store as stored
    from vitalcore import workflow
    from vitalcore.store.schema import kept_outputs

    db, env = store
    monkeypatch.setenv("VITALCORE_KEY_FILE", env["VITALCORE_KEY_FILE"])
    engine = workflow.open_existing(db)
    workflow.alerts(engine)
    workflow.keep_read_results(engine, areas=("ML0702",))
    with engine.begin() as conn:  # the printed outputs earlier tests kept: a first run
        conn.execute(delete(kept_outputs).where(~kept_outputs.c.key.startswith(stored.MEMO)))
    engine.dispose()
    found = _probe(*args, "--db", db, env=env)
    assert found["code"] in (0, None)
    assert {"numpy", "scipy", "networkx", "sklearn", "statsmodels"} & set(found["heavy"]) \
        == set()
