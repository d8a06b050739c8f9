"""The public workflow: the functions a notebook, the CLI and the API all call.

    engine = workflow.open(db)                      # store, migrated
    workflow.import_areas(engine, "areas.csv")      # gazetteer
    counts = workflow.ingest(engine, "voices.csv")  # read N, stored S, ...
    workflow.classify_pending(engine)               # labels with evidence
    table = workflow.vital_core(engine)             # ranked threats per area

Each module here joins the store to one stage or analysis; none computes analysis
itself (that is `vitalcore.analysis`) or speaks SQL (that is `vitalcore.store`).
"""

from vitalcore.workflow.actions import (
    action_effect,
    actions,
    import_actions,
    record_action,
)
from vitalcore.workflow.core import (
    classify_pending,
    import_areas,
    ingest,
    open,
    pending_count,
    vital_core,
)
from vitalcore.workflow.credibility import claim_clusters, cluster_voices, rumours
from vitalcore.workflow.quarantine import RetryCounts, retry_quarantined, show_quarantined
from vitalcore.workflow.scenario import (
    Evaluation,
    ScenarioLoad,
    evaluate_scenario,
    load_scenario,
    simulate,
)
from vitalcore.workflow.warning import alert_counts, alerts, import_adjacency, spread

__all__ = [
    "Evaluation",
    "RetryCounts",
    "ScenarioLoad",
    "action_effect",
    "actions",
    "alert_counts",
    "alerts",
    "claim_clusters",
    "classify_pending",
    "cluster_voices",
    "evaluate_scenario",
    "import_actions",
    "import_adjacency",
    "import_areas",
    "ingest",
    "load_scenario",
    "open",
    "pending_count",
    "record_action",
    "retry_quarantined",
    "rumours",
    "show_quarantined",
    "simulate",
    "spread",
    "vital_core",
]
