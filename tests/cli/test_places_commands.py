"""Places through the command line, as a new user meets them: a plain CSV of SMS whose
place column holds names (Gao, Ansongo, Ménaka...), ingested into a store holding the
demo's areas, then ranked for one cercle; the names it could not resolve are counted in
the ingest summary and listed by `vitalcore places unknown`.

The place column is `place_name` here (the lead's column mapping, issue 27, maps a
column called `area` to it; the judge's file has `area`).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vitalcore.cli import app
from vitalcore.demo import sample_path

runner = CliRunner()

# Written for this test: (text, place as a field team would type it).
SMS = [
    ("Armed men attacked the village and killed three people", "Ansongo"),
    ("Des bandits armés ont volé le bétail et blessé deux bergers", "ansongo"),
    ("Gunmen burned the market stalls last night", "ANSONGO"),
    ("Les hommes armés ont enlevé le chef du village", "Ansongo"),
    ("Shots fired at the water point, one woman wounded", "Ansongo "),
    ("Armed men stopped the bus and beat the passengers", "Ansongo"),
    ("Nous n'avons plus de vivres, les enfants ont faim", "Gao"),
    ("The clinic has no medicine and the nurse left", "Gao"),
    ("Les prix du riz ont encore augmenté au marché", "Ménaka"),
    ("Herders and farmers clashed over the wells", "Menaka"),
    ("Floods destroyed the fields near the river", "Tinzaouatene-Sud"),
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    result = runner.invoke(app, ["areas", str(sample_path("areas.csv")), "--db", url])
    assert result.exit_code == 0, result.output
    return url


def _sms_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text", "place_name", "date", "channel"])
        for i, (text, place) in enumerate(SMS):
            out.writerow([f"sms-{i}", text, place, f"2026-10-{1 + i:02d}", "sms"])
    return path


def test_names_in_the_place_column_rank_a_cercle_with_a_score(db: str, tmp_path: Path
                                                               ) -> None:
    ingested = runner.invoke(app, ["ingest", str(_sms_file(tmp_path / "sms.csv")),
                                   "--db", db])
    assert ingested.exit_code == 0, ingested.output
    assert "read 11, stored 11, duplicates 0, quarantined 0" in ingested.output
    assert "places not resolved: 1, see vitalcore places unknown" in ingested.output
    assert runner.invoke(app, ["classify", "--db", db, "--show", "0"]).exit_code == 0
    ranked = runner.invoke(app, ["rank", "--area", "ML0702", "--json", "--db", db])
    assert ranked.exit_code == 0, ranked.output
    rows = json.loads(ranked.output)
    assert {r["area_pcode"] for r in rows} == {"ML0702"}
    assert {r["voices_in_scope"] for r in rows} == {6}  # every Ansongo voice
    assert rows[0]["score"] > 0
    personal = next(r for r in rows if r["dimension"] == "personal")
    assert personal["score"] > 0 and personal["voices"] >= 5


def test_every_area_option_takes_a_region_or_a_country(db: str, tmp_path: Path) -> None:
    runner.invoke(app, ["ingest", str(_sms_file(tmp_path / "sms.csv")), "--db", db])
    runner.invoke(app, ["classify", "--db", db, "--show", "0"])
    region = json.loads(runner.invoke(app, ["rank", "--area", "ML07", "--json", "--db", db,
                                            "--min-voices", "1"]).output)
    assert {r["voices_in_scope"] for r in region} == {8}  # Ansongo 6 + Gao 2
    country = json.loads(runner.invoke(app, ["rank", "--area", "ML", "--json", "--db", db,
                                             "--min-voices", "1"]).output)
    assert {r["voices_in_scope"] for r in country} == {10}  # + Ménaka 2
    for command in (["alerts"], ["groups"], ["resilience"], ["tiers"], ["spread"],
                    ["actions", "list"]):
        result = runner.invoke(app, [*command, "--area", "ML07", "--db", db])
        assert result.exit_code == 0, (command, result.output)


def test_places_unknown_lists_names_with_counts_and_no_reporter(db: str, tmp_path: Path
                                                                ) -> None:
    runner.invoke(app, ["ingest", str(_sms_file(tmp_path / "sms.csv")), "--db", db])
    result = runner.invoke(app, ["places", "unknown", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["place"], r["kind"], r["voices"]) for r in rows] == [
        ("Tinzaouatene-Sud", "name", 1)]
    assert len(rows[0]["example_voice_ids"][0]) == 32
    table = runner.invoke(app, ["places", "unknown", "--db", db])
    assert "Tinzaouatene-Sud" in table.output and "1 places not resolved" in table.output


def test_a_text_naming_kidal_is_placed_with_or_without_a_store(db: str) -> None:
    for extra in ([], ["--db", db]):  # the packaged gazetteer; the demo's areas + it
        result = runner.invoke(app, ["classify", "--text",
                                     "Le puits de Kidal a été empoisonné", "--json", *extra])
        assert result.exit_code == 0, result.output
        area = json.loads(result.output)[0]["area_pcode"]
        assert area is not None and area.startswith("ML")


def test_places_conflicts_lists_column_and_text(db: str, tmp_path: Path) -> None:
    path = tmp_path / "clash.csv"
    path.write_text("id,text,place_name,date,channel\n"
                    "k1,Des coups de feu entendus à Téra cette nuit,Ansongo,2026-10-01,sms\n",
                    encoding="utf-8")
    runner.invoke(app, ["ingest", str(path), "--db", db])
    assert "no place conflicts" in runner.invoke(app, ["places", "conflicts", "--db", db]
                                                 ).output
    runner.invoke(app, ["classify", "--db", db, "--show", "0"])
    rows = json.loads(runner.invoke(app, ["places", "conflicts", "--json", "--db", db]).output)
    assert [(r["given_pcode"], r["text_pcode"]) for r in rows] == [("ML0702", "NE0204")]
