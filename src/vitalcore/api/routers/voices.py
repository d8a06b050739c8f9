"""Voices for analysts: search with filters and pagination, one voice with its labels."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from vitalcore import store
from vitalcore.api.deps import EngineDep, Reader
from vitalcore.api.schemas import VoiceDetail, VoicePage, VoicePublic
from vitalcore.domain import Channel, Dimension
from vitalcore.store import VoiceFilter

router = APIRouter(prefix="/voices", tags=["voices"])


def voice_filter(
    area: Annotated[str | None, Query(max_length=32, description="Area P-code")] = None,
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
    rows, total = store.search_voices(engine, filters, limit=limit, offset=offset)
    return VoicePage(total=total, limit=limit, offset=offset,
                     items=[VoicePublic(**r) for r in rows])


@router.get("/{voice_id}", response_model=VoiceDetail)
def get_one(voice_id: str, account: Reader, engine: EngineDep) -> VoiceDetail:
    """One voice with its latest classification."""
    found = store.get_voice(engine, voice_id)
    if found is None:
        raise HTTPException(404, f"no voice {voice_id!r}")
    return VoiceDetail(**found)
