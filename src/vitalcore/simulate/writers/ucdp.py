"""Events in the UCDP Georeferenced Event Dataset (GED) CSV layout: the 49 columns of
the GED release, in its order. Countries carry their real names and Gleditsch-Ward
codes; every armed group is invented, and source_original says the data are synthetic.
"""

from __future__ import annotations

import csv
from pathlib import Path

from vitalcore.simulate.voices import Batch
from vitalcore.simulate.writers.common import WriteContext

COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
]
FIRST_ID = 990_000_001
SYNTHETIC_ACTOR_ID = 90_000  # ids for invented actors start here, far from UCDP's own


def priogrid(lat: float, lon: float) -> int:
    """PRIO-GRID cell id of a point (0.5-degree cells, numbered row-wise from -90, -180)."""
    row = int((lat + 90) // 0.5)
    col = int((lon + 180) // 0.5)
    return row * 720 + col + 1


def _sides(ctx: WriteContext, country: dict, violence: int, k: int) -> tuple[str, str, int, int]:
    groups, militias = ctx.world.data.ucdp["armed_groups"], ctx.world.data.ucdp["militias"]
    if violence == 1:  # state-based: government against an armed group
        return country["government"], groups[k % len(groups)], country["gw"], 0
    if violence == 2:  # non-state: two groups or militias
        return militias[k % len(militias)], militias[(k + 1) % len(militias)], 0, 0
    return groups[k % len(groups)], "Civilians", 0, 0  # one-sided violence


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the events as UCDP GED CSV."""
    rng = ctx.rng(8)
    jitter = rng.normal(0, 0.08, (len(batch), 2))
    countries = ctx.world.data.ucdp["countries"]
    office = ctx.world.data.ucdp["source_office"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(COLUMNS)
        for i in range(len(batch)):
            area = ctx.area(batch, i)
            country = countries[area.country]
            motif = ctx.world.data.motifs[batch.motif[i]]
            violence = int(motif.ucdp or 3)
            k = int(batch.reporter[i])
            side_a, side_b, gwa, gwb = _sides(ctx, country, violence, k)
            a_id = SYNTHETIC_ACTOR_ID + 10 * (k % 7) + violence
            conflict = SYNTHETIC_ACTOR_ID + 100 * violence + int(country["gw"]) % 100
            day = ctx.date(batch, i)
            year = int(day[:4])
            best = int(batch.harmed[i])
            deaths = {"a": 0, "b": 0, "civ": 0, "unk": 0}
            if violence == 3:
                deaths["civ"] = best
            elif violence == 1:
                deaths["a"], deaths["b"] = best // 3, best - best // 3
            else:
                deaths["a"], deaths["unk"] = best // 2, best - best // 2
            lat = round(area.lat + float(jitter[i, 0]), 4)
            lon = round(area.lon + float(jitter[i, 1]), 4)
            headline = ctx.text(batch, i)
            out.writerow([
                FIRST_ID + i, f"{country['iso3']}-{year}-{violence}-{a_id}-{i + 1}", year, 1,
                "Clear", violence, conflict, conflict, f"{side_a} - {side_b}", a_id, a_id,
                f"{side_a} - {side_b}", a_id, a_id, side_a, a_id + 1, a_id + 1, side_b,
                1 + k % 3, f"{office} {day}: {headline}", office, day, headline,
                ctx.label, 2, ctx.renderer.unique_place(int(batch.area[i])), f"near {area.name}",
                ctx.world.data.area_name(area.parent_pcode), area.name, lat, lon,
                f"POINT ({lon} {lat})", priogrid(lat, lon), country["name"], country["gw"],
                "Africa", 1, 1, day, day, deaths["a"], deaths["b"], deaths["civ"],
                deaths["unk"], best, best + best // 4, max(0, best - best // 4), gwa,
                gwb or "",
            ])
    return len(batch)


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The events' `id`s."""
    return [str(FIRST_ID + i) for i in range(len(batch))]
