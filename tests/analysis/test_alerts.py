"""Alerts: the history rule, deduplication into episodes, lifecycle, false alarms."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from vitalcore.analysis.alerts import COUNT_SCHEMA, build_series, detect_alerts

DAY0 = date(2025, 1, 1)


def _frame(series: dict[tuple[str, str], list[int]]) -> pl.DataFrame:
    rows = [
        {"area_pcode": area, "dimension": dim, "threat_type": None,
         "day": DAY0 + timedelta(days=i), "voices": n}
        for (area, dim), counts in series.items() for i, n in enumerate(counts) if n
    ]
    return pl.DataFrame(rows)


def _quiet(n: int, seed: int = 3) -> list[int]:
    return np.random.default_rng(seed).poisson(3, n).tolist()


def test_series_are_dense_with_zeros() -> None:
    s = build_series(_frame({("A", "food"): [1, 0, 0, 2], ("B", "food"): [0, 5]}))
    assert s.periods == tuple(DAY0 + timedelta(days=i) for i in range(4))
    assert s.counts.tolist() == [[1, 0, 0, 2], [0, 5, 0, 0]]


def test_weekly_series_start_on_mondays() -> None:
    s = build_series(_frame({("A", "food"): [1] * 14}), freq="week")
    assert s.periods[0] == date(2024, 12, 30) and s.periods[0].weekday() == 0
    assert s.counts.sum() == 14


def test_one_alert_per_episode_listing_every_algorithm() -> None:
    counts = _quiet(120) + [25, 30, 28] + _quiet(10, seed=4)
    alerts = detect_alerts(_frame({("A", "health"): counts}), as_of=DAY0 + timedelta(days=132))
    outbreak = alerts.filter(pl.col("first_signal") >= DAY0 + timedelta(days=120))
    assert outbreak.height == 1
    row = outbreak.row(0, named=True)
    assert row["first_signal"] == DAY0 + timedelta(days=120)
    assert {"cusum", "shewhart"} <= set(row["algorithms"])
    cusum = next(s for s in row["statistics"] if s["algorithm"] == "cusum")
    assert cusum["max"] > cusum["threshold"] == 5.0
    assert row["voices"] >= 83


def test_a_new_short_series_uses_ears() -> None:
    alerts = detect_alerts(_frame({("A", "food"): [3, 2, 4, 3, 2, 3, 4, 3, 3, 2, 3, 4, 20]}))
    assert alerts.height == 1
    assert set(alerts["algorithms"][0]) == {"c1", "c2", "c3"}
    assert alerts["state"][0] == "new"


@pytest.mark.parametrize(("tail", "state"), [
    ([12, 14, 13, 12, 14, 13, 12, 14, 13, 12, 14, 13, 12, 14, 13], "stable"),
    # Climbing without a step that would open a new alert (a rise inside a rise).
    ([6, 7, 6, 7, 7, 8, 7, 8, 8, 9, 9, 10, 10, 11, 11], "escalating"),
    ([15, 15, 15, 3, 2, 3, 3, 2, 4, 3, 2, 3, 3, 2, 3], "resolved"),
])
def test_lifecycle_states(tail: list[int], state: str) -> None:
    alerts = detect_alerts(_frame({("A", "personal"): _quiet(100) + tail}))
    last = alerts.sort("first_signal").row(-1, named=True)
    assert last["state"] == state
    if state == "resolved":
        assert last["resolved_on"] == last["last_signal"] + timedelta(days=8)


def test_as_of_sees_only_the_past() -> None:
    frame = _frame({("A", "health"): _quiet(120) + [25, 30, 28]})
    assert detect_alerts(frame, as_of=DAY0 + timedelta(days=119)).filter(
        pl.col("first_signal") >= DAY0 + timedelta(days=115)).is_empty()


def test_false_alarm_rate_on_null_series() -> None:
    """Poisson(3) series with nothing planted: the rate documented in early-warning.md."""
    rng = np.random.default_rng(2026)
    series = {(f"A{i}", "food"): rng.poisson(3, 400).tolist() for i in range(100)}
    alerts = detect_alerts(_frame(series))
    per_series_week = alerts.height / (100 * 400 / 7)
    assert per_series_week < 0.03


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="lacks column"):
        detect_alerts(pl.DataFrame({"area_pcode": ["A"]}))


def _threat_frame(area: str, dim: str, own: list[int], threats: dict[str, list[int]]
                  ) -> pl.DataFrame:
    """A dimension series and its threat types' series (voices of a threat are voices of
    the dimension too, as the classifier counts them)."""
    rows = [{"area_pcode": area, "dimension": dim, "threat_type": None,
             "day": DAY0 + timedelta(days=i), "voices": n} for i, n in enumerate(own) if n]
    rows += [{"area_pcode": area, "dimension": dim, "threat_type": t,
              "day": DAY0 + timedelta(days=i), "voices": n}
             for t, counts in threats.items() for i, n in enumerate(counts) if n]
    return pl.DataFrame(rows, schema=COUNT_SCHEMA)


def test_a_threat_types_rise_raises_its_dimension() -> None:
    """A new threat (0 voices for 90 days, then 1-2 a day) is drowned in a busy dimension
    (Poisson 6 a day) but plain on its own series: the dimension's alert says so."""
    rng = np.random.default_rng(7)
    threat = [0] * 90 + [1, 2, 1, 2, 2, 1, 2, 2, 1, 2]
    own = (rng.poisson(6, 100) + np.array(threat)).tolist()
    frame = _threat_frame("A", "environmental", own, {"drought": threat})
    onset = DAY0 + timedelta(days=90)

    def found(table: pl.DataFrame) -> pl.DataFrame:
        return table.filter(pl.col("threat_type").is_null(), pl.col("first_signal") >= onset,
                            pl.col("first_signal") <= onset + timedelta(days=7))

    assert found(detect_alerts(frame, hierarchy=False)).is_empty()
    hit = found(detect_alerts(frame))
    assert hit.height == 1
    assert "drought" in {s["threat_type"] for s in hit["statistics"][0]}


def test_a_rise_inside_an_open_episode_is_a_new_alert() -> None:
    """A rise of 3 a day that then doubles to 12 a day 10 days later: two alerts, the
    second beginning within a few days of the doubling, not one long episode."""
    rng = np.random.default_rng(11)
    counts = (rng.poisson(1, 100).tolist() + rng.poisson(4, 10).tolist()
              + rng.poisson(12, 10).tolist())
    alerts = detect_alerts(_frame({("A", "health"): counts})).sort("first_signal")
    late = alerts.filter(pl.col("first_signal") >= DAY0 + timedelta(days=100))
    assert late.height == 2
    assert DAY0 + timedelta(days=110) <= late["first_signal"][1] <= DAY0 + timedelta(days=113)


def test_a_lone_weak_signal_is_not_an_alert() -> None:
    """Four voices on one day in a series of one a week: the rate test's R is 3.5, over
    its threshold (3.0) but under the strong level (3.9), so alone it is no alert. Two
    more three days later (R 3.2) confirm it, and the alert begins then, when it is
    known, not back-dated to the first signal."""
    quiet = ([0] * 6 + [1]) * 15
    day = DAY0 + timedelta(days=105)
    lone = detect_alerts(_frame({("A", "food"): quiet + [4] + [0] * 20}))
    assert lone.filter(pl.col("first_signal") >= day).is_empty()
    twice = detect_alerts(_frame({("A", "food"): quiet + [4, 0, 0, 2] + [0] * 20}))
    late = twice.filter(pl.col("first_signal") >= day)
    assert late["first_signal"].to_list() == [day + timedelta(days=3)]


def _area_frame(series: dict[str, list[int]], dim: str = "food") -> pl.DataFrame:
    rows = [{"area_pcode": area, "dimension": dim, "threat_type": None,
             "day": DAY0 + timedelta(days=i), "voices": n}
            for area, counts in series.items() for i, n in enumerate(counts) if n]
    return pl.DataFrame(rows, schema=COUNT_SCHEMA)


def test_a_rise_across_neighbours_alerts_an_area_that_rose_too() -> None:
    """Area A rises weakly (its own R about 1.6, under 3.0) while its neighbour B rises
    plainly: alone A is no alert; with B as its neighbour the test on A + B fires and A's
    own rise (R > 1.3) makes it A's alert. An area that did not rise is not alerted for
    its neighbour's rise."""
    base = [0, 1, 0, 0, 1, 0, 1] * 14
    weak = base + [1, 1, 2, 0, 2, 1, 1] + [0] * 5
    strong = base + [3, 2, 4, 3, 5, 3, 4] + [0] * 5
    onset = DAY0 + timedelta(days=98)
    near = {"A": {"B"}, "B": {"A"}}

    def a_alerts(frame: pl.DataFrame, neighbours: dict | None) -> pl.DataFrame:
        return detect_alerts(frame, neighbours=neighbours).filter(
            pl.col("area_pcode") == "A", pl.col("first_signal") >= onset)

    assert a_alerts(_area_frame({"A": weak, "B": strong}), None).is_empty()
    hit = a_alerts(_area_frame({"A": weak, "B": strong}), near)
    assert hit.height == 1 and hit["algorithms"][0].to_list() == ["cluster"]
    assert hit["first_signal"][0] <= onset + timedelta(days=7)
    assert a_alerts(_area_frame({"A": base + [0] * 12, "B": strong}), near).is_empty()


def test_ears_gives_way_to_the_rate_test_once_it_has_a_baseline() -> None:
    """A jump on day 10 (no 14-day baseline yet) is EARS's; the same jump on day 60 is
    the rate test's, and EARS is silent there (its seven-day sd gave most false alerts
    of busy series)."""
    from vitalcore.analysis.alerts import compute_signals

    early, late = [3] * 90, [3] * 90
    early[10] = late[60] = 20
    signals = compute_signals(build_series(_area_frame({"A": early, "B": late})))
    assert signals.alarm["c1"][0, 10]
    assert not signals.alarm["c1"][:, 20:].any()
    assert signals.statistic["c1"][1, 60] > 3  # EARS would have fired
    assert signals.alarm["rate"][1, 60]


def test_a_lone_signal_corroborated_by_the_cluster_is_an_alert() -> None:
    """Four voices on one day in an area of one a week (R 3.5, a lone signal under the
    strong level 3.9) is no alert alone; the same day in a cluster whose neighbour rose
    too, the cluster test fires with it and the signal is an alert that day."""
    quiet = ([0] * 6 + [1]) * 15
    day = DAY0 + timedelta(days=105)
    area = quiet + [4] + [0] * 20
    neighbour = quiet + [3] + [0] * 20
    near = {"A": {"B"}, "B": {"A"}}

    def a_alerts(neighbours: dict | None) -> pl.DataFrame:
        table = detect_alerts(_area_frame({"A": area, "B": neighbour}), neighbours=neighbours)
        return table.filter(pl.col("area_pcode") == "A", pl.col("first_signal") >= day)

    assert a_alerts(None).is_empty()
    assert a_alerts(near)["first_signal"].to_list() == [day]


def test_a_group_newly_hit_inside_an_open_episode_is_a_new_alert() -> None:
    """Violence lifts the personal voices from 3 to 7 a day; two weeks later 3 a day of
    them name displaced people (none did before). On the dimension's series the second
    rise is lost in the first; the group's series shows it, and opens a new alert."""
    rng = np.random.default_rng(5)
    displaced = [0] * 114 + rng.poisson(3, 16).tolist()
    own = (rng.poisson(3, 130) + np.array([0] * 100 + [4] * 30) + np.array(displaced)).tolist()
    frame = _frame({("A", "personal"): own})
    groups = pl.DataFrame(
        [{"area_pcode": "A", "dimension": "personal", "threat_type": "displaced",
          "day": DAY0 + timedelta(days=i), "voices": n} for i, n in enumerate(displaced) if n],
        schema=COUNT_SCHEMA)
    onset = DAY0 + timedelta(days=114)

    def new(table: pl.DataFrame) -> pl.DataFrame:
        return table.filter(pl.col("first_signal").is_between(onset, onset + timedelta(days=7)))

    assert new(detect_alerts(frame)).is_empty()
    heard = detect_alerts(frame, group_counts=groups)
    assert new(heard).height == 1
    # The group makes no alert of its own: every alert is the dimension's.
    assert heard["threat_type"].is_null().all()
    assert heard.filter(pl.col("first_signal") < onset).height == \
        detect_alerts(frame).filter(pl.col("first_signal") < onset).height


def _groups(area: str, dim: str, group: str, counts: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"area_pcode": area, "dimension": dim, "threat_type": group,
          "day": DAY0 + timedelta(days=i), "voices": n} for i, n in enumerate(counts) if n],
        schema=COUNT_SCHEMA)


def test_a_newly_hit_group_confirmed_by_its_own_signals_alerts_its_dimension() -> None:
    """Personal voices at 3 a day; from day 100 one or two a day name abducted children,
    whom no voice named before (seed 115's abduction). The dimension's sum hardly moves
    and nothing is open: the group's first signal, confirmed by its next, is an alert of
    the dimension, which lists the group's statistics. A group already named every week
    makes no such alert."""
    from vitalcore.analysis import alerts

    rng = np.random.default_rng(11)
    children = [0] * 100 + [0, 1, 2, 1, 1, 1, 1] + [0] * 13
    own = (rng.poisson(3, 120) + np.array(children)).tolist()
    frame = _frame({("A", "personal"): own})
    onset = DAY0 + timedelta(days=100)

    def in_week(table: pl.DataFrame) -> pl.DataFrame:
        return table.filter(pl.col("first_signal").is_between(onset, onset + timedelta(days=7)))

    assert in_week(detect_alerts(frame)).is_empty()
    heard = in_week(detect_alerts(frame, group_counts=_groups("A", "personal", "children",
                                                              children)))
    assert heard.height == 1
    assert "group:children" in {s["threat_type"] for s in heard["statistics"][0]}
    assert heard["threat_type"].is_null().all()
    named_weekly = [1 if i % 7 == 3 else 0 for i in range(100)] + children[100:]
    assert sum(named_weekly[37:93]) > alerts.GROUP_NEW_MAX
    assert in_week(detect_alerts(frame, group_counts=_groups(
        "A", "personal", "children", named_weekly))).is_empty()


def test_a_threat_beginning_the_day_after_an_alert_on_another_is_a_new_alert() -> None:
    """An alert of the health dimension opens on a rise of no-care-access voices; the
    next day an epidemic's first voices come (none before): a new threat, so a new alert
    that day, not a part of the one opened the day before (seeds 108, 109)."""
    rng = np.random.default_rng(2)
    care = rng.poisson(0.3, 99).tolist() + [9, 3, 3, 2, 2, 1, 1] + [0] * 10
    epidemic = [0] * 100 + [3, 5, 5, 6, 3, 4, 5, 4, 6, 4, 6, 3, 4, 5, 4, 3]
    rows = [{"area_pcode": "A", "dimension": "health", "threat_type": tt,
             "day": DAY0 + timedelta(days=i), "voices": n}
            for tt, counts in (("no_care_access", care), ("epidemic", epidemic))
            for i, n in enumerate(counts) if n]
    total = np.array(care) + np.array(epidemic)
    rows += [{"area_pcode": "A", "dimension": "health", "threat_type": None,
              "day": DAY0 + timedelta(days=i), "voices": int(n)}
             for i, n in enumerate(total) if n]
    table = detect_alerts(pl.DataFrame(rows, schema=COUNT_SCHEMA)).filter(
        pl.col("threat_type").is_null(), pl.col("first_signal") >= DAY0 + timedelta(days=99))
    assert table["first_signal"].to_list()[:2] == [DAY0 + timedelta(days=99),
                                                   DAY0 + timedelta(days=100)]


def test_two_voices_where_none_were_alert_with_a_rising_cluster() -> None:
    """An area silent on drought for 100 days gets two drought voices in three days while
    its neighbour's drought voices rise: with the cluster rising, two voices where none
    were are the area's drought too (seeds 102, 108, 109). The same two voices in an area
    that spoke of it every fortnight are no alert (three are needed there)."""
    onset = DAY0 + timedelta(days=100)
    silent = [0] * 100 + [0, 0, 1, 0, 1] + [0] * 10
    spoke = [1 if i % 14 == 5 else 0 for i in range(100)] + silent[100:]
    neighbour = [1 if i % 9 == 0 else 0 for i in range(100)] + [2, 3, 2, 4, 3, 5, 4] + [3] * 8
    near = {"A": {"B"}, "B": {"A"}}

    def a_alerts(area: list[int]) -> pl.DataFrame:
        table = detect_alerts(_area_frame({"A": area, "B": neighbour}, "environmental"),
                              neighbours=near)
        return table.filter(pl.col("area_pcode") == "A", pl.col("first_signal") >= onset)

    hit = a_alerts(silent)
    assert hit["first_signal"].to_list() == [onset + timedelta(days=4)]
    assert hit["algorithms"][0].to_list() == ["cluster"]
    assert a_alerts(spoke).is_empty()
