"""File ingest: good rows kept, bad rows quarantined with file/row/field, re-runs idempotent."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store
from vitalcore.demo import sample_path
from vitalcore.domain import Channel
from vitalcore.ingest import detect_format, ingest_file

DATA = Path(__file__).parents[1] / "data"


def test_broken_csv_keeps_good_rows_and_names_the_bad_ones(engine: Engine) -> None:
    counts = ingest_file(engine, DATA / "broken_row.csv")
    assert (counts.read, counts.stored, counts.duplicates, counts.quarantined) == (6, 3, 0, 3)
    reasons = {e["row"]: e["reason"] for e in store.list_quarantine(engine)}
    assert reasons[3].startswith("broken_row.csv, row 3: has 7 fields where the header has 6")
    assert reasons[4].startswith("broken_row.csv, row 4, field 'text/message/testimony/")
    assert reasons[5].startswith("broken_row.csv, row 5, field 'date': 'not-a-date' is not a date")


def test_second_run_stores_nothing_new(engine: Engine) -> None:
    first = ingest_file(engine, sample_path("synthetic_voices.csv"), source="demo")
    second = ingest_file(engine, sample_path("synthetic_voices.csv"), source="demo")
    assert first.stored == first.read >= 300
    assert (second.stored, second.duplicates) == (0, second.read)
    assert store.count_rows(engine, "voices") == first.stored


def test_counts_always_add_up(engine: Engine) -> None:
    for name in ("broken_row.csv", "voices.ndjson"):
        counts = ingest_file(engine, DATA / name)
        assert counts.read == counts.stored + counts.duplicates + counts.quarantined


def test_ndjson_bad_lines_are_quarantined(engine: Engine) -> None:
    counts = ingest_file(engine, DATA / "voices.ndjson")
    assert (counts.stored, counts.quarantined) == (2, 2)
    reasons = sorted(e["reason"] for e in store.list_quarantine(engine))
    assert reasons[0].startswith("voices.ndjson, row 3: is not valid JSON")
    assert reasons[1].startswith("voices.ndjson, row 4, field 'lat': latitude 95.0 is outside")


def test_channel_from_the_command_line_fills_rows_without_one(tmp_path: Path,
                                                              engine: Engine) -> None:
    path = tmp_path / "sms.csv"
    path.write_text("text,date\nno food left,2026-05-01\n", encoding="utf-8")
    assert ingest_file(engine, path).quarantined == 1
    assert ingest_file(engine, path, channel=Channel.SMS).stored == 1


def test_cp1252_file_is_read_without_mojibake(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("text,channel,source\nLe marché est fermé,sms,gw\n".encode("cp1252"))
    ingest_file(engine, path)
    assert store.unclassified_voices(engine, "x")[0][1] == "Le marché est fermé"


def test_unknown_format_lists_the_supported_ones() -> None:
    with pytest.raises(ValueError, match="supported formats: csv, xlsx, json, ndjson, kobo"):
        detect_format(Path("voices.docx"))
