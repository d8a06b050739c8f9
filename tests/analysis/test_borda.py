"""Borda count for truncated ballots, computed by hand (K = 7 dimensions)."""

import pytest

from vitalcore.analysis import borda_count, borda_points, borda_shares
from vitalcore.analysis.borda import ballot_total
from vitalcore.analysis.vital_core import DIMENSIONS


def test_truncated_ballot_shares_the_rest() -> None:
    points = borda_points(["food", "personal"], DIMENSIONS)
    # K = 7: first place 7-1 = 6, second 7-2 = 5; the five unranked share
    # (7-2-1)/2 = 2 each, so the ballot hands out 6 + 5 + 5*2 = 21 = 7*6/2.
    assert points["food"] == 6 and points["personal"] == 5
    assert points["health"] == 2
    assert sum(points.values()) == ballot_total(7) == 21


def test_every_ballot_weighs_the_same() -> None:
    totals = borda_count([["food", "personal"], ["personal"]], DIMENSIONS)
    # ballot 2: personal 6, the other six (7-1-1)/2 = 2.5 each.
    assert totals["personal"] == 5 + 6
    assert totals["food"] == 6 + 2.5
    assert totals["health"] == 2 + 2.5
    assert sum(totals.values()) == 2 * 21
    assert borda_shares([["food", "personal"], ["personal"]], DIMENSIONS)["personal"] == (
        pytest.approx(11 / 42)
    )


def test_repeats_count_once_and_empty_ballots_not_at_all() -> None:
    assert borda_points(["food", "food", "health"], DIMENSIONS) == borda_points(
        ["food", "health"], DIMENSIONS
    )
    assert borda_count([[], ["food"]], DIMENSIONS) == borda_count([["food"]], DIMENSIONS)
    assert borda_shares([], DIMENSIONS)["food"] == pytest.approx(1 / 7)


def test_unknown_priority_is_named() -> None:
    with pytest.raises(ValueError, match="priority 'fod' is not one of"):
        borda_points(["fod"], DIMENSIONS)
