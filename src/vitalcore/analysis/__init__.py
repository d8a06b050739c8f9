"""Analysis: pure functions over polars frames. No I/O, no SQL, no web imports.

vital_core   rank threats per area, group, period (Borda weights, bootstrap intervals)
coverage     who was heard, by group, area and channel, and who was not
vulnerability  relative risk of each group's exposure (Katz interval)
resilience   capacities and coping beside threats; resilience gaps
chains       co-occurrence, temporal precedence, the chain graph, root causes
onsets       onset order of level shifts, area by area (chains' second precedence test)
rises        the effect's rise after the cause, pooled over the cause's areas (third)
tiers        state, international actors, community for each top threat
"""

from vitalcore._lazy import lazy_exports

# Name -> its module, imported on first use (vitalcore/_lazy.py): ranking the vital
# core must not import networkx or SciPy, which only chains and its tests use.
_EXPORTS = {
    "CapacityCue": "resilience",
    "Effect": "effects",
    "Gap": "mandate_gap",
    "MandateGap": "mandate_gap",
    "OVERALL": "vital_core",
    "Renewal": "mandate_gap",
    "borda_count": "borda",
    "borda_points": "borda",
    "borda_shares": "borda",
    "capacities": "resilience",
    "capacity_evidence": "resilience",
    "chain_graph": "chains",
    "project_threat_links": "chain_projection",
    "chains": "chains",
    "combine_tallies": "vital_core",
    "compile_cues": "resilience",
    "cooccurrence": "chains",
    "coverage": "coverage",
    "coverage_over_renewals": "mandate_gap",
    "detect_alerts": "alerts",
    "estimate_effect": "effects",
    "group_exposure": "vulnerability",
    "label_series": "chains",
    "mandate_gap": "mandate_gap",
    "most_exposed": "vulnerability",
    "neighbours": "spread",
    "onset_precedence": "onsets",
    "onsets": "onsets",
    "precedence": "chains",
    "rank_tally": "vital_core",
    "rank_threats": "vital_core",
    "rank_vital_core": "vital_core",
    "relative_risk": "vulnerability",
    "resilience_gaps": "resilience",
    "rise_precedence": "rises",
    "root_causes": "chains",
    "score_clusters": "credibility",
    "severe_exposure": "vulnerability",
    "spread_paths": "spread",
    "three_tiers": "tiers",
    "unheard": "coverage",
    "unintended_effects": "effects",
    "vital_core_tally": "vital_core",
    "voice_tally": "vital_core",
    "classified_voice_table": "vital_core",
    "voice_table": "vital_core",
}

__all__ = [
    "CapacityCue",
    "Effect",
    "Gap",
    "MandateGap",
    "OVERALL",
    "Renewal",
    "borda_count",
    "borda_points",
    "borda_shares",
    "capacities",
    "capacity_evidence",
    "chain_graph",
    "chains",
    "compile_cues",
    "cooccurrence",
    "coverage",
    "coverage_over_renewals",
    "detect_alerts",
    "estimate_effect",
    "group_exposure",
    "label_series",
    "mandate_gap",
    "most_exposed",
    "neighbours",
    "onset_precedence",
    "onsets",
    "precedence",
    "rank_threats",
    "rank_vital_core",
    "rank_tally",
    "vital_core_tally",
    "voice_tally",
    "combine_tallies",
    "relative_risk",
    "resilience_gaps",
    "project_threat_links",
    "rise_precedence",
    "root_causes",
    "score_clusters",
    "severe_exposure",
    "spread_paths",
    "three_tiers",
    "unheard",
    "unintended_effects",
    "classified_voice_table",
    "voice_table",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
