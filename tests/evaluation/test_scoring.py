"""The scoring framework: scorers are discovered, merged, and cannot hide each other."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from vitalcore.evaluation import scorers as scoring
from vitalcore.evaluation.scoring import REPORT_KEYS, ScoringContext, score_all, scorers
from vitalcore.store import open_store


@pytest.fixture
def extra_scorers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A second folder on the scoring package's path, as another issue's modules would be."""
    folder = tmp_path / "more_scorers"
    folder.mkdir()
    monkeypatch.setattr(scoring, "__path__", [*scoring.__path__, str(folder)])
    yield folder
    for name in [m for m in sys.modules if m.startswith("vitalcore.evaluation.scorers.zz_")]:
        del sys.modules[name]


def _module(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


def test_the_top_threat_scorer_is_found() -> None:
    assert "top_threat" in [name for name, _ in scorers()]


def test_a_new_module_is_discovered_and_merged(extra_scorers: Path, tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    _module(extra_scorers, "zz_rumour", """
        def score(ctx):
            return {"rumour_precision": 0.5, "rumour_recall": len(ctx.truth["rumour"])}
        """)
    _module(extra_scorers, "zz_broken", """
        def score(ctx):
            raise RuntimeError("no frame yet")
        """)
    _module(extra_scorers, "zz_twice", """
        def score(ctx):
            return {"rumour_precision": 0.9}
        """)
    ctx = ScoringContext(truth={"rumour": [1, 2], "areas": {}, "community_top_concerns": []},
                         engine=engine, scenario_dir=Path("."))
    report = score_all(ctx)
    scores, notes = report.scores, report.notes
    assert set(REPORT_KEYS) <= set(scores)
    assert scores["rumour_precision"] == 0.5 and scores["rumour_recall"] == 2
    assert any("zz_broken failed: RuntimeError: no frame yet" in n for n in notes)
    # (the real scorers fail too: this truth lacks their keys)
    assert ("zz_broken", "RuntimeError: no frame yet") in report.failures
    assert any("zz_twice also reports 'rumour_precision'" in n for n in notes)
    assert scores["top_threat_recovery"] is None  # an empty store ranks nothing
    assert any(n.startswith("not scored") and "mandate_gap_found" in n for n in notes)
    engine.dispose()
