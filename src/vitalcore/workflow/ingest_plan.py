"""Before and around an ingest: how a file's columns are read, a preview that writes
nothing, and an editable mapping suggested from the headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify.gazetteer import Gazetteer
from vitalcore.domain import Channel
from vitalcore.ingest import column_plan as _column_plan
from vitalcore.ingest import preview_file
from vitalcore.ingest.columns import ColumnPlan, suggested_mapping


def open_if_present(db: str | None = None) -> Engine | None:
    """The store at `db` if there is one, else None: a preview must not create a store."""
    from vitalcore.config import database_url
    from vitalcore.workflow.core import open as open_store

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    return open_store(db)


def _resolver(engine: Engine | None):  # noqa: ANN202 - a place name -> P-code callable
    return Gazetteer(store.list_areas(engine)).resolve if engine is not None else None


def column_plan(engine: Engine | None, path: str | Path, *, format: str | None = None,
                mapping: str | Path | None = None) -> ColumnPlan:
    """Which column becomes which Voice field, which are not used, which look misplaced.

    With a store, an unused column of place names its gazetteer knows is flagged too.
    """
    return _column_plan(Path(path), format=format, mapping=mapping,
                        resolve_area=_resolver(engine))


def preview_ingest(engine: Engine | None, path: str | Path, *, format: str | None = None,
                   mapping: str | Path | None = None, channel: Channel | None = None,
                   source: str | None = None, rows: int = 5,
                   scan: int = 1000) -> dict[str, Any]:
    """What `ingest` would store and quarantine from the file's first records; writes
    nothing (place names are resolved against the store's gazetteer when there is one)."""
    return preview_file(Path(path), format=format, mapping=mapping, channel=channel,
                        source=source, resolve_area=_resolver(engine), rows=rows, scan=scan)


def suggest_mapping(path: str | Path, *, format: str | None = None,
                    channel: Channel | None = None) -> str:
    """A mapping YAML for the file, from its headers, to edit and pass as --mapping."""
    path = Path(path)
    plan = _column_plan(path, format=format)
    return suggested_mapping(plan, source=path.stem,
                             channel=channel.value if channel else None)
