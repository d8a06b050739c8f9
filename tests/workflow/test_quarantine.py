"""Quarantine retry after fixing a mapping: rows move to voices, counts stay consistent."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.domain import Channel


def _french_file(tmp_path: Path) -> Path:
    path = tmp_path / "rapports.csv"
    path.write_text(
        "id;temoignage;date;lieu;telephone\n"
        "f1;Les greniers ont brûlé;2026-07-01;Ansongo;+223 76 11 22 33\n"
        "f2;Plus d'eau au puits;2026-07-02;Bourem;\n"
        "f3;;2026-07-03;Gao;\n",
        encoding="utf-8",
    )
    return path


def test_retry_with_a_fixed_mapping_moves_rows_to_voices(engine: Engine,
                                                         tmp_path: Path) -> None:
    path = _french_file(tmp_path)
    # The French headers are understood, but the file names no channel and none is given.
    first = workflow.ingest(engine, path)
    assert (first.read, first.stored, first.quarantined) == (3, 0, 3)
    fixed = tmp_path / "fr.yaml"
    fixed.write_text(
        "defaults: {channel: cla_interview}\n"
        "fields:\n  text: [temoignage]\n  source_id: [id]\n  occurred_at: [date]\n"
        "  place_name: [lieu]\n  reporter: [telephone]\n",
        encoding="utf-8",
    )
    counts = workflow.retry_quarantined(engine, mapping=fixed)
    assert (counts.tried, counts.stored, counts.still_quarantined) == (3, 2, 1)
    assert store.count_rows(engine, "voices") + store.count_quarantined(engine) == first.read
    (left,) = store.quarantine_entries(engine)
    assert left["row"] == 3 and "field 'temoignage': has no text" in left["reason"]
    # the retried voice went through the same privacy path as an ingest
    texts = [t for _, t in store.unclassified_voices(engine, "none")]
    assert texts and all("76 11 22 33" not in t for t in texts)
    assert store.voices_frame(engine)["reporter"].null_count() == 1
    again = workflow.retry_quarantined(engine, mapping=fixed)
    assert (again.tried, again.stored) == (1, 0)
    # the same file ingested with the fixed mapping now: nothing new, nothing lost
    rerun = workflow.ingest(engine, path, mapping=fixed, channel=Channel.CLA_INTERVIEW)
    assert (rerun.stored, rerun.duplicates, rerun.quarantined) == (0, 2, 1)


def test_show_hides_contacts_unless_revealed(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("text,phone,date\nhello,+22376112233,not a date\n", encoding="utf-8")
    workflow.ingest(engine, path, channel=Channel.SMS)
    (entry,) = store.quarantine_entries(engine)
    shown = workflow.show_quarantined(engine, entry["id"][:8])
    assert shown["raw"]["phone"] == "[contact]" and "raw_original" not in shown
    revealed = workflow.show_quarantined(engine, entry["id"], reveal=True)
    assert revealed["raw_original"]["phone"] == "+22376112233"
    with pytest.raises(KeyError):
        workflow.show_quarantined(engine, "nope")
