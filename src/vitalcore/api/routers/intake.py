"""Intake: voices submitted one at a time or in batches, and partner webhooks.

All of them go through workflow.intake, i.e. the normalise/quarantine path of a file
ingest; a record that cannot become a voice is quarantined and counted, not lost.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Query, Request

from vitalcore.api.deps import EngineDep, KeyDep, SettingsDep, Submitter
from vitalcore.api.schemas import IntakePublic, VoiceBatchCreate, VoiceCreate
from vitalcore.workflow import Account
from vitalcore.workflow.intake import TooManyRecords, submit_payload, submit_voices

router = APIRouter(prefix="/intake", tags=["intake"])


def _source(account: Account, given: str | None) -> str:
    """The source a submission is for: an account scoped to a source may use only it."""
    if account.source and given and given != account.source:
        raise HTTPException(
            403, f"this account may submit only for source {account.source!r}, not {given!r}"
        )
    source = given or account.source
    if not source:
        raise HTTPException(422, "name the voice's source: this account has no source scope")
    return source


def _record(voice: VoiceCreate, source: str) -> dict:
    """A VoiceCreate in vitalcore's flat ingest layout (ingest/mappings/vitalcore.yaml)."""
    return {
        "text": voice.text,
        "channel": voice.channel.value,
        "source": source,
        "id": voice.message_id,
        "language": voice.language,
        "occurred_at": voice.occurred_at.isoformat() if voice.occurred_at else None,
        "area_pcode": voice.area_pcode,
        "place": voice.place_name,
        "lat": voice.lat,
        "lon": voice.lon,
        "reporter": voice.reporter_contact,
        "groups": [g.value for g in voice.groups],
        "priorities": [p.value for p in voice.priorities],
        "severity": voice.severity,
        "solution": voice.solution,
        "consent_quote": "yes" if voice.consent_quote else "no",
        "consent_share": "yes" if voice.consent_share else "no",
    }


def _origin(account: Account) -> str:
    return f"api:{account.kind}:{account.id}"


@router.post("/voices", response_model=IntakePublic)
def submit_one(voice: VoiceCreate, account: Submitter, engine: EngineDep,
               settings: SettingsDep, key: KeyDep) -> IntakePublic:
    """Submit one voice; the same message_id again stores nothing new."""
    record = _record(voice, _source(account, voice.source))
    counts = submit_voices(engine, [record], origin=_origin(account), source=record["source"],
                           key=key, max_text=settings.max_text_chars)
    return IntakePublic(**vars(counts))


@router.post("/batch", response_model=IntakePublic)
def submit_batch(batch: VoiceBatchCreate, account: Submitter, engine: EngineDep,
                 settings: SettingsDep, key: KeyDep) -> IntakePublic:
    """Submit up to VITALCORE_MAX_BATCH voices in one request."""
    if len(batch.voices) > settings.max_batch:
        raise HTTPException(
            413, f"batch of {len(batch.voices)} voices; at most {settings.max_batch} per request"
        )
    records = [_record(v, _source(account, v.source)) for v in batch.voices]
    counts = submit_voices(engine, records, origin=_origin(account), source=None, key=key,
                           max_text=settings.max_text_chars)
    return IntakePublic(**vars(counts))


# The partner formats are documented by their vendors, not by us: the body is any JSON
# (and, for SMS gateways, also a form post); the format's reader decides what it means.
_WEBHOOK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"anyOf": [{"type": "object"}, {"type": "array"}]}},
            "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
        },
    }
}
SourceQuery = Annotated[
    str | None, Query(max_length=200, description="Source; defaults to the key's source")
]


async def _payload(request: Request) -> Any:
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            raise HTTPException(422, "the form body is not UTF-8") from None
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise HTTPException(422, f"the body is not JSON: {err}") from None
    except RecursionError:
        raise HTTPException(422, "the body is JSON nested too deeply to read") from None


def _hook(fmt: str, payload: Any, account: Account, source: str | None, engine: EngineDep,
          settings: SettingsDep, key: bytes) -> IntakePublic:
    try:
        counts = submit_payload(engine, payload, format=fmt, origin=_origin(account),
                                source=_source(account, source), key=key,
                                max_records=settings.max_batch,
                                max_text=settings.max_text_chars)
    except TooManyRecords as err:
        raise HTTPException(413, str(err)) from None
    return IntakePublic(**vars(counts))


@router.post("/rapidpro", response_model=IntakePublic, openapi_extra=_WEBHOOK_BODY)
async def rapidpro(request: Request, account: Submitter, engine: EngineDep,
                   settings: SettingsDep, key: KeyDep, source: SourceQuery = None
                   ) -> IntakePublic:
    """RapidPro/TextIt "Call Webhook" action (or a page of runs or messages)."""
    return _hook("rapidpro", await _payload(request), account, source, engine, settings, key)


@router.post("/kobo", response_model=IntakePublic, openapi_extra=_WEBHOOK_BODY)
async def kobo(request: Request, account: Submitter, engine: EngineDep,
               settings: SettingsDep, key: KeyDep, source: SourceQuery = None) -> IntakePublic:
    """KoboToolbox REST Service: one submission as JSON."""
    return _hook("kobo", await _payload(request), account, source, engine, settings, key)


@router.post("/sms", response_model=IntakePublic, openapi_extra=_WEBHOOK_BODY)
async def sms(request: Request, account: Submitter, engine: EngineDep,
              settings: SettingsDep, key: KeyDep, source: SourceQuery = None) -> IntakePublic:
    """A plain SMS gateway: {"from", "text", "id", "timestamp"} as JSON or a form post."""
    return _hook("sms", await _payload(request), account, source, engine, settings, key)
