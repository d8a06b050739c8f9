"""The bad-input corpus: nothing crashes, good rows are stored, bad rows quarantined with
file/row/field, nothing is silently dropped (read = stored + duplicates + quarantined)."""

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from vitalcore import store
from vitalcore.domain import Channel
from vitalcore.ingest import ingest_file
from vitalcore.ingest.formats import xlsx
from vitalcore.ingest.normalise import neutralise_formula
from vitalcore.store.schema import voices

HEADER = "id,text,channel,source,date,place\n"


def _ingest(engine: Engine, path: Path, **kwargs: object) -> tuple[int, int, int, int]:
    counts = ingest_file(engine, path, **kwargs)
    assert counts.read == counts.stored + counts.duplicates + counts.quarantined
    return counts.read, counts.stored, counts.duplicates, counts.quarantined


def _texts(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.source_id: r.text for r in conn.execute(select(voices))}


def _reasons(engine: Engine) -> list[str]:
    return [e["reason"] for e in store.quarantine_entries(engine)]


def test_truncated_csv_keeps_the_rows_before_the_cut(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + "a,fine row,sms,gw,2026-01-01,Gao\n"
                    'b,"a quoted field that never ends,sms,gw,2026-01-02,Gao\n', encoding="utf-8")
    assert _ingest(engine, path) == (2, 1, 0, 1)
    assert _reasons(engine)[0].startswith("cut.csv, row 2: has 2 fields where the header has 6")


def test_truncated_json_array_salvages_complete_objects(engine: Engine, tmp_path: Path) -> None:
    items = [{"id": f"j{i}", "text": f"t{i}", "channel": "sms", "source": "s"} for i in range(3)]
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(items)[:-30], encoding="utf-8")
    assert _ingest(engine, path) == (3, 2, 0, 1)
    assert _reasons(engine)[0].startswith("cut.json, row 0: JSON cut short or damaged")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings_from_excel_and_servers(engine: Engine, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.csv"
    body = HEADER + "e1,Le marché de Ménaka est fermé,sms,gw,2026-01-01,Ménaka\n"
    path.write_bytes(body.replace(",", "\t" if encoding == "utf-16" else ",").encode(encoding))
    assert _ingest(engine, path) == (1, 1, 0, 0)
    assert _texts(engine)["e1"] == "Le marché de Ménaka est fermé"


def test_mixed_encodings_in_one_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(HEADER.encode() + "m1,Récolte perdue,sms,gw,2026-01-01,Gao\n".encode()
                     + "m2,Bétail volé,sms,gw,2026-01-02,Gao\n".encode("cp1252"))
    assert _ingest(engine, path) == (2, 2, 0, 0)
    assert _texts(engine) == {"m1": "Récolte perdue", "m2": "Bétail volé"}


def test_nul_bytes_are_removed(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(HEADER.encode() + b"n1,no\x00 water\x00,sms,gw,2026-01-01,G\x00ao\n")
    assert _ingest(engine, path) == (1, 1, 0, 0)
    assert _texts(engine)["n1"] == "no water"


def test_a_ten_megabyte_field_is_quarantined_or_kept_whole_by_the_limit(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.csv"
    long_text = "word " * 2_000_000
    path.write_text(HEADER + f'h1,"{long_text}",sms,gw,2026-01-01,Gao\n', encoding="utf-8")
    assert _ingest(engine, path) == (1, 0, 0, 1)  # beyond VITALCORE_MAX_TEXT_CHARS
    assert "longer than the limit" in _reasons(engine)[0]
    monkeypatch.setenv("VITALCORE_MAX_TEXT_CHARS", "20000000")
    assert _ingest(engine, path) == (1, 1, 0, 0)
    assert len(_texts(engine)["h1"]) == len(long_text.strip())


def test_header_only_and_empty_files_read_nothing(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert _ingest(engine, tmp_path / "header.csv") == (0, 0, 0, 0)
    assert _ingest(engine, tmp_path / "empty.csv") == (0, 0, 0, 0)


def test_duplicated_headers_keep_both_columns(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,text,text,channel,source\nd1,first,second,sms,gw\n", encoding="utf-8")
    assert _ingest(engine, path) == (1, 1, 0, 0)
    assert _texts(engine)["d1"] == "first"
    fallback = tmp_path / "dup2.csv"
    fallback.write_text("id,text,text,channel,source\nd2,,second,sms,gw\n", encoding="utf-8")
    assert _ingest(engine, fallback)[3] == 1  # text empty: 'text__2' is not mapped, reason says
    assert "field 'text/message/testimony/description'" in _reasons(engine)[0]


def test_formula_injection_is_kept_as_data_and_neutralised_for_export(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "formula.csv"
    formula = '=HYPERLINK("http://evil.example","click me")'
    path.write_text(HEADER + f'f1,"{formula.replace(chr(34), chr(34) * 2)}",sms,gw,,\n'
                    "f2,+ cholera in the camp,sms,gw,,\n", encoding="utf-8")
    assert _ingest(engine, path) == (2, 2, 0, 0)
    assert _texts(engine)["f1"] == formula
    assert neutralise_formula(formula) == "'" + formula
    assert neutralise_formula("plain") == "plain"


def test_html_and_script_are_kept_verbatim(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "html.csv"
    html = "<script>alert(1)</script><b>armed</b> men &amp; guns"
    path.write_text(HEADER + f"x1,{html},sms,gw,,\n", encoding="utf-8")
    _ingest(engine, path)
    assert _texts(engine)["x1"] == html


def test_impossible_dates_and_coordinates_are_quarantined(engine: Engine,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "impossible.csv"
    path.write_text(
        "id,text,channel,source,date,lat,lon\n"
        "i1,ok,sms,gw,2026-01-01,14.1,-1.6\n"
        "i2,future,sms,gw,2099-01-01,,\n"
        "i3,old,sms,gw,1900-01-01,,\n"
        "i4,north of the pole,sms,gw,2026-01-01,91,0\n"
        "i5,off the map,sms,gw,2026-01-01,10,181\n"
        "i6,half a point,sms,gw,2026-01-01,10,\n",
        encoding="utf-8",
    )
    assert _ingest(engine, path) == (6, 1, 0, 5)
    fields = [e["field"] for e in store.quarantine_entries(engine)]
    assert fields == ["date", "date", "lat", "lon", "lat/lon"]


def test_mixed_date_formats_are_read(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "id,text,channel,source,date\n"
        "d1,a,sms,gw,2026-09-03\nd2,b,sms,gw,03/09/2026\nd3,c,sms,gw,3 September 2026\n"
        "d4,d,sms,gw,2026-09-03T10:00:00+02:00\nd5,e,sms,gw,1788429600\n"
        "d6,f,sms,gw,Sep 3, 2026\nd7,g,sms,gw,31/02/2026\n",
        encoding="utf-8",
    )
    assert _ingest(engine, path) == (7, 5, 0, 2)  # d6's comma splits it; d7 has no 31 Feb
    with engine.connect() as conn:
        days = {r.source_id: r.occurred_at.date() for r in conn.execute(select(voices))}
    assert set(days.values()) == {datetime(2026, 9, 3).date()}


def test_empty_text_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "empty_text.csv"
    path.write_text(HEADER + "t1,   ,sms,gw,,\nt2,\x00,sms,gw,,\n", encoding="utf-8")
    assert _ingest(engine, path) == (2, 0, 0, 2)
    assert all("has no text" in r for r in _reasons(engine))


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
    return path


def test_zip_bomb_disguised_as_xlsx_is_rejected_unopened(engine: Engine,
                                                          tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "report.xlsx")
    assert bomb.stat().st_size < 1 << 20
    assert _ingest(engine, bomb) == (1, 0, 0, 1)
    assert "ZIP bomb" in _reasons(engine)[0] and _reasons(engine)[0].startswith("report.xlsx")
    assert xlsx.zip_problem(bomb) is not None


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really", b"just text"])
def test_damaged_xlsx_is_one_quarantined_record(engine: Engine, tmp_path: Path,
                                                content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert _ingest(engine, path) == (1, 0, 0, 1)
    assert "not an XLSX workbook" in _reasons(engine)[0]


def test_truncated_xlsx(engine: Engine, tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "data" / "formats" / "cla_interviews.xlsx"
    path = tmp_path / "cut.xlsx"
    path.write_bytes(source.read_bytes()[:3000])
    assert _ingest(engine, path) == (1, 0, 0, 1)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_and_always_add_up(tmp_path: Path, blob: bytes,
                                                       sqlite_store: Engine) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(HEADER.encode() + blob)
    _ingest(sqlite_store, path, channel=Channel.SMS)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=8), max_size=15))
def test_arbitrary_cells_never_crash_and_always_add_up(tmp_path: Path, rows: list[list[str]],
                                                       sqlite_store: Engine) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "date", "lat", "lon", "reporter", "groups", "severity"])
    writer.writerows(rows)
    path = tmp_path / "cells.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _ingest(sqlite_store, path, channel=Channel.SMS, source="fuzz")


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Engine:
    return store.open_store(f"sqlite:///{tmp_path / 'fuzz.db'}")


@pytest.mark.slow
def test_a_million_row_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Every row of a 1,000,000-row file is read, numbered, and memory stays flat.

    Storing a million rows is measured in benchmarks/ingest_throughput.py, not here.
    """
    import resource

    from vitalcore.ingest.formats import csv as csv_format

    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,text,date\n")
        fh.writelines(f"{i},voice {i},2026-01-01\n" for i in range(1_000_000))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    count, last = 0, None
    for record in csv_format.read(path):
        count += 1
        last = record
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert count == 1_000_000
    assert last is not None and last.provenance.row == 1_000_000
    assert last.fields == {"id": "999999", "text": "voice 999999", "date": "2026-01-01"}
    assert grown < 60 * 1024 * 1024  # streamed: a million records are never held at once


def test_hxl_file_without_hashtags_is_one_quarantined_record(engine: Engine,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert _ingest(engine, path, format="hxl") == (1, 0, 0, 1)
    assert "no HXL hashtag row" in _reasons(engine)[0]


def test_a_mapping_with_a_bad_default_channel_is_refused(tmp_path: Path) -> None:
    from vitalcore.ingest import load_mapping

    path = tmp_path / "m.yaml"
    path.write_text("defaults: {channel: pigeon}\nfields: {text: [t]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="default channel 'pigeon' is not one of"):
        load_mapping(path)
    path.write_text("fields: {txt: [t]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown Voice fields: txt"):
        load_mapping(path)
