"""Actions of duty-bearers (patrols, programmes, dialogues) and their measured effect."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import Field

from vitalcore import workflow
from vitalcore.api.deps import EngineDep, Labeller, Reader
from vitalcore.api.routers.analyses import AnalysisTable, table
from vitalcore.api.schemas import StrictInput
from vitalcore.domain import Dimension

router = APIRouter(prefix="/actions", tags=["actions"])


class ActionCreate(StrictInput):
    area_pcode: str = Field(min_length=1, max_length=32)
    dimension: Dimension
    kind: str = Field(min_length=1, max_length=64, description="taxonomy/action_kinds.yaml")
    start: date
    end: date | None = None
    description: str = Field("", max_length=5_000)
    action_id: str | None = Field(None, max_length=64)


@router.get("", response_model=AnalysisTable)
def list_actions(
    account: Reader, engine: EngineDep,
    area: Annotated[str | None, Query(max_length=32)] = None,
) -> AnalysisTable:
    """Recorded actions, oldest first."""
    return table("actions", workflow.actions(engine, area=area))


@router.post("", response_model=AnalysisTable, status_code=201)
def record_action(body: ActionCreate, account: Labeller, engine: EngineDep) -> AnalysisTable:
    """Record what a duty-bearer did; the same action twice is stored once."""
    try:
        action = workflow.record_action(
            engine, area=body.area_pcode, dimension=body.dimension.value, kind=body.kind,
            start=body.start, end=body.end, description=body.description,
            who=f"{account.kind}:{account.name}", action_id=body.action_id,
        )
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    return table("actions", [action])


@router.get("/{action_id}/effect", response_model=AnalysisTable)
def action_effect(
    action_id: str,
    account: Reader,
    engine: EngineDep,
    pre_days: Annotated[int, Query(ge=7, le=365)] = 28,
    post_days: Annotated[int, Query(ge=7, le=365)] = 28,
) -> AnalysisTable:
    """Difference in differences around the action, with labels that rose after it."""
    try:
        effect = workflow.action_effect(engine, action_id, pre_days=pre_days,
                                        post_days=post_days)
    except KeyError as err:
        raise HTTPException(404, str(err.args[0])) from None
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    return table("action-effect", effect)
