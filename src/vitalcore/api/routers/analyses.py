"""Analyses: each endpoint is one thin call of a workflow function.

An analysis returns a polars frame (or dataclasses); `table()` turns either into JSON
rows, so adding an analysis is one function here and nothing else.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Query
from pydantic import BaseModel

from vitalcore import workflow
from vitalcore.api.deps import EngineDep, Reader

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


def table(name: str, result: Any) -> AnalysisTable:
    """Any analysis result as rows: a frame, one dataclass or a sequence of them."""
    if isinstance(result, pl.DataFrame):
        rows = result.to_dicts()
    elif isinstance(result, list | tuple):
        rows = [_row(r) for r in result]
    else:
        rows = [_row(result)]
    return AnalysisTable(analysis=name, rows=rows)


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
