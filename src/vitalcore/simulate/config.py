"""The simulator's reviewed data files, read into typed, frozen objects.

data/scenario.yaml   the planted world (period, baseline, chain, epidemic, rumour, ...)
data/motifs.yaml     what a voice can be about: dimension, threat type, group, severity
data/channels.yaml   how each channel hears the world: share, reach, bias, noise
data/areas.csv       the Liptako-Gourma geography (gazetteer columns + weights)
data/templates/*.yaml  message templates, fillers and consequence sentences per language
data/names.yaml      invented names and fake phone prefixes for PII exercises
data/partners.yaml   invented partner organisations and their sectors (HXL reports)
data/ucdp.yaml       countries' UCDP codes and invented armed groups (event feed)
data/mandate.yaml    the invented Security Council resolution's paragraphs

A malformed file raises SimulationDataError naming the file and the field.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from vitalcore.domain import Dimension

LANGUAGES = ("fr", "ar", "en")


class SimulationDataError(ValueError):
    """A simulator data file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Motif:
    """One kind of message and the truth it carries."""

    name: str
    dimension: str | None
    threat_type: str | None
    baseline: float
    severity: tuple[float, ...]
    group: str | None
    group_p: float
    harm: bool
    ucdp: int | None


@dataclass(frozen=True)
class ChannelSpec:
    """How one channel hears the world."""

    name: str
    share: float
    urban_lean: float
    women: float
    elderly: float
    languages: dict[str, float]
    spelling: float
    code_switch: float
    offtopic: float
    pii: float
    affinity: dict[str, float]


@dataclass(frozen=True)
class SimArea:
    """An area of the simulated geography."""

    pcode: str
    name: str
    country: str
    admin_level: int
    parent_pcode: str | None
    alt_names: tuple[str, ...]
    lat: float
    lon: float
    population_weight: float
    urban_share: float


@dataclass(frozen=True)
class SimData:
    """Everything the generator reads from data files."""

    scenario: dict[str, Any]
    motifs: tuple[Motif, ...]
    channels: tuple[ChannelSpec, ...]
    arabic_by_country: dict[str, float]
    areas: tuple[SimArea, ...]
    templates: dict[str, dict[str, Any]]
    names: dict[str, Any]
    partners: dict[str, Any]
    ucdp: dict[str, Any]
    mandate: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.scenario["label"])

    def area_name(self, pcode: str | None) -> str:
        return next((a.name for a in self.areas if a.pcode == pcode), pcode or "")

    def motif_index(self, name: str) -> int:
        for index, motif in enumerate(self.motifs):
            if motif.name == name:
                return index
        raise SimulationDataError(f"scenario.yaml: unknown motif {name!r}")

    def channel(self, name: str) -> ChannelSpec:
        for spec in self.channels:
            if spec.name == name:
                return spec
        raise SimulationDataError(f"channels.yaml: unknown channel {name!r}")


def _text(name: str) -> str:
    node = resources.files(__package__).joinpath("data")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def _yaml(name: str) -> Any:
    try:
        return yaml.safe_load(_text(name))
    except yaml.YAMLError as err:
        raise SimulationDataError(f"{name}: not valid YAML ({err})") from None


def _need(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise SimulationDataError(f"{where}: missing field {key!r}")
    return mapping[key]


def _motifs(raw: dict[str, Any]) -> tuple[Motif, ...]:
    dimensions = {d.value for d in Dimension}
    motifs = []
    for name, spec in raw.items():
        where = f"motifs.yaml, motif {name!r}"
        severity = tuple(float(p) for p in _need(spec, "severity", where))
        if len(severity) != 5 or abs(sum(severity) - 1) > 1e-6:
            raise SimulationDataError(f"{where}, field 'severity': need 5 chances summing to 1")
        dimension = spec.get("dimension")
        if dimension is not None and dimension not in dimensions:
            raise SimulationDataError(f"{where}, field 'dimension': {dimension!r} is unknown")
        motifs.append(Motif(
            name=name, dimension=dimension, threat_type=spec.get("threat_type"),
            baseline=float(_need(spec, "baseline", where)), severity=severity,
            group=spec.get("group"), group_p=float(spec.get("group_p", 0.0)),
            harm=bool(spec.get("harm", False)), ucdp=spec.get("ucdp"),
        ))
    return tuple(motifs)


def _channels(raw: dict[str, Any]) -> tuple[ChannelSpec, ...]:
    specs = []
    for name, spec in _need(raw, "channels", "channels.yaml").items():
        where = f"channels.yaml, channel {name!r}"
        fields = {f: _need(spec, f, where) for f in (
            "share", "urban_lean", "women", "elderly", "languages", "spelling",
            "code_switch", "offtopic", "pii", "affinity")}
        unknown = set(fields["languages"]) - set(LANGUAGES)
        if unknown:
            raise SimulationDataError(f"{where}, field 'languages': no templates for {unknown}")
        specs.append(ChannelSpec(name=name, **fields))
    return tuple(specs)


def _areas() -> tuple[SimArea, ...]:
    rows = []
    reader = csv.DictReader(_text("areas.csv").splitlines())
    for number, row in enumerate(reader, start=1):
        try:
            level = int(row["admin_level"])
            rows.append(SimArea(
                pcode=row["pcode"], name=row["name"], country=row["country"],
                admin_level=level, parent_pcode=row["parent_pcode"] or None,
                alt_names=tuple(n for n in row["alt_names"].split("|") if n),
                lat=float(row["lat"]), lon=float(row["lon"]),
                population_weight=float(row["population_weight"] or 0),
                urban_share=float(row["urban_share"] or 0),
            ))
        except (KeyError, ValueError) as err:
            raise SimulationDataError(f"areas.csv, row {number}: {err}") from None
    return tuple(rows)


@cache
def load() -> SimData:
    """All simulator data files, parsed and checked."""
    channels_raw = _yaml("channels.yaml")
    templates = {lang: _yaml(f"templates/{lang}.yaml") for lang in LANGUAGES}
    data = SimData(
        scenario=_yaml("scenario.yaml"),
        motifs=_motifs(_yaml("motifs.yaml")),
        channels=_channels(channels_raw),
        arabic_by_country=dict(_need(channels_raw, "arabic_by_country", "channels.yaml")),
        areas=_areas(),
        templates=templates,
        names=_yaml("names.yaml"),
        partners=_yaml("partners.yaml"),
        ucdp=_yaml("ucdp.yaml"),
        mandate=_yaml("mandate.yaml"),
    )
    for lang, spec in templates.items():
        missing = [m.name for m in data.motifs if m.name not in spec["motifs"]]
        if missing:
            raise SimulationDataError(f"templates/{lang}.yaml: no templates for {missing}")
        said = spec["fillers"].get("consequence") or {}
        needed = {m.dimension for m in data.motifs if m.dimension and not m.harm}
        lacking = sorted(d for d in needed
                         if not all(said.get(d, {}).get(b) for b in ("low", "mid", "high")))
        if lacking:
            raise SimulationDataError(f"templates/{lang}.yaml, fillers.consequence: no low, "
                                      f"mid and high sentences for {lacking}")
    return data
