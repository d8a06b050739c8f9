"""Stored alerts (issue 22): the episodes early warning found, with their lifecycle, and
the state of the data they were computed from (schema: alerts, alert_refresh)."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Engine, delete, func, insert, select, text

from vitalcore.store.repository import latest_model_version
from vitalcore.store.schema import (
    ROWS_PER_STATEMENT,
    alert_refresh,
    alerts,
    area_links,
    areas,
    classifications,
)
from vitalcore.store.voice_reads import data_version

ALERTS_LOCK = 22_0021  # advisory lock id of the alert refresh (PostgreSQL)
STORED_COLUMNS = ("alert_id", "area_pcode", "dimension", "threat_type", "first_signal",
                  "last_signal", "resolved_on", "state", "lifecycle", "algorithms",
                  "statistics", "voices", "peak_voices", "first_seen_at", "updated_at")


def alerts_data_key(engine: Engine) -> str:
    """What the alerts depend on: the voices (data version), the newest model's
    classifications and the areas' neighbours (the cluster rate test). A new voice, a
    deletion, a reclassification or new adjacency changes it."""
    version = latest_model_version(engine)
    with engine.connect() as conn:
        classified = conn.scalar(select(func.count()).select_from(classifications).where(
            classifications.c.model_version == version)) if version else 0
        links = conn.scalar(select(func.count()).select_from(area_links))
        placed = conn.scalar(select(func.count()).select_from(areas))
    return f"{data_version(engine).fingerprint}|{version}|{classified}|{links}|{placed}"


def alerts_refreshed_for(engine: Engine, freq: str) -> str | None:
    """The data key the stored alerts of `freq` were computed from (None: never)."""
    with engine.connect() as conn:
        return conn.scalar(select(alert_refresh.c.data_key)
                           .where(alert_refresh.c.freq == freq))


def stored_alerts(engine: Engine, freq: str) -> list[dict]:
    """Every stored alert of `freq` (day or week), oldest first."""
    stmt = (select(*[alerts.c[c] for c in STORED_COLUMNS]).where(alerts.c.freq == freq)
            .order_by(alerts.c.first_signal, alerts.c.area_pcode, alerts.c.alert_id))
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]


def save_alerts(engine: Engine, rows: pl.DataFrame | list[dict], *, freq: str,
                data_key: str, now: datetime) -> int:
    """Replace the stored alerts of `freq` by `rows` (with lifecycle) in one transaction,
    and record the data key they were computed from."""
    records = rows.to_dicts() if isinstance(rows, pl.DataFrame) else list(rows)
    values = [{**{c: r.get(c) for c in STORED_COLUMNS}, "freq": freq} for r in records]
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two readers refreshing at once (the dashboard warms pages in a thread):
            # one waits for the other instead of inserting the same keys beside it.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ALERTS_LOCK})
        conn.execute(delete(alerts).where(alerts.c.freq == freq))
        for start in range(0, len(values), ROWS_PER_STATEMENT):
            conn.execute(insert(alerts), values[start : start + ROWS_PER_STATEMENT])
        conn.execute(delete(alert_refresh).where(alert_refresh.c.freq == freq))
        conn.execute(insert(alert_refresh).values(freq=freq, data_key=data_key,
                                                  refreshed_at=now))
    return len(values)
