"""top_threat_recovery: does the vital core put each area's planted top threat first?

For every area with a ranking (and with at least MIN_VOICES voices, so that the rank is
not noise), compare the rank-1 dimension of workflow.vital_core with the truth's
`areas[pcode].top_dimension` (the dimension with the highest realised voice share x
mean severity). Also reports how often the planted top is in the top three, and
whether the overall ranking's top three matches the community top concerns.
"""

from __future__ import annotations

import polars as pl

from vitalcore.simulate.scoring import ScoringContext

MIN_VOICES = 20


def score(ctx: ScoringContext) -> dict[str, object]:
    from vitalcore.workflow.core import vital_core  # late: workflow imports this package

    table = vital_core(ctx.engine)
    if table.is_empty():
        return {"top_threat_recovery": None, "top_threat_areas_scored": 0}
    truth_areas = ctx.truth["areas"]
    hits = top3 = scored = 0
    per_area = {}
    for pcode, rows in table.filter(pl.col("area_pcode") != "ALL").group_by(
            "area_pcode", maintain_order=True):
        code = pcode[0]
        planted = truth_areas.get(code)
        if planted is None or rows["voices_in_scope"][0] < MIN_VOICES:
            continue
        ranked = rows.sort("rank")["dimension"].to_list()
        scored += 1
        hits += ranked[0] == planted["top_dimension"]
        top3 += planted["top_dimension"] in ranked[:3]
        per_area[code] = {"found": ranked[0], "planted": planted["top_dimension"]}
    overall = table.filter(pl.col("area_pcode") == "ALL").sort("rank")["dimension"].to_list()
    concerns = list(ctx.truth["community_top_concerns"])
    return {
        "top_threat_recovery": round(hits / scored, 4) if scored else None,
        "top_threat_in_top3": round(top3 / scored, 4) if scored else None,
        "top_threat_areas_scored": scored,
        "community_top3_overlap": round(len(set(overall[:3]) & set(concerns)) / len(concerns), 4)
        if concerns else None,
    }
