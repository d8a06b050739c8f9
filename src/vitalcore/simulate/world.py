"""The planted world: a rate for every (area, day, motif), and the events behind it.

    rate[a, t, k] = base[a, k] * wobble[a, week(t), dim(k)]          baseline mix
                  + sum of event boosts (chain steps, epidemic, group threats)
    rate[a, t, personal motifs] *= rate_ratio   in treated areas from the action's start

Voices are later drawn in proportion to these rates (see voices.py), so the rates are
the truth every analysis is scored against. Each event records the dates it planted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from vitalcore.domain import Dimension
from vitalcore.simulate.config import SimData, SimulationDataError
from vitalcore.simulate.geography import Geography

DIMENSIONS = [d.value for d in Dimension]


@dataclass
class World:
    """Rates and the record of what was planted where and when."""

    data: SimData
    geo: Geography
    start: date
    days: int
    rate: np.ndarray  # (A, T, K) expected relative voice rate
    base_share: np.ndarray  # (A, K) baseline motif mix per area (rows sum to 1)
    top_dimension: list[str]  # planted baseline top dimension per area
    planted: dict[str, Any] = field(default_factory=dict)

    def day(self, t: int) -> str:
        return (self.start + timedelta(days=int(t))).isoformat()

    def motif_dimensions(self) -> np.ndarray:
        return np.array([m.dimension or "" for m in self.data.motifs])


def _ramp(days: int, onset: int, rise: int, duration: int, fall: int = 0) -> np.ndarray:
    """0 before onset, rising linearly over `rise` days, falling over the last `fall`."""
    t = np.arange(days) - onset
    up = np.clip((t + 1) / max(rise, 1), 0, 1)
    down = np.clip((duration - t) / max(fall, 1), 0, 1) if fall else (t < duration)
    return np.where((t >= 0) & (t < duration), up * down, 0.0)


def _surge(world: World, onset: int, duration: int, *, rise: int | None = None,
           fall: int = 0) -> np.ndarray:
    """An emergence's profile: it rises over a few days to a peak, which settles with a
    half-life to the sustained level 1 (scenario.yaml `surge`). Crises break out: an
    attack wave, an outbreak or a price jump is talked about most when it is new."""
    spec = world.data.scenario["surge"]
    rise = int(spec["rise_days"]) if rise is None else rise
    base = _ramp(world.days, onset, rise, duration, fall)
    since_peak = np.clip(np.arange(world.days) - onset - rise + 1, 0, None)
    extra = (float(spec["peak"]) - 1) * 0.5 ** (since_peak / float(spec["half_life_days"]))
    return base * (1 + extra)


def _baseline(data: SimData, geo: Geography, rng: np.random.Generator) -> tuple[np.ndarray, list]:
    spec = data.scenario["baseline"]
    prior = np.array([m.baseline for m in data.motifs])
    active = prior > 0
    dims = np.array([m.dimension or "" for m in data.motifs])
    shares = np.zeros((len(geo.areas), len(prior)))
    tops = []
    for i, area in enumerate(geo.areas):
        weights = spec["top_dimension_weights"].get(area.country)
        if not weights:
            raise SimulationDataError(f"scenario.yaml: no top_dimension_weights for {area.country}")
        names = sorted(weights)
        probs = np.array([weights[n] for n in names], dtype=float)
        top = names[int(rng.choice(len(names), p=probs / probs.sum()))]
        tops.append(top)
        mix = np.zeros(len(prior))
        mix[active] = rng.dirichlet(spec["concentration"] * prior[active] / prior[active].sum())
        mix[dims == top] *= spec["top_boost"]
        shares[i] = mix / mix.sum()
    return shares, tops


def _add(world: World, area: int, motif: int, profile: np.ndarray, boost: float) -> None:
    # Boosts are relative to the area's own baseline volume, so small areas show them too.
    level = world.geo.areas[area].population_weight
    world.rate[area, :, motif] += boost * level * profile


def _chain(world: World, rng: np.random.Generator) -> None:
    spec = world.data.scenario["chain"]
    geo = world.geo
    areas = geo.nearest(geo.index(spec["origin"]), spec["areas"])
    steps, offset = [], spec["start_day"]
    for step in spec["steps"]:
        offset += step["lag_days"]
        motif = world.data.motif_index(step["motif"])
        onsets = {}
        for a in areas:
            onset = offset + int(rng.integers(0, spec["jitter_days"] + 1))
            _add(world, a, motif, _surge(world, onset, step["duration_days"]),
                 step["boost"])
            onsets[geo.areas[a].pcode] = onset
        onsets = dict(sorted(onsets.items()))
        m = world.data.motifs[motif]
        steps.append({"label": step["label"], "motif": m.name, "dimension": m.dimension,
                      "threat_type": m.threat_type, "group": m.group,
                      "lag_days": step["lag_days"], "duration_days": step["duration_days"],
                      "onset_day": onsets})
    world.planted["chain"] = {"areas": sorted(geo.areas[a].pcode for a in areas), "steps": steps}


def _epidemic(world: World, rng: np.random.Generator) -> None:
    spec = world.data.scenario["epidemic"]
    geo = world.geo
    origin = geo.index(spec["origin"])
    onset = {origin: spec["start_day"]}
    hops = {origin: 0}
    frontier = [origin]
    low, high = spec["hop_delay_days"]
    crossed = []
    while frontier:
        nxt = []
        for a in frontier:
            if hops[a] >= spec["max_hops"]:
                continue
            for b in geo.neighbours(a):
                if b in onset:
                    continue
                forced = (spec["force_cross_border"] and not crossed and geo.cross_border(a, b))
                if forced or rng.random() < spec["spread_probability"]:
                    onset[b] = onset[a] + int(rng.integers(low, high + 1))
                    hops[b] = hops[a] + 1
                    nxt.append(b)
                    if geo.cross_border(a, b):
                        crossed.append((geo.areas[a].pcode, geo.areas[b].pcode))
        frontier = sorted(nxt)
    motif = world.data.motif_index(spec["motif"])
    for a, day in onset.items():
        profile = _surge(world, day, spec["duration_days"], rise=spec["rise_days"],
                         fall=spec["rise_days"] * 2)
        _add(world, a, motif, profile, spec["boost"])
    m = world.data.motifs[motif]
    world.planted["epidemic"] = {
        "motif": m.name, "dimension": m.dimension, "threat_type": m.threat_type,
        "origin": spec["origin"], "duration_days": spec["duration_days"],
        "onset_day": {geo.areas[a].pcode: d for a, d in sorted(onset.items())},
        "hops": {geo.areas[a].pcode: h for a, h in sorted(hops.items())},
        "cross_border_hops": sorted(crossed),
    }


def _group_threats(world: World) -> None:
    geo = world.geo
    chain = world.planted["chain"]
    planted = []
    for spec in world.data.scenario["group_threats"]:
        motif = world.data.motif_index(spec["motif"])
        m = world.data.motifs[motif]
        areas = chain["areas"] if spec["areas"] == "chain" else list(spec["areas"])
        onsets = {}
        for pcode in areas:
            if spec["start_day"] == "displacement":
                step = next(s for s in chain["steps"] if s["motif"] == "displacement")
                day = step["onset_day"][pcode]
            else:
                day = int(spec["start_day"])
            _add(world, geo.index(pcode), motif,
                 _surge(world, day, spec["duration_days"]), spec["boost"])
            onsets[pcode] = day
        planted.append({"motif": m.name, "group": m.group, "dimension": m.dimension,
                        "threat_type": m.threat_type, "duration_days": spec["duration_days"],
                        "onset_day": dict(sorted(onsets.items()))})
    world.planted["group_threats"] = planted


def _action(world: World) -> None:
    spec = world.data.scenario["action"]
    geo = world.geo
    busy = set(world.planted["chain"]["areas"]) | set(world.planted["epidemic"]["onset_day"])
    for g in world.planted["group_threats"]:
        busy |= set(g["onset_day"])
    clash = busy & (set(spec["treated"]) | set(spec["comparison"]))
    if clash:
        # Other events in these areas would bias the planted effect: refuse, loudly.
        raise SimulationDataError(
            f"scenario.yaml, action: treated/comparison areas {sorted(clash)} also host events")
    dims = world.motif_dimensions()
    for pcode in spec["treated"]:
        world.rate[geo.index(pcode), spec["start_day"]:, dims == spec["dimension"]] *= (
            spec["rate_ratio"])
    world.planted["action"] = {**spec, "treated": sorted(spec["treated"]),
                               "comparison": sorted(spec["comparison"])}


def build_world(data: SimData, geo: Geography, seed: int) -> World:
    """The rates of the planted world for `seed`: same seed, same world."""
    period = data.scenario["period"]
    days = int(period["days"])
    start = date.fromisoformat(str(period["start"]))
    rng_base = np.random.default_rng([seed, 1])
    rng_events = np.random.default_rng([seed, 2])
    shares, tops = _baseline(data, geo, rng_base)
    weight = np.array([a.population_weight for a in geo.areas])
    dims = np.array([m.dimension or "" for m in data.motifs])
    weeks = (days + 6) // 7
    shape = data.scenario["baseline"]["overdispersion_shape"]
    wobble = rng_base.gamma(shape, 1 / shape, size=(len(geo.areas), weeks, len(DIMENSIONS)))
    dim_col = np.array([DIMENSIONS.index(d) if d else 0 for d in dims])
    per_day = wobble[:, np.arange(days) // 7, :][:, :, dim_col]  # (A, T, K)
    rate = (shares * weight[:, None])[:, None, :] * per_day
    world = World(data=data, geo=geo, start=start, days=days, rate=rate, base_share=shares,
                  top_dimension=tops)
    _chain(world, rng_events)
    _epidemic(world, rng_events)
    _group_threats(world)
    _action(world)
    return world


CRITICAL = 4  # severity at or above which an incident threatens the vital core itself


@dataclass(frozen=True)
class Burden:
    """What happened in each area, per dimension (A, D), in the world's own terms.

    incidents: expected incidents over the period (the rates summed, scaled so that all
    areas' incidents add up to `total`); critical: of those, expected incidents at
    severity >= CRITICAL (a life, a livelihood or a home at stake); victims: expected
    people harmed in incidents that have victims (the harm motifs).
    """

    incidents: np.ndarray
    critical: np.ndarray
    victims: np.ndarray


def burden(world: World, total: float = 1.0) -> Burden:
    """Expected incidents, critical incidents and victims per area and dimension."""
    from vitalcore.simulate.voices import HARMED  # voices imports this module

    motifs = world.data.motifs
    dims = world.motif_dimensions()
    thematic = np.array([bool(m.dimension) and m.name not in ("rumour_massacre", "offtopic")
                         for m in motifs])
    volume = world.rate.sum(axis=1) * thematic[None, :]  # (A, K)
    volume = volume * (total / volume.sum())
    p_critical = np.array([sum(m.severity[CRITICAL - 1:]) for m in motifs])
    mean_harmed = np.array([sum(p * (HARMED[s][0] + HARMED[s][1]) / 2
                                for s, p in zip(range(1, 6), m.severity, strict=True))
                            if m.harm else 0.0 for m in motifs])

    def per_dimension(values: np.ndarray) -> np.ndarray:
        return np.stack([values[:, dims == d].sum(axis=1) for d in DIMENSIONS], axis=1)

    return Burden(incidents=per_dimension(volume),
                  critical=per_dimension(volume * p_critical[None, :]),
                  victims=per_dimension(volume * mean_harmed[None, :]))


def concern_weights(world: World) -> np.ndarray:
    """(A, D) how much each dimension weighs on the people of each area.

    Each dimension's share of the area's critical incidents: people put first what put
    their lives and livelihoods at stake (the survey respondents' ranking draws on this).
    """
    critical = burden(world).critical
    return critical / np.maximum(critical.sum(axis=1, keepdims=True), 1e-12)
