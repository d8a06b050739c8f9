"""ingest --preview, mapping suggest, and a user's plain SMS file through to the ranking."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore.cli import app
from vitalcore.demo import sample_path

runner = CliRunner()

SMS = """id,text,area,date,channel,foo
s1,Armed men attacked the village and killed three people,Ansongo,2026-10-01,sms,a
s2,Bandits burned the granaries of the cooperative,Ansongo,2026-10-02,sms,b
s3,Children are sick with diarrhoea after drinking from the well,ansongo,2026-10-03,sms,c
s4,Gunmen stopped the bus and beat the passengers,Gao,2026-10-03,sms,d
s5,The price of millet has doubled at the market,Ansongo,yesterday,sms,e
"""


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def sms_file(tmp_path: Path) -> Path:
    path = tmp_path / "field_sms.csv"
    path.write_text(SMS, encoding="utf-8")
    return path


def test_ingest_names_the_columns_it_did_not_use(sms_file: Path, db_url: str) -> None:
    out = _invoke("ingest", str(sms_file), "--db", db_url)
    assert "columns not used: foo" in out
    assert "area -> place_name" in out
    assert "read 5, stored 4, duplicates 0, quarantined 1" in out


def test_preview_shows_the_mapping_and_writes_nothing(sms_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    out = _invoke("ingest", str(sms_file), "--preview", "--db", str(db), "--json")
    preview = json.loads(out)
    assert not db.exists()
    assert {u["column"]: u["becomes"] for u in preview["used"]}["area"] == "place_name"
    assert preview["unused"] == ["foo"]
    assert (preview["scanned"], preview["would_store"], preview["would_quarantine"]) == (5, 4, 1)
    assert preview["quarantined"][0]["row"] == 5
    assert "not a date in a known format" in preview["quarantined"][0]["reason"]
    assert preview["rows"][0]["text"].startswith("Armed men")
    human = _invoke("ingest", str(sms_file), "--preview", "--db", str(db))
    assert "nothing is written" in human and "would be quarantined" in human
    assert not db.exists()


def test_preview_never_shows_a_reporter(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("text,phone\nThe road to Menaka is mined,+22376998877\n", encoding="utf-8")
    out = _invoke("ingest", str(path), "--preview", "--channel", "sms", "--json",
                  "--db", str(tmp_path / "x.db"))
    assert "998877" not in out and json.loads(out)["rows"][0]["reporter"] == "pseudonymised"


def test_suggest_edit_ingest_round_trip(sms_file: Path, tmp_path: Path, db_url: str) -> None:
    mapping = tmp_path / "field_sms.yaml"
    _invoke("mapping", "suggest", str(sms_file), "--out", str(mapping), "--channel", "sms")
    written = mapping.read_text(encoding="utf-8")
    assert "Columns not used (add them under fields or attributes to keep them): foo" in written
    # the user keeps 'foo' as an attribute, as the comment says
    mapping.write_text(written + "attributes:\n  reference: foo\n", encoding="utf-8")
    out = _invoke("ingest", str(sms_file), "--mapping", str(mapping), "--db", db_url)
    assert "columns not used" not in out
    assert "foo -> attribute reference" in out
    assert "read 5, stored 4" in out
    again = runner.invoke(app, ["mapping", "suggest", str(sms_file), "--out", str(mapping)])
    assert again.exit_code != 0 and "exists" in again.output


def test_a_file_without_text_is_refused_naming_its_columns(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("quoi,lieu\nx,Gao\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--channel", "sms", "--db", db_url])
    assert result.exit_code != 0
    assert "no text column found: the file's columns are quoi, lieu" in result.output


def test_plain_sms_file_ranks_its_ansongo_voices(sms_file: Path, db_url: str) -> None:
    """The new user's path: demo areas, a plain SMS file with an `area` column, rank."""
    _invoke("areas", str(sample_path("areas.csv")), "--db", db_url)
    _invoke("ingest", str(sms_file), "--db", db_url)
    _invoke("classify", "--db", db_url)
    rows = json.loads(_invoke("rank", "--area", "ML0702", "--json", "--db", db_url))
    assert rows and all(r["area_pcode"] == "ML0702" for r in rows)
    assert rows[0]["voices_in_scope"] == 3  # s1, s2, s3: s5's date is quarantined
    assert rows[0]["score"] > 0
    assert all("notes" in r for r in rows)
