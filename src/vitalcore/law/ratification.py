"""Which State is bound by which treaty, and since when (ratification.yaml).

    status = party_status("rome_statute", "BI", on=date(2026, 12, 7))
    status.ratified   # False: the withdrawal took effect on 2017-10-27
    status.since      # 2017-10-27

A treaty binds a State from its ratification (or accession) until a withdrawal takes
effect. Where the file has no record, or its record says "unknown", `ratified` is None:
vitalcore never guesses a party status. Every record carries its source, the date that
source showed it ("as of") and whether it still awaits verification against the
depositary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from vitalcore.law.knowledge import KnowledgeBaseError, read_data

STATUSES = frozenset({"party", "signatory", "not_party", "withdrawn", "unknown"})
_DATES = ("signed", "ratified", "withdrawn", "announced_withdrawal", "as_of")


@dataclass(frozen=True)
class PartyRecord:
    """One State's record for one treaty, as the file states it."""

    status: str
    source: str
    as_of: date | None
    signed: date | None = None
    ratified: date | None = None
    withdrawn: date | None = None
    announced_withdrawal: date | None = None
    awaits_verification: bool = True
    note: str | None = None


@dataclass(frozen=True)
class PartyStatus:
    """Whether a treaty binds a State on a date: True, False or None (unknown)."""

    treaty: str
    state: str | None
    ratified: bool | None
    since: date | None  # ratification if bound; withdrawal if withdrawn; else None
    explanation: str
    record: PartyRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "ratified": "unknown" if self.ratified is None else self.ratified,
            "since": self.since.isoformat() if self.since else None,
            "status": r.status if r else "unknown",
            "signed": r.signed.isoformat() if r and r.signed else None,
            "withdrawn": r.withdrawn.isoformat() if r and r.withdrawn else None,
            "announced_withdrawal": (r.announced_withdrawal.isoformat()
                                     if r and r.announced_withdrawal else None),
            "source": r.source if r else None,
            "as_of": r.as_of.isoformat() if r and r.as_of else None,
            "awaits_verification": r.awaits_verification if r else True,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Ratifications:
    as_of: date
    states: dict[str, dict[str, str]]
    sources: dict[str, str]
    records: dict[str, dict[str, PartyRecord]]
    defaults: dict[str, PartyRecord]


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise KnowledgeBaseError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")


def _record(entry: Any, sources: dict[str, str], where: str) -> PartyRecord:
    if not isinstance(entry, dict):
        raise KnowledgeBaseError(f"{where}: a record must be a mapping")
    status = entry.get("status")
    if status not in STATUSES:
        raise KnowledgeBaseError(f"{where}: field 'status' is {status!r}, not one of "
                                 f"{sorted(STATUSES)}")
    source = entry.get("source")
    if source not in sources:
        raise KnowledgeBaseError(f"{where}: source {source!r} is not in the sources list")
    dates = {k: _date(entry.get(k), f"{where}, field '{k}'") for k in _DATES}
    if status == "withdrawn" and dates["withdrawn"] is None:
        raise KnowledgeBaseError(f"{where}: a withdrawal needs the date it took effect")
    return PartyRecord(status=status, source=sources[source],
                       awaits_verification=bool(entry.get("awaits_verification", True)),
                       note=entry.get("note"), **dates)


def parse_ratifications(data: dict[str, Any], file: str = "ratification.yaml"
                        ) -> Ratifications:
    """The file, checked: every record has a known status, a listed source and dates."""
    as_of = _date(data.get("as_of"), f"{file}: as_of")
    if as_of is None:
        raise KnowledgeBaseError(f"{file}: field 'as_of' is missing")
    states = data.get("states") or {}
    sources = {str(k): str(v) for k, v in (data.get("sources") or {}).items()}
    records: dict[str, dict[str, PartyRecord]] = {}
    defaults: dict[str, PartyRecord] = {}
    for treaty, entries in (data.get("treaties") or {}).items():
        records[treaty] = {}
        for state, entry in (entries or {}).items():
            where = f"{file}: {treaty}.{state}"
            if state == "default":
                defaults[treaty] = _record(entry, sources, where)
            elif state not in states:
                raise KnowledgeBaseError(f"{where}: {state!r} is not in the states list")
            else:
                records[treaty][state] = _record(entry, sources, where)
    return Ratifications(as_of, states, sources, records, defaults)


@cache
def ratifications() -> Ratifications:
    """The packaged ratification data, parsed once."""
    return parse_ratifications(read_data("ratification.yaml"))


def _fmt(d: date | None) -> str:
    return d.isoformat() if d else "date not recorded"


def party_status(treaty: str | None, state: str | None, *, on: date | None = None,
                 data: Ratifications | None = None) -> PartyStatus | None:
    """Whether `treaty` binds `state` on `on` (default: today); None for an instrument
    that is not ratified at all (a declaration, a resolution, custom)."""
    if treaty is None:
        return None
    if not state:
        return PartyStatus(treaty, None, None, None, "no State given: party status unknown")
    data = data or ratifications()
    state = state.upper()
    on = on or date.today()
    if state not in data.states:
        return PartyStatus(treaty, state, None, None,
                           f"{state} is not among the States covered by ratification.yaml")
    record = data.records.get(treaty, {}).get(state) or data.defaults.get(treaty)
    if record is None or record.status == "unknown":
        return PartyStatus(treaty, state, None, None,
                           "no verified party status recorded: treat as unknown", record)
    if record.status == "withdrawn" and record.withdrawn and record.withdrawn <= on:
        return PartyStatus(treaty, state, False, record.withdrawn,
                           f"withdrawal took effect {_fmt(record.withdrawn)}", record)
    if record.status in ("party", "withdrawn"):
        if record.ratified and record.ratified > on:
            return PartyStatus(treaty, state, False, None,
                               f"not yet party on {on.isoformat()} (ratified "
                               f"{_fmt(record.ratified)})", record)
        text = f"party since {_fmt(record.ratified)}"
        if record.announced_withdrawal:
            text += (f"; withdrawal announced {_fmt(record.announced_withdrawal)}, not "
                     "recorded as in effect")
        return PartyStatus(treaty, state, True, record.ratified, text, record)
    if record.status == "signatory":
        return PartyStatus(treaty, state, False, None,
                           f"signed {_fmt(record.signed)}, not ratified: bound only not to "
                           "defeat its object and purpose (VCLT art. 18)", record)
    return PartyStatus(treaty, state, False, None, "not a party", record)
