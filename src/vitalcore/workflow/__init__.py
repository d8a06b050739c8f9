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

from __future__ import annotations

from vitalcore._lazy import lazy_exports

# Name -> the module that defines it, imported on first use (vitalcore/_lazy.py), so
# that `from vitalcore import workflow` costs nothing: `vitalcore --help` must not pay
# for scikit-learn, statsmodels or polars, which only some functions need.
_EXPORTS: dict[str, str] = {
    "Account": "reads",
    "AuditEntry": "reads",
    "BackupError": "reads",
    "ChainReport": "interlinks",
    "ClassifyReport": "scale",
    "DemoService": "synthetic",
    "DuplicateUser": "reads",
    "Evaluation": "scenario",
    "ImportResult": "mandate",
    "IngestCounts": "reads",
    "LoadReport": "scale",
    "MandateGap": "results",
    "MandateNotFound": "mandate",
    "NoVoices": "mandate",
    "OVERALL": "results",
    "RetryCounts": "quarantine",
    "ScaleAnalysis": "scale",
    "ScenarioLoad": "scenario",
    "VoiceFilter": "reads",
    "action_effect": "actions",
    "actions": "actions",
    "alert_counts": "warning",
    "alerts": "warning",
    "analysis_version": "reads",
    "area_pcodes": "reads",
    "areas_frame": "reads",
    "areas_of_voices": "reads",
    "backup_store": "backup",
    "boundaries_version": "reads",
    "capacity_evidence": "bottom_up",
    "claim_clusters": "credibility",
    "classify_pending": "core",
    "classify_voices": "classification",
    "cluster_voices": "credibility",
    "correct_labels": "classification",
    "count_voices": "reads",
    "count_voices_by": "reads",
    "coverage_report": "bottom_up",
    "data_version": "reads",
    "demo_service": "synthetic",
    "disable_user": "reads",
    "draft_gap": "mandate",
    "evaluate": "classification",
    "evaluate_scenario": "scenario",
    "export_rows": "exports",
    "forget_reporter": "protection",
    "get_voice": "reads",
    "group_vulnerability": "bottom_up",
    "import_actions": "actions",
    "import_adjacency": "warning",
    "import_areas": "core",
    "import_boundaries": "core",
    "import_mandate": "mandate",
    "ingest": "core",
    "is_synthetic": "synthetic",
    "latest_labels": "reads",
    "latest_model_version": "reads",
    "latest_voice_time": "reads",
    "list_api_keys": "reads",
    "list_audit": "reads",
    "list_boundaries": "reads",
    "list_users": "reads",
    "load_scenario": "scenario",
    "mandate_gap": "mandate",
    "mandate_paragraphs": "mandate",
    "mandate_renewals": "mandate",
    "mandate_tasks": "mandate",
    "mandates_version": "reads",
    "mark_synthetic": "synthetic",
    "one_machine_analysis": "scale",
    "open": "core",
    "open_existing": "core",
    "pending_count": "core",
    "public_aggregates": "public",
    "quarantine_entries": "reads",
    "quotable_voices": "reads",
    "rank_threats": "bottom_up",
    "ranking_changes": "results",
    "record_action": "actions",
    "resolve_voice_id": "reads",
    "resilience_report": "bottom_up",
    "restore_store": "backup",
    "retry_quarantined": "quarantine",
    "reveal_contact": "protection",
    "review_queue": "classification",
    "revoke_api_key": "reads",
    "rumours": "credibility",
    "scale_aggregate": "scale",
    "scale_build_indexes": "scale",
    "scale_classify": "scale",
    "scale_cluster": "scale",
    "scale_load": "scale",
    "scale_pending_indexes": "scale",
    "scoped_voices": "bottom_up",
    "search_voices": "reads",
    "select_mandates": "mandate",
    "show_quarantined": "quarantine",
    "simulate": "scenario",
    "spread": "warning",
    "submit_payload": "intake",
    "submit_voices": "intake",
    "threat_chains": "interlinks",
    "tier_report": "interlinks",
    "train_model": "classification",
    "vital_core": "core",
}
# Submodules reached as attributes (workflow.classification.pending).
_SUBMODULES = frozenset({"accounts", "classification"})

__all__ = sorted([*_EXPORTS, "classification"])


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, _SUBMODULES)
