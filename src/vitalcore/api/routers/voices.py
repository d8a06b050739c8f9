"""Voices for analysts: search with filters and pagination, one voice with its labels."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from vitalcore import workflow
from vitalcore.api.deps import EngineDep, Labeller, Reader
from vitalcore.api.routers.analyses import AnalysisTable, table
from vitalcore.api.schemas import (
    CorrectionCreate,
    CorrectionPublic,
    VoiceDetail,
    VoicePage,
    VoicePublic,
)
from vitalcore.domain import Channel, Dimension
from vitalcore.workflow import VoiceFilter

router = APIRouter(prefix="/voices", tags=["voices"])


def voice_filter(
    area: Annotated[str | None, Query(
        max_length=32, description="Area: a cercle, a region or a country code (rolled up)")
    ] = None,
    channel: Channel | None = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    reporter: Annotated[str | None, Query(max_length=64, description="Pseudonym")] = None,
    dimension: Dimension | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the text")] = None,
) -> VoiceFilter:
    """The filters shared by the voice search and the exports."""
    return VoiceFilter(
        area=area, channel=channel.value if channel else None, source=source,
        language=language, reporter=reporter,
        dimension=dimension.value if dimension else None,
        since=since.replace(tzinfo=None) if since else None,
        until=until.replace(tzinfo=None) if until else None, text=q,
    )


FilterDep = Annotated[VoiceFilter, Depends(voice_filter)]


@router.get("", response_model=VoicePage)
def search(
    account: Reader,
    engine: EngineDep,
    filters: FilterDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> VoicePage:
    """Voices matching every filter given, newest first, one page at a time."""
    rows, total = workflow.search_voices(engine, filters, limit=limit, offset=offset)
    return VoicePage(total=total, limit=limit, offset=offset,
                     items=[VoicePublic(**r) for r in rows])


@router.get("/review-queue", response_model=AnalysisTable)
def review_queue(
    account: Labeller, engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> AnalysisTable:
    """Voices whose labels the model is least sure of, for an analyst to confirm or fix."""
    return table("review-queue", workflow.review_queue(engine, limit=limit))


@router.get("/{voice_id}", response_model=VoiceDetail)
def get_one(voice_id: str, account: Reader, engine: EngineDep) -> VoiceDetail:
    """One voice with its latest classification."""
    found = workflow.get_voice(engine, voice_id)
    if found is None:
        raise HTTPException(404, f"no voice {voice_id!r}")
    return VoiceDetail(**found)


@router.post("/{voice_id}/labels", response_model=CorrectionPublic, status_code=201)
def correct_labels(voice_id: str, body: CorrectionCreate, account: Labeller,
                   engine: EngineDep) -> CorrectionPublic:
    """Add or remove labels of one voice; corrections are kept and retrain the model."""
    if workflow.get_voice(engine, voice_id) is None:
        raise HTTPException(404, f"no voice {voice_id!r}")
    try:
        recorded = workflow.correct_labels(engine, voice_id, add=body.add, remove=body.remove,
                                           analyst=f"{account.kind}:{account.name}")
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    return CorrectionPublic(voice_id=voice_id, recorded=recorded)
