"""Exports of voices and analyses, each written to the audit log before it is handed out.

The audit entry names who exported what, in which format, with which filters and how
many rows; it never holds the rows themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.store import Account, AuditEntry, VoiceFilter
from vitalcore.workflow.core import vital_core
from vitalcore.workflow.places import search_voices

EXPORT_LIMIT = 100_000  # rows per export: beyond it, export by filters in parts

VOICE_COLUMNS = (
    "id", "text", "channel", "source", "source_id", "language", "occurred_at", "area_pcode",
    "place_name", "lat", "lon", "reporter", "groups_reported", "priorities",
    "severity_reported", "solution", "consent_quote", "consent_share", "ingested_at",
)


def _voices(engine: Engine, filters: VoiceFilter) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    rows, _ = search_voices(engine, filters, limit=EXPORT_LIMIT)
    return rows, VOICE_COLUMNS


def _vital_core(engine: Engine, filters: VoiceFilter) -> tuple[list[dict[str, Any]], tuple]:
    table = vital_core(engine, area=filters.area)
    lookup = {a.pcode: (a.lat, a.lon) for a in store.list_areas(engine)}
    rows = []
    for row in table.to_dicts():
        lat, lon = lookup.get(row["area_pcode"], (None, None))
        rows.append({**row, "lat": lat, "lon": lon})
    return rows, (*table.columns, "lat", "lon")


DATASETS: dict[str, Callable[[Engine, VoiceFilter], tuple[list[dict[str, Any]], tuple]]] = {
    "voices": _voices,
    "vital-core": _vital_core,
}


def export_rows(
    engine: Engine, *, dataset: str, fmt: str, filters: VoiceFilter, account: Account
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """(rows, columns) of a dataset, after recording the export in the audit log."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; datasets: {', '.join(DATASETS)}")
    rows, columns = DATASETS[dataset](engine, filters)
    given = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
             for k, v in asdict(filters).items() if v is not None}
    store.write_audit(engine, AuditEntry(
        actor=f"{account.kind}:{account.name}", role=account.role, action="export",
        subject=dataset, detail={"format": fmt, "rows": len(rows), "filters": given},
    ))
    return rows, tuple(columns)
