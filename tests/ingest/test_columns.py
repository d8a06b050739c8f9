"""A user's own file: its headers understood in English, French and HXL, the columns
left out named, a misplaced column flagged, a file without text refused."""

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, text

from vitalcore import store, workflow
from vitalcore.domain import Channel
from vitalcore.ingest.columns import channel_named, families, fold

AREAS = Path(workflow.__file__).parents[1] / "demo" / "areas.csv"


def _stored(engine: Engine) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT place_name, area_pcode, channel, occurred_at, reporter, solution, text "
            "FROM voices")).one()._mapping)


def _csv(tmp_path: Path, header: list[str], rows: list[list[str]], name: str = "f.csv") -> Path:
    path = tmp_path / name
    lines = [",".join(header), *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fold_ignores_case_accents_separators_and_hxl_attribute_order() -> None:
    assert fold("Date de l'incident") == "date_de_l_incident"
    assert fold("  LOCALITÉ ") == "localite"
    assert fold("Région") == fold("region")
    assert fold("#adm1 +name") == fold("#adm1+name")
    assert fold("#loc+name+fr") == fold("#loc +fr +name")


def test_every_family_names_a_voice_field_and_no_header_twice() -> None:
    known = families()
    seen: dict[str, str] = {}
    for field, names in known.fields.items():
        for name in names:
            assert name not in seen, f"{name!r} is in both {seen.get(name)} and {field}"
            seen[name] = field
    assert not set(known.contacts) & set(seen)


# (header, Voice field it must fill, a value, what the stored voice holds)
PLACE = [
    ("lieu", "Ansongo"), ("Localité", "Ansongo"), ("Commune", "Ansongo"),
    ("cercle", "Ansongo"), ("Région", "Gao"), ("village", "Ansongo"), ("site", "Ansongo"),
    ("camp", "Ansongo"), ("admin1", "Gao"), ("admin2", "Ansongo"), ("area", "Ansongo"),
    ("location", "Ansongo"), ("#loc", "Ansongo"), ("#adm1+name", "Gao"),
    ("ADM2_FR", "Ansongo"), ("district", "Ansongo"),
]


@pytest.mark.parametrize(("header", "value"), PLACE, ids=[h for h, _ in PLACE])
def test_place_headers_in_english_french_and_hxl(engine: Engine, tmp_path: Path,
                                                 header: str, value: str) -> None:
    workflow.import_areas(engine, AREAS)
    path = _csv(tmp_path, ["text", header],
                [["Les puits sont à sec depuis la saison passée", value]])
    counts = workflow.ingest(engine, path, channel=Channel.SMS)
    assert counts.stored == 1
    voice = _stored(engine)
    assert voice["place_name"] == value
    assert voice["area_pcode"] == ("ML07" if value == "Gao" else "ML0702")


OTHER = [
    ("Date de l'incident", "occurred_at"), ("date_collecte", "occurred_at"),
    ("#date", "occurred_at"), ("Texte", "text"), ("Témoignage", "text"),
    ("#description", "text"), ("canal", "channel"), ("Groupe", "groups_reported"),
    ("solution proposée", "solution"), ("Téléphone", "reporter"), ("numéro", "reporter"),
    ("#contact+phone", "reporter"), ("P-code", "area_pcode"), ("#adm2+code", "area_pcode"),
    ("consentement", "consent_quote"), ("langue", "language"), ("Partenaire", "source"),
]


@pytest.mark.parametrize(("header", "field"), OTHER, ids=[h for h, _ in OTHER])
def test_other_headers_are_recognised(tmp_path: Path, header: str, field: str) -> None:
    columns = ["message", header] if field != "text" else [header]
    path = _csv(tmp_path, columns, [["x"] * len(columns)])
    plan = workflow.column_plan(None, path)
    assert {u.column: u.becomes for u in plan.used}[header] == field
    assert header not in plan.unused


def test_recognised_values_are_stored(engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path, ["Témoignage", "Date de l'incident", "canal", "Téléphone", "Groupe",
                           "solution proposée", "#adm2+code"],
                [["On a volé nos chèvres cette nuit", "03/10/2026", "radio", "+22376123456",
                  "women", "des patrouilles le soir", "ML0702"]])
    counts = workflow.ingest(engine, path)
    assert (counts.read, counts.stored) == (1, 1)
    voice = _stored(engine)
    assert voice["channel"] == "radio_transcript"
    assert str(voice["occurred_at"]).startswith("2026-10-03")
    assert voice["solution"] == "des patrouilles le soir"
    assert voice["reporter"].startswith("r-") and "76123456" not in str(voice)
    assert voice["area_pcode"] == "ML0702"
    attributes = store.voice_attributes_frame(engine).row(0, named=True)
    assert attributes["groups_reported"] == ["women"]


def test_a_place_column_of_pcodes_becomes_the_area(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["text", "area"], [["a", "ML0702"], ["b", "ML07"], ["c", "ML0703"]])
    plan = workflow.column_plan(None, path)
    (use,) = [u for u in plan.used if u.column == "area"]
    assert (use.becomes, use.how) == ("area_pcode", "values")


def test_channel_names_of_field_teams() -> None:
    assert channel_named("WhatsApp") is Channel.SMS
    assert channel_named("Radio") is Channel.RADIO_TRANSCRIPT
    assert channel_named("entretien") is Channel.CLA_INTERVIEW
    with pytest.raises(ValueError, match="not a valid Channel"):
        channel_named("pigeon")


def test_unused_columns_are_named_and_misplaced_ones_flagged(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["text", "foo", "quand", "tel_agent", "canal_de_remontee"],
                [["Des coups de feu au marché", "1", "2026-09-01", "+22376000011", "sms"],
                 ["Le prix du mil a doublé", "2", "2026-09-02", "+22376000012", "radio"]])
    plan = workflow.column_plan(None, path)
    assert plan.unused == ("foo", "quand", "tel_agent", "canal_de_remontee")
    flags = "\n".join(plan.flags)
    assert "'quand' is not used but holds dates" in flags
    assert "'tel_agent' is not used but holds phone numbers" in flags
    assert "'canal_de_remontee' is not used but holds channels" in flags
    assert "'foo'" not in flags  # small integers are neither dates nor anything else


def test_a_column_of_known_place_names_is_flagged_with_a_store(engine: Engine,
                                                               tmp_path: Path) -> None:
    workflow.import_areas(engine, AREAS)
    path = _csv(tmp_path, ["text", "ou"], [["Les routes sont coupées", "Ansongo"],
                                           ["Plus de médicaments", "Bourem"]])
    plan = workflow.column_plan(engine, path)
    assert any("'ou' is not used but holds place names" in f for f in plan.flags)


def test_a_mapping_file_gets_its_unused_columns_named_too(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["msg", "lieu", "extra"], [["x", "Gao", "y"]])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  text: [msg]\n", encoding="utf-8")
    plan = workflow.column_plan(None, path, mapping=mapping)
    # a mapping given by the user is taken as it is: its headers are not guessed
    assert plan.unused == ("lieu", "extra")


def test_a_file_without_a_text_column_is_refused_before_reading(engine: Engine,
                                                                 tmp_path: Path) -> None:
    path = _csv(tmp_path, ["quoi", "lieu"], [["x", "Gao"]])
    with pytest.raises(ValueError, match="no text column found: the file's columns are "
                       "quoi, lieu"):
        workflow.ingest(engine, path, channel=Channel.SMS)
    assert store.count_rows(engine, "voices") == 0
    assert store.count_quarantined(engine) == 0


def test_a_date_in_no_known_format_is_quarantined_with_the_formats_tried(
        engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path, ["text", "date"], [["Le puits est empoisonné", "hier soir"],
                                             ["Les écoles sont fermées", "2026-09-03"]])
    counts = workflow.ingest(engine, path, channel=Channel.SMS)
    assert (counts.read, counts.stored, counts.quarantined) == (2, 1, 1)
    (entry,) = store.quarantine_entries(engine)
    assert entry["field"] == "date"
    assert "'hier soir' is not a date in a known format (tried ISO 8601, YYYY-MM-DD" \
        in entry["reason"]
    assert "DD/MM/YYYY" in entry["reason"] and "Unix epoch" in entry["reason"]


def test_rank_notes_travel_with_a_file_without_sources_or_ballots(engine: Engine,
                                                                  tmp_path: Path) -> None:
    path = _csv(tmp_path, ["text", "date"], [["Des hommes armés ont tué trois bergers",
                                              "2026-09-01"]] * 1)
    workflow.ingest(engine, path, channel=Channel.SMS)
    workflow.classify_pending(engine)
    ranking = workflow.rank_threats(engine, replicates=0)
    overall = ranking.filter(pl.col("area_pcode") == "ALL")
    assert overall.height and (overall["score"] > 0).all()
    notes = overall["notes"].to_list()[0]
    assert any("no voice has a resolved area" in n for n in notes)
    assert any("one source only" in n for n in notes)
    assert any("no priority ballots" in n for n in notes)
