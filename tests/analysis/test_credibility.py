"""Credibility: a forwarded rumour wave versus a corroborated report."""

from datetime import datetime, timedelta

import polars as pl
import pytest

from vitalcore.analysis.credibility import claimed_toll, score_clusters, toll_in_text

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


def test_a_claimed_toll_is_read_in_three_languages() -> None:
    assert toll_in_text("Gunmen at the weekly market: 60 killed, families fleeing") == 60
    assert toll_in_text("On compte au moins 35 tués près du puits") == 35
    assert toll_in_text("سقط 12 قتيلا في السوق") == 12
    # A number with no casualty word nearby is no toll (prices, households, dates).
    assert toll_in_text("Rice at 1200 francs, 3 households left on 12 May") is None
    assert claimed_toll(["60 dead", "about 70 dead", "no number here"]) == 65.0


def _claimed(toll: int) -> list[dict]:
    return [{**_voice(f"s{i}", 1, "social_post", "whatsapp-tips", "A", i),
             "text": f"Share: {toll} killed at the market this morning"} for i in range(6)]


def _event(i: str, hours: float, low: float | None, best: float | None,
           high: float | None) -> dict:
    return {**_voice(i, 9, "event_feed", "ucdp", "A", hours),
            "toll_low": low, "toll_best": best, "toll_high": high}


def _tolled(rows: list[dict]) -> pl.DataFrame:
    return _frame(rows).with_columns(pl.col("toll_low", "toll_best", "toll_high")
                                     .cast(pl.Float64))


def test_an_event_far_smaller_than_the_claim_does_not_corroborate() -> None:
    """Issue 22: an ordinary incident (5 dead) does not confirm a claimed massacre of 60."""
    small = _event("e1", -10, 4, 5, 6)
    row = score_clusters(_tolled([*_claimed(60), small]), AREAS).row(0, named=True)
    assert row["claimed_toll"] == 60 and row["event_feed_matches"] == 0 and row["rumour"]
    assert any("claims 60 dead" in r for r in row["reasons"])
    # A record of the same order corroborates (claims and counts differ up to ~2x).
    alike = _event("e2", -10, 28, 35, 45)
    row = score_clusters(_tolled([*_claimed(60), small, alike]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 1 and not row["rumour"]
    # A record with no toll cannot be checked, and still counts.
    untold = _event("e3", -10, None, None, None)
    row = score_clusters(_tolled([*_claimed(60), untold]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 1 and not row["rumour"]


def test_an_event_recorded_after_the_claim_is_not_what_it_reports() -> None:
    after = _event("e1", 24 * 2 + 1, 50, 60, 70)  # two days after the first voice
    row = score_clusters(_tolled([*_claimed(60), after]), AREAS).row(0, named=True)
    assert row["event_feed_matches"] == 0 and row["rumour"]


def test_a_text_without_a_digit_states_no_toll() -> None:
    """toll_in_text skips texts with no digit before folding them: folding (lower case,
    decomposition, marks dropped) makes no digit of any character that is none."""
    import re
    import sys

    from vitalcore.analysis.credibility import _fold

    digit = re.compile(r"\d")
    made = [code for code in range(sys.maxunicode + 1)
            if not 0xD800 <= code <= 0xDFFF and not digit.match(chr(code))
            and any(ch.isdecimal() for ch in _fold(chr(code)))]
    assert made == []
    assert toll_in_text("douze tués au marché") is None
