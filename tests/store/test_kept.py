"""The data version of kept outputs (store/kept.py): it changes with every write a read
command could see, on SQLite and PostgreSQL, and keeping an output does not change it."""

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert, select, update

from vitalcore import store
from vitalcore.domain import Action, Area
from vitalcore.store.schema import alerts, areas, kept_outputs

WRITES: dict[str, Callable[[Engine], object]] = {
    "an area": lambda e: store.add_areas(e, [Area(pcode="ML09", name="Menaka", country="ML",
                                                  parent_pcode="ML")]),
    "an area renamed in place": lambda e: _run(e, update(areas).values(name="Gao (new)")),
    "a neighbour pair": lambda e: store.add_area_links(e, [("ML07", "ML08", False)]),
    "an action": lambda e: store.add_actions(e, [Action(
        id="A1", area_pcode="ML07", dimension="personal", kind="patrol",
        start=date(2026, 1, 1))]),
    "a situation": lambda e: store.add_situation(
        e, country="ML", conflict="non_international", state="ML", since=date(2012, 1, 17)),
    "a mark": lambda e: store.set_store_marks(e, {"synthetic": "demo"}),
    "stored alerts": lambda e: store.save_alerts(e, [], freq="day", data_key="k",
                                                 now=datetime.now(UTC).replace(tzinfo=None)),
}


def _run(engine: Engine, statement: object) -> None:
    with engine.begin() as conn:
        conn.execute(statement)


def _gazetteer(engine: Engine) -> None:
    store.add_areas(engine, [Area(pcode="ML", name="Mali", country="ML", admin_level=0),
                             Area(pcode="ML07", name="Gao", country="ML", parent_pcode="ML"),
                             Area(pcode="ML08", name="Kidal", country="ML",
                                  parent_pcode="ML")])


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_every_write_a_read_command_sees_changes_the_version(engine: Engine,
                                                             write: str) -> None:
    _gazetteer(engine)
    before = store.kept_version(engine)
    assert store.kept_version(engine) == before  # steady while nothing changes
    WRITES[write](engine)
    assert store.kept_version(engine) != before


def test_an_alert_edited_in_place_changes_the_version(engine: Engine) -> None:
    """The lifecycle of a stored alert is rewritten, not appended: compared by content."""
    _gazetteer(engine)
    now = datetime.now(UTC).replace(tzinfo=None)
    _run(engine, insert(alerts).values(
        alert_id="a1", freq="day", area_pcode="ML07", dimension="personal",
        first_signal=date(2026, 1, 2), last_signal=date(2026, 1, 3), state="new",
        lifecycle="new", algorithms=["ears_c2"], statistics=[], voices=4, peak_voices=4,
        first_seen_at=now, updated_at=now))
    before = store.kept_version(engine)
    _run(engine, update(alerts).values(lifecycle="ongoing"))
    assert store.kept_version(engine) != before


def test_keeping_an_output_leaves_the_version_and_drops_other_versions(
        engine: Engine) -> None:
    version = store.kept_version(engine)
    store.keep_output(engine, "old", "another version", [(1, "stale\n")])
    writes = [(2, "reading voices\n"), (1, "table ┃ é\n"), (2, "note\n")]
    store.keep_output(engine, "rank", version, writes)
    assert store.kept_version(engine) == version
    assert store.kept_output(engine, "rank", version) == writes
    assert store.kept_output(engine, "rank", "another version") is None
    with engine.connect() as conn:
        assert conn.scalars(select(kept_outputs.c.key)).all() == ["rank"]


def test_forgetting_a_reporter_drops_every_kept_output(engine: Engine) -> None:
    """A kept table may quote their voices (`review`, `rumours`): erasure leaves none."""
    version = store.kept_version(engine)
    store.keep_output(engine, "review", version, [(1, "a voice's words\n")])
    erased = store.forget_reporter(engine, "r-gone", voices=False)
    assert erased["kept_outputs"] == 1
    assert store.kept_output(engine, "review", version) is None
    assert store.kept_version(engine) != version  # the erasure is in the register
