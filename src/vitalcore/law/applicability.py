"""Applicability rules: does a provision apply in a situation, and why (or why not).

Each rule is stated once here and its reason travels with the citation it keeps (or in
`not_applied` for one it drops), so an officer reads why a provision is shown:

1. Human rights law applies in peace and armed conflict alike.
2. IHL and war crimes apply only in an armed conflict.
3. GC I-IV and AP I apply in international armed conflicts (occupation included); the
   GC IV articles on occupied territory (e.g. arts. 49, 53, 55, 56, 59, 78) only in a
   belligerent occupation.
4. Common Article 3 is the floor of every non-international armed conflict: it binds every
   party, armed groups included, and every State is party to the Geneva Conventions.
5. AP II applies only where the territorial State is party to it AND the art. 1(1)
   threshold is established (organised armed groups under responsible command controlling
   territory so as to carry out sustained and concerted military operations).
6. Where an IHL treaty does not bind (not ratified, ratification unknown for AP II, or the
   AP II threshold not established), the customary IHL rules to the same effect
   (rights.yaml `customary`) are cited instead: custom binds every party to the conflict.
7. Refugee law for people who crossed a border, IDP law for the internally displaced;
   unknown displacement shows both.
8. A regional instrument applies only in its region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vitalcore.law.knowledge import Instrument, Provision
from vitalcore.law.ratification import party_status

if TYPE_CHECKING:
    from vitalcore.law.lookup import Situation

CUSTOMARY = "customary_ihl"


@dataclass(frozen=True)
class Decision:
    applies: bool
    instrument: str
    articles: tuple[str, ...]
    conditions: tuple[str, ...]
    because: str  # why it applies, or (when it does not) why it was left out; "" = silent
    source: str | None = None
    verified: bool = False


def _kind_phrase(kind: str | None) -> str:
    return {"international": "an international armed conflict",
            "non_international": "a non-international armed conflict",
            "occupation": "a belligerent occupation"}.get(kind or "", "an armed conflict")


def _where(instrument: Instrument, provision: Provision) -> str:
    return f"{instrument.short} {', '.join(provision.articles)}"


def _scope(provision: Provision, instrument: Instrument, situation: Situation
           ) -> tuple[bool, str]:
    """Rules 2, 3, 7 and 8: the conditions of the provision against the situation.
    Returns (holds, reason shown when it is dropped; "" when the drop needs no word)."""
    when = provision.when
    if instrument.region and instrument.region != (situation.region or ""):
        return False, ""
    if "armed_conflict" in when and not situation.armed_conflict:
        return False, ""
    kind = situation.conflict_kind
    if "occupation" in when and kind != "occupation":
        why = (f"{_where(instrument, provision)}: an occupation article, left out because "
               f"the situation is {_kind_phrase(kind)}, not a belligerent occupation")
        return False, why
    if "international" in when and kind not in (None, "international", "occupation"):
        return False, ""
    if "non_international" in when and kind not in (None, "non_international"):
        return False, ""
    moved = situation.displacement
    if "cross_border" in when and moved not in (None, "cross_border"):
        return False, ""
    if "internal_displacement" in when and moved not in (None, "internal"):
        return False, ""
    return True, ""


def _because(provision: Provision, instrument: Instrument, situation: Situation) -> str:
    """Why a kept provision applies (rules 1-4, 7, 8), and what kind of norm it is."""
    nature = None
    if instrument.kind == "UNSC":
        nature = ("Security Council resolution: guidance; binding only where it decides "
                  "(Charter art. 25)")
    elif not instrument.binding:
        nature = "soft law: authoritative guidance, not a treaty obligation"
    condition = _condition(provision, instrument, situation)
    if nature and condition:
        return f"{condition}; {nature}"
    return nature or condition or "human rights law: applies in peace and armed conflict alike"


def _condition(provision: Provision, instrument: Instrument, situation: Situation
               ) -> str | None:
    when = provision.when
    kind = situation.conflict_kind
    if instrument.id == "common_article_3":
        return ("Common Article 3: the floor of every non-international armed conflict; "
                "binds every party, armed groups included"
                + ("" if kind else " (shown because the kind of conflict is not given)"))
    if instrument.id == CUSTOMARY:
        return "customary IHL: binds every party to the conflict, whatever treaties it joined"
    if "occupation" in when:
        return "GC IV occupation rules: the situation is a belligerent occupation"
    if "international" in when:
        return ("international armed conflict rules" if kind else
                "applies if the conflict is international (kind of conflict not given)")
    if "non_international" in when:
        return ("non-international armed conflict rules" if kind else
                "applies if the conflict is non-international (kind of conflict not given)")
    if "cross_border" in when:
        return "refugee law: people who crossed an international border"
    if "internal_displacement" in when:
        return "IDP law: people displaced within their own country"
    if "armed_conflict" in when:
        return f"applies in {_kind_phrase(kind)}"
    if instrument.region:
        return f"regional instrument ({instrument.region})"
    if instrument.kind == "ICL":
        return "crimes against humanity and genocide need no armed conflict"
    if instrument.kind == "mission":
        return "rules for the UN mission's own conduct"
    return None


def _customary(provision: Provision, instrument: Instrument, reason: str) -> Decision:
    return Decision(True, CUSTOMARY, provision.customary, tuple(sorted(provision.when)),
                    f"customary IHL in place of {_where(instrument, provision)} ({reason}); "
                    "custom binds every party to the conflict")


def decide(provision: Provision, instrument: Instrument, situation: Situation
           ) -> list[Decision]:
    """What to cite for one provision: itself, its customary equivalent, or nothing (with
    the reason when the reason matters to an officer). `situation` is resolved."""
    holds, why_not = _scope(provision, instrument, situation)
    conditions = tuple(sorted(provision.when))
    if not holds:
        return [Decision(False, instrument.id, provision.articles, conditions, why_not)]
    keep = Decision(True, instrument.id, provision.articles, conditions,
                    _because(provision, instrument, situation), provision.source,
                    provision.verified)
    if instrument.kind != "IHL" or instrument.id in ("common_article_3", CUSTOMARY):
        return [keep]
    party = party_status(instrument.treaty, situation.state, on=situation.on)
    if instrument.id == "ap2":
        gaps = []
        if party is None or party.ratified is not True:
            gaps.append("the State is not known to be party to AP II" if party is None
                        or party.ratified is None else "the State is not party to AP II")
        if situation.ap2_threshold is not True:
            gaps.append("the art. 1(1) threshold, organised armed groups under responsible "
                        "command controlling territory, is not established"
                        if situation.ap2_threshold is None else
                        "the art. 1(1) threshold is not met")
        if gaps:
            reason = " and ".join(gaps)
            dropped = Decision(False, instrument.id, provision.articles, conditions,
                               f"{_where(instrument, provision)} left out: {' and '.join(gaps)}; "
                               "Common Article 3 and customary IHL apply")
            return [dropped] + ([_customary(provision, instrument, reason)]
                                if provision.customary else [])
        keep = Decision(True, instrument.id, provision.articles, conditions,
                        f"AP II: the State is party ({party.explanation}) and the art. 1(1) "
                        "threshold is established", provision.source, provision.verified)
        return [keep]
    if party is not None and party.ratified is False:
        reason = f"the State is not bound: {party.explanation}"
        dropped = Decision(False, instrument.id, provision.articles, conditions,
                           f"{_where(instrument, provision)} left out: {reason}")
        return [dropped] + ([_customary(provision, instrument, reason)]
                            if provision.customary else [])
    return [keep]
