"""Effects of action: difference in differences against comparison areas.

For an action in area a starting on day s, the panel holds every day d in
[s - pre, s + post) for the treated area and the comparison areas (every other area with
counts, unless told otherwise), y = voices per day about the outcome label, zeros
filled in. With T = 1 for the treated area and P = 1 for d >= s:

    y_id = b0 + b1 T_i + b2 P_d + delta T_i P_d + e_id          (OLS, HC1 robust SE)
    delta = (mean y treated post - treated pre) - (mean y comparison post - comparison pre)

delta is the 2 x 2 difference in differences of means (Card and Krueger 1994); its 95 %
interval is delta +- 1.96 x the heteroskedasticity-robust (HC1, MacKinnon and White 1985)
standard error. The same model as a Poisson GLM (log link, HC1) gives the rate ratio
exp(delta_log): the change in the treated area's rate relative to the comparison trend.
Both fits are saturated, so analysis/sandwich.py computes them in closed form.

Assumptions, said plainly in docs/methods/effects.md: parallel trends (without the
action the treated area would have moved like the comparison areas); no spill-over into
comparison areas (pass `exclude` to drop neighbours); days independent given the
model - with one treated area, autocorrelated days make the interval too narrow.

`unintended_effects` runs the estimate for every label in the action's area and flags
those whose voices rose significantly (interval above 0) after the action.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from vitalcore.analysis.sandwich import ols_interaction, poisson_interaction

FLAG_Q = 0.05  # the false discovery rate of the unintended-effect flags

PRE_DAYS = 28
POST_DAYS = 28
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Effect:
    """A difference-in-differences estimate for one outcome label around one action."""

    label: str
    treated_area: str  # P-codes joined by commas when several areas were treated
    start: date
    pre_days: int
    post_days: int
    comparison_areas: int
    treated_pre: float
    treated_post: float
    comparison_pre: float
    comparison_post: float
    did: float
    ci_low: float
    ci_high: float
    p_value: float
    rate_ratio: float | None
    rr_ci_low: float | None
    rr_ci_high: float | None
    # Among the labels tested for an unintended rise: the Benjamini-Hochberg q of p_value.
    q_value: float | None = None

    @property
    def rose(self) -> bool:
        """Voices rose significantly more than in the comparison areas."""
        return self.ci_low > 0


def did_2x2(treated_pre: float, treated_post: float, comparison_pre: float,
            comparison_post: float) -> float:
    """(treated post - treated pre) - (comparison post - comparison pre)."""
    return (treated_post - treated_pre) - (comparison_post - comparison_pre)


def _treated(area: str | Iterable[str]) -> set[str]:
    return {area} if isinstance(area, str) else set(area)


def panel(
    counts: pl.DataFrame,
    *,
    area: str | Iterable[str],
    start: date,
    pre_days: int = PRE_DAYS,
    post_days: int = POST_DAYS,
    comparison: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> pl.DataFrame:
    """Dense (area, day) panel with columns area_pcode, day, voices, treated, post.

    `area` is the treated area, or several areas that got the same action on one day.
    """
    treated = _treated(area)
    first, stop = start - timedelta(days=pre_days), start + timedelta(days=post_days)
    others = set(comparison) if comparison is not None else set(
        counts["area_pcode"].unique().to_list())
    others -= treated | set(exclude)
    areas = pl.DataFrame({"area_pcode": sorted(treated | others)},
                         schema={"area_pcode": pl.String})
    days = pl.DataFrame({"day": pl.date_range(first, stop - timedelta(days=1), eager=True)})
    grid = areas.join(days, how="cross")
    daily = (counts.filter(pl.col("day").is_between(first, stop, closed="left"))
             .group_by("area_pcode", "day").agg(pl.col("voices").sum()))
    return grid.join(daily, on=["area_pcode", "day"], how="left").with_columns(
        pl.col("voices").fill_null(0).cast(pl.Float64),
        pl.col("area_pcode").is_in(sorted(treated)).cast(pl.Float64).alias("treated"),
        (pl.col("day") >= start).cast(pl.Float64).alias("post"),
    )


def estimate_effect(
    counts: pl.DataFrame,
    *,
    label: str,
    area: str | Iterable[str],
    start: date,
    pre_days: int = PRE_DAYS,
    post_days: int = POST_DAYS,
    comparison: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Effect:
    """DiD for `counts` (area_pcode, day, voices) of one label around an action."""
    treated = _treated(area)
    data = panel(counts, area=treated, start=start, pre_days=pre_days, post_days=post_days,
                 comparison=comparison, exclude=exclude)
    n_comparison = data.filter(pl.col("treated") == 0)["area_pcode"].n_unique()
    if n_comparison == 0:
        raise ValueError(f"no comparison area for {', '.join(sorted(treated))}: the counts "
                         "hold no other area (or all were excluded as neighbours)")
    means = data.group_by("treated", "post").agg(pl.col("voices").mean())
    cell = {(int(t), int(p)): v for t, p, v in means.iter_rows()}
    y = data["voices"].to_numpy()
    t, p = data["treated"].to_numpy(), data["post"].to_numpy()
    ols = ols_interaction(y, t, p)
    delta, se = ols.coefficient, ols.se
    rr = rr_low = rr_high = None
    # The Poisson fit needs counts in every cell; with a zero cell the log rate is -inf.
    glm = poisson_interaction(y, t, p) if min(cell.values()) > 0 else None
    if glm is not None and math.isfinite(glm.coefficient) and math.isfinite(glm.se):
        b, s = glm.coefficient, glm.se
        rr, rr_low, rr_high = math.exp(b), math.exp(b - Z95 * s), math.exp(b + Z95 * s)
    return Effect(
        label=label, treated_area=",".join(sorted(treated)), start=start, pre_days=pre_days,
        post_days=post_days, comparison_areas=n_comparison,
        treated_pre=cell[(1, 0)], treated_post=cell[(1, 1)],
        comparison_pre=cell[(0, 0)], comparison_post=cell[(0, 1)],
        did=delta, ci_low=delta - Z95 * se, ci_high=delta + Z95 * se, p_value=ols.p_value,
        rate_ratio=rr, rr_ci_low=rr_low, rr_ci_high=rr_high,
    )


def unintended_effects(
    counts: pl.DataFrame,
    *,
    area: str | Iterable[str],
    start: date,
    pre_days: int = PRE_DAYS,
    post_days: int = POST_DAYS,
    comparison: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> list[Effect]:
    """Estimates for every label in `counts` (area_pcode, label, day, voices) whose voices
    rose significantly in the action's area after it: possible unintended harm.

    Every label heard in the treated areas is tested (thirty or so), so at the 5% level
    one or two would rise by chance alone: a label is flagged when its voices rose
    and its p-value passes Benjamini-Hochberg at `FLAG_Q` over all the labels tested
    (its q in `q_value`)."""
    from dataclasses import replace

    from vitalcore.analysis.fdr import bh_adjusted

    treated = _treated(area)
    tested = []
    for label in sorted(counts["label"].unique().to_list()):
        part = counts.filter(pl.col("label") == label)
        if part.filter(pl.col("area_pcode").is_in(sorted(treated))).is_empty():
            continue
        tested.append(estimate_effect(part, label=label, area=treated, start=start,
                                      pre_days=pre_days, post_days=post_days,
                                      comparison=comparison, exclude=exclude))
    q = bh_adjusted([e.p_value for e in tested])
    return [replace(e, q_value=float(qv)) for e, qv in zip(tested, q, strict=True)
            if e.did > 0 and qv <= FLAG_Q]
