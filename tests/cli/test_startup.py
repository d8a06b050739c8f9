"""`vitalcore --help` (and each command's --help) imports none of the heavy libraries.

A command pays for scikit-learn, statsmodels, polars, SQLAlchemy, FastAPI or WeasyPrint
only when it runs; listing the commands must not. Checked in a fresh interpreter, by what
sits in sys.modules afterwards, not by a timing (benchmarks/startup.py times it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "statsmodels", "scipy", "pandas", "polars", "numpy", "pyarrow",
         "sqlalchemy", "alembic", "psycopg", "fastapi", "uvicorn", "starlette", "weasyprint",
         "vl_convert", "jinja2", "networkx", "dask", "distributed", "rapidfuzz", "openpyxl")

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


def _probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args), heavy=HEAVY)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ("--help",), ("--version",), ("rank", "--help"), ("briefing", "--help"),
    ("serve", "--help"), ("ingest", "--help"), ("scale", "--help"), ("mandate", "gap", "--help"),
])
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    found = _probe(*args)
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
