"""The vectorised path stores exactly what the per-row path stores, row for row."""

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from vitalcore import store
from vitalcore.domain import Channel
from vitalcore.ingest import fastpath, ingest_file
from vitalcore.store.schema import quarantine, voice_attributes, voice_originals, voices

DATA = Path(__file__).parents[1] / "data"
HEADER = ["id", "text", "channel", "source", "date", "place", "lat", "lon", "severity",
          "language", "groups", "reporter", "consent_quote", "pcode"]
CELLS = {
    "id": ["", "v1", "v2", " v3", "v1"],
    "text": ["Armed men at the well", "", "   ", "=HYPERLINK(\"x\")", "call +223 76 12 34 56",
             "mail a@b.org", "ligne 1\nligne 2", "Récolte perdue", " padded ", "\x1ftab",
             "300 families, 1500 people", "<b>html</b>"],
    "channel": ["sms", "", "SMS", "pigeon", " sms"],
    "source": ["gw", "", " gw "],
    "date": ["2026-01-05", "", "1900-01-01", "2099-01-01", "05/01/2026", "2026-02-30",
             "2026-01-05T10:00:00+01:00", "not a date"],
    "place": ["Ansongo", "", "Gao ", "Djibo", "tel 76123456789"],
    "lat": ["14.1", "", "95", "abc", "-14.25", "1e1"],
    "lon": ["-1.6", "", "181", "0.5"],
    "severity": ["", "3", "9", "2.0"],
    "language": ["", "fr", "EN", "x y"],
    "groups": ["", "women", "idp"],
    "reporter": ["", "+22376000000"],
    "consent_quote": ["", "yes", "maybe"],
    "pcode": ["", "ml0702", " BF5602"],
}


def _snapshot(engine: Engine) -> dict:
    with engine.connect() as conn:
        stored = sorted(
            tuple(v for k, v in r._mapping.items() if k != "ingested_at")
            for r in conn.execute(select(voices))
        )
        rejected = sorted((r.id, r.row, r.field, r.reason) for r in
                          conn.execute(select(quarantine)))
        originals = sorted(r.voice_id for r in conn.execute(select(voice_originals)))
        attributes = sorted((r.voice_id, str(r.attributes)) for r in
                            conn.execute(select(voice_attributes)))
    return {"voices": stored, "quarantine": rejected, "originals": originals,
            "attributes": attributes}


def _both(tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch,
          fast: Engine | None = None, **kwargs: object) -> tuple[dict, dict]:
    fast = fast or store.open_store(f"sqlite:///{tmp_path / 'fast.db'}")
    slow = store.open_store(f"sqlite:///{tmp_path / 'slow.db'}")
    store.add_areas(fast, []), store.add_areas(slow, [])
    fast_counts = ingest_file(fast, path, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "eligible", lambda *_: None)
        slow_counts = ingest_file(slow, path, **kwargs)
    assert fast_counts == slow_counts
    result = _snapshot(fast), _snapshot(slow)
    fast.dispose(), slow.dispose()
    return result


def _write(path: Path, rows: list[list[str]], end: str = "\n") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=end)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_eligible_files_take_the_fast_path(tmp_path: Path) -> None:
    from vitalcore.ingest import load_mapping

    mapping = load_mapping("vitalcore")
    good = _write(tmp_path / "good.csv", [["a", "b", "sms", "gw"] + [""] * 10])
    assert fastpath.eligible(good, mapping) == HEADER
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("id;text\n1;x\n", encoding="utf-8")
    assert fastpath.eligible(semicolons, mapping) is None
    assert fastpath.eligible(good, load_mapping("ucdp")) is None  # a template


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_every_kind_of_row_gives_the_same_store(tmp_path: Path, end: str, engine: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast path on SQLite and on PostgreSQL (COPY), per-row path on SQLite."""
    rows = []
    for i in range(600):
        rows.append([CELLS[h][(i * (k + 3) + k) % len(CELLS[h])] for k, h in enumerate(HEADER)])
    rows.insert(5, [""] * len(HEADER))  # an all-empty row: skipped by both
    rows.append(["p1", "call +223 76 12 34 56", "sms", "gw"] + [""] * 10)  # scrubbed
    path = _write(tmp_path / "mixed.csv", rows, end)
    from vitalcore.ingest import load_mapping

    assert fastpath.eligible(path, load_mapping("vitalcore")) == HEADER
    fast, slow = _both(tmp_path, path, monkeypatch, engine, channel=Channel.SMS)
    assert fast == slow
    assert fast["voices"] and fast["quarantine"] and fast["originals"]


@pytest.mark.parametrize("name", ["broken_row.csv"])
def test_a_ragged_row_mid_file_falls_back_without_loss(tmp_path: Path, name: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(tmp_path, DATA / name, monkeypatch)
    assert fast == slow


def test_a_blank_line_after_the_sample_falls_back(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [",".join(HEADER)] + [f"b{i},voice {i},sms,gw,2026-01-01,Gao,,,,,,,," for i in
                                  range(8000)]
    lines.insert(7000, "")
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, slow = _both(tmp_path, path, monkeypatch, batch_size=50)
    assert fast == slow and len(fast["voices"]) == 8000


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(*[st.sampled_from(CELLS[h]) for h in HEADER]), min_size=1,
                max_size=40))
def test_random_rows_give_the_same_store(tmp_path_factory: pytest.TempPathFactory,
                                         monkeypatch: pytest.MonkeyPatch,
                                         rows: list[tuple[str, ...]]) -> None:
    folder = tmp_path_factory.mktemp("fp")
    path = _write(folder / "random.csv", [list(r) for r in rows])
    fast, slow = _both(folder, path, monkeypatch, channel=Channel.SMS)
    assert fast == slow
