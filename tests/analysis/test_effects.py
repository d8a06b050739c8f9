"""Difference in differences on a 2 x 2 table computed by hand."""

from datetime import date, timedelta

import polars as pl
import pytest

from vitalcore.analysis.effects import did_2x2, estimate_effect, unintended_effects

START = date(2025, 5, 1)


def _counts(per_area: dict[str, tuple[list[int], list[int]]], label: str = "personal",
            days: int = 10) -> pl.DataFrame:
    """Each area: (pre pattern, post pattern), repeated over `days` days each."""
    rows = []
    for area, (pre, post) in per_area.items():
        for i in range(days):
            rows.append({"area_pcode": area, "label": label, "voices": pre[i % len(pre)],
                         "day": START - timedelta(days=days - i)})
            rows.append({"area_pcode": area, "label": label, "voices": post[i % len(post)],
                         "day": START + timedelta(days=i)})
    return pl.DataFrame(rows)


def test_did_2x2_by_hand() -> None:
    # treated 10 -> 6, comparison 8 -> 9: (6 - 10) - (9 - 8) = -5
    assert did_2x2(10, 6, 8, 9) == -5


def test_estimate_on_a_panel() -> None:
    # treated: 9, 11 (mean 10) then 5, 7 (mean 6); comparison C1 7 -> 8, C2 9 -> 10
    counts = _counts({"T": ([9, 11], [5, 7]), "C1": ([7], [8]), "C2": ([9], [10])})
    e = estimate_effect(counts, label="personal", area="T", start=START, pre_days=10,
                        post_days=10)
    assert (e.treated_pre, e.treated_post) == (10, 6)
    assert (e.comparison_pre, e.comparison_post) == (8, 9)
    assert e.did == pytest.approx(-5)
    assert e.ci_low < -5 < e.ci_high < 0
    assert e.rate_ratio == pytest.approx((6 / 10) / (9 / 8))
    assert not e.rose


def test_zero_days_are_counted_as_zero() -> None:
    counts = _counts({"T": ([4], [0]), "C": ([2], [2])}).filter(pl.col("voices") > 0)
    e = estimate_effect(counts, label="personal", area="T", start=START, pre_days=10,
                        post_days=10)
    assert e.did == pytest.approx(-4)
    assert e.rate_ratio is None  # a zero cell has no log rate


def test_a_rise_after_the_action_is_flagged() -> None:
    calm = _counts({"T": ([2, 3], [2, 3]), "C": ([2, 3], [3, 2])})
    fear = _counts({"T": ([1, 2], [6, 8]), "C": ([1, 2], [2, 1])}, label="hate_speech")
    flagged = unintended_effects(pl.concat([calm, fear]), area="T", start=START,
                                 pre_days=10, post_days=10)
    assert [e.label for e in flagged] == ["hate_speech"]
    assert flagged[0].did == pytest.approx(5.5)  # (7 - 1.5) - (1.5 - 1.5)


def test_chance_rises_among_many_labels_are_not_flagged() -> None:
    """A hundred labels with no effect (Poisson noise, same rate everywhere) and one
    that rose: at 5% per label two or three of the hundred rise by chance;
    Benjamini-Hochberg over the labels tested flags only the real one."""
    import numpy as np

    rng = np.random.default_rng(1)
    areas = ["T", *[f"C{i}" for i in range(12)]]
    rows = []
    for label in [f"noise_{k:03d}" for k in range(100)] + ["hate_speech"]:
        for area in areas:
            for day in range(-28, 28):
                rate = 6.0 if (label == "hate_speech" and area == "T" and day >= 0) else 2.0
                rows.append({"area_pcode": area, "label": label, "voices": int(rng.poisson(rate)),
                             "day": START + timedelta(days=day)})
    counts = pl.DataFrame(rows)
    chance = [label for label in sorted({r["label"] for r in rows})
              if label != "hate_speech"
              and estimate_effect(counts.filter(pl.col("label") == label), label=label,
                                  area="T", start=START).rose]
    assert chance  # unadjusted, some noise label does cross the 5% line
    flagged = unintended_effects(counts, area="T", start=START)
    assert [e.label for e in flagged] == ["hate_speech"]
    assert flagged[0].q_value is not None and flagged[0].q_value <= 0.05


def test_no_comparison_area_is_an_error() -> None:
    with pytest.raises(ValueError, match="no comparison area"):
        estimate_effect(_counts({"T": ([1], [2])}), label="personal", area="T", start=START)
