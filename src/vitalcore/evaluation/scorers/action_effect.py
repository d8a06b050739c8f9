"""effect_estimate, effect_in_interval (issue 7).

The planted action (truth `action`: kind, dimension, start, treated and comparison
areas, rate_ratio) is estimated with analysis.estimate_effect as an analyst would:
the actions of actions.csv that match it are pooled as the treated group, the truth's
comparison areas are the comparison (the analyst's design choice), and the windows run
from the scenario's first day to the action's start and from the start to the last
day, as the truth's own measure does. `effect_estimate` is the rate ratio (Poisson
difference in differences); `effect_in_interval` says whether the planted rate ratio
lies in its 95 % interval. The additive estimate and the one against the default
comparison (all other areas less the treated areas' neighbours) are reported beside it.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from vitalcore import analysis
from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.actions import read_actions
from vitalcore.workflow.warning import alert_counts, neighbours


def score(ctx: ScoringContext) -> dict[str, object]:
    truth = ctx.truth["action"]
    start = date.fromisoformat(truth["start"])
    first = date.fromisoformat(ctx.truth["period"]["start"])
    last = date.fromisoformat(ctx.truth["period"]["end"])
    path = ctx.scenario_dir / "actions.csv"
    actions = read_actions(path) if path.exists() else []
    treated = sorted({a.area_pcode for a in actions if a.kind == truth["kind"]
                      and a.dimension.value == truth["dimension"] and a.start == start})
    if not treated:
        return {"effect_estimate": None, "effect_in_interval": None}
    counts = alert_counts(ctx.engine, threats=False).filter(
        pl.col("dimension") == truth["dimension"]).select(
        "area_pcode", pl.col("dimension").alias("label"), "day", "voices")
    if counts.is_empty():  # an empty store: nothing to estimate, which is not an error
        return {"effect_estimate": None, "effect_in_interval": None}
    windows = {"pre_days": (start - first).days, "post_days": (last - start).days + 1}
    effect = analysis.estimate_effect(counts, label=truth["dimension"], area=treated,
                                      start=start, comparison=truth["comparison"], **windows)
    planted = truth["rate_ratio"]
    inside = (effect.rr_ci_low is not None
              and effect.rr_ci_low <= planted <= effect.rr_ci_high)
    out: dict[str, object] = {
        "effect_estimate": round(effect.rate_ratio, 4) if effect.rate_ratio else None,
        "effect_in_interval": inside,
        "effect_interval": [round(effect.rr_ci_low, 4), round(effect.rr_ci_high, 4)]
        if effect.rr_ci_low is not None else None,
        "effect_planted_rate_ratio": planted,
        "effect_realised_rate_ratio": truth["realised_rate_ratio"],
        "effect_did_voices_per_day": round(effect.did, 4),
    }
    if (ctx.scenario_dir / "adjacency.csv").exists():  # loaded into the store with the rest
        near = neighbours(ctx.engine)
        exclude = {b for a in treated for b in near.of(a)} - set(treated)
        default = analysis.estimate_effect(counts, label=truth["dimension"], area=treated,
                                           start=start, exclude=exclude, **windows)
        out["effect_estimate_default_comparison"] = (
            round(default.rate_ratio, 4) if default.rate_ratio else None)
    return out
