"""Drawing the voices: who says what, where, when, through which channel, all as arrays.

For a channel c with n_c voices, the thematic voices are one multinomial draw over all
(area, day, motif) cells with chance proportional to

    rate[a, t, k] * reach_c[a] * affinity_c[dim(k)]

(reach_c[a] = population share x (1 + urban_lean_c x urban_share[a])). Off-topic voices
and the rumour wave are added on top. Every other attribute (language, severity, group,
reporter, noise flags, template choice) is one vectorised draw, so a million voices cost
a few numpy calls; only text rendering later loops in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from vitalcore.domain import Group
from vitalcore.simulate.config import LANGUAGES, ChannelSpec
from vitalcore.simulate.world import DIMENSIONS, World

GROUPS = [g.value for g in Group]
# Groups a voice may mention in passing, whatever its motif (chance EXTRA_GROUP_P).
PASSING_GROUPS = ["women", "children", "elderly", "displaced", "disability"]
EXTRA_GROUP_P = 0.08
# People harmed per severity level: inclusive ranges, the number is a severity cue.
HARMED = {1: (1, 1), 2: (1, 2), 3: (3, 5), 4: (6, 15), 5: (16, 60)}
SECONDS_PER_DAY = 86_400
REPORTERS_PER_AREA_SHARE = 0.25  # a channel hears about one reporter per four voices


@dataclass
class Batch:
    """The voices of one channel, sorted by time; row i is the channel's voice i."""

    channel: str
    area: np.ndarray
    day: np.ndarray
    second: np.ndarray
    motif: np.ndarray
    severity: np.ndarray
    language: np.ndarray  # index into LANGUAGES
    group: np.ndarray  # index into GROUPS, -1 for none
    group_in_template: np.ndarray  # bool: the motif's templates name the group
    woman: np.ndarray
    elderly: np.ndarray
    reporter: np.ndarray  # reporter number within the channel
    pii: np.ndarray
    spelling: np.ndarray
    code_switch: np.ndarray
    rumour: np.ndarray
    harmed: np.ndarray
    pick: np.ndarray  # random 62-bit integers that choose templates and fillers

    def __len__(self) -> int:
        return len(self.area)

    def _take(self, order: np.ndarray) -> Batch:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Batch(**{k: (v if k == "channel" else v[order]) for k, v in values.items()})


def _reach(world: World, spec: ChannelSpec) -> np.ndarray:
    areas = world.geo.areas
    urban = np.array([a.urban_share for a in areas])
    return 1 + spec.urban_lean * urban


def _thematic(world: World, spec: ChannelSpec, n: int, rng: np.random.Generator):
    dims = world.motif_dimensions()
    affinity = np.array([spec.affinity.get(d, 1.0) for d in dims])
    mask = np.array([m.dimension is not None for m in world.data.motifs])
    for name in ("rumour_massacre", "offtopic"):
        mask[world.data.motif_index(name)] = False
    if spec.name == "event_feed":
        mask &= np.array([m.ucdp is not None for m in world.data.motifs])
    weights = world.rate * _reach(world, spec)[:, None, None] * (affinity * mask)[None, None, :]
    flat = weights.ravel()
    counts = rng.multinomial(n, flat / flat.sum())
    cells = np.repeat(np.arange(flat.size), counts)
    area, day, motif = np.unravel_index(cells, weights.shape)
    return area, day, motif


def _offtopic(world: World, spec: ChannelSpec, n: int, rng: np.random.Generator):
    weight = np.array([a.population_weight for a in world.geo.areas]) * _reach(world, spec)
    area = rng.choice(len(weight), size=n, p=weight / weight.sum())
    day = rng.integers(0, world.days, size=n)
    motif = np.full(n, world.data.motif_index("offtopic"))
    return area, day, motif


def _rumour(world: World, n: int, rng: np.random.Generator):
    spec = world.data.scenario["rumour"]
    area = np.full(n, world.geo.index(spec["area"]))
    # Velocity: the wave grows, so later days carry more messages (density ~ t).
    day = spec["start_day"] + np.floor(spec["duration_days"] * np.sqrt(rng.random(n)))
    motif = np.full(n, world.data.motif_index(spec["motif"]))
    return area, day.astype(np.int64), motif


def _languages(world: World, spec: ChannelSpec, area: np.ndarray, rng) -> np.ndarray:
    base = np.array([spec.languages.get(lang, 0.0) for lang in LANGUAGES])
    ar = LANGUAGES.index("ar")
    table = np.tile(base, (len(world.geo.areas), 1))
    for i, a in enumerate(world.geo.areas):
        table[i, ar] *= world.data.arabic_by_country.get(a.country, 1.0)
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(area))
    return np.minimum((u[:, None] > cum[area]).sum(axis=1), len(LANGUAGES) - 1)


def draw_batch(world: World, spec: ChannelSpec, n: int, n_rumour: int,
               rng: np.random.Generator) -> Batch:
    """The n voices of one channel (n_rumour of them the rumour wave), sorted by time."""
    motifs = world.data.motifs
    n_off = int(round(spec.offtopic * (n - n_rumour)))
    parts = [
        _thematic(world, spec, n - n_rumour - n_off, rng),
        _offtopic(world, spec, n_off, rng),
        _rumour(world, n_rumour, rng),
    ]
    area, day, motif = (np.concatenate([p[i] for p in parts]) for i in range(3))
    rumour = np.zeros(len(area), dtype=bool)
    rumour[len(area) - n_rumour:] = True
    size = len(area)

    severity_cum = np.cumsum([m.severity for m in motifs], axis=1)
    severity = (rng.random(size)[:, None] > severity_cum[motif]).sum(axis=1) + 1
    severity = np.minimum(severity, 5)
    low = np.array([HARMED[s][0] for s in range(1, 6)])[severity - 1]
    high = np.array([HARMED[s][1] for s in range(1, 6)])[severity - 1]
    harmed = low + np.floor(rng.random(size) * (high - low + 1)).astype(np.int64)
    if n_rumour:
        # A rumour repeats one claimed toll, the mark of copies of one message.
        harmed[rumour] = int(rng.integers(40, 90))

    motif_group = np.array([GROUPS.index(m.group) if m.group else -1 for m in motifs])
    group = motif_group[motif]
    in_template = group >= 0
    passing = (~in_template) & (rng.random(size) < EXTRA_GROUP_P)
    passing_idx = np.array([GROUPS.index(g) for g in PASSING_GROUPS])
    choice = passing_idx[rng.integers(0, len(passing_idx), size)]
    group = np.where(passing, choice, group)
    group[motif == world.data.motif_index("offtopic")] = -1

    per_area = max(1, int(size * REPORTERS_PER_AREA_SHARE / len(world.geo.areas)))
    reporter = area * per_area + rng.integers(0, per_area, size)
    accounts = int(world.data.scenario["rumour"]["accounts"])
    # The rumour comes from a handful of accounts of their own, numbered after the pool.
    reporter[rumour] = len(world.geo.areas) * per_area + rng.integers(0, accounts, n_rumour)

    batch = Batch(
        channel=spec.name,
        area=area.astype(np.int64),
        day=day.astype(np.int64),
        second=rng.integers(0, SECONDS_PER_DAY, size),
        motif=motif.astype(np.int64),
        severity=severity.astype(np.int64),
        language=_languages(world, spec, area, rng),
        group=group.astype(np.int64),
        group_in_template=in_template,
        woman=rng.random(size) < spec.women,
        elderly=rng.random(size) < spec.elderly,
        reporter=reporter.astype(np.int64),
        pii=(rng.random(size) < spec.pii) & ~rumour,
        spelling=rng.random(size) < spec.spelling,
        code_switch=rng.random(size) < spec.code_switch,
        rumour=rumour,
        harmed=harmed,
        pick=rng.integers(0, 2**62, size, dtype=np.int64),
    )
    order = np.lexsort((batch.reporter, batch.motif, batch.area, batch.second, batch.day))
    return batch._take(order)


def channel_sizes(world: World, voices: int) -> dict[str, tuple[int, int]]:
    """(voices, of which rumour) per channel; they add up to `voices` exactly."""
    specs = world.data.channels
    shares = np.array([s.share for s in specs])
    raw = shares / shares.sum() * voices
    sizes = np.floor(raw).astype(int)
    # Largest remainders get the leftover voices, so the total is exact.
    for i in np.argsort(-(raw - sizes), kind="stable")[: voices - sizes.sum()]:
        sizes[i] += 1
    rumour = world.data.scenario["rumour"]
    n_rumour = int(round(rumour["share_of_voices"] * voices))
    out = {}
    for spec, size in zip(specs, sizes, strict=True):
        share = rumour["channels"].get(spec.name, 0.0)
        out[spec.name] = (int(size), min(int(size), int(round(n_rumour * share))))
    return out


__all__ = ["DIMENSIONS", "GROUPS", "Batch", "channel_sizes", "draw_batch"]
