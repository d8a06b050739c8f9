"""What every page module shares: the memo of analyses, the filter vocabularies, and
small row-shaping helpers (formatting and choosing rows only; no analysis here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from vitalcore import store
from vitalcore.domain import Dimension, Group
from vitalcore.web.access import engine_of
from vitalcore.web.memo import AnalysisMemo

T = TypeVar("T")
DIMENSIONS = [d.value for d in Dimension]
GROUPS = [g.value for g in Group]


def analysis(request: Request, name: str, compute: Callable[..., T], **kwargs: Any) -> T:
    """An analysis of the store, through the app's per-data-version memo."""
    memo: AnalysisMemo = request.app.state.web_memo
    return memo.get(engine_of(request), name, compute, **kwargs)


def area_names(request: Request) -> dict[str, str]:
    frame = store.areas_frame(engine_of(request))
    return dict(zip(frame["pcode"].to_list(), frame["name"].to_list(), strict=True))
