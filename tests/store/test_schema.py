"""The migrations build exactly the schema the code describes, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from vitalcore.store import migrate
from vitalcore.store.schema import metadata
from vitalcore.store.text_search import include_object


def test_migrations_match_the_metadata(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_migrating_twice_is_harmless(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)
