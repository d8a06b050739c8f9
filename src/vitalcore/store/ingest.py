"""Writes of the ingest pipeline: one batch, one transaction.

A batch's voices, their encrypted originals and contacts, their attributes and the
batch's quarantined records commit together or not at all, so an ingest killed at any
moment leaves whole batches only; the content keys make the re-run skip them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select

from vitalcore.domain import QuarantineEntry, Voice
from vitalcore.store.erasure import withheld
from vitalcore.store.repository import IngestCounts, _voice_row
from vitalcore.store.schema import (
    quarantine,
    quarantine_details,
    reporter_contacts,
    voice_attributes,
    voice_originals,
    voices,
)
from vitalcore.store.writes import insert_frame_ignore, insert_ignore


@dataclass(frozen=True)
class VoiceWrite:
    """A voice and what is stored beside it."""

    voice: Voice
    contact: tuple[str, bytes] | None = None
    original: bytes | None = None
    attributes: dict[str, Any] | None = None


@dataclass(frozen=True)
class QuarantineWrite:
    """A rejected record, with how it was read and its raw fields encrypted."""

    entry: QuarantineEntry
    format: str
    mapping: str
    channel: str | None
    source: str | None
    raw_encrypted: bytes
    reporter: str | None = None  # the pseudonym, when the record named a reporter


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def store_batch(engine: Engine, written: Sequence[VoiceWrite],
                rejected: Sequence[QuarantineWrite], frame: Any = None) -> IngestCounts:
    """Store one batch atomically; counts: read = stored + duplicates + quarantined.

    Quarantined counts every rejected record of the batch, also one already kept from
    an earlier run, so that the run's line adds up; the table holds it once. `frame`
    (polars, the voices table's columns but ingested_at) holds voices built in bulk by
    the vectorised path; they have no contacts, originals or attributes.
    """
    now = _now()
    bulk = 0 if frame is None else frame.height
    read = bulk + len(written) + len(rejected)
    with engine.begin() as conn:
        # Withheld records count as duplicates: the store knows them (as erased), and a
        # submitter is not told that a reporter was erased.
        written = _withhold_erased(conn, written)
        rejected = _withhold_erased_quarantine(conn, rejected)
        # The first record of a key in the batch wins, as it would in separate batches.
        voice_rows: dict[str, dict[str, Any]] = {}
        for w in written:
            voice_rows.setdefault(w.voice.id, _voice_row(w.voice, now))
        stored = insert_ignore(conn, voices, list(voice_rows.values()))
        if bulk:
            import polars as pl

            stored += insert_frame_ignore(
                conn, voices, frame.with_columns(pl.lit(now).alias("ingested_at")))
        if stored:
            # Only for the voices that are new in this batch would these be new; the
            # tables are keyed like the voices, so inserting all is idempotent too.
            insert_ignore(conn, voice_originals, [
                {"voice_id": w.voice.id, "text_encrypted": w.original}
                for w in written if w.original is not None
            ])
            insert_ignore(conn, voice_attributes, [
                {"voice_id": w.voice.id, "attributes": w.attributes}
                for w in written if w.attributes
            ])
        contacts: dict[str, bytes] = {}
        for w in written:  # a known pseudonym keeps its first (usually fullest) record
            if w.contact:
                contacts.setdefault(*w.contact)
        insert_ignore(conn, reporter_contacts, [
            {"pseudonym": p, "contact_encrypted": t, "first_seen": now}
            for p, t in contacts.items()
        ])
        insert_ignore(conn, quarantine, [
            {
                "id": q.entry.id, "file": q.entry.provenance.file,
                "row": q.entry.provenance.row, "message_id": q.entry.provenance.message_id,
                "field": q.entry.field, "reason": q.entry.reason, "raw": q.entry.raw,
                "created_at": now, "reporter": q.reporter,
            }
            for q in rejected
        ])
        insert_ignore(conn, quarantine_details, [
            {
                "quarantine_id": q.entry.id, "format": q.format, "mapping": q.mapping,
                "channel": q.channel, "source": q.source, "raw_encrypted": q.raw_encrypted,
            }
            for q in rejected
        ])
    return IngestCounts(read=read, stored=stored, duplicates=read - len(rejected) - stored,
                        quarantined=len(rejected))


def _withhold_erased_quarantine(conn: Connection,
                                rejected: Sequence[QuarantineWrite]) -> list[QuarantineWrite]:
    """The batch's rejected records without those of erased reporters: a quarantined
    record has no date to compare, so the erasure covers it (store/erasure.py); it
    counts as a duplicate, like a withheld voice."""
    held = withheld(conn, ((q.entry.id, q.reporter, None) for q in rejected))
    gone = held.dropped | held.unlinked
    return [q for q in rejected if q.entry.id not in gone]


def _withhold_erased(conn: Connection, written: Sequence[VoiceWrite]) -> list[VoiceWrite]:
    """The batch without what an erasure covers (store/erasure.py): a record of an erased
    reporter told up to the erasure is dropped if the voices were erased, and otherwise
    kept without its reporter, contact and original, as `forget` left the voices."""
    held = withheld(conn, ((w.voice.id, w.voice.reporter, w.voice.occurred_at)
                           for w in written))
    return [
        VoiceWrite(w.voice.model_copy(update={"reporter": None}), attributes=w.attributes)
        if w.voice.id in held.unlinked else w
        for w in written if w.voice.id not in held.dropped
    ]


def quarantine_entries(engine: Engine, *, file: str | None = None) -> list[dict[str, Any]]:
    """Quarantined records (display-safe raw), with how they were read, by file and row."""
    q, d = quarantine, quarantine_details
    stmt = (
        select(q, d.c.format, d.c.mapping, d.c.channel, d.c.source)
        .join(d, d.c.quarantine_id == q.c.id, isouter=True)
        .order_by(q.c.file, q.c.row)
    )
    if file:
        stmt = stmt.where(q.c.file == file)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def get_quarantined(engine: Engine, entry_id: str) -> dict[str, Any] | None:
    """One quarantined record by id or unique id prefix, with its encrypted raw fields."""
    q, d = quarantine, quarantine_details
    stmt = (
        select(q, d.c.format, d.c.mapping, d.c.channel, d.c.source, d.c.raw_encrypted)
        .join(d, d.c.quarantine_id == q.c.id, isouter=True)
        .where(q.c.id.startswith(entry_id, autoescape=True))
        .limit(2)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    if len(rows) != 1:
        return None
    row = dict(rows[0]._mapping)
    if row.get("raw_encrypted") is not None:
        row["raw_encrypted"] = bytes(row["raw_encrypted"])
    return row


def release_quarantined(engine: Engine, entry_ids: Sequence[str]) -> int:
    """Remove records from quarantine (after their retry stored them as voices)."""
    if not entry_ids:
        return 0
    with engine.begin() as conn:
        conn.execute(delete(quarantine_details)
                     .where(quarantine_details.c.quarantine_id.in_(entry_ids)))
        return conn.execute(delete(quarantine).where(quarantine.c.id.in_(entry_ids))).rowcount


def requarantine(engine: Engine, entry_id: str, *, field: str | None, reason: str) -> None:
    """Record the newest reason a quarantined record was rejected (after a retry)."""
    with engine.begin() as conn:
        conn.execute(quarantine.update().where(quarantine.c.id == entry_id)
                     .values(field=field, reason=reason))


def voice_attributes_of(engine: Engine, voice_id: str) -> dict[str, Any] | None:
    """The source attributes kept beside a voice (event type, actors, fatalities ...)."""
    stmt = select(voice_attributes.c.attributes).where(voice_attributes.c.voice_id == voice_id)
    with engine.connect() as conn:
        return conn.scalar(stmt)


def count_quarantined(engine: Engine) -> int:
    """How many records are in quarantine."""
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(quarantine)) or 0
