"""The voice list's text search: a case-insensitive substring, through a full-text
index where the store has one (migration 0012).

SQLite's trigram index answers "which voices contain X" in milliseconds, but handing
its every match to the newest-first page costs time in proportion to the matches
(0.27 s for a word in 18 % of a million voices), while the plain LIKE walk down the
date index stops after one page of matches, which is fast for a common word and slow
for a rare one (3 s when nothing matches). So the page takes whichever reads fewer
rows, judged by the index's own count of matches; the count comes from the index.
PostgreSQL's planner makes that choice itself from its statistics, given a trigram
GIN index that serves ILIKE.

New voices are indexed by the store's bulk writes (`index_new_voices`), not by a
trigger (migration 0012 says why); a voice written some other way is found all the
same, by LIKE, until the next bulk write indexes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, func, literal_column, or_, select, table
from sqlalchemy import text as sql_text

from vitalcore.store.schema import voices

FTS_TABLE = "voices_fts"
# What migration 0012 adds outside the SQLAlchemy metadata (no Table can describe an
# FTS5 table): schema comparisons leave these out.
OBJECTS_OUTSIDE_METADATA = frozenset({
    # External content: no _content shadow table.
    FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config")),
    "ix_voices_text_trigram",
})
TRIGRAM = 3  # the index cannot look up fewer characters than this
# Reading a voice in the walk costs about half what handing over a match does
# (0.85 s per million rows against 1.5 s per million matches, SQLite 3.40).
_WALK_COST, _MATCH_COST = 0.85, 1.5
_fts = table(FTS_TABLE)
_rowid = literal_column("voices.rowid")
_INDEXED_UP_TO = sql_text(f"SELECT coalesce(max(id), 0) FROM {FTS_TABLE}_docsize")
_STORED_UP_TO = sql_text("SELECT coalesce(max(rowid), 0) FROM voices")


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Alembic's include_object hook: skip what migration 0012 built outside metadata."""
    return name not in OBJECTS_OUTSIDE_METADATA


def has_index(conn: Connection) -> bool:
    """Whether this store has the SQLite full-text index (PostgreSQL: False)."""
    if conn.dialect.name != "sqlite":
        return False
    return conn.scalar(sql_text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"
    ), {"name": FTS_TABLE}) is not None


def index_new_voices(conn: Connection) -> int:
    """Index the voices stored since the last call, in one statement; return how many.

    Called by the store's bulk writes inside their transaction. Voices get rowids in
    the order they are stored, so the new ones are those above the highest indexed.
    """
    if not has_index(conn):
        return 0
    done = conn.scalar(_INDEXED_UP_TO)
    if conn.scalar(_STORED_UP_TO) <= done:
        return 0
    return conn.execute(sql_text(
        f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT rowid, text FROM voices "
        "WHERE rowid > :done"), {"done": done}).rowcount


@dataclass(frozen=True)
class TextMatch:
    """How one search reads the voices: `page` and `count` are WHERE clauses on voices;
    `indexed_total` is the number of matching voices when the index alone knows it."""

    page: ColumnElement[bool]
    count: ColumnElement[bool]
    indexed_total: int | None = None


def like(needle: str) -> ColumnElement[bool]:
    """Case-insensitive substring; LIKE wildcards typed by the user match literally."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return voices.c.text.ilike(f"%{escaped}%", escape="\\")


def _phrase(needle: str) -> str:
    # One FTS5 string: trigram-tokenised, so it matches as a substring; a double quote
    # inside is written twice, and nothing else in it is query syntax.
    return '"' + needle.replace('"', '""') + '"'


def text_match(conn: Connection, needle: str, *, rows_wanted: int,
               only_text: bool) -> TextMatch:
    """The cheapest correct way to find voices containing `needle` on this connection.

    rows_wanted: offset + limit of the page; only_text: no other filter is set (the
    index's count is then the answer).
    """
    plain = like(needle)
    if len(needle) < TRIGRAM or not has_index(conn):
        return TextMatch(plain, plain)
    matches_phrase = literal_column(FTS_TABLE).op("MATCH")(_phrase(needle))
    indexed = _rowid.in_(select(literal_column("rowid")).select_from(_fts)
                         .where(matches_phrase))
    matches = conn.scalar(select(func.count()).select_from(_fts).where(matches_phrase)) or 0
    done, stored = conn.scalar(_INDEXED_UP_TO), conn.scalar(_STORED_UP_TO)
    total = matches if only_text else None
    if stored > done:  # voices not indexed yet: read those few the plain way
        indexed = or_(indexed, and_(_rowid > done, plain))
        total = None
    if not needle.isascii():
        # LIKE folds only ASCII letters, the index folds all: one reading for both.
        return TextMatch(indexed, indexed, total)
    # The walk reads about this many voices before it has filled the page.
    walked = rows_wanted * stored / max(matches, 1)
    page = plain if walked * _WALK_COST < matches * _MATCH_COST else indexed
    # With other filters the LIKE count reads what they leave, at worst every voice;
    # the index, every match. Take the index unless it costs over half a full read.
    count = indexed if matches * _MATCH_COST < stored * _WALK_COST / 2 else plain
    return TextMatch(page, count, total)
