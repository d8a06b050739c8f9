"""Credibility: a forwarded rumour wave versus a corroborated report."""

from datetime import datetime, timedelta

import polars as pl
import pytest

from vitalcore.analysis.credibility import score_clusters

T0 = datetime(2025, 6, 1, 8)
AREAS = pl.DataFrame({"pcode": ["A", "B"], "lat": [15.0, 15.2], "lon": [0.0, 0.1]})


def _voice(i: str, cluster: int, channel: str, source: str, area: str, hours: float,
           similarity: float = 1.0) -> dict:
    return {"voice_id": i, "text": f"text {cluster}", "channel": channel, "source": source,
            "reporter": f"r-{i}", "area_pcode": area, "occurred_at": T0 + timedelta(hours=hours),
            "lat": None, "lon": None, "cluster": cluster, "similarity": similarity}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema_overrides={"lat": pl.Float64, "lon": pl.Float64})


def test_rumour_wave_is_flagged_and_kept() -> None:
    wave = [_voice(f"s{i}", 1, "social_post", "whatsapp-tips", "A", i) for i in range(12)]
    table = score_clusters(_frame(wave), AREAS)
    row = table.row(0, named=True)
    assert row["voices"] == 12 and row["peak_24h"] == 12 and row["burst_share"] == 1.0
    assert row["reporters"] == 12 and row["sources"] == 1
    # independence: sources 1/3, channels 1/3, wording 1 - 1 = 0 -> 2/9
    assert row["independence"] == pytest.approx(2 / 9)
    assert row["field_voices"] == 0
    assert row["score"] == pytest.approx(0.4 * 2 / 9)
    assert row["rumour"] and not row["corroborated"]
    assert any("no event-feed record" in r for r in row["reasons"])
    assert len(row["voice_ids"]) == 12


def test_event_feed_nearby_corroborates() -> None:
    claims = [_voice("c1", 2, "sms", "sms-line", "A", 0, 0.6),
              _voice("c2", 2, "cla_interview", "cla-north", "A", 5, 0.7),
              _voice("c3", 2, "radio_transcript", "radio-gao", "B", 30, 0.95)]
    event = _voice("e1", 9, "event_feed", "ucdp", "B", 24)
    row = score_clusters(_frame([*claims, event]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 1 and row["corroborated"]
    assert row["field_voices"] == 1  # the interview
    # independence: 3/3, 3/3, 1 - 1/3 -> 8/9; score 0.4 * 8/9 + 0.3 + 0.3
    assert row["score"] == pytest.approx(0.4 * 8 / 9 + 0.6)
    assert not row["rumour"]


def test_events_elsewhere_or_later_do_not_corroborate() -> None:
    wave = [_voice(f"s{i}", 1, "social_post", "whatsapp-tips", "A", i) for i in range(6)]
    # another area 25 km off: the posts carry no coordinates of their own to measure from
    neighbour = _voice("e1", 9, "event_feed", "ucdp", "B", 2)
    later = _voice("e2", 9, "event_feed", "ucdp", "A", 24 * 5)  # five days after
    row = score_clusters(_frame([*wave, neighbour, later]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 0 and row["rumour"]


def test_a_standing_complaint_is_not_a_wave() -> None:
    slow = [_voice(f"s{i}", 1, "sms", "sms-line", "A", 24 * 3 * i) for i in range(20)]
    row = score_clusters(_frame(slow), AREAS).row(0, named=True)
    assert row["burst_share"] < 0.8 and not row["rumour"]


def test_small_clusters_are_not_claims() -> None:
    rows = [_voice("a", 3, "sms", "s", "A", 0), _voice("b", 3, "sms", "s", "A", 1)]
    assert score_clusters(_frame(rows), AREAS).is_empty()


def test_an_event_of_another_kind_does_not_corroborate() -> None:
    """Issue 22: a battle record does not confirm a cholera rumour in the same area."""
    wave = [{**_voice(f"s{i}", 1, "social_post", "whatsapp-tips", "A", i),
             "labels": ["health"]} for i in range(6)]
    battle = {**_voice("e1", 9, "event_feed", "ucdp", "A", 2), "labels": ["personal"]}
    row = score_clusters(_frame([*wave, battle]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 0 and row["rumour"]
    outbreak = {**_voice("e2", 9, "event_feed", "ucdp", "A", 3), "labels": ["health"]}
    row = score_clusters(_frame([*wave, battle, outbreak]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 1 and row["corroborated"] and not row["rumour"]
