"""Security review H2, L1, M2, L7: whatever a file holds (broken characters, nesting,
sizes), every record ends stored, duplicate or quarantined, and the run ends with its
line. Property-based: hypothesis writes the files, every JSON-family reader reads them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from vitalcore import store
from vitalcore.domain import Channel
from vitalcore.ingest import ingest_file
from vitalcore.privacy import scrub
from vitalcore.store.schema import voices

CUT_EMOJI = "\ud83d"  # the first half of U+1F600: what a gateway leaves when it cuts


def _voice(i: int, text: str) -> dict[str, Any]:
    return {"id": f"v{i}", "text": text, "channel": "sms", "source": "gw",
            "date": "2026-01-02"}


def _ingest(engine: Engine, path: Path, **kwargs: Any) -> store.IngestCounts:
    counts = ingest_file(engine, path, **kwargs)
    assert counts.read == counts.stored + counts.duplicates + counts.quarantined
    return counts


def _reasons(engine: Engine) -> list[str]:
    return [e["reason"] for e in store.quarantine_entries(engine)]


@pytest.mark.parametrize("fmt", ["ndjson", "json", "kobo"])
def test_one_cut_emoji_quarantines_its_record_only(engine: Engine, tmp_path: Path,
                                                   fmt: str) -> None:
    items = [_voice(i, f"Cattle raided near well {i}") for i in range(12)]
    items[5]["text"] = f"They came at night {CUT_EMOJI} and took everything"
    path = tmp_path / f"cut.{'ndjson' if fmt == 'ndjson' else 'json'}"
    if fmt == "ndjson":
        path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    else:
        path.write_text(json.dumps(items), encoding="utf-8")  # ASCII: \ud83d stays an escape
    counts = _ingest(engine, path, format=fmt, mapping="vitalcore")
    assert (counts.read, counts.stored, counts.quarantined) == (12, 11, 1)
    (reason,) = _reasons(engine)
    assert "row 6" in reason and "U+D83D" in reason and "broken character" in reason


def test_deep_nesting_quarantines_that_record_and_keeps_its_neighbours(
        engine: Engine, tmp_path: Path) -> None:
    deep = "[" * 1000 + "]" * 1000
    good = json.dumps(_voice(1, "Armed men at the market"))
    after = json.dumps(_voice(2, "The well is dry since June"))
    nd = tmp_path / "deep.ndjson"
    nd.write_text(f"{good}\n{{\"text\": {deep}}}\n{after}\n", encoding="utf-8")
    counts = _ingest(engine, nd)
    assert (counts.read, counts.stored, counts.quarantined) == (3, 2, 1)
    doc = tmp_path / "deep.json"
    later = json.dumps(_voice(3, "Soldiers closed the road to Gao"))
    doc.write_text(f"[{good}, {{\"text\": {deep}}}, {later}]", encoding="utf-8")
    counts = _ingest(engine, doc)
    assert (counts.read, counts.stored, counts.duplicates, counts.quarantined) == (3, 1, 1, 1)
    assert all("nested deeper than 64 levels" in r for r in _reasons(engine))


def test_a_text_over_the_limit_is_quarantined_in_every_path(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VITALCORE_MAX_TEXT_CHARS", "1000")
    long_text = "word " * 400  # 2,000 characters
    csv_path = tmp_path / "long.csv"  # eligible for the vectorised path
    csv_path.write_text("id,text,channel,source,date\n"
                        f"a,{long_text.strip()},sms,gw,2026-01-02\n"
                        "b,short and fine,sms,gw,2026-01-02\n", encoding="utf-8")
    counts = _ingest(engine, csv_path)
    assert (counts.stored, counts.quarantined) == (1, 1)
    nd = tmp_path / "long.ndjson"
    nd.write_text(json.dumps(_voice(9, long_text)) + "\n", encoding="utf-8")
    assert _ingest(engine, nd).quarantined == 1
    reasons = _reasons(engine)
    assert len(reasons) == 2
    assert all("longer than the limit of 1,000 (VITALCORE_MAX_TEXT_CHARS)" in r
               for r in reasons)
    # The quarantine keeps a cut copy for display; the whole record stays encrypted.
    shown = store.quarantine_entries(engine)[0]["raw"]
    assert max(len(str(v)) for v in shown.values()) < 20_000


def test_the_reporters_own_name_and_disguised_contacts_leave_the_text(
        engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "names.ndjson"
    record = {"id": "n1", "channel": "sms", "source": "gw", "date": "2026-01-02",
              "reporter_name": "Amina Traoré", "reporter": "+22376000001",
              "text": "Amina Traoré here: call me on +223—76—12—34—56 or "
                      "amina(at)gmail.com, they burned our granary"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _ingest(engine, path).stored == 1
    with engine.connect() as conn:
        text = conn.scalar(select(voices.c.text))
    assert "Amina" not in text and "Traoré" not in text
    assert "76" not in text and "gmail" not in text
    assert "they burned our granary" in text


def test_scrubber_catches_dashes_and_spelled_at() -> None:
    assert scrub("+223—76—12—34—56") == "[phone]"
    assert scrub("+223–76–12–34–56") == "[phone]"
    assert scrub("write to amina(at)gmail.com") == "write to [email]"
    assert scrub("amina [at] gmail [dot] com") == "[email]"
    assert scrub("we met at the market on 2026-07-01") == "we met at the market on 2026-07-01"


# --- property-based: any Unicode (lone surrogates too), nesting and sizes ------------

# Every code point, lone surrogates included (hypothesis leaves them out by default), and
# surrogates often enough that most examples hold one.
_CHARS = st.one_of(st.characters(exclude_categories=[]), st.characters(categories=["Cs"]))
# Joined by hand: st.text() leaves surrogates out whatever its alphabet.
_TEXT = st.lists(_CHARS, max_size=60).map("".join)
_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _TEXT)
_VALUE = st.recursive(_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)), max_leaves=12)


def _nest(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"n": value}
    return value


_DEEP = st.integers(min_value=1, max_value=1500).map(_nest)
_RECORD = st.fixed_dictionaries(
    {"text": st.one_of(_TEXT, _TEXT.map(lambda t: t * 50)), "channel": st.just("sms"),
     "source": st.just("fuzz")},
    optional={"id": _TEXT, "date": _TEXT, "reporter": _TEXT, "extra": _VALUE,
              "group": _DEEP, "lat": _LEAF, "lon": _LEAF})


@pytest.fixture
def fuzz_store(tmp_path: Path) -> Engine:
    return store.open_store(f"sqlite:///{tmp_path / 'fuzz.db'}")


def _json_lines(items: list[Any]) -> str:
    # ASCII JSON: a lone surrogate is written as its escape, as a gateway would.
    out = []
    for item in items:
        try:
            out.append(json.dumps(item))
        except RecursionError:
            out.append('{"text": ' + "[" * 2000 + "]" * 2000 + "}")
    return "".join(line + "\n" for line in out)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(items=st.lists(st.one_of(_RECORD, _VALUE), max_size=8),
       fmt=st.sampled_from(["ndjson", "json", "kobo", "odk", "sms", "rapidpro", "radio",
                            "social", "ushahidi"]))
def test_any_json_never_crashes_and_always_adds_up(tmp_path: Path, fuzz_store: Engine,
                                                   items: list[Any], fmt: str) -> None:
    lines = _json_lines(items)
    if fmt in {"ndjson", "radio", "social"}:
        path = tmp_path / "fuzz.ndjson"
        path.write_text(lines, encoding="utf-8")
    else:
        path = tmp_path / "fuzz.json"
        path.write_text("[" + ",".join(lines.splitlines()) + "]", encoding="utf-8")
    before_voices = store.count_rows(fuzz_store, "voices")
    before_quarantine = store.count_quarantined(fuzz_store)
    counts = _ingest(fuzz_store, path, format=fmt, channel=Channel.SMS, source="fuzz")
    if fmt in {"ndjson", "json", "sms"}:
        # One record per item (these readers have no document-level error here).
        assert counts.read == len(items)
    assert store.count_rows(fuzz_store, "voices") - before_voices == counts.stored
    assert store.count_quarantined(fuzz_store) - before_quarantine <= counts.quarantined


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_TEXT, min_size=1, max_size=5), max_size=8))
def test_any_csv_bytes_never_crash_and_always_add_up(tmp_path: Path, fuzz_store: Engine,
                                                     rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "date", "reporter", "place"])
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    # surrogatepass: a lone surrogate becomes the invalid UTF-8 a broken exporter writes
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    counts = _ingest(fuzz_store, path, channel=Channel.SMS, source="fuzz")
    assert counts.read <= len(rows)


def test_an_xlsx_with_a_dtd_is_one_quarantined_record(engine: Engine, tmp_path: Path) -> None:
    import zipfile

    from openpyxl import Workbook

    good = tmp_path / "good.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "text", "channel", "source"])
    sheet.append(["x1", "Armed men at the well", "sms", "gw"])
    book.save(good)
    bad = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                dtd = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                data = (data.replace(b"?>", b"?>" + dtd, 1) if data.startswith(b"<?xml")
                        else dtd + data)
            out.writestr(item, data)
    counts = _ingest(engine, bad)
    assert (counts.read, counts.stored, counts.quarantined) == (1, 0, 1)
    assert "declares a DTD" in _reasons(engine)[0]
    assert _ingest(engine, good).stored == 1


def test_two_reporters_telling_the_same_words_are_two_voices(engine: Engine,
                                                            tmp_path: Path) -> None:
    same = {"channel": "sms", "source": "gw", "date": "2026-01-02", "place": "Gao",
            "text": "Armed men burned the granary"}
    path = tmp_path / "same.ndjson"
    path.write_text("".join(json.dumps({**same, "reporter": r}) + "\n" for r in (
        "+22376000001", "+22376000002", "+22376000001")), encoding="utf-8")
    counts = _ingest(engine, path)
    assert (counts.read, counts.stored, counts.duplicates) == (3, 2, 1)
    anonymous = tmp_path / "anonymous.ndjson"
    anonymous.write_text(json.dumps(same) + "\n" + json.dumps(same) + "\n", encoding="utf-8")
    counts = _ingest(engine, anonymous)
    assert (counts.stored, counts.duplicates) == (1, 1)
