"""Who owes what to whom, under which instrument: a pure lookup over the knowledge base.

    grounding = lookup("armed_attack", Situation(armed_conflict=True, region="africa",
                                                 conflict_kind="non_international",
                                                 state="ML"))
    for right in grounding.rights: ...      # right -> citations, each with `party`
    grounding.duty_bearers["state"]         # by tier

The applicability rules (applicability.py), each explained on the citation it keeps:
human rights law always; IHL only in armed conflict; GC I-IV and AP I in international
conflicts, the GC IV occupation articles only in occupation; Common Article 3 the floor of
every non-international conflict; AP II only where the State is party and the art. 1(1)
threshold is established; customary IHL where a treaty does not bind; refugee law for
people who crossed a border, IDP law for the internally displaced; regional instruments in
their region. With a State, every treaty citation says whether it is ratified and since
when (ratification.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from vitalcore.law.applicability import Decision, decide
from vitalcore.law.knowledge import Instrument, KnowledgeBase, knowledge_base
from vitalcore.law.ratification import PartyStatus, party_status, ratifications

ConflictKind = Literal["international", "non_international", "occupation"]
Displacement = Literal["internal", "cross_border"]
CONFLICT_KINDS = ("international", "non_international", "occupation")
_SELF_NAMED = ("para.", "rule ", "principle ", "sect. ", "whole text")


class UnknownSubject(KeyError):
    """The name is neither a threat type nor a group of the knowledge base."""


@dataclass(frozen=True)
class Situation:
    """Facts that decide which law applies. Defaults: peacetime, no region, no State."""

    armed_conflict: bool = False
    conflict_kind: ConflictKind | None = None  # None: not known, both regimes shown
    region: str | None = None  # e.g. "africa"; regional instruments need it
    displacement: Displacement | None = None  # None: both refugee and IDP law shown
    state: str | None = None  # ISO 3166 alpha-2 code of the territorial State, e.g. "ML"
    ap2_threshold: bool | None = None  # AP II art. 1(1) established? None: not established
    on: date | None = None  # the date ratification is judged on (default: today)

    def resolved(self) -> Situation:
        """The region taken from the State when not given; the conflict implied by its kind."""
        region = self.region
        if region is None and self.state:
            region = ratifications().states.get(self.state.upper(), {}).get("region")
        return replace(self, region=region.lower() if region else None,
                       state=self.state.upper() if self.state else None,
                       armed_conflict=self.armed_conflict or self.conflict_kind is not None)

    def to_dict(self) -> dict[str, object]:
        return {"armed_conflict": self.armed_conflict, "conflict_kind": self.conflict_kind,
                "region": self.region, "displacement": self.displacement,
                "state": self.state, "ap2_threshold": self.ap2_threshold,
                "on": (self.on or date.today()).isoformat()}


@dataclass(frozen=True)
class Citation:
    instrument: Instrument
    articles: tuple[str, ...]
    conditions: tuple[str, ...]
    applies_because: str = ""
    party: PartyStatus | None = None  # None: nothing to ratify (declaration, custom)
    source: str = ""
    verified: bool = False

    def text(self, lang: str = "en") -> str:
        """E.g. 'ICCPR art. 6' or 'Rome Statute arts. 7(1)(a), 8(2)(c)(i)'."""
        label = "art." if len(self.articles) == 1 else "arts."
        if self.instrument.kind == "UNSC" or self.articles[0].startswith(_SELF_NAMED):
            label = ""  # 'para. 2', 'rule 55', 'principle 11', 'whole text' name themselves
        short = self.instrument.short
        if lang == "fr" and self.instrument.short_fr:
            short = self.instrument.short_fr
        return f"{short} {label} {', '.join(self.articles)}".replace("  ", " ")

    @property
    def ratified(self) -> bool | str | None:
        """True, False, 'unknown' for a treaty; None when there is nothing to ratify."""
        if self.party is None:
            return None
        return "unknown" if self.party.ratified is None else self.party.ratified

    def to_dict(self) -> dict[str, object]:
        party = self.party.to_dict() if self.party else None
        return {
            "instrument": self.instrument.id, "short": self.instrument.short,
            "name": self.instrument.name, "kind": self.instrument.kind,
            "year": self.instrument.year, "articles": list(self.articles),
            "conditions": list(self.conditions), "text": self.text(),
            "binding_instrument": self.instrument.binding,
            "ratified": "not_applicable" if party is None else party["ratified"],
            "ratified_since": party["since"] if party else None,
            "ratification": party,
            "applies_because": self.applies_because,
            "source": self.source, "verified": self.verified,
        }


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
    not_applied: tuple[str, ...] = ()  # provisions left out, with the rule that did it

    def all_citations(self) -> list[Citation]:
        """Every citation once (by text), in order of first appearance."""
        seen: dict[str, Citation] = {}
        for right in self.rights:
            for c in right.citations:
                seen.setdefault(c.text(), c)
        return list(seen.values())

    def citations(self) -> list[str]:
        """Every citation once, in order of first appearance."""
        return [c.text() for c in self.all_citations()]

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output (CLI, API, briefings)."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "situation": self.situation.to_dict(),
            "rights": [
                {"right": r.id, "label": r.label,
                 "citations": [c.to_dict() for c in r.citations]}
                for r in self.rights
            ],
            "not_applied": list(self.not_applied),
            "duty_bearers": {tier: list(v) for tier, v in self.duty_bearers.items()},
        }


def _cite(kb: KnowledgeBase, decision: Decision, situation: Situation) -> Citation:
    inst = kb.instruments[decision.instrument]
    party = party_status(inst.treaty, situation.state, on=situation.on)
    why = decision.because
    if party is not None and party.ratified is False and inst.kind == "ICL":
        why += ("; the State is not party: the ICC has jurisdiction only on an art. 12(3) "
                "declaration or a Security Council referral (art. 13(b)), though the conduct "
                "may remain a crime under customary international law")
    return Citation(inst, decision.articles, decision.conditions, why, party,
                    decision.source or inst.source, decision.verified)


def lookup(
    subject: str, situation: Situation | None = None, kb: KnowledgeBase | None = None
) -> LegalGrounding:
    """The rights, citations and duty-bearers for a threat type or group id."""
    kb = kb or knowledge_base()
    situation = (situation or Situation()).resolved()
    basis = kb.bases.get(subject)
    if basis is None:
        known = ", ".join(sorted(kb.bases))
        raise UnknownSubject(f"{subject!r} is not a threat type or group; known: {known}")
    rights = []
    left_out: dict[str, None] = {}
    for right_id in basis.rights:
        right = kb.rights[right_id]
        cites: dict[str, Citation] = {}
        for p in right.provisions:
            for decision in decide(p, kb.instruments[p.instrument], situation):
                if decision.applies:
                    cite = _cite(kb, decision, situation)
                    cites.setdefault(cite.text(), cite)
                elif decision.because:
                    left_out.setdefault(decision.because, None)
        if cites:
            rights.append(GroundedRight(right.id, right.label, tuple(cites.values())))
    return LegalGrounding(basis.subject, basis.kind, situation, tuple(rights),
                          dict(basis.duty_bearers), tuple(left_out))


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
