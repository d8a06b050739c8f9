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
    assert row["voices"] == 12 and row["velocity_24h"] == 12
    assert row["reporters"] == 12 and row["sources"] == 1
    # independence: sources 1/3, channels 1/3, wording 1 - 1 = 0 -> 2/9
    assert row["independence"] == pytest.approx(2 / 9)
    assert row["score"] == pytest.approx(0.5 * 2 / 9)
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
    # independence: 3/3, 3/3, 1 - 1/3 -> 8/9; score 0.5 * 8/9 + 0.5
    assert abs(row["score"] - (0.5 * 8 / 9 + 0.5)) < 1e-12
    assert not row["rumour"]


def test_small_clusters_are_not_claims() -> None:
    rows = [_voice("a", 3, "sms", "s", "A", 0), _voice("b", 3, "sms", "s", "A", 1)]
    assert score_clusters(_frame(rows), AREAS).is_empty()
