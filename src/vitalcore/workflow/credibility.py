"""Claim clusters and rumours: voices' texts from the store, scored clusters out."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.analysis import credibility, minhash

Progress = Callable[[int], None]


def cluster_voices(
    engine: Engine,
    *,
    threshold: float = minhash.THRESHOLD,
    batch_size: int = 50_000,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Every voice with its near-duplicate cluster and its similarity to the cluster's
    earliest voice. Signatures are computed batch by batch (progress per voice)."""
    frames, sigs = [], []
    for batch in store.voice_texts(engine, batch_size=batch_size):
        sigs.append(minhash.signatures(batch["text"].to_list()))
        frames.append(batch)
        if progress:
            progress(batch.height)
    if not frames:
        return pl.DataFrame(schema={**store.warning.TEXT_COLUMNS, "cluster": pl.Int64,
                                    "similarity": pl.Float64})
    voices = pl.concat(frames)
    sig = np.concatenate(sigs)
    labels = minhash.cluster(sig, threshold=threshold)
    voices = voices.with_columns(pl.Series("cluster", labels),
                                 pl.Series("_i", np.arange(len(labels))))
    # The earliest voice of each cluster is the one copies are measured against.
    heads = (voices.sort("occurred_at", nulls_last=True).group_by("cluster")
             .agg(pl.col("_i").first().alias("_head")))
    voices = voices.join(heads, on="cluster", how="left")
    similarity = minhash.estimated_jaccard(sig, voices["_i"].to_numpy(),
                                           voices["_head"].to_numpy())
    voices = voices.with_columns(pl.Series("similarity", similarity)).drop("_i", "_head")
    # Last, and order-keeping: the signatures above are matched to rows by position.
    return _with_tolls(engine, _with_labels(engine, voices))


def _with_tolls(engine: Engine, voices: pl.DataFrame) -> pl.DataFrame:
    """Event-feed voices' recorded death tolls (best, low, high; null elsewhere): a
    claimed toll is checked against them (analysis.credibility, magnitude check)."""
    tolls = store.event_tolls(engine)
    return voices.join(tolls, on="voice_id", how="left", maintain_order="left")


def _with_labels(engine: Engine, voices: pl.DataFrame) -> pl.DataFrame:
    """Each voice's dimensions (score >= 0.5) as `labels`: event-feed corroboration
    counts only events of a claim's own kind (analysis.credibility)."""
    if store.latest_model_version(engine) is None:
        return voices.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("labels"))
    kinds = store.dimension_labels_frame(engine, min_score=0.5)
    return voices.join(kinds, on="voice_id", how="left", maintain_order="left")


def claim_clusters(
    engine: Engine,
    *,
    min_size: int = credibility.MIN_SIZE,
    threshold: float = minhash.THRESHOLD,
    progress: Progress | None = None,
    memo: bool = False,
) -> pl.DataFrame:
    """Scored claim clusters (analysis.credibility.CLUSTER_SCHEMA), biggest first; with
    `memo`, read from and kept in the store's memo (workflow/kept.py)."""
    if memo:
        from vitalcore.workflow.kept import kept_result

        return kept_result(engine, "claim_clusters",
                           {"min_size": min_size, "threshold": threshold},
                           lambda: [claim_clusters(engine, min_size=min_size,
                                                   threshold=threshold,
                                                   progress=progress)])[0]
    voices = cluster_voices(engine, threshold=threshold, progress=progress)
    return credibility.score_clusters(voices, store.areas_frame(engine), min_size=min_size)


def scored_clusters(engine: Engine, *, progress: Progress | None = None
                    ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(every voice with its cluster, the scored clusters): for matching flagged voices
    back to their source ids, as the scenario scorer does."""
    voices = cluster_voices(engine, progress=progress)
    return voices, credibility.score_clusters(voices, store.areas_frame(engine))


def rumours(engine: Engine, *, progress: Progress | None = None,
            include_all: bool = False, memo: bool = False) -> pl.DataFrame:
    """Claim clusters flagged as possible rumours (all clusters with include_all)."""
    table = claim_clusters(engine, progress=progress, memo=memo)
    return table if include_all else table.filter(pl.col("rumour"))


def why_no_rumours(engine: Engine, table: pl.DataFrame | None = None, *,
                   memo: bool = False) -> str:
    """Why `rumours` flags nothing, in words (`table`: all claim clusters, if at hand)."""
    voices = store.count_voices(engine)
    if voices == 0:
        return "no voices in the store yet"
    clusters = table if table is not None else claim_clusters(engine, memo=memo)
    if clusters.is_empty():
        return (f"no claim repeated: no {credibility.MIN_SIZE} or more near-duplicate "
                f"voices among {voices}")
    return (f"{clusters.height} claim cluster(s), none at once fast (>= {credibility.FAST} "
            "voices in 24 hours), weakly sourced (no field-verified channel) and "
            "uncorroborated (no event-feed record of its kind nearby)")
