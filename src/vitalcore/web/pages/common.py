"""What every page module shares: the memo of analyses, the filter vocabularies, and
small row-shaping helpers (formatting and choosing rows only; no analysis here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from vitalcore import store
from vitalcore.domain import Dimension, Group
from vitalcore.web.access import engine_of
from vitalcore.web.memo import AnalysisMemo, data_version

T = TypeVar("T")
DIMENSIONS = [d.value for d in Dimension]
GROUPS = [g.value for g in Group]


def analysis(request: Request, name: str, compute: Callable[..., T], *,
             mandates: bool = False, **kwargs: Any) -> T:
    """An analysis of the store, through the app's per-data-version memo (keyed by the
    mandates' version too when `mandates`). The version is read once per request: a
    page's analyses all describe the same data."""
    memo: AnalysisMemo = request.app.state.web_memo
    engine = engine_of(request)
    attribute = "vitalcore_mandates_version" if mandates else "vitalcore_data_version"
    version = getattr(request.state, attribute, None)
    if version is None:
        version = data_version(engine, mandates=mandates)
        setattr(request.state, attribute, version)
    return memo.get(engine, name, compute, version=version, **kwargs)


def area_names(request: Request) -> dict[str, str]:
    frame = store.areas_frame(engine_of(request))
    return dict(zip(frame["pcode"].to_list(), frame["name"].to_list(), strict=True))
