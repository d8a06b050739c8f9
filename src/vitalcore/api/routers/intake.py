"""Intake: voices submitted one at a time or in batches, and partner webhooks.

All of them go through workflow.intake, i.e. the normalise/quarantine path of a file
ingest; a record that cannot become a voice is quarantined and counted, not lost.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from vitalcore.api.deps import EngineDep, SettingsDep, Submitter
from vitalcore.api.schemas import IntakePublic, VoiceBatchCreate, VoiceCreate
from vitalcore.store import Account
from vitalcore.workflow.intake import submit_voices

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
def submit_one(voice: VoiceCreate, account: Submitter, engine: EngineDep) -> IntakePublic:
    """Submit one voice; the same message_id again stores nothing new."""
    record = _record(voice, _source(account, voice.source))
    counts = submit_voices(engine, [record], origin=_origin(account), source=record["source"])
    return IntakePublic(**vars(counts))


@router.post("/batch", response_model=IntakePublic)
def submit_batch(batch: VoiceBatchCreate, account: Submitter, engine: EngineDep,
                 settings: SettingsDep) -> IntakePublic:
    """Submit up to VITALCORE_MAX_BATCH voices in one request."""
    if len(batch.voices) > settings.max_batch:
        raise HTTPException(
            413, f"batch of {len(batch.voices)} voices; at most {settings.max_batch} per request"
        )
    records = [_record(v, _source(account, v.source)) for v in batch.voices]
    counts = submit_voices(engine, records, origin=_origin(account), source=None)
    return IntakePublic(**vars(counts))
