"""Quarantine workflow: look at rejected records, retry them after fixing a mapping.

A retry reads each record's raw fields back (they are stored encrypted), normalises
them with the mapping given (or the one used at ingest) and, when they now make a
voice, stores it and takes the record out of quarantine, so that
voices + quarantined keeps counting every row read once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.domain import Channel, Provenance, RawRecord
from vitalcore.ingest import Defaults, Normalised, load_mapping, normalise_record
from vitalcore.store import AuditEntry
from vitalcore.store.ingest import VoiceWrite


@dataclass(frozen=True)
class RetryCounts:
    """What a retry did: records tried, moved to voices, already voices, still rejected."""

    tried: int = 0
    stored: int = 0
    duplicates: int = 0
    still_quarantined: int = 0

    def line(self) -> str:
        return (f"retried {self.tried}: stored {self.stored}, duplicates {self.duplicates}, "
                f"still quarantined {self.still_quarantined}")


def quarantined_record(entry: dict[str, Any], key: bytes) -> RawRecord:
    """The RawRecord a quarantined entry was made from, decrypted."""
    payload = json.loads(privacy.decrypt(entry["raw_encrypted"], key))
    return RawRecord(
        provenance=Provenance(file=entry["file"], row=entry["row"],
                              message_id=payload.get("message_id")),
        fields=payload.get("fields") or {},
        error=payload.get("error"),
    )


def show_quarantined(engine: Engine, entry_id: str, *, reveal: bool = False,
                     actor: str = "unknown", reason: str | None = None) -> dict[str, Any]:
    """One quarantined record; with `reveal`, its raw fields decrypted (contacts too),
    after an audit entry naming `actor` is written (a reveal of what may be a contact is
    audited like `reveal_contact`)."""
    entry = store.get_quarantined(engine, entry_id)
    if entry is None:
        raise KeyError(f"no single quarantined record with id {entry_id!r}")
    token = entry.pop("raw_encrypted", None)
    if reveal:
        store.write_audit(engine, AuditEntry(
            actor=actor, role="admin", action="reveal_quarantine", subject=entry["id"],
            reason=reason, detail={"file": entry["file"], "row": entry["row"],
                                   "found": token is not None}))
    if reveal and token is not None:
        entry["raw_original"] = quarantined_record({**entry, "raw_encrypted": token},
                                                   privacy.load_key()).fields
    return entry


def retry_quarantined(
    engine: Engine,
    entry_ids: Sequence[str] = (),
    *,
    file: str | None = None,
    mapping: str | Path | None = None,
    channel: Channel | None = None,
    source: str | None = None,
) -> RetryCounts:
    """Normalise quarantined records again (all, those of `file`, or those named)."""
    key = privacy.load_key()
    if entry_ids:
        entries = [store.get_quarantined(engine, i) for i in entry_ids]
        missing = [i for i, e in zip(entry_ids, entries, strict=True) if e is None]
        if missing:
            raise KeyError(f"no single quarantined record with id {', '.join(missing)}")
    else:
        entries = [store.get_quarantined(engine, e["id"])
                   for e in store.quarantine_entries(engine, file=file)]
    mappings: dict[str, Any] = {}
    counts = RetryCounts()
    for entry in entries:
        assert entry is not None
        if entry.get("raw_encrypted") is None:
            continue  # kept by an older vitalcore without its raw fields: cannot retry
        chosen = str(mapping) if mapping else entry["mapping"]
        if chosen not in mappings:
            mappings[chosen] = load_mapping(chosen)
        wanted = channel or (Channel(entry["channel"]) if entry["channel"] else None)
        defaults = Defaults(channel=wanted, source=source or entry["source"])
        result = normalise_record(quarantined_record(entry, key), mappings[chosen], defaults,
                                  key=key)
        if isinstance(result, Normalised):
            batch = store.store_batch(engine, [VoiceWrite(result.voice, result.contact,
                                                          result.original,
                                                          result.attributes or None)], [])
            store.release_quarantined(engine, [entry["id"]])
            counts = RetryCounts(counts.tried + 1, counts.stored + batch.stored,
                                 counts.duplicates + batch.duplicates, counts.still_quarantined)
        else:
            store.requarantine(engine, entry["id"], field=result.field, reason=result.reason)
            counts = RetryCounts(counts.tried + 1, counts.stored, counts.duplicates,
                                 counts.still_quarantined + 1)
    return counts
