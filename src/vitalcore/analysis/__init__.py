"""Analysis: pure functions over polars frames. No I/O, no SQL, no web imports.

vital_core   rank threats per area, group, period (Borda weights, bootstrap intervals)
coverage     who was heard, by group, area and channel, and who was not
vulnerability  relative risk of each group's exposure (Katz interval)
resilience   capacities and coping beside threats; resilience gaps
chains       co-occurrence, temporal precedence, the chain graph, root causes
onsets       onset order of level shifts, area by area (chains' second precedence test)
tiers        state, international actors, community for each top threat
"""

from vitalcore.analysis.alerts import (
    detect_alerts,
)
from vitalcore.analysis.borda import (
    borda_count,
    borda_points,
    borda_shares,
)
from vitalcore.analysis.chains import (
    chain_graph,
    chains,
    cooccurrence,
    label_series,
    precedence,
    root_causes,
)
from vitalcore.analysis.coverage import (
    coverage,
    unheard,
)
from vitalcore.analysis.credibility import (
    score_clusters,
)
from vitalcore.analysis.effects import (
    Effect,
    estimate_effect,
    unintended_effects,
)
from vitalcore.analysis.mandate_gap import (
    Gap,
    MandateGap,
    Renewal,
    coverage_over_renewals,
    mandate_gap,
)
from vitalcore.analysis.onsets import (
    onset_precedence,
    onsets,
)
from vitalcore.analysis.resilience import (
    CapacityCue,
    capacities,
    capacity_evidence,
    compile_cues,
    resilience_gaps,
)
from vitalcore.analysis.spread import (
    neighbours,
    spread_paths,
)
from vitalcore.analysis.tiers import (
    three_tiers,
)
from vitalcore.analysis.vital_core import (
    OVERALL,
    combine_tallies,
    rank_tally,
    rank_threats,
    rank_vital_core,
    vital_core_tally,
    voice_table,
)
from vitalcore.analysis.vulnerability import (
    group_exposure,
    most_exposed,
    relative_risk,
    severe_exposure,
)

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
    "combine_tallies",
    "relative_risk",
    "resilience_gaps",
    "root_causes",
    "score_clusters",
    "severe_exposure",
    "spread_paths",
    "three_tiers",
    "unheard",
    "unintended_effects",
    "voice_table",
]
