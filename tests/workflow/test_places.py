"""Places through the workflow on a real store: the place column resolved at ingest,
voices placed from their text at classification, every --area rolled up (cercle,
region, country), unknown places listed, conflicts kept, late gazetteers applied.

The store holds the demo's areas (src/vitalcore/demo/areas.csv: Gao region ML07 with
its cercles Ansongo ML0702 and Bourem ML0703, Mopti ML05 with Douentza ML0504, Niger's
Tillabéri NE02 with Téra NE0204); the voices are written for this test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.demo import sample_path
from vitalcore.privacy import create_key

MANDATES = Path(__file__).parents[1] / "mandate" / "data"
START = date(2026, 9, 1)
SPIKE = START + timedelta(days=20)

# Written for this test (not from the phrase banks).
QUIET = "Millet is sold at twice last month's price at the weekly fair"
ATTACKS = (
    "Gunmen on motorbikes raided the weekly fair and shot two traders dead",
    "Des hommes armés ont abattu trois bergers près du puits ce matin",
    "Armed bandits attacked the convoy and wounded the driver",
    "Des hommes armés ont incendié les greniers et tué un vieil homme",
    "Gunmen killed a teacher on the road to the market",
    "Les assaillants ont tiré sur les femmes qui allaient chercher l'eau",
)
HUNGER = (
    "Les familles ne mangent qu'une fois par jour, les greniers sont vides",
    "Children are thin, there is no food left since the harvest failed",
    "Le prix du mil a doublé, nous ne pouvons plus acheter à manger",
    "We have eaten the seed grain, nothing is left for planting",
    "Les enfants ont faim, la récolte a échoué cette année",
)


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []

    def add(text: str, place: str, day: date) -> None:
        rows.append({"id": f"p{len(rows)}", "text": text, "place_name": place,
                     "date": day.isoformat(), "channel": "sms"})

    for i in range(20):  # a quiet baseline in both cercles of Gao
        add(QUIET, ["Ansongo", "ANSONGO", "Ansogo"][i % 3], START + timedelta(days=i))
        add(f"In Bourem: {QUIET.lower()}", "", START + timedelta(days=i))
    for text in ATTACKS:  # then a rise of attacks in both on one day
        add(text, "Ansongo", SPIKE)
        add(f"{text} à Bourem", "", SPIKE)
    for text in HUNGER:
        add(text, "DOUENTZA", SPIKE)
        add(text, "Téra", SPIKE)
    add("Armed men looted the health centre", "Kidal", SPIKE)  # not in the demo's areas
    add("The road is cut by floods", "Kolgoundou", SPIKE)  # in no gazetteer
    add("On entend des tirs à Téra depuis hier soir", "Ansongo", SPIKE)  # conflict
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=["id", "text", "place_name", "date", "channel"])
        out.writeheader()
        out.writerows(rows)
    return path


def build(engine: Engine, folder: Path) -> Engine:
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, write_csv(folder / "sms.csv", _rows()))
    workflow.classify_pending(engine)
    return engine


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("places")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VITALCORE_KEY_FILE", str(create_key(folder / "keys" / "test.key")))
        engine = build(store.open_store(f"sqlite:///{folder / 'store.db'}"), folder)
    yield engine
    engine.dispose()


def _areas(engine: Engine) -> dict[str, str | None]:
    frame = store.voices_frame(engine)
    return dict(zip(frame["voice_id"], frame["area_pcode"], strict=True))


def test_every_voice_is_stored_and_placed_by_column_or_text(placed: Engine) -> None:
    counts = pl.DataFrame({"area": list(_areas(placed).values())})["area"].value_counts()
    by_area = dict(zip(counts["area"], counts["count"], strict=True))
    assert sum(by_area.values()) == len(_rows())
    assert by_area["ML0702"] == 20 + len(ATTACKS) + 1  # case and a typo resolved
    assert by_area["ML0703"] == 20 + len(ATTACKS)  # from the text at classification
    assert by_area["ML0504"] == by_area["NE0204"] == len(HUNGER)
    assert by_area[None] == 1  # "Kolgoundou": kept, listed for review


def test_kidal_is_placed_by_the_packaged_gazetteer_and_the_store_learns_it(
        placed: Engine) -> None:
    kidal = {a.pcode: a for a in store.list_areas(placed) if a.name == "Kidal"}
    assert kidal, "the packaged Kidal was adopted into the store"
    tree = workflow.hierarchy(placed)
    town = next(p for p, a in kidal.items() if a.admin_level == 3)
    assert tree.ancestors(town) == ["ML-8", "ML"]
    assert town in _areas(placed).values()


def test_unknown_places_are_listed_with_counts_and_example_ids(placed: Engine) -> None:
    rows = workflow.unknown_places(placed)
    assert [(r["place"], r["kind"], r["voices"]) for r in rows] == [
        ("Kolgoundou", "name", 1)]
    assert len(rows[0]["example_voice_ids"]) == 1
    assert set(rows[0]) == {"place", "kind", "voices", "example_voice_ids"}  # no reporter


def test_a_column_and_text_that_disagree_are_recorded(placed: Engine) -> None:
    conflicts = workflow.place_conflicts(placed)
    assert [(c["given_pcode"], c["text_pcode"]) for c in conflicts] == [("ML0702", "NE0204")]
    assert conflicts[0]["text_name"] == "Tera"


@pytest.mark.parametrize(("area", "voices"), [
    ("ML0702", 27), ("ml07", 27 + 26), ("ML", 27 + 26 + 5 + 1), ("Ansongo", 27)])
def test_rank_rolls_up_cercle_region_country(placed: Engine, area: str,
                                             voices: int) -> None:
    table = workflow.rank_threats(placed, area=area, replicates=0)
    assert table["voices_in_scope"].unique().to_list() == [voices]
    assert table["area_pcode"].unique().to_list() == [
        workflow.area_scope(placed, area).code]
    assert table.filter(pl.col("dimension") == "personal")["score"][0] > 0
    core = workflow.vital_core(placed, area=area)
    assert core["voices_in_scope"].unique().to_list() == [voices]


def test_groups_coverage_and_resilience_roll_up(placed: Engine) -> None:
    region = workflow.coverage_report(placed, area="ML07")
    heard = region.filter(pl.col("facet") == "area")
    assert dict(zip(heard["value"], heard["voices"], strict=True)) == {"ML07": 53}
    voices = workflow.scoped_voices(placed, area="ML07")
    assert voices.height == 53 and voices["area_pcode"].unique().to_list() == ["ML07"]
    assert workflow.scoped_voices(placed, area="NE").height == len(HUNGER)
    assert workflow.capacity_evidence(placed, area="ML")["voice_id"].n_unique() <= 59
    for area in ("ML0702", "ML07", "ML"):
        workflow.group_vulnerability(placed, area=area)  # runs on the rolled-up voices


def _episode_voices(engine: Engine, area: str) -> int:
    table = workflow.alerts(engine, area=area, threats=False).filter(
        (pl.col("dimension") == "personal") & (pl.col("first_signal") == SPIKE))
    return int(table["voices"].sum()) if table.height else 0


def test_alerts_roll_up_the_daily_counts(placed: Engine) -> None:
    ansongo, bourem = _episode_voices(placed, "ML0702"), _episode_voices(placed, "ML0703")
    region = workflow.alerts(placed, area="ML07", threats=False)
    assert set(region["area_pcode"]) == {"ML07"}
    assert _episode_voices(placed, "ML07") == ansongo + bourem > 0
    # Mali adds Kidal's looting of the same day to Gao's two cercles.
    assert _episode_voices(placed, "ML") >= ansongo + bourem
    assert _episode_voices(placed, "NE") == 0


def test_spread_keeps_only_paths_through_the_area(placed: Engine) -> None:
    everywhere = workflow.spread(placed)
    assert workflow.spread(placed, area="ML").height <= everywhere.height
    for row in workflow.spread(placed, area="ML07").iter_rows(named=True):
        assert {s["area_pcode"] for s in row["steps"]} & {"ML0702", "ML0703", "ML07"}
    assert workflow.spread(placed, area="BF").height == 0


def test_mandate_gap_at_each_level(placed: Engine) -> None:
    workflow.import_mandate(placed, MANDATES / "s_res_2100_2013.txt")
    for area in ("ML0702", "ML07", "ML"):
        _, gap = workflow.mandate_gap(placed, area=area)
        assert gap.matrix.height > 0
    with pytest.raises(workflow.NoVoices):
        workflow.mandate_gap(placed, area="BF56")  # the demo's Sahel region: no voices


def test_tiers_actions_and_voice_search_roll_up(placed: Engine) -> None:
    workflow.record_action(placed, area="ML0703", dimension="personal", kind="patrol",
                           start=SPIKE, end=SPIKE + timedelta(days=3),
                           description="night patrols")
    assert [a.area_pcode for a in workflow.actions(placed, area="ML07")] == ["ML0703"]
    assert workflow.actions(placed, area="NE") == []
    tiers = workflow.tier_report(placed, area="ML07", top=1)
    assert set(tiers["area_pcode"]) == {"ML07"}
    rows, total = workflow.search_voices(placed, store.VoiceFilter(area="ML07"), limit=5)
    assert total == 53 and {r["area_pcode"] for r in rows} <= {"ML0702", "ML0703"}
    _, country = workflow.search_voices(placed, store.VoiceFilter(area="ML"), limit=1)
    assert country == 59


def test_briefing_of_a_region_holds_its_cercles(placed: Engine) -> None:
    from vitalcore.briefing import build_briefing

    briefing = build_briefing(placed, area="ML07", period=f"{SPIKE:%Y-%m}")
    assert briefing is not None


def test_a_gazetteer_imported_after_the_voices_places_them(
        engine: Engine, tmp_path: Path) -> None:
    # A mission's own areas, in no packaged gazetteer: known only once imported.
    gazetteer = tmp_path / "mission_areas.csv"
    gazetteer.write_text(
        "pcode,name,country,admin_level,parent_pcode,alt_names,lat,lon\n"
        "XM01,Wabaria,ML,1,,,,\n"
        "XM0101,Kolgoundou,ML,2,XM01,Kolgoundou Site,,\n"
        "XM0102,Bouzbaye,ML,2,XM01,,,\n", encoding="utf-8")
    rows = [{"id": "late-1", "text": "Les greniers de Bouzbaye sont vides", "place_name": "",
             "date": "2026-09-03", "channel": "sms"},
            {"id": "late-2", "text": "no water at the camp", "place_name": "KOLGOUNDOU",
             "date": "2026-09-03", "channel": "sms"}]
    workflow.ingest(engine, write_csv(tmp_path / "late.csv", rows))
    assert set(_areas(engine).values()) == {None}
    assert [r["place"] for r in workflow.unknown_places(engine)] == ["KOLGOUNDOU"]
    workflow.import_areas(engine, gazetteer)
    assert sorted(_areas(engine).values()) == ["XM0101", "XM0102"]
    assert workflow.unknown_places(engine) == []
    assert workflow.scoped_voices(engine, area="XM01").height == 0  # not classified yet
    workflow.classify_pending(engine)
    assert workflow.scoped_voices(engine, area="XM01").height == 2


def test_a_p_code_column_takes_codes_in_any_case_and_names_and_keeps_unknown_codes(
        tmp_path: Path) -> None:
    engine = store.open_store(f"sqlite:///{tmp_path / 'codes.db'}")
    workflow.import_areas(engine, sample_path("areas.csv"))
    path = tmp_path / "codes.csv"
    path.write_text("id,text,area_pcode,date,channel\n"
                    "c1,Gunmen burned the granary,ml0702,2026-10-01,sms\n"
                    "c2,Gunmen burned the school,Bourem,2026-10-01,sms\n"
                    "c3,Gunmen burned the mosque,ML0799,2026-10-01,sms\n", encoding="utf-8")
    workflow.ingest(engine, path)
    assert sorted(_areas(engine).values()) == ["ML0702", "ML0703", "ML0799"]
    assert [(r["place"], r["kind"]) for r in workflow.unknown_places(engine, file="codes.csv")
            ] == [("ML0799", "code")]
    engine.dispose()
