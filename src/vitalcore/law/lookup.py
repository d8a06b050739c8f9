"""Who owes what to whom, under which instrument: a pure lookup over the knowledge base.

    grounding = lookup("armed_attack", Situation(armed_conflict=True, region="africa"))
    for right in grounding.rights: ...      # right -> instruments and articles
    grounding.duty_bearers["state"]         # by tier

Applicability follows the conditions in rights.yaml: IHL only in armed conflict (and,
when the kind of conflict is known, GC I-IV and AP I for international conflicts,
Common Article 3 and AP II for non-international ones); refugee law for people who
crossed a border, IDP law for the internally displaced (when unknown, both, since a
displaced population usually holds both); regional instruments only in their region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from vitalcore.law.knowledge import Instrument, KnowledgeBase, Provision, knowledge_base

ConflictKind = Literal["international", "non_international"]
Displacement = Literal["internal", "cross_border"]


class UnknownSubject(KeyError):
    """The name is neither a threat type nor a group of the knowledge base."""


@dataclass(frozen=True)
class Situation:
    """Facts that decide which law applies. Defaults: peacetime, no region known."""

    armed_conflict: bool = False
    conflict_kind: ConflictKind | None = None  # None: not known, both regimes shown
    region: str | None = None  # e.g. "africa"; regional instruments need it
    displacement: Displacement | None = None  # None: both refugee and IDP law shown


@dataclass(frozen=True)
class Citation:
    instrument: Instrument
    articles: tuple[str, ...]
    conditions: tuple[str, ...]

    def text(self) -> str:
        """E.g. 'ICCPR art. 6' or 'Rome Statute arts. 7(1)(a), 8(2)(c)(i)'."""
        label = "art." if len(self.articles) == 1 else "arts."
        if self.instrument.kind == "UNSC":
            label = ""
        return f"{self.instrument.short} {label} {', '.join(self.articles)}".replace("  ", " ")


@dataclass(frozen=True)
class GroundedRight:
    id: str
    label: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class LegalGrounding:
    subject: str
    kind: str
    situation: Situation
    rights: tuple[GroundedRight, ...]
    duty_bearers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def citations(self) -> list[str]:
        """Every citation once, in order of first appearance."""
        seen: dict[str, None] = {}
        for right in self.rights:
            for c in right.citations:
                seen.setdefault(c.text(), None)
        return list(seen)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output (CLI, API, briefings)."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "situation": {
                "armed_conflict": self.situation.armed_conflict,
                "conflict_kind": self.situation.conflict_kind,
                "region": self.situation.region,
                "displacement": self.situation.displacement,
            },
            "rights": [
                {"right": r.id, "label": r.label, "citations": [
                    {"instrument": c.instrument.id, "short": c.instrument.short,
                     "name": c.instrument.name, "kind": c.instrument.kind,
                     "year": c.instrument.year, "articles": list(c.articles),
                     "conditions": list(c.conditions), "text": c.text()}
                    for c in r.citations]}
                for r in self.rights
            ],
            "duty_bearers": {tier: list(v) for tier, v in self.duty_bearers.items()},
        }


def applies(provision: Provision, instrument: Instrument, situation: Situation) -> bool:
    """Whether a provision applies in the situation (see the module docstring)."""
    if instrument.region and instrument.region != (situation.region or "").lower():
        return False
    when = provision.when
    if "armed_conflict" in when and not situation.armed_conflict:
        return False
    kind = situation.conflict_kind
    if "international" in when and kind not in (None, "international"):
        return False
    if "non_international" in when and kind not in (None, "non_international"):
        return False
    moved = situation.displacement
    if "cross_border" in when and moved not in (None, "cross_border"):
        return False
    return not ("internal_displacement" in when and moved not in (None, "internal"))


def lookup(
    subject: str, situation: Situation | None = None, kb: KnowledgeBase | None = None
) -> LegalGrounding:
    """The rights, citations and duty-bearers for a threat type or group id."""
    kb = kb or knowledge_base()
    situation = situation or Situation()
    basis = kb.bases.get(subject)
    if basis is None:
        known = ", ".join(sorted(kb.bases))
        raise UnknownSubject(f"{subject!r} is not a threat type or group; known: {known}")
    rights = []
    for right_id in basis.rights:
        right = kb.rights[right_id]
        cites = tuple(
            Citation(kb.instruments[p.instrument], p.articles, tuple(sorted(p.when)))
            for p in right.provisions
            if applies(p, kb.instruments[p.instrument], situation)
        )
        if cites:
            rights.append(GroundedRight(right.id, right.label, cites))
    return LegalGrounding(basis.subject, basis.kind, situation, tuple(rights),
                          dict(basis.duty_bearers))


def citations_for(subjects: list[str], situation: Situation | None = None) -> dict[str, list[str]]:
    """Short citation lists per subject, for analyses that annotate their outputs."""
    kb = knowledge_base()
    return {s: lookup(s, situation, kb).citations() for s in subjects if s in kb.bases}


def citations_for_subject(
    kind: str, label: str, situation: Situation | None = None, *, limit: int = 8
) -> list[str]:
    """Citations for a gap's subject: a group's own, or a dimension's threat types', once
    each and in order, at most `limit` (outputs show the first few, `vitalcore law` all)."""
    from vitalcore import taxonomy

    subjects = [label] if kind != "dimension" else taxonomy.threat_types().get(label, [])
    seen: dict[str, None] = {}
    for cites in citations_for(list(subjects), situation).values():
        for cite in cites:
            seen.setdefault(cite, None)
    return list(seen)[:limit]
