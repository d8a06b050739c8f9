"""What the public may see: k-anonymous counts of voices per area and dimension."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.analysis.disclosure import SuppressedTable, suppress
from vitalcore.domain import Dimension

NO_AREA = "(no area)"
LABEL_THRESHOLD = 0.5  # as Classification.labels: a dimension counts from this score on


def public_aggregates(engine: Engine, *, k: int) -> SuppressedTable:
    """Distinct voices per (area, dimension) by the latest model, suppressed below k."""
    labels = store.labels_frame(engine).filter(
        (pl.col("kind") == "dimension") & (pl.col("score") >= LABEL_THRESHOLD)
    )
    grouped = (
        labels.with_columns(pl.col("area_pcode").fill_null(NO_AREA))
        .group_by("area_pcode", "label")
        .agg(pl.col("voice_id").n_unique().alias("n"))
    )
    counts = {(r["area_pcode"], r["label"]): r["n"] for r in grouped.iter_rows(named=True)}
    rows = sorted({area for area, _ in counts})
    columns = [d.value for d in Dimension]
    return suppress(counts, rows, columns, k)
