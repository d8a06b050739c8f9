"""The knowledge base as rows for the three-tier analysis (analysis.three_tiers).

One row per (threat type, tier, duty-bearer, citation). Each tier gets its own legal
basis, because each owes something different (tiers.yaml):

- state: the treaty and customary obligations of the territorial State (IHL first in an
  armed conflict, Common Article 3 leading in a non-international one; then criminal law,
  then human rights treaties); declarations and resolutions are not its legal basis;
- international: the mission's mandate, the Security Council resolutions on the threat,
  and the rules for the mission's own conduct (ST/SGB/1999/13, the HRDDP);
- community: the rights through which communities take part (tiers.yaml community_rights).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from vitalcore.law.knowledge import knowledge_base, read_data
from vitalcore.law.lookup import Citation, Situation, lookup

# The citations shown per tier and threat: the most specific first (see _state_order).
CITATIONS_PER_TIER = 5
MISSION = {"en": "the UN mission", "fr": "la mission de l'ONU"}


@cache
def tier_data() -> dict[str, Any]:
    """tiers.yaml: per dimension and tier the expected conduct in en and fr."""
    return read_data("tiers.yaml")


def _state_order(c: Citation) -> int:
    if c.instrument.id == "common_article_3":
        return 0
    return {"IHL": 1, "ICL": 2}.get(c.instrument.kind, 3)


def tier_citations(subject: str, situation: Situation, *, mandate: str | None = None,
                   lang: str = "en") -> dict[str, list[str]]:
    """The legal basis of each tier for one threat type or group (citations in `lang`)."""
    kb = knowledge_base()
    cites = lookup(subject, situation, kb).all_citations()
    state = sorted((c for c in cites if c.instrument.binding
                    and c.instrument.kind not in ("UNSC", "mission")
                    and (c.party is None or c.party.ratified is not False)), key=_state_order)
    data = tier_data()
    international = [c.text(lang) for c in cites if c.instrument.kind == "UNSC"]
    community: list[str] = []
    for rights, out in ((data["mission_rights"], international),
                        (data["community_rights"], community)):
        extra = Situation(region=situation.region, state=situation.state, on=situation.on)
        for right in rights:
            for p in kb.rights[right].provisions:
                c = lookup_provision(p.instrument, p.articles, extra, lang=lang)
                if c is not None:
                    out.append(c)
    if mandate:
        international.insert(0, mandate)
    return {"state": [c.text(lang) for c in state][:CITATIONS_PER_TIER],
            "international": list(dict.fromkeys(international))[:CITATIONS_PER_TIER],
            "community": list(dict.fromkeys(community))[:CITATIONS_PER_TIER]}


def lookup_provision(instrument: str, articles: tuple[str, ...], situation: Situation, *,
                     lang: str = "en") -> str | None:
    """The citation text of one provision if its instrument applies in the situation's
    region (tier bases that do not hang on a threat: participation, mission conduct)."""
    inst = knowledge_base().instruments[instrument]
    if inst.region and inst.region != (situation.resolved().region or ""):
        return None
    return Citation(inst, articles, ()).text(lang)


def conduct(dimension: str, tier: str, *, lang: str = "en", mission: str | None = None
            ) -> str | None:
    """What the tier is expected to do about a threat of this dimension, in `lang`."""
    entry = (tier_data()["conduct"].get(dimension) or {}).get(tier)
    if not entry:
        return None
    text = str(entry.get(lang) or entry["en"])
    return text.replace("{mission}", mission or MISSION.get(lang, MISSION["en"]))


def duty_rows(situation: Situation | None = None, *, mission: str | None = None,
              mandate: str | None = None, lang: str = "en") -> list[dict[str, str | None]]:
    """Rows with threat_type, tier, duty_bearer, instrument (a citation such as 'ICCPR
    art. 6') and article (None: the citation already names it). `mission` names the UN
    mission in the international tier; `mandate` (e.g. 'S/RES/2100 (2013)') leads its
    legal basis. `lang`: the language of the citations (short names such as PIDCP)."""
    kb = knowledge_base()
    situation = situation or Situation()
    rows: list[dict[str, str | None]] = []
    for subject, basis in kb.bases.items():
        if basis.kind != "threat_type":
            continue
        by_tier = tier_citations(subject, situation, mandate=mandate, lang=lang)
        for tier, bearers in basis.duty_bearers.items():
            for bearer in bearers:
                if mission:
                    bearer = bearer.replace("the UN mission", mission)
                for cite in by_tier[tier]:
                    rows.append({"threat_type": subject, "tier": tier, "duty_bearer": bearer,
                                 "instrument": cite, "article": None})
    return rows
