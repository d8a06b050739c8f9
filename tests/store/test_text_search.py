"""The voice list's text search: the full-text index (migration 0012) finds exactly
what a case-insensitive substring scan finds, on both backends, whichever way the
search chooses to read it, and stays in step with inserts, deletes and changed texts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete, func, make_url, select, text, update

from tests.conftest import postgres_url
from vitalcore import store
from vitalcore.domain import Channel, Provenance, Voice, content_key
from vitalcore.store import text_search
from vitalcore.store.engine import make_engine
from vitalcore.store.schema import voices

TEXTS = [
    "The market in Gao was burned last night",
    "MARKETS closed, prices of millet doubled",
    "No water at the well since the attack",
    "École fermée à Ménaka depuis lundi",
    "l'école de Tessit a rouvert",
    'He said "they will come back" and left',
    "100% of the goats were stolen_ by bandits",
    "Supermarket queue; no rice",
]


def _voices(texts: list[str], channel: Channel = Channel.SMS) -> list[Voice]:
    start = datetime(2026, 1, 1)
    return [Voice(id=content_key(f"fts {channel} {t}"), text=t, channel=channel,
                  source="test", occurred_at=start + timedelta(days=n),
                  provenance=Provenance(file="t", row=n)) for n, t in enumerate(texts)]


def _scan(engine: Engine, needle: str) -> set[str]:
    """The reference: every stored text containing `needle`, case folded in Python."""
    with engine.connect() as conn:
        stored = conn.execute(select(voices.c.text)).scalars().all()
    return {t for t in stored if needle.casefold() in t.casefold()}


def _found(engine: Engine, needle: str, **filters: object) -> tuple[list[str], int]:
    rows, total = store.search_voices(engine, store.VoiceFilter(text=needle, **filters),
                                      limit=100)
    return [r["text"] for r in rows], total


@pytest.mark.parametrize("needle", [
    "market", "MARKET", "arket", "water", "école", "ÉCOLE", "they will", '"they', "100%",
    "stolen_", "%", "_", "zzz", "a", "no ", "l'é",
])
def test_the_search_finds_what_a_substring_scan_finds(engine: Engine, needle: str) -> None:
    store.add_voices(engine, _voices(TEXTS))
    texts, total = _found(engine, needle)
    expected = _scan(engine, needle)
    assert set(texts) == expected and total == len(expected)


def test_both_ways_of_reading_agree_and_keep_newest_first(engine: Engine) -> None:
    """The walk down the date index and the index's matches give the same page."""
    many = [f"voice {n} {'about the market' if n % 3 == 0 else 'of the river'}"
            for n in range(60)]
    store.add_voices(engine, _voices(many))
    with engine.connect() as conn:
        walk = text_search.text_match(conn, "market", rows_wanted=5, only_text=False)
        indexed = text_search.text_match(conn, "market", rows_wanted=10_000,
                                         only_text=False)
        if engine.dialect.name == "sqlite":
            # A common word and a short page: the walk; a deep page: the index.
            assert str(walk.page) != str(indexed.page)
        pages = []
        for clause in (walk.page, indexed.page):
            stmt = (select(voices.c.text).where(clause)
                    .order_by(voices.c.occurred_at.desc(), voices.c.id))
            pages.append(conn.execute(stmt).scalars().all())
    assert pages[0] == pages[1] and len(pages[0]) == 20
    texts, total = _found(engine, "market")
    assert total == 20 and texts == pages[0]
    assert texts[0] == "voice 57 about the market"
    # With another filter the count goes through the voices, and still agrees.
    store.add_voices(engine, _voices(["radio: the market again"], Channel.RADIO_TRANSCRIPT))
    assert _found(engine, "market", channel="sms")[1] == 20
    assert _found(engine, "market")[1] == 21


def _index_agrees(engine: Engine) -> None:
    for needle in ("market", "water", "école", "rice"):
        assert set(_found(engine, needle)[0]) == _scan(engine, needle)


def test_the_index_follows_deletes_and_changed_texts(engine: Engine) -> None:
    store.add_voices(engine, _voices(TEXTS))
    store.add_voices(engine, _voices(TEXTS))  # a re-run inserts nothing, indexes nothing
    assert _found(engine, "market")[1] == 3
    with engine.begin() as conn:
        conn.execute(delete(voices).where(voices.c.text.like("%Gao%")))
        conn.execute(update(voices).where(voices.c.text.like("No water%"))
                     .values(text="No rice at the market"))
    _index_agrees(engine)
    assert _found(engine, "water") == ([], 0)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            check = conn.execute(text(
                "INSERT INTO voices_fts(voices_fts, rank) VALUES ('integrity-check', 1)"))
            check.close()


def test_vacuum_keeps_the_index_pointing_at_the_right_voices(tmp_path: Path) -> None:
    """External content refers to voices by rowid, which VACUUM must not renumber."""
    engine = store.open_store(f"sqlite:///{tmp_path / 'vacuum.db'}")
    store.add_voices(engine, _voices([f"filler {n}" for n in range(200)]))
    store.add_voices(engine, _voices(TEXTS))
    with engine.begin() as conn:
        conn.execute(delete(voices).where(voices.c.text.like("filler%")))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM"))
    _index_agrees(engine)
    engine.dispose()


def test_the_migration_indexes_voices_stored_before_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    store.migrate(engine, "0011")
    store.add_voices(engine, _voices(TEXTS))
    store.migrate(engine)
    with engine.connect() as conn:
        indexed = conn.scalar(select(func.count()).select_from(text("voices_fts")))
        assert indexed == len(TEXTS)
        assert text_search.text_match(conn, "école", rows_wanted=50,
                                      only_text=True).indexed_total == 2
    _index_agrees(engine)
    engine.dispose()


def test_each_backend_has_its_full_text_index(engine: Engine) -> None:
    """SQLite: the FTS5 table; PostgreSQL: the trigram GIN index that serves ILIKE."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.scalar(text("SELECT name FROM sqlite_master WHERE name = 'voices_fts'"))
        else:
            found = conn.scalar(text(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_voices_text_trigram' "
                "AND schemaname = current_schema()"))
    assert found is not None


def test_a_voice_written_past_the_bulk_writes_is_found_until_indexed(tmp_path: Path) -> None:
    """A voice inserted by plain SQL is not in the index yet; the search still finds it,
    deleting it before it is indexed leaves the index sound, and the next bulk write
    indexes what remains."""
    engine = store.open_store(f"sqlite:///{tmp_path / 'tail.db'}")
    store.add_voices(engine, _voices(TEXTS))
    row = {"id": "plain-sql", "text": "A marketplace fire", "channel": "sms",
           "source": "test", "ingested_at": datetime(2026, 2, 1), "prov_file": "t",
           "prov_row": 1}
    with engine.begin() as conn:
        conn.execute(voices.insert(), [row, {**row, "id": "plain-2", "text": "gone école"}])
        conn.execute(delete(voices).where(voices.c.id == "plain-2"))
    assert "A marketplace fire" in _found(engine, "market")[0]
    _index_agrees(engine)
    store.add_voices(engine, _voices(["one more market voice"]))
    with engine.connect() as conn:
        assert text_search.index_new_voices(conn) == 0  # the bulk write did it
        conn.execute(text(
            "INSERT INTO voices_fts(voices_fts, rank) VALUES ('integrity-check', 1)")).close()
    assert _found(engine, "market")[1] == 5
    engine.dispose()


@pytest.fixture
def database_without_trigrams() -> Iterator[str]:
    """The URL of a new database, with no pg_trgm, for a role that may not install it
    (no CREATE on the database), owning the schema the store goes in."""
    admin_url = postgres_url()
    suffix = uuid.uuid4().hex[:10]
    database, role = f"vitalcore_notrgm_{suffix}", f"vc_notrgm_{suffix}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    base = make_url(admin_url)
    owner = create_engine(base.set(database=database), isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA store AUTHORIZATION "{role}"'))
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    owner.dispose()
    try:
        yield base.set(username=role, database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_a_server_that_refuses_pg_trgm_leaves_search_unindexed_but_right(
    database_without_trigrams: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="vitalcore.store"):
        engine = store.open_store(database_without_trigrams, schema="store")
    try:
        assert "voice text search stays unindexed: pg_trgm could not be installed" in caplog.text
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT to_regclass('ix_voices_text_trigram')")) is None
            assert conn.scalar(text(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")) == 0
        store.add_voices(engine, _voices(TEXTS))
        for needle in ("market", "ÉCOLE", "100%", "_"):
            texts, total = _found(engine, needle)
            assert set(texts) == _scan(engine, needle) and total == len(texts), needle
        # A deferred bulk load has no trigram index to set aside, and builds the rest.
        deferred = store.defer_read_indexes(engine)
        assert "ix_voices_text_trigram" not in deferred
        assert {b.name for b in store.build_deferred_indexes(engine)} == set(deferred)
    finally:
        engine.dispose()
