"""Episodes of an alert's signals (issue 22): when a signal is confirmed, and when a rise
inside an open episode is a new alert (docs/methods/early-warning.md, "Episodes").
Pure functions on one series' signals (1-D over periods), used by analysis.alerts."""

from __future__ import annotations

import numpy as np

# The rate test's minimum count in its window (analysis.alerts uses it too).
RATE_MIN_COUNT = 3


# A rise inside an open episode (a threat type's fresh rise, or an escalation) opens a
# new alert from this many periods into the episode on (a fresh rise, not the same one
# seen again).
REALERT_AFTER = 2
# A source's fresh rise (a threat type or a group that begins a rise of its own) opens a
# new alert from this many periods into the episode on: a threat silent until then that
# starts the day after an alert on another one is a new threat, not the same rise seen
# again (issue 22, third round: an epidemic whose first voices came the day after a
# no-care-access alert was swallowed by it).
FRESH_AFTER = 1
# A signal opens an alert when another signal of the same alert's series came within
# the `confirm` periods before it, or when it is strong (its statistic at least
# STRONG x its threshold): one lone signal is mostly chance (docs/methods/early-warning.md).
CONFIRM_WITHIN = 7
STRONG = 1.3


def confirmed(alarm: np.ndarray, strong: np.ndarray, within: int) -> np.ndarray:
    """Signals (1-D over periods) with another signal in the `within` periods before, or
    strong themselves; the first signal of a run is not an alert until confirmed."""
    if within <= 0:
        return alarm
    csum = np.concatenate([[0], np.cumsum(alarm)])
    t = np.arange(alarm.size)
    before = csum[t] - csum[np.maximum(t - within, 0)]
    return alarm & ((before > 0) | strong)


def fresh_starts(alarm: np.ndarray, merge_gap: int) -> np.ndarray:
    """Periods where a series signals after more than `merge_gap` quiet periods (or for
    the first time): where its own episodes begin."""
    cols = np.flatnonzero(alarm)
    keep = np.concatenate([[True], np.diff(cols) > merge_gap + 1]) if cols.size else cols
    return cols[keep.astype(bool)] if cols.size else cols


def split_episodes(alarm: np.ndarray, fresh: np.ndarray, merge_gap: int,
                    realert_after: int, y: np.ndarray | None = None,
                    fresh_after: int | None = None) -> list[tuple[int, int]]:
    """(first, last) runs of `alarm` with gaps <= merge_gap, and a new run also where a
    rise begins inside the open run: one of its sources begins a rise of its own
    (`fresh`, at least `fresh_after` periods after the run's start, default
    `realert_after`), or (with the counts `y`, at least `realert_after` periods after
    it) the last ESCALATE_WINDOW periods are above the run's own level so far by the
    rate test (the baseline re-set to the episode, as a CUSUM restarts after its alarm)."""
    fresh_after = realert_after if fresh_after is None else fresh_after
    cols = np.flatnonzero(alarm)
    if cols.size == 0:
        return []
    restart = set(fresh.tolist())
    runs, first, last = [], int(cols[0]), int(cols[0])
    for c in cols[1:].tolist():
        if c - last > merge_gap + 1 or (c - first >= fresh_after and c in restart) or (
                c - first >= realert_after and y is not None and escalates(y, first, c)):
            runs.append((first, last))
            first = c
        last = c
    runs.append((first, last))
    return runs


def escalates(y: np.ndarray, first: int, t: int) -> bool:
    """Are the ESCALATE_WINDOW periods ending at t more than ESCALATE_RATIO times the
    rate of the episode's periods before them (from `first`), by the conditional Poisson
    test at ESCALATE_THRESHOLD?"""
    lo = t - ESCALATE_WINDOW + 1
    length = lo - first
    if length < ESCALATE_MIN_BASELINE:
        return False
    x, b = y[lo : t + 1].sum(), y[first:lo].sum()
    if x < RATE_MIN_COUNT:
        return False
    from scipy.special import betainc

    # Null: the window runs at ESCALATE_RATIO x the episode's rate so far, so a rise that
    # keeps climbing stays one (escalating) alert and a new step up opens another.
    share = ESCALATE_RATIO * ESCALATE_WINDOW / (ESCALATE_RATIO * ESCALATE_WINDOW + length)
    p = float(betainc(x, b + 1, share))
    return -np.log10(max(p, 1e-300)) > ESCALATE_THRESHOLD


ESCALATE_WINDOW = 3
ESCALATE_MIN_BASELINE = 5
ESCALATE_THRESHOLD = 3.0
ESCALATE_RATIO = 1.0
