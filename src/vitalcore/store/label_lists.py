"""Each classified voice's place, time and labels as lists: what threat chains read.

`labels_frame` gives every label of every voice with its score and the voice's columns
(some 160,000 rows for the demo's 20,000 voices), for the analyses that weigh, rank and
disaggregate. Threat chains need only where and when a voice was and which dimensions
and threat types it was given: here the labels that score at least `min_score` are read
(a sixth of the rows) and the voices once, in the voice table's shape
(analysis.voice_table: the same voices, the same sorted lists).
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, exists, select

from vitalcore.store.dashboard import latest_model_version
from vitalcore.store.frames import read_frame
from vitalcore.store.schema import classifications, voice_labels, voices

LIST_COLUMNS = {
    "voice_id": pl.String,
    "area_pcode": pl.String,
    "occurred_at": pl.Datetime("us"),
    "dimensions": pl.List(pl.String),
    "threats": pl.List(pl.String),
}
_LISTS = {"dimension": "dimensions", "threat": "threats"}


def voice_label_lists(engine: Engine, *, min_score: float = 0.5,
                      model_version: str | None = None) -> pl.DataFrame:
    """Per voice classified by the model (default: the most recent): voice_id,
    area_pcode, occurred_at and its dimensions and threat types scoring at least
    `min_score`, each list sorted (empty when none). The voices are those
    `labels_frame` gives rows for: a classification and at least one label."""
    version = model_version or latest_model_version(engine)
    if not version:
        return pl.DataFrame(schema=LIST_COLUMNS)
    classified = (classifications.c.voice_id == voices.c.id) & (
        classifications.c.model_version == version)
    labelled = exists().where(voice_labels.c.voice_id == voices.c.id,
                              voice_labels.c.model_version == version)
    voice_stmt = (select(voices.c.id, voices.c.area_pcode, voices.c.occurred_at)
                  .join(classifications, classified).where(labelled))
    # The labels alone (the label index covers this read): the join to the voices
    # found below keeps those of classified voices, as labels_frame's joins do.
    label_stmt = (
        select(voice_labels.c.voice_id, voice_labels.c.kind, voice_labels.c.label)
        .where(voice_labels.c.model_version == version,
               voice_labels.c.kind.in_(list(_LISTS)), voice_labels.c.score >= min_score)
    )
    with engine.connect() as conn:
        labels = read_frame(conn, label_stmt, {"voice_id": pl.String, "kind": pl.String,
                                               "label": pl.String})
        found = read_frame(conn, voice_stmt, {k: LIST_COLUMNS[k] for k in
                                              ("voice_id", "area_pcode", "occurred_at")})
    lists = labels.group_by("voice_id").agg(
        pl.col("label").filter(pl.col("kind") == kind).sort().alias(column)
        for kind, column in _LISTS.items())
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (found.join(lists, on="voice_id", how="left", maintain_order="left")
            .with_columns(pl.col(c).fill_null(empty) for c in _LISTS.values())
            .select(list(LIST_COLUMNS)))
