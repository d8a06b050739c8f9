"""The legal knowledge base as rows for the three-tier analysis (analysis.three_tiers).

One row per (threat type, tier, duty-bearer, citation): who is expected to act on a
threat, and under which instruments and articles the rights it engages are protected.
"""

from __future__ import annotations

from vitalcore.law.knowledge import knowledge_base
from vitalcore.law.lookup import Situation, lookup

# The citations shown beside each duty-bearer: the first few rights' provisions, which
# lookup() orders from the most specific to the most general.
CITATIONS_PER_THREAT = 4


def duty_rows(situation: Situation | None = None) -> list[dict[str, str | None]]:
    """Rows with threat_type, tier, duty_bearer, instrument (a citation such as 'ICCPR
    art. 6') and article (None: the citation already names it)."""
    kb = knowledge_base()
    rows: list[dict[str, str | None]] = []
    for subject, basis in kb.bases.items():
        if basis.kind != "threat_type":
            continue
        grounding = lookup(subject, situation or Situation(), kb)
        cites = grounding.citations()[:CITATIONS_PER_THREAT]
        for tier, bearers in grounding.duty_bearers.items():
            for bearer in bearers:
                for cite in cites:
                    rows.append({"threat_type": subject, "tier": tier, "duty_bearer": bearer,
                                 "instrument": cite, "article": None})
    return rows
