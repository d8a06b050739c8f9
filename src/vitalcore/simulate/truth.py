"""truth.json: what the scenario planted, for scoring analyses against it.

Built from the world (what was designed) and from the drawn voices (what was realised),
so every number in it is true of the files next to it. The schema is
data/truth.schema.json; docs/simulation.md explains every field.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from vitalcore.simulate.config import LANGUAGES
from vitalcore.simulate.voices import GROUPS, Batch
from vitalcore.simulate.world import CRITICAL, DIMENSIONS, World, burden, concern_weights
from vitalcore.simulate.writers import WRITERS, WriteContext, rapidpro, social

SCHEMA_VERSION = 2
SEVERE = CRITICAL  # severity at or above which a voice counts as a severe threat
DETECTION_WINDOW_DAYS = (0, 7)  # an alert from the onset to 7 days after detects it


def _r(x: float) -> float:
    return round(float(x), 4)


def _dates(world: World, days: dict[str, int]) -> dict[str, str]:
    return {pcode: world.day(day) for pcode, day in sorted(days.items())}


def _thematic(batches: dict[str, Batch], world: World) -> dict[str, np.ndarray]:
    """All channels' voices as arrays, without off-topic and rumour voices."""
    off = world.data.motif_index("offtopic")
    keep = [(b, (b.motif != off) & ~b.rumour) for b in batches.values()]
    return {name: np.concatenate([getattr(b, name)[m] for b, m in keep])
            for name in ("area", "day", "motif", "severity", "group")}


def _area_truth(world: World, voices: dict[str, np.ndarray]) -> tuple[dict, list[str]]:
    """Per area: what happened there (incidents, critical incidents, victims per
    dimension, expected from the world's rates) and the planted top threat: the dimension
    with the most critical incidents. Not our ranking formula: no voice shares, no mean
    severities (docs/simulation.md, "Truth")."""
    count = np.bincount(voices["area"], minlength=len(world.geo.areas))
    world_burden = burden(world, total=float(len(voices["area"])))
    weights = concern_weights(world)
    motif_dim = np.array([DIMENSIONS.index(m.dimension) if m.dimension else -1
                          for m in world.data.motifs])
    areas = {}
    for i, area in enumerate(world.geo.areas):
        critical = world_burden.critical[i]
        # Most critical incidents first; total incidents break a tie.
        order = np.lexsort((-world_burden.incidents[i], -critical))
        base = world.base_share[i]
        areas[area.pcode] = {
            "name": area.name,
            "country": area.country,
            "voices": int(count[i]),
            "top_dimension": DIMENSIONS[order[0]],
            "ranking": [DIMENSIONS[j] for j in order],
            "critical_incidents": {d: _r(critical[j]) for j, d in enumerate(DIMENSIONS)},
            "incidents": {d: _r(world_burden.incidents[i, j]) for j, d in enumerate(DIMENSIONS)},
            "victims": {d: _r(world_burden.victims[i, j]) for j, d in enumerate(DIMENSIONS)},
            "planted_baseline_top": world.top_dimension[i],
            "baseline_mix": {d: _r(base[motif_dim == j].sum()) for j, d in enumerate(DIMENSIONS)},
            "concern_weights": {d: _r(weights[i, j]) for j, d in enumerate(DIMENSIONS)},
        }
    overall = world_burden.critical.sum(axis=0)
    ranking = [DIMENSIONS[j] for j in np.lexsort((-world_burden.incidents.sum(axis=0),
                                                  -overall))]
    return areas, ranking


def _groups(world: World, voices: dict[str, np.ndarray]) -> dict[str, Any]:
    exposure = {}
    for g, name in enumerate(GROUPS):
        mine = voices["group"] == g
        severe = int((mine & (voices["severity"] >= SEVERE)).sum())
        exposure[name] = {"voices": int(mine.sum()), "severe_voices": severe,
                          "severe_share": _r(severe / mine.sum()) if mine.any() else 0.0}
    most = max(GROUPS, key=lambda name: (exposure[name]["severe_voices"], name))
    planted = [{**g, "onset": _dates(world, g["onset_day"])}
               for g in world.planted["group_threats"]]
    for g in planted:
        del g["onset_day"]
    return {"most_exposed": most, "severe_threshold": SEVERE, "exposure": exposure,
            "planted": planted}


def _emergences(world: World) -> list[dict[str, Any]]:
    rows = []
    chain = world.planted["chain"]
    for step in chain["steps"]:
        for pcode, day in step["onset_day"].items():
            rows.append({"area_pcode": pcode, "dimension": step["dimension"],
                         "threat_type": step["threat_type"], "cause": f"chain:{step['label']}",
                         "onset": world.day(day),
                         "end": world.day(min(world.days - 1, day + step["duration_days"]))})
    epi = world.planted["epidemic"]
    for pcode, day in epi["onset_day"].items():
        rows.append({"area_pcode": pcode, "dimension": epi["dimension"],
                     "threat_type": epi["threat_type"], "cause": "epidemic",
                     "onset": world.day(day),
                     "end": world.day(min(world.days - 1, day + epi["duration_days"]))})
    for g in world.planted["group_threats"]:
        for pcode, day in g["onset_day"].items():
            rows.append({"area_pcode": pcode, "dimension": g["dimension"],
                         "threat_type": g["threat_type"], "cause": f"group:{g['motif']}",
                         "onset": world.day(day),
                         "end": world.day(min(world.days - 1, day + g["duration_days"]))})
    return sorted(rows, key=lambda r: (r["onset"], r["area_pcode"], r["cause"]))


def _rumour(world: World, batches: dict[str, Batch], ctx: WriteContext) -> dict[str, Any]:
    spec = world.data.scenario["rumour"]
    motif = world.data.motifs[world.data.motif_index(spec["motif"])]
    ids, accounts, counts = [], set(), {}
    for name, batch in sorted(batches.items()):
        rows = np.flatnonzero(batch.rumour)
        if not len(rows):
            continue
        counts[name] = len(rows)
        if name == "social_post":
            all_ids = social.record_ids(batch, ctx)
            accounts |= {social.account(batch, int(i)) for i in rows}
        elif name == "sms":
            _, runs, msgs = rapidpro.payload_uuids(batch, ctx)
            ids += [runs[i] for i in rows]
            all_ids = msgs
            accounts |= {ctx.renderer.phone(int(batch.area[i]), int(batch.reporter[i]))
                         for i in rows}
        else:
            all_ids = WRITERS[name].record_ids(batch, ctx)
        ids += [all_ids[i] for i in rows]
    return {
        "claim": "a massacre that never happened", "motif": motif.name,
        "dimension": motif.dimension, "threat_type": motif.threat_type,
        "area_pcode": spec["area"], "start": world.day(spec["start_day"]),
        "end": world.day(spec["start_day"] + spec["duration_days"] - 1),
        "corroborated": False, "voices": int(sum(counts.values())), "by_channel": counts,
        "accounts": sorted(accounts), "source_ids": sorted(ids),
    }


def _action(world: World, batches: dict[str, Batch]) -> dict[str, Any]:
    spec = world.planted["action"]
    voices = {n: np.concatenate([getattr(b, n)[~b.rumour] for b in batches.values()])
              for n in ("area", "day", "motif")}
    dims = world.motif_dimensions()[voices["motif"]]
    hit = dims == spec["dimension"]
    after = voices["day"] >= spec["start_day"]
    geo = world.geo

    def count(pcodes: list[str], post: bool) -> int:
        idx = np.isin(voices["area"], [geo.index(p) for p in pcodes])
        return int((idx & hit & (after == post)).sum())

    cells = {f"{g}_{p}": count(spec[g], p == "after")
             for g in ("treated", "comparison") for p in ("before", "after")}
    # Too few voices can leave a cell empty: then there is no realised ratio to give.
    realised = (_r(cells["treated_after"] * cells["comparison_before"]
                   / (cells["treated_before"] * cells["comparison_after"]))
                if all(cells.values()) else None)
    return {
        "action_ids": [f"ACT-{n:03d}" for n in range(1, len(spec["treated"]) + 1)],
        "kind": spec["kind"], "dimension": spec["dimension"],
        "treated": spec["treated"], "comparison": spec["comparison"],
        "start": world.day(spec["start_day"]), "end": world.day(world.days - 1),
        "measure": "ratio of (after/before) counts of voices in the dimension, treated "
                   "areas over comparison areas (difference in differences of log counts)",
        "rate_ratio": spec["rate_ratio"], "log_rate_ratio": _r(np.log(spec["rate_ratio"])),
        "realised_counts": cells, "realised_rate_ratio": realised,
    }


def _pii(batches: dict[str, Batch], ctx: WriteContext) -> dict[str, Any]:
    by_channel, ids = {}, []
    for name, batch in sorted(batches.items()):
        rows = np.flatnonzero(batch.pii)
        by_channel[name] = len(rows)
        if len(rows):
            all_ids = WRITERS[name].record_ids(batch, ctx)
            ids += [all_ids[i] for i in rows]
    return {"voices_with_pii_in_text": int(sum(by_channel.values())), "by_channel": by_channel,
            "phone_prefixes": ctx.world.data.names["phone_prefix"],
            "invented_family_names": ctx.world.data.names["family"],
            "contacts_in_metadata": ["sms: contact.urn, contact.name, input.urn"],
            "source_ids": sorted(ids)}


def _channels(world: World, batches: dict[str, Batch]) -> dict[str, Any]:
    """Who each channel heard: the reporter bias the design planted, as realised."""
    off = world.data.motif_index("offtopic")
    out = {}
    for name, b in sorted(batches.items()):
        n = max(len(b), 1)
        out[name] = {
            "voices": len(b),
            "women_share": _r(b.woman.sum() / n),
            "elderly_share": _r(b.elderly.sum() / n),
            "languages": {lang: _r((b.language == i).sum() / n)
                          for i, lang in enumerate(LANGUAGES)},
            "offtopic": int((b.motif == off).sum()),
            "rumour": int(b.rumour.sum()),
        }
    return out


def build_truth(world: World, batches: dict[str, Batch], ctx: WriteContext, *,
                voices: int, files: dict[str, dict[str, Any]],
                mandate: dict[str, Any]) -> dict[str, Any]:
    """The truth document (a JSON-ready dict) of a generated scenario."""
    thematic = _thematic(batches, world)
    areas, overall = _area_truth(world, thematic)
    chain = world.planted["chain"]
    steps = [{**{k: v for k, v in s.items() if k != "onset_day"},
              "onset": _dates(world, s["onset_day"])} for s in chain["steps"]]
    epi = world.planted["epidemic"]
    return {
        "label": world.data.label,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "vitalcore.simulate", "seed": ctx.seed, "voices": voices},
        "period": {"start": world.day(0), "end": world.day(world.days - 1),
                   "days": world.days},
        "files": files,
        "dimensions": DIMENSIONS,
        "areas": areas,
        "community_top_concerns": overall[: world.data.scenario["mandate"]["top_concerns"]],
        "overall_ranking": overall,
        "chain": {"areas": chain["areas"], "steps": steps},
        "epidemic": {**{k: v for k, v in epi.items() if k != "onset_day"},
                     "start": world.day(epi["onset_day"][epi["origin"]]),
                     "onset": _dates(world, epi["onset_day"])},
        "emergences": _emergences(world),
        "detection_window_days": list(DETECTION_WINDOW_DAYS),
        "rumour": _rumour(world, batches, ctx),
        "groups": _groups(world, thematic),
        "action": _action(world, batches),
        "mandate": mandate,
        "pii": _pii(batches, ctx),
        "channels": _channels(world, batches),
    }

