"""Community answers as voices, on a real SQLite store: stored through intake,
classified, counted as ballots, suppressed below k in the public summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.domain import Area
from vitalcore.privacy import create_key
from vitalcore.workflow import community


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = workflow.open(str(tmp_path / "c.db"))
    store.add_areas(engine, [Area(pcode="ML0701", name="Gao", country="ML", admin_level=2,
                                  lat=16.27, lon=-0.04)])
    return engine


def _key(tmp_path: Path) -> bytes:
    return create_key(tmp_path / "k.key").read_bytes().strip()


def test_an_answer_is_a_classified_feedback_voice_with_its_order(engine: Engine,
                                                                  tmp_path: Path) -> None:
    voice_id = community.submit_feedback(
        engine, area="ML0701", verdict="partly", priorities=["food", "food", "health"],
        missing="no clinic since the rains, write to me at someone@example.org",
        language="en", key=_key(tmp_path))
    voice = store.get_voice(engine, voice_id)
    assert voice["channel"] == "community_feedback" and voice["source"] == "community-page"
    assert list(voice["priorities"]) == ["food", "health"]  # the first choice of each
    assert voice["text"].startswith("[ranking: partly] no clinic")
    assert "someone@example.org" not in voice["text"] and voice["reporter"] is None
    assert voice["classification"] is not None
    # The vital core reads it as one voice of the area, with its order as a ballot.
    table = workflow.scoped_voices(engine, area="ML0701")
    assert table["voice_id"].to_list() == [voice_id]
    assert table["priorities"].to_list() == [["food", "health"]]


def test_the_public_summary_hides_small_counts_and_every_note(engine: Engine,
                                                              tmp_path: Path) -> None:
    key = _key(tmp_path)
    for i in range(6):
        community.submit_feedback(engine, area="ML0701", verdict="differs",
                                  priorities=["personal"], missing=f"note {i}", key=key)
    community.submit_feedback(engine, area="ML0701", verdict="matches", priorities=[],
                              key=key)
    public = community.feedback_summary(engine, area="ML0701", k=5)
    assert public.answers == 7 and public.verdicts == {"matches": None, "partly": None,
                                                       "differs": 6}
    assert public.notes == [] and public.first_choices == {"personal": 6}
    analyst = community.feedback_summary(engine, area="ML0701")
    assert analyst.verdicts["matches"] == 1 and len(analyst.notes) == 6


@pytest.mark.parametrize("change", [{"area": "XX01"}, {"verdict": "maybe"},
                                    {"priorities": ["weather"]}])
def test_a_bad_answer_is_refused_and_stores_nothing(engine: Engine, tmp_path: Path,
                                                    change: dict) -> None:
    answer = {"area": "ML0701", "verdict": "matches", "priorities": [], **change}
    with pytest.raises(community.FeedbackRefused):
        community.submit_feedback(engine, key=_key(tmp_path), **answer)
    assert store.search_voices(engine, store.VoiceFilter())[1] == 0
