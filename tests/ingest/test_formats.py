"""Each format's realistic fixture ingests with the expected counts, on both backends."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import privacy, store
from vitalcore.ingest import FORMATS, ingest_file, payload_records, shipped_mappings

DATA = Path(__file__).parents[1] / "data" / "formats"

# file, format, (read, stored, quarantined), channel of the stored voices
CASES = [
    ("kobo_export.json", "kobo", (4, 2, 2), "survey"),
    ("kobo_export.csv", "kobo", (3, 2, 1), "survey"),
    ("odk_submissions.json", "odk", (3, 2, 1), "survey"),
    ("odk_submissions.csv", "odk", (2, 2, 0), "survey"),
    ("rapidpro_webhooks.json", "rapidpro", (2, 2, 0), "sms"),
    ("rapidpro_runs.json", "rapidpro", (2, 1, 1), "sms"),
    ("sms_gateway.json", "sms", (4, 3, 1), "sms"),
    ("partner_reports_hxl.csv", "hxl", (4, 3, 1), "partner_report"),
    ("ushahidi_export.csv", "ushahidi", (3, 2, 1), "web_form"),
    ("ucdp_ged.csv", "ucdp", (40, 40, 0), "event_feed"),
    ("acled_export.csv", "acled", (3, 2, 1), "event_feed"),
    ("social_posts.ndjson", "social", (4, 2, 2), "social_post"),
    ("radio_transcripts.ndjson", "radio", (3, 2, 1), "radio_transcript"),
    ("vitalcore_flat.csv", "csv", (6, 3, 3), "sms"),
    ("vitalcore_flat.json", "json", (3, 1, 2), "web_form"),
    ("vitalcore_flat.ndjson", "ndjson", (4, 2, 2), None),
    ("cla_interviews.xlsx", "xlsx", (4, 3, 1), "cla_interview"),
]


def test_every_format_has_a_fixture_and_a_shipped_mapping() -> None:
    assert {fmt for _, fmt, _, _ in CASES} == set(FORMATS)
    assert {"kobo", "odk", "rapidpro", "sms", "hxl", "ushahidi", "ucdp", "acled", "social",
            "radio", "vitalcore"} <= set(shipped_mappings())


@pytest.mark.parametrize(("name", "fmt", "counts", "channel"), CASES,
                         ids=[c[0] for c in CASES])
def test_fixture_ingests_with_expected_counts(engine: Engine, name: str, fmt: str,
                                              counts: tuple[int, int, int],
                                              channel: str | None) -> None:
    first = ingest_file(engine, DATA / name, format=fmt)
    assert (first.read, first.stored, first.quarantined) == counts
    assert first.read == first.stored + first.duplicates + first.quarantined
    again = ingest_file(engine, DATA / name, format=fmt)
    assert (again.stored, again.duplicates) == (0, counts[1])
    assert store.count_rows(engine, "voices") == counts[1]
    assert store.count_quarantined(engine) == counts[2]
    if channel:
        assert set(store.voices_frame(engine)["channel"]) == {channel}
    for entry in store.quarantine_entries(engine):
        assert entry["reason"].startswith(f"{name}, row {entry['row']}")
        assert entry["format"] == fmt


def _voices(engine: Engine) -> dict[str, dict]:
    """Stored voices by source id, every column (read through the store's frame + text)."""
    from sqlalchemy import select

    from vitalcore.store.schema import voices

    with engine.connect() as conn:
        return {r.source_id: dict(r._mapping) for r in conn.execute(select(voices))}


def test_kobo_json_paths_geolocation_select_multiple_and_repeats(engine: Engine) -> None:
    ingest_file(engine, DATA / "kobo_export.json", format="kobo")
    voice = _voices(engine)["7f1e9a52-5c1b-4a7e-9d83-1c2f6b8e4a10"]
    assert (voice["lat"], voice["lon"]) == (15.6597, 0.5022)
    assert voice["groups_reported"] == ["displaced", "women"]
    assert voice["priorities"] == ["personal", "food"]
    assert voice["area_pcode"] == "ML0702" and voice["severity_reported"] == 5
    assert voice["text"].endswith("Appelez-moi au [phone].")
    assert voice["reporter"] == privacy.pseudonym("+22376451209", privacy.load_key())
    attributes = store.voice_attributes_of(engine, voice["id"])
    assert attributes["household_size"] == 2
    assert attributes["household_members"][1]["group_household/members/age"] == "9"


def test_odk_odata_groups_and_geojson_point(engine: Engine) -> None:
    ingest_file(engine, DATA / "odk_submissions.json", format="odk")
    voice = _voices(engine)["uuid:5d6e7f80-1a2b-4c3d-9e8f-a0b1c2d3e4f5"]
    assert (voice["lat"], voice["lon"]) == (14.1022, -1.6306)
    assert voice["area_pcode"] == "BF5602" and voice["consent_share"] is True
    assert store.voice_attributes_of(engine, voice["id"])["submitter"] == "cla_djibo_01"


def test_rapidpro_urns_become_one_pseudonym_across_webhook_and_runs(engine: Engine) -> None:
    ingest_file(engine, DATA / "rapidpro_webhooks.json", format="rapidpro")
    ingest_file(engine, DATA / "rapidpro_runs.json", format="rapidpro")
    voices = list(_voices(engine).values())
    alias = privacy.pseudonym("tel:+22376998877", privacy.load_key())
    assert sum(v["reporter"] == alias for v in voices) == 2
    whatsapp = next(v for v in voices if "riz" in v["text"])
    assert whatsapp["text"].endswith("write me at [email]")
    assert store.voice_attributes_of(engine, whatsapp["id"])["urn_scheme"] == "whatsapp"
    assert {v["place_name"] for v in voices} == {"Ménaka", "Ansongo", None}


def test_event_feeds_keep_types_actors_fatalities_precision(engine: Engine) -> None:
    ingest_file(engine, DATA / "ucdp_ged.csv", format="ucdp")
    ingest_file(engine, DATA / "acled_export.csv", format="acled")
    voices = _voices(engine)
    ucdp = voices["300380.0"]
    assert ucdp["channel"] == "event_feed" and ucdp["source"] == "ucdp-ged"
    assert "Government of Syria vs Syrian insurgents, 2.0 deaths" in ucdp["text"]
    attrs = store.voice_attributes_of(engine, ucdp["id"])
    assert attrs["type_of_violence"] == "1.0" and attrs["where_prec"] == "1.0"
    assert attrs["deaths_best"] == "2.0" and attrs["side_b"] == "Syrian insurgents"
    acled = store.voice_attributes_of(engine, voices["MLI31245"]["id"])
    assert acled["event_type"] == "Violence against civilians"
    assert acled["fatalities"] == "5" and acled["geo_precision"] == "1"


def test_hxl_tags_are_normalised_and_script_text_kept_verbatim(engine: Engine) -> None:
    ingest_file(engine, DATA / "partner_reports_hxl.csv", format="hxl")
    voices = _voices(engine)
    assert voices["PR-2026-0141"]["area_pcode"] == "ML0702"
    assert voices["PR-2026-0141"]["source"] == "NGO Partner A"
    assert store.voice_attributes_of(engine, voices["PR-2026-0141"]["id"])["idps"] == "420"
    assert voices["PR-2026-0144"]["text"].startswith("<script>alert('x')</script>")
    assert voices["PR-2026-0141"]["reporter"] is not None  # the focal point, pseudonymised


def test_formula_text_is_kept_and_flagged(engine: Engine) -> None:
    ingest_file(engine, DATA / "sms_gateway.json", format="sms")
    voice = _voices(engine)["SM-0003"]
    assert voice["text"].startswith('=HYPERLINK("http://evil.example/x"')
    assert store.voice_attributes_of(engine, voice["id"])["formula_risk"] is True


def test_webhook_payloads_reuse_the_readers(engine: Engine) -> None:
    import json

    payload = json.loads((DATA / "rapidpro_webhooks.json").read_text(encoding="utf-8"))[0]
    (record,) = payload_records("rapidpro", payload, "webhook:rapidpro")
    assert record.fields["text"].startswith("Gunmen stole 60 cattle")
    assert record.provenance.message_id == "2f4a5b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"
    with pytest.raises(ValueError, match="no JSON payload layout"):
        list(payload_records("ucdp", {}, "x"))


def test_docs_have_a_section_per_format_with_its_current_mapping() -> None:
    from importlib import import_module

    docs = (Path(__file__).parents[2] / "docs" / "ingest.md").read_text(encoding="utf-8")
    mappings = Path(import_module("vitalcore.ingest").__file__).parent / "mappings"
    for fmt in FORMATS:
        assert f"\n### {fmt}\n" in docs
        mapping = import_module(f"vitalcore.ingest.formats.{fmt}").MAPPING
        shipped = (mappings / f"{mapping}.yaml").read_text(encoding="utf-8").rstrip()
        assert shipped in docs, f"docs/ingest.md shows an outdated {mapping}.yaml"


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_doubled_quotes_stay_inside_their_cell(tmp_path: Path, delimiter: str) -> None:
    from vitalcore.ingest.formats.csv import rows

    d = delimiter
    # csv.Sniffer alone reads this file's quoting wrong (doublequote off): the cell
    # came back split in two at the delimiter.
    path = tmp_path / "quotes.csv"
    path.write_text(f'id{d}text{d}area\n1{d}"""a{d} b"""{d}ML0701\n', encoding="utf-8")
    assert [r[1] for r in rows(path)][1] == ["1", f'"a{d} b"', "ML0701"]
    path.write_text(f'id{d}text\n2{d}"He said ""go"" and left"\n', encoding="utf-8")
    assert [r[1] for r in rows(path)][1] == ["2", 'He said "go" and left']
