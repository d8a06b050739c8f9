"""Analyses: each endpoint is one thin call of a workflow function.

An analysis returns a polars frame (or dataclasses); `table()` turns either into JSON
rows, so adding an analysis is one function here and nothing else.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Annotated, Any, Literal

import polars as pl
from fastapi import APIRouter, Query
from pydantic import BaseModel

from vitalcore import workflow
from vitalcore.api.deps import EngineDep, Reader
from vitalcore.domain import Dimension

router = APIRouter(prefix="/analyses", tags=["analyses"])


class AnalysisTable(BaseModel):
    analysis: str
    rows: list[dict[str, Any]]


def _row(item: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return dict(item)


def _finite(value: Any) -> Any:
    """NaN and infinities (an undefined statistic) as null: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def table(name: str, result: Any) -> AnalysisTable:
    """Any analysis result as rows: a frame, one dataclass or a sequence of them."""
    if isinstance(result, pl.DataFrame):
        rows = result.to_dicts()
    elif isinstance(result, list | tuple):
        rows = [_row(r) for r in result]
    else:
        rows = [_row(result)]
    return AnalysisTable(analysis=name, rows=_finite(rows))


Area = Annotated[str | None, Query(max_length=32, description="Area P-code; all when absent")]


@router.get("/vital-core", response_model=AnalysisTable)
def vital_core(
    account: Reader,
    engine: EngineDep,
    area: Area = None,
    min_voices: Annotated[int, Query(ge=1, le=10_000)] = 5,
) -> AnalysisTable:
    """Threats ranked per area by severity x pervasiveness, weighted by people's priorities."""
    return table("vital-core", workflow.vital_core(engine, area=area, min_voices=min_voices))


@router.get("/alerts", response_model=AnalysisTable)
def alerts(
    account: Reader,
    engine: EngineDep,
    freq: Literal["day", "week"] = "day",
    as_of: date | None = None,
    area: Area = None,
    dimension: Dimension | None = None,
    include_resolved: bool = True,
) -> AnalysisTable:
    """Early-warning alerts per area and dimension (and threat type), with their state."""
    result = workflow.alerts(engine, freq=freq, as_of=as_of, area=area,
                             dimension=dimension.value if dimension else None,
                             include_resolved=include_resolved)
    return table("alerts", result)


@router.get("/spread", response_model=AnalysisTable)
def spread(
    account: Reader,
    engine: EngineDep,
    window: Annotated[int, Query(ge=1, le=365)] = 14,
    k: Annotated[int, Query(ge=1, le=20)] = 3,
    max_km: Annotated[float | None, Query(gt=0, le=5000)] = None,
    as_of: date | None = None,
    dimension: Dimension | None = None,
    cross_border_only: bool = False,
) -> AnalysisTable:
    """Alerts that moved between neighbouring areas, across borders included."""
    result = workflow.spread(engine, window=window, k=k, max_km=max_km, as_of=as_of,
                             dimension=dimension.value if dimension else None,
                             cross_border_only=cross_border_only)
    return table("spread", result)


@router.get("/rumours", response_model=AnalysisTable)
def rumours(account: Reader, engine: EngineDep, include_all: bool = False) -> AnalysisTable:
    """Claim clusters flagged as possible rumours: fast, uncorroborated, one source."""
    return table("rumours", workflow.rumours(engine, include_all=include_all))


@router.get("/claim-clusters", response_model=AnalysisTable)
def claim_clusters(
    account: Reader,
    engine: EngineDep,
    min_size: Annotated[int, Query(ge=2, le=1000)] = 3,
) -> AnalysisTable:
    """Near-duplicate voices about the same event, with a credibility score."""
    return table("claim-clusters", workflow.claim_clusters(engine, min_size=min_size))
