"""What every page module shares: the memo of analyses, the filter vocabularies, and
small row-shaping helpers (formatting and choosing rows only; no analysis here)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request

from vitalcore import workflow
from vitalcore.domain import Dimension, Group
from vitalcore.web.access import engine_of
from vitalcore.web.memo import AnalysisMemo, data_version

T = TypeVar("T")
DIMENSIONS = [d.value for d in Dimension]
GROUPS = [g.value for g in Group]


def analysis(request: Request, name: str, compute: Callable[..., T], *,
             mandates: bool = False, **kwargs: Any) -> T:
    """An analysis of the store, through the app's per-data-version memo (keyed by the
    mandates' version too when `mandates`)."""
    memo: AnalysisMemo = request.app.state.web_memo
    return memo.get(engine_of(request), name, compute, version=_version(request, mandates),
                    **kwargs)


def drawing(request: Request, name: str, draw: Callable[[], T], **key: Hashable) -> T:
    """draw(), or the drawing kept for this data version and `key` (everything else it
    depends on besides the analyses it is made of: filters, language, geography)."""
    memo: AnalysisMemo = request.app.state.web_drawings
    return memo.get(engine_of(request), name, lambda _engine, **_: draw(),
                    version=_version(request, mandates=False), **key)


def _version(request: Request, mandates: bool) -> str:
    # Read once per request: a page's analyses and drawings all describe the same data.
    attribute = "vitalcore_mandates_version" if mandates else "vitalcore_data_version"
    version = getattr(request.state, attribute, None)
    if version is None:
        version = data_version(engine_of(request), mandates=mandates)
        setattr(request.state, attribute, version)
    return version


def area_names(request: Request) -> dict[str, str]:
    frame = workflow.areas_frame(engine_of(request))
    return dict(zip(frame["pcode"].to_list(), frame["name"].to_list(), strict=True))
