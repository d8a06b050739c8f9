"""A full-text index for the voice list's text search ("case-insensitive substring").

Without it every search read every voice: 0.4-0.9 s at a million voices on SQLite, and
3 s for a word nobody used (the newest-first walk found no page to stop at).

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 and newer), so a query
of three or more characters matches any substring, not only whole words, exactly as
the LIKE it replaces; it is case-insensitive, and non-ASCII letters fold too (LIKE
folds only ASCII). External content (`content='voices'`): the texts are not stored
twice and the index refers to voices by rowid; triggers follow deletes and changed
texts, the store's writes index new voices (see _SQLITE), and a search reads any voice
not indexed yet with LIKE, so none is missed whichever way it was written. VACUUM
keeps rowids of a table with a primary key (tested in tests/store/test_text_search.py);
a future migration that rebuilds the voices table must run the 'rebuild' below again.

PostgreSQL: a GIN index of trigrams (pg_trgm, a trusted extension that ships with
PostgreSQL), which serves ILIKE '%...%'. Where the extension cannot be installed the
migration leaves search unindexed (a sequential scan, as before) and says so.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import logging

from alembic import op
from sqlalchemy import exc, text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

log = logging.getLogger("vitalcore.store")

# Only deletes and changed texts are followed by triggers. New voices are indexed by the
# store's bulk writes in one statement per batch (store/text_search.py: index_new_voices):
# FTS5 flushes its pending terms at every statement of a trigger, so a trigger per new
# voice made a bulk insert about 17 times slower (340 against 20 microseconds a voice).
# Voices are appended in rowid order, so "not indexed yet" is "rowid above the highest
# indexed one", and a trigger must leave such a voice alone (FTS5 corrupts its index on
# a 'delete' of a row it never indexed).
_INDEXED = "old.rowid <= (SELECT coalesce(max(id), 0) FROM voices_fts_docsize)"
_SQLITE = (
    "CREATE VIRTUAL TABLE voices_fts USING fts5("
    "text, content='voices', content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER voices_fts_delete AFTER DELETE ON voices WHEN {_INDEXED} BEGIN "
    "INSERT INTO voices_fts(voices_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
    "END",
    f"CREATE TRIGGER voices_fts_update AFTER UPDATE OF text ON voices WHEN {_INDEXED} BEGIN "
    "INSERT INTO voices_fts(voices_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
    "INSERT INTO voices_fts(rowid, text) VALUES (new.rowid, new.text); END",
    # Index the voices stored before this migration.
    "INSERT INTO voices_fts(voices_fts) VALUES ('rebuild')",
)


def _trigram_schema(conn) -> str | None:  # noqa: ANN001 - a Connection
    """The schema pg_trgm lives in, installing it into public if it is not installed."""
    found = conn.scalar(text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ))
    if found:
        return found
    try:
        # A savepoint, so that a refusal leaves the rest of the migration standing.
        # Public, not the store's own schema: an extension is one per database, and
        # dropping a test schema must not take other schemas' indexes with it.
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    except exc.DBAPIError as error:
        log.warning("voice text search stays unindexed: pg_trgm could not be installed "
                    "(%s); a database administrator can add it (docs/deploy.md): "
                    "CREATE EXTENSION pg_trgm SCHEMA public; CREATE INDEX "
                    "ix_voices_text_trigram ON voices USING gin (text public.gin_trgm_ops)",
                    error.orig)
        return None
    return "public"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        try:
            with conn.begin_nested():
                for statement in _SQLITE:
                    conn.execute(text(statement))
        except exc.OperationalError as error:  # an SQLite built without FTS5 or trigram
            log.warning("voice text search stays unindexed: %s", error.orig)
    elif conn.dialect.name == "postgresql":
        schema = _trigram_schema(conn)
        if schema:
            op.execute(f'CREATE INDEX ix_voices_text_trigram ON voices USING gin '
                       f'(text "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("voices_fts_delete", "voices_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS voices_fts")
    elif conn.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_voices_text_trigram")
