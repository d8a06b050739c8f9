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

from sqlalchemy import Connection, Engine, delete, exists, select, text

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


def purge_traces(engine: Engine, *, wait_seconds: float = 30.0) -> list[str]:
    """Leave no copy of erased rows in the store's files; returns what was done.

    A DELETE alone leaves the bytes behind: SQLite keeps them in free pages and its
    write-ahead log, FTS5 keeps a deleted text's terms in old index segments (a delete
    only adds a tombstone, and `fts5vocab` or the segment blobs give the words back),
    PostgreSQL keeps dead tuples in the heap and its indexes until they are vacuumed.

    SQLite: every connection runs with `secure_delete` (store/engine.py), so deleted
    rows and freed pages are zeroed; here the full-text index is merged into one
    segment ('optimize' drops the tombstoned terms, and their old segments are zeroed
    as they are deleted) and the WAL is checkpointed and truncated.
    PostgreSQL: VACUUM FULL rewrites every table that held the reporter's rows, with
    its indexes (the trigram index too) and TOAST, into new files; the old files are
    unlinked. It locks each table while it runs (seconds per 100k voices). What stays
    outside the store: WAL segments not yet recycled, WAL archives and base backups,
    and backups taken before (docs/security.md says what the operator must do).
    VACUUM cannot drop a row that a transaction still open in the database may see, so
    it first waits (up to `wait_seconds`) for transactions older than the erasure to
    end; the returned notes say when some did not, and `forget` run again finishes.
    """
    from vitalcore.store.text_search import FTS_TABLE, has_index

    done: list[str] = []
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            if has_index(conn):
                conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
                done.append(f"{FTS_TABLE} optimized")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            done.append("wal truncated")
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            older = _wait_for_older_transactions(conn, wait_seconds)
            for table in ERASED_TABLES:
                conn.execute(text(f"VACUUM FULL {table}"))
            done.append("vacuum full: " + ", ".join(ERASED_TABLES))
            if older:
                done.append(f"{older} transactions older than the erasure were still open: "
                            "run forget again when they have ended")
    return done


_OLDER = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < :since")


def _wait_for_older_transactions(conn: Connection, seconds: float) -> int:
    """How many transactions begun before now are still open after waiting up to
    `seconds` for them (0 when none)."""
    import time

    since = conn.scalar(text("SELECT clock_timestamp()"))
    deadline = time.monotonic() + seconds
    while (older := conn.scalar(_OLDER, {"since": since})) and time.monotonic() < deadline:
        time.sleep(0.2)
    return older or 0


def _erased_tables() -> tuple[str, ...]:
    # Every table an erasure deletes from or updates: voice-keyed ones, and those named
    # (kept_outputs: what read commands printed may quote the voices; store/kept.py).
    keyed = [t.name for t in metadata.sorted_tables if "voice_id" in t.c]
    return ("voices", *keyed, "reporter_contacts", "quarantine", "quarantine_details",
            "kept_outputs")


ERASED_TABLES = _erased_tables()


def register_rows(engine: Engine) -> list[dict]:
    """The whole register, to carry across a restore (workflow/backup.py)."""
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(erased_reporters))]


def merge_register(engine: Engine, rows: Iterable[dict]) -> None:
    """Put erasures back into a register (after a restore of an older backup): each keeps
    its latest date, and voices once erased stay erased."""
    with engine.begin() as conn:
        for row in rows:
            before = conn.execute(select(erased_reporters).where(
                erased_reporters.c.pseudonym == row["pseudonym"])).first()
            voices_ = bool(row["voices"]) or bool(before and before.voices)
            at = max(row["erased_at"], before.erased_at) if before else row["erased_at"]
            conn.execute(delete(erased_reporters)
                         .where(erased_reporters.c.pseudonym == row["pseudonym"]))
            conn.execute(erased_reporters.insert().values(
                pseudonym=row["pseudonym"], voices=voices_, erased_at=at))
