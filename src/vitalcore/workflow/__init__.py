"""The public workflow: the functions a notebook, the CLI and the API all call.

    engine = workflow.open(db)                      # store, migrated
    workflow.import_areas(engine, "areas.csv")      # gazetteer
    counts = workflow.ingest(engine, "voices.csv")  # read N, stored S, ...
    workflow.classify_pending(engine)               # labels with evidence
    table = workflow.vital_core(engine)             # ranked threats per area
    workflow.import_mandate(engine, "S-RES-2100.txt")     # a Security Council mandate
    mandate, gap = workflow.mandate_gap(engine, area="ML07")  # what it misses
    table = workflow.rank_threats(engine, group="women")  # with intervals, by group
    report = workflow.threat_chains(engine)         # co-occurrence, precedence, graph
    tiers = workflow.tier_report(engine)            # state, international, community
    found = workflow.alerts(engine)                 # early warning, with the statistic
    clusters = workflow.rumours(engine)             # near-duplicate claims, credibility
    effect = workflow.action_effect(engine, action_id)    # difference in differences
    workflow.simulate(1, 20_000, "scen")            # a scenario with planted truth
    workflow.load_scenario(engine, "scen")          # its files, adjacency, actions, mandate

Each module here joins the store to one stage or analysis; none computes analysis
itself (that is `vitalcore.analysis`) or speaks SQL (that is `vitalcore.store`).
"""

from vitalcore.workflow import (
    classification,
)
from vitalcore.workflow.actions import (
    action_effect,
    actions,
    import_actions,
    record_action,
)
from vitalcore.workflow.backup import (
    backup_store,
    restore_store,
)
from vitalcore.workflow.bottom_up import (
    capacity_evidence,
    coverage_report,
    group_vulnerability,
    rank_threats,
    resilience_report,
    scoped_voices,
)
from vitalcore.workflow.classification import (
    classify_voices,
    correct_labels,
    correct_severity,
    evaluate,
    review_queue,
    train_model,
    voice_reading,
)
from vitalcore.workflow.core import (
    classify_pending,
    import_areas,
    import_boundaries,
    ingest,
    open,
    pending_count,
    vital_core,
)
from vitalcore.workflow.credibility import (
    claim_clusters,
    cluster_voices,
    rumours,
    why_no_rumours,
)
from vitalcore.workflow.exports import (
    export_rows,
)
from vitalcore.workflow.geography import (
    MapLayers,
    geography_version,
    map_layers,
)
from vitalcore.workflow.ingest_plan import (
    column_plan,
    open_existing,
    preview_ingest,
    suggest_mapping,
)
from vitalcore.workflow.intake import (
    submit_payload,
    submit_voices,
)
from vitalcore.workflow.interlinks import (
    ChainReport,
    threat_chains,
    tier_report,
)
from vitalcore.workflow.legal import (
    CONFLICTS,
    CurrentSituation,
    SituationError,
    current_mandate,
    current_situation,
    legal_citations,
    legal_grounding,
    list_situations,
    set_situation,
    set_situation_once,
    situations_version,
    unverified_citations,
)
from vitalcore.workflow.mandate import (
    ImportResult,
    MandateNotFound,
    NoVoices,
    draft_gap,
    import_mandate,
    mandate_gap,
    mandate_paragraphs,
    mandate_renewals,
    mandate_tasks,
    select_mandates,
)
from vitalcore.workflow.places import (
    area_scope,
    hierarchy,
    place_conflicts,
    place_unplaced,
    roll_up,
    scope_codes,
    search_voices,
    unknown_places,
)
from vitalcore.workflow.protection import (
    forget_reporter,
    reveal_contact,
)
from vitalcore.workflow.public import (
    public_aggregates,
)
from vitalcore.workflow.quarantine import (
    RetryCounts,
    retry_quarantined,
    show_quarantined,
)
from vitalcore.workflow.scale import (
    ClassifyReport,
    LoadReport,
    ScaleAnalysis,
    one_machine_analysis,
    scale_aggregate,
    scale_build_indexes,
    scale_classify,
    scale_cluster,
    scale_load,
    scale_pending_indexes,
)
from vitalcore.workflow.scenario import (
    ScenarioLoad,
    load_scenario,
    simulate,
)
from vitalcore.workflow.testimonies import (
    TestimonyPage,
    testimonies,
)
from vitalcore.workflow.warning import (
    alert_counts,
    alerts,
    import_adjacency,
    refresh_alerts,
    spread,
    why_no_alerts,
    why_no_spread,
)

__all__ = [
    "CONFLICTS",
    "CurrentSituation",
    "SituationError",
    "current_mandate",
    "current_situation",
    "legal_citations",
    "legal_grounding",
    "list_situations",
    "set_situation",
    "set_situation_once",
    "situations_version",
    "unverified_citations",
    "ChainReport",
    "ClassifyReport",
    "ImportResult",
    "LoadReport",
    "MapLayers",
    "MandateNotFound",
    "NoVoices",
    "RetryCounts",
    "ScaleAnalysis",
    "ScenarioLoad",
    "TestimonyPage",
    "action_effect",
    "actions",
    "alert_counts",
    "alerts",
    "area_scope",
    "refresh_alerts",
    "why_no_alerts",
    "why_no_spread",
    "backup_store",
    "capacity_evidence",
    "claim_clusters",
    "classification",
    "classify_pending",
    "classify_voices",
    "cluster_voices",
    "correct_labels",
    "column_plan",
    "correct_severity",
    "coverage_report",
    "draft_gap",
    "evaluate",
    "export_rows",
    "forget_reporter",
    "geography_version",
    "group_vulnerability",
    "hierarchy",
    "import_actions",
    "import_adjacency",
    "import_areas",
    "import_boundaries",
    "import_mandate",
    "ingest",
    "load_scenario",
    "map_layers",
    "mandate_gap",
    "mandate_paragraphs",
    "mandate_renewals",
    "mandate_tasks",
    "one_machine_analysis",
    "open",
    "open_existing",
    "pending_count",
    "place_conflicts",
    "place_unplaced",
    "preview_ingest",
    "public_aggregates",
    "rank_threats",
    "record_action",
    "resilience_report",
    "restore_store",
    "retry_quarantined",
    "reveal_contact",
    "review_queue",
    "roll_up",
    "rumours",
    "why_no_rumours",
    "scale_aggregate",
    "scale_build_indexes",
    "scale_classify",
    "scale_cluster",
    "scale_load",
    "scale_pending_indexes",
    "scope_codes",
    "scoped_voices",
    "search_voices",
    "select_mandates",
    "show_quarantined",
    "simulate",
    "spread",
    "submit_payload",
    "submit_voices",
    "suggest_mapping",
    "testimonies",
    "threat_chains",
    "tier_report",
    "train_model",
    "unknown_places",
    "vital_core",
    "voice_reading",
]
