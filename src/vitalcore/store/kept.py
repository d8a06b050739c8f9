"""Outputs of read commands kept per data version (the `kept_outputs` table, migration
0029), so that a read command asked again about the same data prints what it printed
without computing it again (issue 24: every read command under a second).

`kept_version` changes with any change an analysis can read: the voices, their readings,
the model and corrections (`analysis_version`, read in O(1)), and the whole content of
every small table a command reads (areas, adjacency, actions, mandates, situations,
stored alerts, counters, marks, erasures), compared row by row, so an edit in place is
seen as well as an insert or a delete. An output is read only under the version it was
printed for; keeping a new one drops those of every other version.

The same table keeps analysis results that several read commands start from (the
ranking, the capacity evidence: `keep_frames`, workflow/kept.py), under keys that begin
with MEMO, so that a command asked with other options than before (--wide, --top,
--lang) reads them instead of computing them again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine, Table, delete, insert, select

from vitalcore.store.dashboard import analysis_version
from vitalcore.store.schema import (
    actions,
    alert_refresh,
    alerts,
    area_boundaries,
    area_links,
    areas,
    erased_reporters,
    kept_outputs,
    mandate_paragraphs,
    mandate_tasks,
    mandates,
    model_artefacts,
    situations,
    store_counters,
    store_marks,
)

if TYPE_CHECKING:
    import polars as pl

# Keys of kept frames (keep_frames) start with it; a command's output's key is hex.
MEMO = "memo:"
# Read whole: small tables that may be edited in place (alerts' lifecycle, counters).
_WHOLE = (areas, area_links, actions, mandates, mandate_paragraphs, mandate_tasks,
          situations, alerts, alert_refresh, store_counters, store_marks, erased_reporters)
# Read by the columns that change when a row is replaced: not the geometry, the artefact.
_COLUMNS = ((area_boundaries.c.pcode, area_boundaries.c.source, area_boundaries.c.imported_at),
            (model_artefacts.c.version, model_artefacts.c.created_at))
# Outputs kept at most, newest first (each a few kB: tables of aggregates).
MAX_KEPT = 256


def kept_version(engine: Engine) -> str:
    """A fingerprint of everything a read command may read (see the module's doc)."""
    return _version(engine, _WHOLE)


def memo_version(engine: Engine) -> str:
    """kept_version without the stored alerts: what the kept analysis results (the
    ranking, chains, claim clusters, ...) are computed from. None of them reads an
    alert, and a read command refreshes the stored alerts (a first `alerts --weekly`
    stores the weekly ones), which must not throw those results away."""
    return _version(engine, tuple(t for t in _WHOLE if t not in (alerts, alert_refresh)))


def _version(engine: Engine, whole: Sequence[Table]) -> str:
    digest = hashlib.sha256(analysis_version(engine).encode())
    with engine.connect() as conn:
        for table in whole:
            digest.update(table.name.encode())
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
        for columns in _COLUMNS:
            digest.update(columns[0].table.name.encode())
            for row in conn.execute(select(*columns).order_by(columns[0])):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:32]


def kept_output(engine: Engine, key: str, version: str) -> list[tuple[int, str]] | None:
    """The writes kept under `key` for this data version, or None: (stream, text) in
    the order printed, stream 1 standard output and 2 standard error."""
    c = kept_outputs.c
    with engine.connect() as conn:
        output = conn.scalar(select(c.output).where(c.key == key, c.version == version))
    return None if output is None else [(int(n), str(t)) for n, t in json.loads(output)]


def keep_output(engine: Engine, key: str, version: str,
                output: Sequence[tuple[int, str]]) -> None:
    """Keep an output (writes as kept_output gives them) under `key` for this version;
    drop those of other versions and the oldest beyond MAX_KEPT."""
    _keep(engine, key, version, json.dumps([list(w) for w in output]))


def kept_frames(engine: Engine, key: str, version: str) -> list[pl.DataFrame] | None:
    """The frames kept under `key` (a `MEMO` key) for this version (memo_version), or
    None."""
    import polars as pl

    c = kept_outputs.c
    with engine.connect() as conn:
        output = conn.scalar(select(c.output).where(c.key == key, c.version == version))
    if output is None:
        return None
    return [pl.read_ipc(io.BytesIO(base64.b64decode(f))) for f in json.loads(output)]


def keep_frames(engine: Engine, key: str, version: str,
                frames: Sequence[pl.DataFrame]) -> None:
    """Keep analysis results (intermediate frames a read command computes from the data)
    under `key` for this data version, beside the outputs and dropped with them: by new
    data, by MAX_KEPT, by an erasure (store/erasure.py empties the table)."""
    if not key.startswith(MEMO):
        raise ValueError(f"a kept frame's key starts with {MEMO!r}, not {key[:8]!r}")
    texts = []
    for frame in frames:
        buffer = io.BytesIO()
        frame.write_ipc(buffer, compression="zstd")  # Arrow IPC: every type exactly
        texts.append(base64.b64encode(buffer.getvalue()).decode("ascii"))
    _keep(engine, key, version, json.dumps(texts))


def _keep(engine: Engine, key: str, version: str, output: str) -> None:
    c = kept_outputs.c
    now = datetime.now(UTC).replace(tzinfo=None)
    # Outputs and kept results are versioned apart (kept_version, memo_version): each
    # drops only its own kind kept under another version.
    same_kind = c.key.startswith(MEMO) if key.startswith(MEMO) else ~c.key.startswith(MEMO)
    with engine.begin() as conn:
        conn.execute(delete(kept_outputs).where(
            (c.key == key) | ((c.version != version) & same_kind)))
        conn.execute(insert(kept_outputs).values(
            key=key, version=version, output=output, kept_at=now))
        old = conn.scalars(select(c.key).order_by(c.kept_at.desc(), c.key)
                           .offset(MAX_KEPT)).all()
        if old:
            conn.execute(delete(kept_outputs).where(c.key.in_(old)))
