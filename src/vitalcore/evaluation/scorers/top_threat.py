"""top_threat_recovery: does the vital core put each area's planted top threat first?

For every area with a ranking (and with at least MIN_VOICES voices, so that the rank is
not noise), compare the rank-1 dimension of workflow.vital_core with the truth's
`areas[pcode].top_dimension`: the dimension in which the most critical incidents
(severity >= 4) happened in the simulated world, whatever share of voices they drew.
Also reports how often the planted top is in the top three, and whether the overall
ranking's top three matches the community top concerns.

top_threat_recovery_weighted is the same for workflow.rank_threats, the ranking
weighted by the community's own priorities (Borda), which is what vitalcore shows.
top_threat_recovery_clear counts only areas where the planted top leads the planted
second by at least CLEAR_MARGIN of its critical incidents: where the truth is a near
tie, neither order is wrong, and the plain figure mixes the two.
"""

from __future__ import annotations

import polars as pl

from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.bottom_up import rank_threats
from vitalcore.workflow.core import vital_core

MIN_VOICES = 20
CLEAR_MARGIN = 0.1


def _recovery(table: pl.DataFrame, truth_areas: dict, *, clear_only: bool = False
              ) -> tuple[int, int, int]:
    """(areas scored, rank-1 hits, planted top within the top three)."""
    hits = top3 = scored = 0
    for pcode, rows in table.filter(pl.col("area_pcode") != "ALL").group_by(
            "area_pcode", maintain_order=True):
        planted = truth_areas.get(pcode[0])
        if planted is None or rows["voices_in_scope"][0] < MIN_VOICES:
            continue
        if clear_only:
            first, second = sorted(planted["critical_incidents"].values(), reverse=True)[:2]
            if first <= 0 or (first - second) / first < CLEAR_MARGIN:
                continue
        ranked = rows.sort("rank")["dimension"].to_list()
        scored += 1
        hits += ranked[0] == planted["top_dimension"]
        top3 += planted["top_dimension"] in ranked[:3]
    return scored, hits, top3


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(ctx: ScoringContext) -> dict[str, object]:
    table = vital_core(ctx.engine)
    if table.is_empty():
        return {"top_threat_recovery": None, "top_threat_areas_scored": 0}
    truth_areas = ctx.truth["areas"]
    scored, hits, top3 = _recovery(table, truth_areas)
    weighted = rank_threats(ctx.engine, replicates=0)
    w_scored, w_hits, w_top3 = _recovery(weighted, truth_areas)
    c_scored, c_hits, _ = _recovery(weighted, truth_areas, clear_only=True)
    overall = table.filter(pl.col("area_pcode") == "ALL").sort("rank")["dimension"].to_list()
    concerns = list(ctx.truth["community_top_concerns"])
    return {
        "top_threat_recovery": _share(hits, scored),
        "top_threat_in_top3": _share(top3, scored),
        "top_threat_areas_scored": scored,
        "top_threat_recovery_weighted": _share(w_hits, w_scored),
        "top_threat_in_top3_weighted": _share(w_top3, w_scored),
        "top_threat_recovery_clear": _share(c_hits, c_scored),
        "top_threat_areas_clear": c_scored,
        "community_top3_overlap": round(len(set(overall[:3]) & set(concerns)) / len(concerns), 4)
        if concerns else None,
    }
