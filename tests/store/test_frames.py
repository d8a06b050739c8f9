"""Frames read from a store: the driver's rows on SQLite, the same values as SQLAlchemy's."""

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine, select, text

from vitalcore import store
from vitalcore.domain import Channel, Group, Provenance, Voice
from vitalcore.store import frames, open_store
from vitalcore.store.schema import voices

SCHEMA = {"voice_id": pl.String, "occurred_at": pl.Datetime("us"),
          "groups_reported": pl.List(pl.String), "severity_reported": pl.Int64,
          "consent_share": pl.Boolean}


def _stored(engine: Engine) -> None:
    store.add_voices(engine, [
        Voice(id=f"v{i}", text=f"voice {i}", channel=Channel.SMS, source="line",
              provenance=Provenance(file="f.csv", row=i),
              occurred_at=datetime(2025, 1, 1 + i, 7, 30, 0, 250 * i) if i % 3 else None,
              groups_reported=(Group.WOMEN,) if i % 2 else (), severity_reported=i % 5 or None)
        for i in range(1, 8)])


def _read(engine: Engine, columns: list, schema: dict, *, sqlalchemy: bool = False
          ) -> pl.DataFrame:
    stmt = select(*columns).order_by(voices.c.id)
    with engine.connect() as conn:
        if sqlalchemy:  # any `row` function takes SQLAlchemy's own path
            return frames.read_frame(conn, stmt, schema, row=lambda r: tuple(r))
        return frames.read_frame(conn, stmt, schema)


def test_the_driver_path_reads_what_sqlalchemy_reads(engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _stored(engine)
    monkeypatch.setattr(frames, "CHUNK", 3)  # several chunks
    columns = [voices.c.id, voices.c.occurred_at, voices.c.groups_reported,
               voices.c.severity_reported, voices.c.consent_share]
    got = _read(engine, columns, SCHEMA)
    assert got.height == 7 and got.schema == pl.Schema(SCHEMA)
    assert_frame_equal(got, _read(engine, columns, SCHEMA, sqlalchemy=True))
    assert got["occurred_at"][1] == datetime(2025, 1, 3, 7, 30, 0, 500)
    assert got["groups_reported"].to_list()[:2] == [["women"], []]


def test_times_in_another_format_are_parsed_as_sqlalchemy_parses_them(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    _stored(engine)
    with engine.begin() as conn:  # written by another tool: no microseconds, a T
        conn.execute(text("UPDATE voices SET occurred_at = '2025-02-03T04:05:06' "
                          "WHERE id = 'v1'"))
        conn.execute(text("UPDATE voices SET occurred_at = '2025-02-04 00:00:00' "
                          "WHERE id = 'v2'"))
    columns = [voices.c.id, voices.c.occurred_at]
    schema = {"voice_id": pl.String, "occurred_at": pl.Datetime("us")}
    got = _read(engine, columns, schema)
    assert_frame_equal(got, _read(engine, columns, schema, sqlalchemy=True))
    assert got["occurred_at"][:2].to_list() == [datetime(2025, 2, 3, 4, 5, 6),
                                                datetime(2025, 2, 4)]


def test_streaming_options_do_not_stay_on_the_connection(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    _stored(engine)
    stmt = select(voices.c.id)
    with engine.connect() as conn:
        conn.execution_options(stream_results=True, yield_per=100)  # as a caller might
        assert frames.read_frame(conn, stmt, {"voice_id": pl.String}).height == 7
        assert frames.read_frame(conn, stmt, {"voice_id": pl.String},
                                 row=lambda r: tuple(r)).height == 7
        assert frames.read_frame(conn, stmt, {"voice_id": pl.String}).height == 7
