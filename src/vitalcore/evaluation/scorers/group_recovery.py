"""group_recovery: does the vulnerability analysis find the planted most-exposed group?

The truth's `groups.most_exposed` is the group that carries the most voices of severe
harm (severity >= `groups.severe_threshold`). The analysis ranks groups by the lower
bound of the Katz interval of their relative risk of severe harm against the other
voices (analysis.severe_exposure), among groups with at least MIN_VOICES severe voices.

Reported: group_recovery (1.0 when the analysis' first group is the planted one, else
0.0), group_found, group_planted, group_rank_of_planted (1 = first), and
group_threats_recovered: for each planted group threat (`groups.planted`), is that
group the most exposed to its dimension in its areas from its onset on?
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from vitalcore.analysis import severe_exposure
from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.bottom_up import scoped_voices

MIN_VOICES = 20


def _planted_threat_found(voices: pl.DataFrame, planted: dict) -> bool:
    onset = min(datetime.fromisoformat(d) for d in planted["onset"].values())
    scope = voices.filter(pl.col("area_pcode").is_in(list(planted["onset"]))
                          & (pl.col("occurred_at") >= onset))
    from vitalcore.analysis import group_exposure, most_exposed

    top = most_exposed(group_exposure(scope, min_voices=MIN_VOICES)).filter(
        pl.col("label") == planted["dimension"])
    return top.height > 0 and top["group"][0] == planted["group"]


def score(ctx: ScoringContext) -> dict[str, object]:
    truth = ctx.truth["groups"]
    voices = scoped_voices(ctx.engine)
    if voices.is_empty():
        return {"group_recovery": None}
    table = severe_exposure(voices, threshold=int(truth["severe_threshold"]),
                            min_voices=MIN_VOICES).filter(pl.col("exposed") >= MIN_VOICES)
    order = table["group"].to_list()
    planted = truth["most_exposed"]
    threats = [_planted_threat_found(voices, p) for p in truth["planted"]]
    return {
        "group_recovery": 1.0 if order and order[0] == planted else 0.0,
        "group_found": order[0] if order else None,
        "group_planted": planted,
        "group_rank_of_planted": order.index(planted) + 1 if planted in order else None,
        "group_threats_recovered": round(sum(threats) / len(threats), 4) if threats else None,
    }
