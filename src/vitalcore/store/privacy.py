"""Encrypted reporter contacts and original texts; erasure of a reporter on request.

Only ciphertext is stored here (see vitalcore.privacy for the key, which is never in
the store). Voices carry the pseudonym in `reporter` and the scrubbed text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select, update

from vitalcore.store.erasure import record_erasure
from vitalcore.store.schema import (
    classifications,
    kept_outputs,
    quarantine,
    quarantine_details,
    reporter_contacts,
    voice_attributes,
    voice_labels,
    voice_originals,
    voices,
)
from vitalcore.store.writes import insert_ignore


def add_contacts(engine: Engine, rows: Iterable[tuple[str, bytes]]) -> int:
    """Store (pseudonym, encrypted contact) pairs; a known pseudonym keeps its first
    record. Returns how many were new."""
    now = datetime.now(UTC).replace(tzinfo=None)
    unique: dict[str, bytes] = {}
    for p, token in rows:
        unique.setdefault(p, token)
    payload = [
        {"pseudonym": p, "contact_encrypted": token, "first_seen": now}
        for p, token in unique.items()
    ]
    with engine.begin() as conn:
        return insert_ignore(conn, reporter_contacts, payload)


def add_originals(engine: Engine, rows: Iterable[tuple[str, bytes]]) -> int:
    """Store (voice id, encrypted original text) pairs; returns how many were new."""
    payload = [{"voice_id": v, "text_encrypted": t} for v, t in dict(rows).items()]
    with engine.begin() as conn:
        return insert_ignore(conn, voice_originals, payload)


def contact_token(engine: Engine, pseudonym: str) -> bytes | None:
    """The encrypted contact behind a pseudonym, or None."""
    stmt = select(reporter_contacts.c.contact_encrypted).where(
        reporter_contacts.c.pseudonym == pseudonym
    )
    with engine.connect() as conn:
        value = conn.scalar(stmt)
    return bytes(value) if value is not None else None


def original_token(engine: Engine, voice_id: str) -> bytes | None:
    """The encrypted original text of a voice, or None."""
    stmt = select(voice_originals.c.text_encrypted).where(voice_originals.c.voice_id == voice_id)
    with engine.connect() as conn:
        value = conn.scalar(stmt)
    return bytes(value) if value is not None else None


def forget_reporter(engine: Engine, pseudonym: str, *, voices: bool,
                    at: datetime | None = None) -> dict[str, int]:
    """Erase a reporter's contact and the originals of their voices (right to erasure).

    With `voices=True` their voices, classifications and attributes go too; otherwise
    the voices stay (scrubbed text) but no longer name the reporter. The erasure is
    entered in the register (store/erasure.py), so loading the same data again does not
    undo it; `at` is the erasure's date (now, unless an erasure is applied again after a
    restore). Returns counts of rows erased per table.
    """
    own = select(_voices.c.id).where(_voices.c.reporter == pseudonym)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        # In the same transaction: no load can store the reporter again in between.
        record_erasure(conn, pseudonym, voices_erased=voices,
                       at=at or datetime.now(UTC).replace(tzinfo=None))
        counts["reporter_contacts"] = conn.execute(
            delete(reporter_contacts).where(reporter_contacts.c.pseudonym == pseudonym)
        ).rowcount
        counts["voice_originals"] = conn.execute(
            delete(voice_originals).where(voice_originals.c.voice_id.in_(own))
        ).rowcount
        # Their rejected records too: the raw fields hold the contact (L6 of the review).
        theirs = select(quarantine.c.id).where(quarantine.c.reporter == pseudonym)
        conn.execute(delete(quarantine_details)
                     .where(quarantine_details.c.quarantine_id.in_(theirs)))
        counts["quarantine"] = conn.execute(
            delete(quarantine).where(quarantine.c.reporter == pseudonym)).rowcount
        if voices:
            for name, table, column in (
                ("voice_labels", voice_labels, voice_labels.c.voice_id),
                ("classifications", classifications, classifications.c.voice_id),
                ("voice_attributes", voice_attributes, voice_attributes.c.voice_id),
            ):
                counts[name] = conn.execute(delete(table).where(column.in_(own))).rowcount
            counts["voices"] = conn.execute(
                delete(_voices).where(_voices.c.reporter == pseudonym)
            ).rowcount
        else:
            counts["voices_unlinked"] = conn.execute(
                update(_voices).where(_voices.c.reporter == pseudonym).values(reporter=None)
            ).rowcount
        # What read commands printed and kept (store/kept.py) may quote their voices.
        counts["kept_outputs"] = conn.execute(delete(kept_outputs)).rowcount
    return counts


_voices = voices  # the parameter `voices` shadows the table inside forget_reporter
