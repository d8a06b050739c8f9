"""Rise after the cause: does an effect rise after its cause, where the cause rose?

The effect's voices stacked around the cause's onsets, pooled over the areas where the
cause rose (an event study), and the effect's most raised segment of the stacked
series, which must start at least `min_lag` periods after the cause's onset:

    z(s, e) = (p_in - p_out) / sqrt(phi p (1 - p) (1/N_in + 1/N_out)),
    p = min(1, segments * max(P(Z >= z), P_exact)),  q = Benjamini-Hochberg over the pairs,

P_exact Fisher's exact tail of the segment (onsets.exact_tail: few voices make the
normal tail far too thin).

One of the precedence tests of analysis.chains (its graph reads this table); see
docs/methods/chains.md.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from vitalcore.analysis.fdr import bh_adjusted
from vitalcore.analysis.onsets import exact_tail, raised_segment
from vitalcore.analysis.tails import normal_sf

_RISE_SCHEMA = {
    "cause": pl.String, "effect": pl.String, "lag": pl.Float64, "weight": pl.Float64,
    "areas": pl.Int64, "z": pl.Float64, "z_rest": pl.Float64, "ratio": pl.Float64,
    "p_value": pl.Float64,
    "q_value": pl.Float64, "evidence": pl.Int64, "significant": pl.Boolean,
}


def _segment_z(voices: np.ndarray, totals: np.ndarray, start: int, end: int) -> float:
    """The z of `onsets.raised_segment` for the one segment [start, end)."""
    x, t = voices.astype(float), totals.astype(float)
    x_in, t_in = x[start:end].sum(), t[start:end].sum()
    x_out, t_out = x.sum() - x_in, t.sum() - t_in
    if t_in <= 0 or t_out <= 0 or x.sum() <= 0:
        return 0.0
    p_in, p_out, pooled = x_in / t_in, x_out / t_out, x.sum() / t.sum()
    fitted = np.where((np.arange(len(x)) >= start) & (np.arange(len(x)) < end), p_in, p_out)
    var = t * fitted * (1 - fitted)
    chi = float(np.sum(np.divide((x - t * fitted) ** 2, var, out=np.zeros_like(x),
                                 where=var > 0)))
    dispersion = max(1.0, chi / max(len(x) - 2, 1))
    se = np.sqrt(dispersion * pooled * (1 - pooled) * (1 / t_in + 1 / t_out))
    return float((p_in - p_out) / se) if se > 0 else 0.0


def rise_precedence(
    series: pl.DataFrame,
    onset_table: pl.DataFrame,
    *,
    window: int = 13,
    min_side: int = 4,
    min_lag: int = 2,
    min_areas: int = 2,
    alpha: float = 0.05,
    z_rest: float = 1.645,
) -> pl.DataFrame:
    """Does the effect rise after the cause, where the cause rose? An event study.

    For every cause with onsets (`onset_table`, the frame of analysis.onsets) in at
    least `min_areas` areas and every other label: the effect's voices and the area's
    voices in the `window` periods before and after each of the cause's onsets,
    stacked and summed over those areas (relative period -window .. window-1); the
    most raised segment of that stacked share (`onsets.raised_segment`) and its z.

    The effect follows when the segment starts `min_lag` periods or more after the
    cause's onset: an onset is dated to within a period (a rise mid-week falls in
    either week), so a one-period lag is not told apart from two labels rising
    together (the same voices tagged twice). p bounds the chance that the largest of
    the segments scanned reaches z (Bonferroni over them), from the normal tail but
    never below the exact one (Fisher's, `onsets.exact_tail`: a handful of voices
    makes the normal tail far too thin); q is Benjamini-Hochberg over the pairs
    tested. Significant when q < alpha, the lag is at least `min_lag` and the effect
    is higher inside the segment than outside it in more than half of the areas
    (`weight`): a rise in one area alone is no pattern. A cause found in two areas
    (`min_areas` 2) thus needs the rise in both, and in each alone (`z_rest`).

    Why pooled: at 20,000 voices a year an area carries 15-35 voices a week, and the
    effect of a chain step (farmer-herder violence) a voice or two of them; area by
    area its rise is seldom found (analysis.onsets needs z >= 4), while stacked over
    the cause's areas it is (docs/methods/chains.md). Columns: cause, effect, lag
    (periods from the cause's onset to the effect's rise), weight, areas, z, z_rest
    (the smallest z with one area left out; a link needs z_rest >= `z_rest`: no single
    area makes it), ratio (the effect's stacked share inside the segment over
    outside), p_value, q_value, evidence (effect voices in the raised segment),
    significant.
    """
    if window < min_side or min_lag < 1:
        raise ValueError(f"need window >= min_side and min_lag >= 1, got window={window}, "
                         f"min_side={min_side}, min_lag={min_lag}")
    if series.is_empty() or onset_table.is_empty():
        return pl.DataFrame(schema=_RISE_SCHEMA)
    ordered = series.sort("area_pcode", "label", "period")
    names = sorted(ordered["label"].unique().to_list())
    per_area: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    for (area,), part in ordered.group_by(["area_pcode"], maintain_order=True):
        by_label = {lab: g["voices"].to_numpy() for (lab,), g in
                    part.group_by(["label"], maintain_order=True)}
        first = next(iter(by_label))
        totals = part.filter(pl.col("label") == first)["total"].to_numpy()
        per_area[str(area)] = (totals, by_label)

    def stacked(values: np.ndarray, onset: int) -> np.ndarray:
        out = np.zeros(2 * window)
        lo, hi = max(0, onset - window), min(len(values), onset + window)
        out[lo - onset + window:hi - onset + window] = values[lo:hi]
        return out

    rows = []
    # An onset at a series' first period is a series that starts raised: no rise seen.
    causes = onset_table.filter(pl.col("onset") > 0).group_by("label").agg(
        pl.col("area_pcode"), pl.col("onset"))
    for cause, areas, starts in causes.sort("label").iter_rows():
        if len(areas) < min_areas:
            continue
        totals = np.array([stacked(per_area[a][0], o) for a, o in zip(areas, starts,
                                                                        strict=True)])
        for effect in names:
            if effect == cause:
                continue
            counts = np.array([
                stacked(per_area[a][1].get(effect, np.zeros(len(per_area[a][0]))), o)
                for a, o in zip(areas, starts, strict=True)])
            s, e, z, scanned = raised_segment(counts.sum(0), totals.sum(0), min_side)
            if s < 0:
                continue
            # No single area makes a link: z is the smallest over the stacks that leave
            # out one area each, on the segment found (a jackknife minimum).
            rest = min(_segment_z(counts.sum(0) - counts[i], totals.sum(0) - totals[i],
                              s, e) for i in range(len(areas)))
            inside, outside = counts[:, s:e].sum(1), counts.sum(1) - counts[:, s:e].sum(1)
            n_in, n_out = totals[:, s:e].sum(1), totals.sum(1) - totals[:, s:e].sum(1)
            with np.errstate(divide="ignore", invalid="ignore"):
                higher = np.nan_to_num(inside / n_in) > np.nan_to_num(outside / n_out)
            # The normal tail, never below the exact one (few voices: onsets.exact_tail).
            p = min(1.0, scanned * max(normal_sf(z), exact_tail(
                counts.sum(0), totals.sum(0), s, e)))
            share_in = inside.sum() / max(n_in.sum(), 1)
            share_out = outside.sum() / max(n_out.sum(), 1)
            ratio = share_in / share_out if share_out > 0 else float("inf")
            rows.append((cause, effect, float(s - window), float(higher.mean()), len(areas),
                         z, rest, ratio, p, int(inside.sum())))
    if not rows:
        return pl.DataFrame(schema=_RISE_SCHEMA)
    table = pl.DataFrame(rows, orient="row", schema=[
        "cause", "effect", "lag", "weight", "areas", "z", "z_rest", "ratio", "p_value",
        "evidence"])
    return table.with_columns(pl.Series("q_value", bh_adjusted(table["p_value"].to_numpy()))
                              ).with_columns(
        ((pl.col("q_value") < alpha) & (pl.col("lag") >= min_lag) & (pl.col("weight") > 0.5)
         & (pl.col("z_rest") >= z_rest))
        .alias("significant")
    ).select([pl.col(c).cast(t) for c, t in _RISE_SCHEMA.items()]).sort(
        "q_value", "lag", "cause", "effect")
