"""Erasure of everything derived from a reporter's voices, whichever issue added it, and
the register that keeps an erasure in force when the same data arrive again.

Every table with a `voice_id` column holds something derived from one voice (labels,
corrections, details, attributes, originals). Finding them in the metadata, rather than
listing them, means a table added later cannot be forgotten by `vitalcore forget`, and
foreign keys to voices never block the erasure.

The register (`erased_reporters`): ingest is idempotent and operators re-run it, so a
file read again after `vitalcore forget` would store the erased contact, originals and
(after `--voices`) voices again. Every write path asks the register first: a record of
an erased reporter told up to the erasure is withheld as the erasure decided (voices
erased: not stored; voices kept: stored without reporter, contact or original). What a
reporter says after the erasure is new testimony and is stored as any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, exists, select

from vitalcore.store.schema import ROWS_PER_STATEMENT, erased_reporters, metadata, voices


@dataclass(frozen=True)
class Erasure:
    """One reporter's erasure: whether the voices went too, and when."""

    voices: bool
    erased_at: datetime

    def covers(self, occurred_at: datetime | None) -> bool:
        """Whether a record told at `occurred_at` falls under the erasure. An undated
        record does: nothing shows it was told after."""
        return occurred_at is None or _naive(occurred_at) <= self.erased_at


def _naive(moment: datetime) -> datetime:
    # The store keeps naive UTC times; a zoned time is compared as UTC.
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def record_erasure(conn: Connection, pseudonym: str, *, voices_erased: bool,
                   at: datetime) -> None:
    """Enter an erasure in the register, in the caller's transaction (the erasure's own).
    Erasing again moves the date on; voices once erased stay erased."""
    table = erased_reporters
    before = conn.scalar(select(table.c.voices).where(table.c.pseudonym == pseudonym))
    conn.execute(delete(table).where(table.c.pseudonym == pseudonym))
    conn.execute(table.insert().values(pseudonym=pseudonym,
                                       voices=voices_erased or bool(before), erased_at=at))


@dataclass(frozen=True)
class Withheld:
    """What an erasure keeps out of a write: voice ids not to store at all, and voice ids
    to store without reporter, contact or original (as `forget` left such voices)."""

    dropped: frozenset[str] = frozenset()
    unlinked: frozenset[str] = frozenset()


def withheld(conn: Connection,
             records: Iterable[tuple[str, str | None, datetime | None]]) -> Withheld:
    """What the register withholds of (voice id, reporter, occurred_at) records about to
    be written. `records` is read only when the register holds anything (usually not),
    so a caller may pass a lazy generator and pay nothing then."""
    table = erased_reporters
    if not conn.scalar(select(exists().select_from(table))):
        return Withheld()
    listed = list(records)
    wanted = sorted({reporter for _, reporter, _ in listed if reporter})
    found: dict[str, Erasure] = {}
    for start in range(0, len(wanted), ROWS_PER_STATEMENT):
        rows = conn.execute(select(table).where(
            table.c.pseudonym.in_(wanted[start : start + ROWS_PER_STATEMENT])))
        found |= {r.pseudonym: Erasure(bool(r.voices), r.erased_at) for r in rows}
    dropped, unlinked = set(), set()
    for voice_id, reporter, occurred_at in listed:
        erasure = found.get(reporter or "")
        if erasure is not None and erasure.covers(occurred_at):
            (dropped if erasure.voices else unlinked).add(voice_id)
    return Withheld(frozenset(dropped), frozenset(unlinked))


def erase_voice_dependents(engine: Engine, pseudonym: str) -> dict[str, int]:
    """Delete every row keyed by a voice of this reporter (not the voices themselves)."""
    own = select(voices.c.id).where(voices.c.reporter == pseudonym)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):  # dependents before what they need
            if table is voices or "voice_id" not in table.c:
                continue
            deleted = conn.execute(delete(table).where(table.c.voice_id.in_(own))).rowcount
            if deleted:
                counts[table.name] = deleted
    return counts
