"""rumour_precision, rumour_recall, rumour_f1 (issue 7).

The voices of every cluster that workflow.rumours flags are matched to the planted
rumour wave by their source ids (truth `rumour.source_ids`: post ids, RapidPro run and
message ids). Precision: flagged voices that are planted rumour voices / flagged voices.
Recall: planted rumour voices flagged / planted rumour voices (truth `rumour.voices`).
"""

from __future__ import annotations

import polars as pl

from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.credibility import scored_clusters


def score(ctx: ScoringContext) -> dict[str, object]:
    voices, table = scored_clusters(ctx.engine)
    flagged_ids = {v for ids in table.filter(pl.col("rumour"))["voice_ids"] for v in ids}
    planted = set(ctx.truth["rumour"]["source_ids"])
    flagged = voices.filter(pl.col("voice_id").is_in(sorted(flagged_ids)))
    hits = int(flagged["source_id"].is_in(sorted(planted)).sum())
    total = int(ctx.truth["rumour"]["voices"])
    precision = hits / flagged.height if flagged.height else None
    recall = hits / total if total else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision and recall else (0.0 if precision is not None else None))
    return {
        "rumour_precision": round(precision, 4) if precision is not None else None,
        "rumour_recall": round(recall, 4) if recall is not None else None,
        "rumour_f1": round(f1, 4) if f1 is not None else None,
        "rumour_clusters_flagged": int(table["rumour"].sum()),
        "rumour_voices_flagged": flagged.height,
    }
