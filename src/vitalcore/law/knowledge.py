"""Load and check the legal knowledge base (instruments.yaml, rights.yaml, bases.yaml,
review.yaml).

The three files are reviewed data; this module turns them into frozen dataclasses and
refuses a broken file with an error naming the file, the entry and the field, so that a
reviewer's typo never silently drops a legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from vitalcore import taxonomy, yamldata
from vitalcore.domain import Group

KINDS = frozenset(
    {"IHRL", "IHL", "ICL", "refugee", "IDP", "regional", "health", "disarmament", "UNSC",
     "environment", "mission"}
)
CONDITIONS = frozenset(
    {"armed_conflict", "international", "non_international", "occupation", "cross_border",
     "internal_displacement"}
)
NO_TREATY = "none"  # instruments.yaml `treaty: none`: nothing to ratify
TIERS = ("state", "international", "community")


class KnowledgeBaseError(ValueError):
    """A data file of the legal knowledge base is malformed."""


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    short: str
    year: int
    body: str
    kind: str
    binding: bool
    region: str | None = None
    source: str = ""
    short_fr: str | None = None
    # The ratification record (ratification.yaml) that decides whether it binds a State;
    # None for declarations, resolutions, general recommendations and custom.
    treaty: str | None = None


@dataclass(frozen=True)
class Provision:
    """Articles of one instrument that guarantee a right, and when they apply."""

    instrument: str
    articles: tuple[str, ...]
    when: frozenset[str] = frozenset()
    customary: tuple[str, ...] = ()  # ICRC customary IHL rules to the same effect
    source: str | None = None  # None: the instrument's source
    verified: bool = False  # a legal officer recorded a review (review.yaml)


@dataclass(frozen=True)
class Right:
    id: str
    label: str
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Basis:
    """A threat type or group: the rights it engages and who owes what, by tier."""

    subject: str
    kind: str  # 'threat_type' or 'group'
    rights: tuple[str, ...]
    duty_bearers: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class KnowledgeBase:
    instruments: dict[str, Instrument]
    rights: dict[str, Right]
    bases: dict[str, Basis]


def read_data(name: str) -> Any:
    """A data file of this package, parsed (YAML)."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yamldata.safe_load(text)


def _need(entry: Any, field: str, where: str) -> Any:
    if not isinstance(entry, dict) or entry.get(field) in (None, "", []):
        raise KnowledgeBaseError(f"{where}: field '{field}' is missing or empty")
    return entry[field]


def parse_instruments(
    data: dict[str, Any], file: str = "instruments.yaml"
) -> dict[str, Instrument]:
    """Instruments by id; every field checked."""
    out: dict[str, Instrument] = {}
    for key, entry in data.items():
        where = f"{file}: {key}"
        kind = _need(entry, "kind", where)
        if kind not in KINDS:
            raise KnowledgeBaseError(
                f"{where}: field 'kind' is {kind!r}, not one of {sorted(KINDS)}")
        year = _need(entry, "year", where)
        if not isinstance(year, int):
            raise KnowledgeBaseError(f"{where}: field 'year' must be a year, not {year!r}")
        binding = bool(entry.get("binding", True))
        treaty = entry.get("treaty", key if binding and kind != "UNSC" else NO_TREATY)
        out[key] = Instrument(
            id=key, name=_need(entry, "name", where), short=_need(entry, "short", where),
            year=year, body=_need(entry, "body", where), kind=kind,
            binding=binding, region=entry.get("region"),
            source=_need(entry, "source", where), short_fr=entry.get("short_fr"),
            treaty=None if treaty == NO_TREATY else str(treaty),
        )
    return out


def parse_reviews(data: dict[str, Any] | None, file: str = "review.yaml"
                  ) -> frozenset[tuple[str, tuple[str, ...]]]:
    """The (instrument, articles) pairs a legal officer has reviewed."""
    out = set()
    for i, entry in enumerate((data or {}).get("reviews") or [], start=1):
        where = f"{file}: review {i}"
        for field in ("instrument", "articles", "reviewed_by", "on"):
            _need(entry, field, where)
        out.add((str(entry["instrument"]), tuple(str(a) for a in entry["articles"])))
    return frozenset(out)


def parse_rights(
    data: dict[str, Any], instruments: dict[str, Instrument], file: str = "rights.yaml",
    reviewed: frozenset[tuple[str, tuple[str, ...]]] = frozenset(),
) -> dict[str, Right]:
    """Rights by id; every provision must name a known instrument and at least one article."""
    out: dict[str, Right] = {}
    for key, entry in data.items():
        where = f"{file}: {key}"
        provisions = []
        for i, src in enumerate(_need(entry, "sources", where), start=1):
            at = f"{where}, source {i}"
            inst = _need(src, "instrument", at)
            if inst not in instruments:
                raise KnowledgeBaseError(f"{at}: instrument {inst!r} is not in instruments.yaml")
            articles = _need(src, "articles", at)
            when = frozenset(src.get("when") or ())
            unknown = when - CONDITIONS
            if unknown:
                raise KnowledgeBaseError(f"{at}: field 'when' has unknown {sorted(unknown)}")
            if "occupation" in when and "international" in when:
                raise KnowledgeBaseError(
                    f"{at}: 'occupation' already implies an international conflict")
            customary = tuple(str(r) for r in src.get("customary") or ())
            if customary and instruments[inst].kind != "IHL":
                raise KnowledgeBaseError(f"{at}: field 'customary' is for IHL treaties only")
            cited = tuple(str(a) for a in articles)
            provisions.append(Provision(inst, cited, when, customary, src.get("source"),
                                        (inst, cited) in reviewed))
        out[key] = Right(id=key, label=_need(entry, "label", where), provisions=tuple(provisions))
    return out


def parse_bases(
    data: dict[str, Any], rights: dict[str, Right], file: str = "bases.yaml"
) -> dict[str, Basis]:
    """Bases by subject (threat type id or group id)."""
    out: dict[str, Basis] = {}
    for section, kind in (("threat_types", "threat_type"), ("groups", "group")):
        for key, entry in (data.get(section) or {}).items():
            where = f"{file}: {section}.{key}"
            ids = tuple(_need(entry, "rights", where))
            for right in ids:
                if right not in rights:
                    raise KnowledgeBaseError(f"{where}: right {right!r} is not in rights.yaml")
            bearers = _need(entry, "duty_bearers", where)
            missing = [t for t in TIERS if not bearers.get(t)]
            if missing:
                raise KnowledgeBaseError(f"{where}: duty_bearers lack the tier(s) {missing}")
            out[key] = Basis(key, kind, ids, {t: tuple(bearers[t]) for t in TIERS})
    return out


@cache
def knowledge_base() -> KnowledgeBase:
    """The packaged knowledge base, parsed and cross-checked once."""
    instruments = parse_instruments(read_data("instruments.yaml"))
    rights = parse_rights(read_data("rights.yaml"), instruments,
                          reviewed=parse_reviews(read_data("review.yaml")))
    bases = parse_bases(read_data("bases.yaml"), rights)
    return KnowledgeBase(instruments, rights, bases)


def subjects() -> dict[str, list[str]]:
    """What the knowledge base must cover: every threat type and every group."""
    threats = [t for types in taxonomy.threat_types().values() for t in types]
    return {"threat_type": threats, "group": [g.value for g in Group]}
