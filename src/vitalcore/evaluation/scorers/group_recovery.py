"""group_recovery: does the vulnerability analysis find the planted most-exposed group?

The truth's `groups.most_exposed` is the group that carries the most voices of severe
harm (severity >= `groups.severe_threshold`). The analysis ranks groups by the lower
bound of the Katz interval of their relative risk of severe harm against the other
voices (analysis.severe_exposure), among groups with at least MIN_VOICES severe voices.

Reported: group_recovery (1.0 when the analysis' first group is the planted one, else
0.0, as before issue 22), group_recovery_ties (1.0 also when it is tied with the planted
one by chance, see below), group_tied (the groups whose severe voices are within
chance of the planted group's: (a - b) / sqrt(a + b) < 1.96, two Poisson counts),
group_found, group_planted,
group_rank_of_planted (1 = first), and group_threats_recovered: for each planted group
threat (`groups.planted`), is that group the most exposed to its dimension in its
areas from its onset on?

Why ties: the truth's first group is the largest count of severe voices in the draw.
Where two groups' counts differ by less than chance (seed 1 at 20,000 voices: children
751, displaced 736, z = 0.39) the same world names children at 20,000 voices and the
displaced at 100,000; a first place decided by the draw is no planted fact to score
against (docs/simulation.md, "Group recovery: ties").
"""

from __future__ import annotations

import math
from datetime import datetime

import polars as pl

from vitalcore.analysis import severe_exposure
from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.bottom_up import scoped_voices

MIN_VOICES = 20
TIE_Z = 1.96  # two-sided 5 %: counts closer than this are not told apart by the draw


def tied_with_planted(exposure: dict[str, dict], planted: str) -> list[str]:
    """The planted group and every group whose severe voices are within chance of its
    count (normal approximation to the difference of two Poisson counts)."""
    top = exposure[planted]["severe_voices"]
    return sorted(g for g, e in exposure.items()
                  if g == planted or (e["severe_voices"] > 0 and abs(
                      top - e["severe_voices"]) < TIE_Z * math.sqrt(top + e["severe_voices"])))


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
    tied = tied_with_planted(truth["exposure"], planted) if "exposure" in truth else [planted]
    threats = [_planted_threat_found(voices, p) for p in truth["planted"]]
    return {
        "group_recovery": 1.0 if order and order[0] == planted else 0.0,
        "group_recovery_ties": 1.0 if order and order[0] in tied else 0.0,
        "group_tied": tied,
        "group_found": order[0] if order else None,
        "group_planted": planted,
        "group_rank_of_planted": order.index(planted) + 1 if planted in order else None,
        "group_threats_recovered": round(sum(threats) / len(threats), 4) if threats else None,
    }
