"""Alerts: which statistic watches which series, episodes, and their lifecycle. The
series and each statistic's signals are built in analysis.alert_signals; this module
turns them into episodes and alerts.

Input is a long frame of counts (area_pcode, dimension, threat_type, day, voices); a
series is one (area, dimension, threat type) - threat_type null for the dimension as a
whole. Counts become a dense (series x period) matrix with zeros filled in, and every
statistic of `analysis.warning` and `analysis.farrington` runs on the whole matrix.

Which statistics may raise an alert at period t depends on how much history the series
has at t (periods since its first count), so the rule is prospective: running it once
over three years gives the alerts an analyst would have seen running it every day.

    history < 35 periods        EARS C1, C2, C3 (need 7-12 periods), and >= 3 voices;
                                  on daily series only until the rate test has a baseline
    history >= 35 periods       CUSUM + Shewhart on a 28-period baseline (7-period guard)
    history >= 56 weeks         + the quasi-Poisson GLM on weekly sums (seasonal >= 78 wks)
    daily series, day >= 14     + the rate test (last 3 or 7 days against 56 before),
                                  >= 3 voices in the window and today above the usual
    daily series, neighbours    + the cluster rate test: the series summed with the same
                                  series of the neighbouring areas, alarming where the
                                  area's own series rose too (own R > alert_signals.CLUSTER_LOCAL)
    daily series                  the GLM at 99.9 % (a slow second opinion there)

Why: the seven-day EARS baselines are what a new series has, but on a long series they
give about one false alert per series every 7 weeks (docs/methods/early-warning.md);
the 28-period CUSUM/Shewhart pair gives about one per 25 weeks, and once a year of
history exists the GLM also models trend and season. The ">= 3 voices" rule is the
sparsity rule: in a series of mostly zeros a standardised jump from 0 to 1 is noise.
A rise across neighbouring areas (a drought, displacement, an epidemic's spread) is often
too thin in any one area to pass its own test in its first week, and plain on their sum
(fixed neighbourhoods, Besag & Newell 1991).

Signals of any statistic on the same series merge into one episode while the gap between
them is at most `merge_gap` periods: one alert per area x dimension x episode, listing
every statistic that fired (its maximum and its first signal). Issue 22 added three
rules (docs/methods/early-warning.md, tuned on simulator seeds 101-108):
a dimension's alert also hears its threat types' series (all statistics but the GLM);
a signal alerts only when confirmed by another within CONFIRM_WITHIN periods before it
or when strong (STRONG x its threshold; analysis.episodes); and inside an open episode
a new alert begins when a threat type starts a rise of its own or the last days escalate above the
episode's own level (the baseline re-set to the episode). At `as_of` an episode is
`resolved` (no signal for more than `quiet` periods), `new` (began within `new_within`),
`escalating` (the last `window` periods hold at least 25 % more voices than the window
before) or `stable`. The third round (issue 22, item 3) added: a newly hit group's rise
confirmed by the group's own signals alerts its dimension (GROUP_NEW_MAX); a threat
type's or group's fresh rise opens a new alert from 1 period into an open episode
(episodes.FRESH_AFTER); the cluster test's local condition takes 2 voices in an area
silent for the whole baseline (alert_signals.CLUSTER_QUIET_MIN).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import polars as pl

from vitalcore.analysis import episodes, warning
from vitalcore.analysis.alert_frames import (  # noqa: F401 - the alerts' own names too
    ALERT_SCHEMA,
    COUNT_SCHEMA,
    LIFECYCLE_SCHEMA,
    LIFECYCLES,
)
from vitalcore.analysis.alert_signals import (
    ALGORITHMS,
    THRESHOLDS,
    SeriesSet,
    Signals,
    _window_sum,
    build_series,
    compute_signals,
    neighbour_rows,
)

# Every state _state can return (the dashboard and briefings need words for each).
STATES = ("new", "escalating", "stable", "resolved")


def _state(y: np.ndarray, start: int, last: int, as_of: int, *, quiet: int,
           new_within: int, window: int) -> str:
    if as_of - last > quiet:
        return "resolved"
    if as_of - start < new_within:
        return "new"
    recent = y[max(0, as_of - window + 1) : as_of + 1].sum()
    before = y[max(0, as_of - 2 * window + 1) : max(0, as_of - window + 1)].sum()
    return "escalating" if recent >= 1.25 * before and recent > before else "stable"


def _alert_id(key: dict, start: date) -> str:
    text = "|".join([key["area_pcode"] or "", key["dimension"] or "", key["threat_type"] or "",
                     start.isoformat()])
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _sources(keys: list[dict]) -> dict[int, list[int]]:
    """For each dimension-level series (threat type null), the rows of its threat types
    in the same area: the parts a dimension's voices are made of."""
    parent = {(k["area_pcode"], k["dimension"]): i for i, k in enumerate(keys)
              if k["threat_type"] is None}
    out: dict[int, list[int]] = {i: [] for i in parent.values()}
    for i, k in enumerate(keys):
        if k["threat_type"] is not None and (k["area_pcode"], k["dimension"]) in parent:
            out[parent[(k["area_pcode"], k["dimension"])]].append(i)
    return out


@dataclass(frozen=True)
class GroupRise:
    """One group series of an (area, dimension): where its rises begin (`begins`, which
    the dimension's signals must confirm) and where the group's own signals confirm a
    rise of a newly hit group (`held`, an alert of the dimension by itself), with its
    signals (algorithm -> (statistic, alarm), 1-D over the periods)."""

    group: str
    begins: np.ndarray
    held: np.ndarray
    signals: dict[str, tuple[np.ndarray, np.ndarray]]


def _group_fresh(group_counts: pl.DataFrame, series: SeriesSet,
                 neighbours: Mapping[str, Iterable[str]] | None, freq: str,
                 merge_gap: int, confirm: int) -> dict[tuple[str, str], list[GroupRise]]:
    """Where each (area, dimension)'s group series begin a rise of their own, on the
    periods of `series` (GroupRise)."""
    groups = build_series(group_counts, freq=freq, start=series.periods[0],
                          end=series.periods[-1])
    if groups.counts.size == 0:
        return {}
    keys = groups.keys.to_dicts()
    near = neighbour_rows(keys, neighbours) if neighbours else None
    signals = compute_signals(groups, near)
    daily = [a for a in ALGORITHMS if a != "glm"]
    alarm = np.logical_or.reduce([signals.alarm[a] for a in daily])
    strong = _strong(signals, daily)
    window = max(warning.RATE_WINDOWS)
    before = _window_sum(groups.counts, window + warning.RATE_BASELINE) - _window_sum(
        groups.counts, window)
    out: dict[tuple[str, str], list[GroupRise]] = {}
    for i, k in enumerate(keys):
        held = episodes.confirmed(alarm[i], strong[i], confirm) & (before[i] <= GROUP_NEW_MAX)
        out.setdefault((k["area_pcode"], k["dimension"]), []).append(GroupRise(
            k["threat_type"], episodes.fresh_starts(alarm[i], merge_gap),
            episodes.fresh_starts(held, merge_gap),
            {a: (signals.statistic[a][i], signals.alarm[a][i]) for a in daily}))
    return out


# A group newly hit (named at most GROUP_NEW_MAX times in the rate test's baseline before
# its window) whose rise its own signals confirm is a signal of its dimension that needs
# no other (issue 22, third round): abducted children named in 7 personal voices in a
# week where none were named before, in a personal dimension too busy to move. A group
# named every week is no new threat when it rises; -1 turns the rule off.
GROUP_NEW_MAX = 2


def _strong(signals: Signals, names: list[str]) -> np.ndarray:
    """Signals strong enough to alert alone: the statistic at least STRONG x its
    threshold, or the area's own rate test and its cluster's on the same day."""
    with np.errstate(invalid="ignore"):
        strong = np.logical_or.reduce([
            signals.alarm[a] & (signals.statistic[a] >= episodes.STRONG * THRESHOLDS[a])
            for a in names])
    # The area's own test and its cluster's on the same day: the neighbours' voices
    # corroborate a signal that the area's voices alone would leave lone.
    return strong | (signals.alarm["rate"] & signals.alarm["cluster"])


def detect_alerts(
    counts: pl.DataFrame,
    *,
    freq: str = "day",
    as_of: date | None = None,
    start: date | None = None,
    merge_gap: int | None = None,
    quiet: int | None = None,
    new_within: int | None = None,
    window: int | None = None,
    hierarchy: bool = True,
    confirm: int | None = None,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    group_counts: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Deduplicated alerts with their lifecycle state as of `as_of` (default: last day).

    Defaults: merge_gap and quiet 7 days (2 weeks), new_within 3 days (1 week), window 7
    days (2 weeks). Columns: see ALERT_SCHEMA; `statistics` has one entry per algorithm
    and series that fired in the episode (threat_type null: the dimension's own series).

    With `hierarchy`, a dimension's alerts (threat type null) listen to its threat
    types' series as well as its own: a rise of one threat is a rise of voices about the
    dimension, visible on the threat's quieter series days before it lifts the sum (a
    sub-syndrome under a syndrome, in syndromic surveillance). A threat type that begins
    a rise of its own inside an open episode of the dimension opens a new alert.

    With `neighbours` (area -> the areas next to it), daily series are also tested summed
    with the same series of the neighbouring areas (the cluster rate test, "cluster").

    `group_counts` (the COUNT_SCHEMA columns, `threat_type` holding a group) are the
    dimension's voices that name a group: a group newly hit inside an open episode of
    its dimension (displaced people after the violence that displaced them) opens a new
    alert, as a threat type's fresh rise does. They make no alert of their own.
    """
    weekly = freq == "week"
    merge_gap = merge_gap if merge_gap is not None else (2 if weekly else 7)
    quiet = quiet if quiet is not None else (2 if weekly else 7)
    new_within = new_within if new_within is not None else (1 if weekly else 3)
    window = window if window is not None else (2 if weekly else 7)
    series = build_series(counts, freq=freq, start=start, end=as_of)
    if series.counts.size == 0:
        return pl.DataFrame(schema=ALERT_SCHEMA)
    near = neighbour_rows(series.keys.to_dicts(), neighbours) if neighbours else None
    signals = compute_signals(series, near)
    any_alarm = np.logical_or.reduce([signals.alarm[a] for a in ALGORITHMS])
    # A threat type speaks for its dimension through its daily statistics, not its weekly
    # GLM: one more weekly test per threat type multiplied the dimension's false alerts
    # and found nothing the rate test had not found days before.
    child_alarm = np.logical_or.reduce([signals.alarm[a] for a in ALGORITHMS if a != "glm"])
    strong = _strong(signals, list(ALGORITHMS))
    confirm = confirm if confirm is not None else (0 if weekly else episodes.CONFIRM_WITHIN)
    last_period = len(series.periods) - 1
    keys = series.keys.to_dicts()
    children = _sources(keys) if hierarchy else {}
    realert = 1 if weekly else episodes.REALERT_AFTER
    group_fresh = _group_fresh(group_counts, series, neighbours, freq, merge_gap, confirm) \
        if group_counts is not None and not group_counts.is_empty() else {}
    records = []
    for row in range(len(keys)):
        parts = [row, *children.get(row, [])]
        combined = any_alarm[row] | child_alarm[parts[1:]].any(axis=0)
        # A group's fresh rise is a signal of its dimension on the day it begins.
        hit = (group_fresh.get((keys[row]["area_pcode"], keys[row]["dimension"]), [])
               if keys[row]["threat_type"] is None else [])
        none = np.zeros(0, dtype=np.int64)
        begins = np.concatenate([none, *(h.begins for h in hit)])
        held = np.concatenate([none, *(h.held for h in hit)])
        combined[begins] = True
        combined[held] = True
        loud = strong[row] | (strong & child_alarm)[parts[1:]].any(axis=0)
        loud[held] = True
        combined = episodes.confirmed(combined, loud, confirm)
        fresh = np.concatenate([none, begins, held] + [
            episodes.fresh_starts(child_alarm[p], merge_gap) for p in parts[1:]])
        runs = episodes.split_episodes(combined, fresh, merge_gap, realert,
                                       None if weekly else series.counts[row],
                                       fresh_after=1 if weekly else episodes.FRESH_AFTER)
        for first, last in runs:
            fired = []
            for name in ALGORITHMS:
                for part in parts if name != "glm" else parts[:1]:
                    hits = np.flatnonzero(signals.alarm[name][part, first : last + 1])
                    if hits.size == 0:
                        continue
                    values = signals.statistic[name][part, first : last + 1]
                    fired.append({
                        "algorithm": name,
                        "max": float(np.nanmax(values[hits])),
                        "threshold": THRESHOLDS[name],
                        "first_signal": series.periods[first + int(hits[0])],
                        "threat_type": keys[part]["threat_type"],
                    })
            # A group whose rise signalled the dimension in this episode: its statistics
            # too, under "group:<name>" (no alert is then without the test that made it).
            for rise in hit:
                starts = np.concatenate([rise.begins, rise.held])
                if not ((starts >= first) & (starts <= last)).any():
                    continue
                for name, (values, alarmed) in rise.signals.items():
                    hits = np.flatnonzero(alarmed[first : last + 1])
                    if hits.size:
                        fired.append({
                            "algorithm": name,
                            "max": float(np.nanmax(values[first : last + 1][hits])),
                            "threshold": THRESHOLDS[name],
                            "first_signal": series.periods[first + int(hits[0])],
                            "threat_type": f"group:{rise.group}",
                        })
            y = series.counts[row]
            state = _state(y, first, last, last_period, quiet=quiet, new_within=new_within,
                           window=window)
            first_day = series.periods[first]
            records.append({
                "alert_id": _alert_id(keys[row], first_day),
                **keys[row],
                "first_signal": first_day,
                "last_signal": series.periods[last],
                "resolved_on": series.periods[last] + series.step * (quiet + 1)
                if state == "resolved" else None,
                "state": state,
                "algorithms": list(dict.fromkeys(f["algorithm"] for f in fired)),
                "statistics": fired,
                "voices": int(y[first : last + 1].sum()),
                "peak_voices": int(y[first : last + 1].max()),
            })
    frame = pl.DataFrame(records, schema=ALERT_SCHEMA)
    return frame.sort(["first_signal", "area_pcode", "dimension", "threat_type"],
                      nulls_last=False)


def merge_lifecycle(previous: list[dict], current: pl.DataFrame, *, now: datetime
                    ) -> pl.DataFrame:
    """The alerts of this reading with their lifecycle, given the stored ones.

    new: first seen now; ongoing: seen before and not resolved; closed: resolved, or
    stored before and no longer found (the data changed, or the episode merged into a
    longer one). An alert keeps the time it was first seen.
    """
    before = {r["alert_id"]: r for r in previous}
    rows = []
    for r in current.to_dicts():
        old = before.pop(r["alert_id"], None)
        if r["state"] == "resolved":
            lifecycle = "closed"
        else:
            lifecycle = "ongoing" if old is not None else "new"
        rows.append({**r, "lifecycle": lifecycle,
                     "first_seen_at": old["first_seen_at"] if old else now,
                     "updated_at": now})
    for old in before.values():
        rows.append({**{k: old.get(k) for k in ALERT_SCHEMA}, "lifecycle": "closed",
                     "first_seen_at": old["first_seen_at"],
                     "updated_at": now if old["lifecycle"] != "closed" else old["updated_at"]})
    frame = pl.DataFrame(rows, schema=LIFECYCLE_SCHEMA)
    return frame.sort(["first_signal", "area_pcode", "dimension", "threat_type"],
                      nulls_last=False)
