"""The generator: same seed same bytes, every file in its layout, truth true of the files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.simulate.conftest import SEED, VOICES
from vitalcore.simulate import LABEL, manifest, simulate
from vitalcore.simulate.manifest import CHANNEL_FILES, OTHER_FILES

SCHEMA = Path(__file__).parents[2] / "src/vitalcore/simulate/data/truth.schema.json"
# The first 40 events of the shared UCDP GED sample, kept in the repository as is.
UCDP_SAMPLE = Path(__file__).parents[1] / "data" / "formats" / "ucdp_ged.csv"


def test_same_seed_gives_the_same_bytes(scenario: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    simulate(SEED, VOICES, again)
    names = sorted(p.name for p in scenario.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (scenario / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_another_world(scenario: Path, tmp_path: Path) -> None:
    simulate(SEED + 1, VOICES, tmp_path / "other")
    assert (scenario / "truth.json").read_bytes() != (tmp_path / "other/truth.json").read_bytes()


def test_every_file_is_written_and_labelled(scenario: Path) -> None:
    expected = {name for name, _, _ in CHANNEL_FILES} | set(OTHER_FILES)
    assert {p.name for p in scenario.iterdir()} == expected
    assert LABEL in (scenario / "README.txt").read_text(encoding="utf-8")
    assert LABEL.upper() in (scenario / "mandate.txt").read_text(encoding="utf-8")
    for name in ("kobo_survey.json", "cla_interviews.csv", "partner_reports.csv",
                 "ucdp_events.csv", "truth.json", "rapidpro_sms.json"):
        assert LABEL in (scenario / name).read_text(encoding="utf-8"), name


def test_manifest_lists_channel_files_and_their_formats(scenario: Path) -> None:
    entries = manifest(scenario)
    assert [(e.path.name, e.format, e.channel.value) for e in entries] == [
        (n, f, c.value) for n, f, c in CHANNEL_FILES]


def test_manifest_of_a_half_written_scenario_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="kobo_survey.json is missing"):
        manifest(tmp_path / "empty")


def test_truth_matches_its_schema_and_the_record_counts(
        scenario: Path, truth: dict[str, Any]) -> None:
    jsonschema.validate(truth, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert sum(f["records"] for f in truth["files"].values()) == VOICES
    kobo = json.loads((scenario / "kobo_survey.json").read_text(encoding="utf-8"))
    assert kobo["count"] == len(kobo["results"]) == truth["files"]["kobo_survey.json"]["records"]


def test_geography_spans_three_countries_with_cross_border_neighbours(scenario: Path) -> None:
    with (scenario / "areas.csv").open(encoding="utf-8") as fh:
        areas = list(csv.DictReader(fh))
    assert 40 <= len(areas) <= 80
    assert {a["country"] for a in areas} == {"ML", "BF", "NE"}
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in a["alt_names"]) for a in areas)
    with (scenario / "adjacency.csv").open(encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh))
    assert any(p["cross_border"] == "true" for p in pairs)
    assert all(p["pcode_a"] < p["pcode_b"] for p in pairs)


def test_kobo_submissions_have_kobo_keys_and_a_ranked_top_three(scenario: Path) -> None:
    first = json.loads((scenario / "kobo_survey.json").read_text(encoding="utf-8"))["results"][0]
    for key in ("_id", "_uuid", "_submission_time", "_geolocation", "meta/instanceID"):
        assert key in first
    ranked = first["group_voice/priorities"].split(" ")
    assert len(set(ranked)) == 3
    assert sorted(first["group_voice/top_concerns"].split(" ")) == sorted(ranked)


def test_rapidpro_payloads_follow_the_default_webhook_body(scenario: Path) -> None:
    payloads = json.loads((scenario / "rapidpro_sms.json").read_text(encoding="utf-8"))
    first = payloads[0]
    assert set(first) == {"contact", "flow", "path", "results", "run", "input", "channel"}
    assert first["contact"]["urn"].startswith("tel:+22")
    assert first["input"]["text"] == first["results"]["report"]["value"]


def test_ucdp_events_have_the_ged_columns_in_order(scenario: Path) -> None:
    with UCDP_SAMPLE.open(encoding="utf-8") as fh:
        real = next(csv.reader(fh))
    with (scenario / "ucdp_events.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == real and len(real) == 49
    assert all(len(r) == 49 for r in rows[1:])


def test_hxl_partner_reports_carry_a_hashtag_row(scenario: Path) -> None:
    with (scenario / "partner_reports.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert all(tag.startswith("#") for tag in rows[1])
    assert "#adm2+code" in rows[1]


def test_rumour_voices_come_from_few_accounts_and_are_near_duplicates(
        scenario: Path, truth: dict[str, Any]) -> None:
    rumour = truth["rumour"]
    assert rumour["voices"] >= 10
    assert len(rumour["accounts"]) <= 12 < rumour["voices"]
    wanted = set(rumour["source_ids"])
    posts = [json.loads(line) for line in
             (scenario / "social_posts.ndjson").read_text(encoding="utf-8").splitlines()]
    hits = [p for p in posts if p["id"] in wanted]
    assert len(hits) == rumour["by_channel"]["social_post"]
    assert {p["author"]["handle"] for p in hits} <= set(rumour["accounts"])
    assert all(rumour["start"] <= p["created_at"][:10] <= rumour["end"] for p in hits)


def test_planted_events_have_dates_inside_the_period(truth: dict[str, Any]) -> None:
    start, end = truth["period"]["start"], truth["period"]["end"]
    epidemic = truth["epidemic"]
    assert epidemic["onset"][epidemic["origin"]] == epidemic["start"]
    assert min(epidemic["onset"].values()) == epidemic["start"]
    assert epidemic["cross_border_hops"]
    steps = truth["chain"]["steps"]
    assert [s["dimension"] for s in steps] == ["environmental", "food", "community", "personal"]
    for area in truth["chain"]["areas"]:
        onsets = [s["onset"][area] for s in steps]
        assert onsets == sorted(onsets)  # each step follows the one before
    for e in truth["emergences"]:
        assert start <= e["onset"] <= e["end"] <= end


def test_mandate_leaves_out_exactly_the_recorded_concern(
        scenario: Path, truth: dict[str, Any]) -> None:
    mandate = truth["mandate"]
    assert mandate["omitted_concern"] in mandate["community_top_concerns"]
    assert mandate["omitted_concern"] not in mandate["covered_dimensions"]
    text = (scenario / "mandate.txt").read_text(encoding="utf-8")
    assert text.startswith("United Nations") and "S/RES/" in text
    assert "Food security" not in text if mandate["omitted_concern"] == "food" else True
    assert "    (a) Protection of civilians" in text and "(i) To protect" in text


def test_pii_voices_carry_fake_numbers(scenario: Path, truth: dict[str, Any]) -> None:
    wanted = set(truth["pii"]["source_ids"])
    with (scenario / "cla_interviews.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["id"] in wanted]
    assert len(rows) == truth["pii"]["by_channel"]["cla_interview"]
    prefixes = tuple(truth["pii"]["phone_prefixes"].values())
    assert all(any(p in r["text"] for p in prefixes) for r in rows)


def test_too_few_voices_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        simulate(1, 10, tmp_path / "tiny")


def test_cli_refuses_too_few_voices_with_a_clear_message(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vitalcore.cli import app

    result = CliRunner().invoke(app, ["simulate", "--voices", "5", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "--voices must be at least" in result.output


def test_social_media_hears_fewer_women_and_elderly_than_cla(truth: dict[str, Any]) -> None:
    social, cla = truth["channels"]["social_post"], truth["channels"]["cla_interview"]
    assert social["women_share"] < cla["women_share"]
    assert social["elderly_share"] < cla["elderly_share"]
    assert truth["channels"]["partner_report"]["languages"]["ar"] == 0.0
