"""What the dashboard reads besides the analyses, so that its pages call workflow only
(the layering rule: outputs never import store or analysis): versions of the data for
its memos, the gazetteer's names, one voice, the newest voice's time, and the changes
between two rankings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.analysis.changes import ranking_changes as _ranking_changes


def analysis_version(engine: Engine) -> str:
    """Changes whenever voices, their readings, the model or corrections change."""
    return store.analysis_version(engine)


def mandates_version(engine: Engine) -> str:
    """Changes whenever a mandate is imported or replaced."""
    return store.mandates_version(engine)


def area_names(engine: Engine) -> dict[str, str]:
    """P-code -> name of every area of the gazetteer."""
    frame = store.areas_frame(engine)
    return dict(zip(frame["pcode"].to_list(), frame["name"].to_list(), strict=True))


def voice(engine: Engine, voice_id: str) -> dict[str, Any] | None:
    """One stored voice with its latest classification, or None."""
    return store.get_voice(engine, voice_id)


def latest_voice_time(engine: Engine) -> datetime | None:
    """When the newest voice in the store happened (None for an empty store)."""
    return store.latest_voice_time(engine)


def ranking_changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """What moved between two rankings of rank_threats (new, gone, up, down, same)."""
    return _ranking_changes(before, after)
