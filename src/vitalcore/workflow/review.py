"""The review queue: stored voices the current model is least sure about.

Apart from workflow.classification, which imports the model, the features and the
gazetteer (numpy, SciPy): the queue reads stored results only, and `vitalcore review`
should not pay for what it never runs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify import default_model_version


def review_queue(engine: Engine, *, limit: int = 20) -> list[dict[str, Any]]:
    """Voices to review, most uncertain first (uncertainty sampling, Lewis & Gale 1994).

    Uncertainty of a voice: 1 - 2 * min over dimensions of |score - 0.5|, so 1 means a
    dimension sits exactly on its decision threshold. Voices already corrected are left
    out; the classifications read are those of the store's current model.

    Every voice is ranked by its dimension scores alone; the text, groups and evidence
    are read for the `limit` voices shown (decoding them for all 20,000 voices of the
    demo was most of a cold `vitalcore review`).
    """
    version = default_model_version(store.latest_model(engine))  # classifier_for's
    corrected = store.corrected_voice_ids(engine)
    ranked = []
    for voice_id, scores in store.classification_dimensions(engine, version):
        if voice_id in corrected:
            continue
        closest = min(scores, key=lambda d: abs(scores[d] - 0.5))
        ranked.append((-round(1 - 2 * abs(scores[closest] - 0.5), 4), voice_id))
    ranked.sort()
    chosen = [voice_id for _, voice_id in ranked[:limit]]
    rows = {row["voice_id"]: row
            for row in store.classification_rows(engine, version, voice_ids=chosen)}
    queue = []
    for voice_id in chosen:
        row = rows.get(voice_id)
        if row is None:  # erased since the first read
            continue
        scores = row["dimensions"]
        closest = min(scores, key=lambda d: abs(scores[d] - 0.5))
        queue.append({
            "voice_id": voice_id, "text": row["text"], "language": row["language"],
            "uncertainty": round(1 - 2 * abs(scores[closest] - 0.5), 4),
            "closest_label": closest,
            "labels": sorted(d for d, s in scores.items() if s >= 0.5),
            "groups": row["groups"], "evidence": row["evidence"],
        })
    return queue
