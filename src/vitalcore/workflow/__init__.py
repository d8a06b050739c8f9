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
    "CONFLICTS": "legal",
    "ChainReport": "interlinks",
    "ClassifyReport": "scale",
    "CurrentSituation": "legal",
    "DemoService": "synthetic",
    "DuplicateUser": "reads",
    "Evaluation": "scenario",
    "ImportResult": "mandate",
    "IngestCounts": "reads",
    "LoadReport": "scale",
    "MandateGap": "results",
    "MandateNotFound": "mandate",
    "MapLayers": "geography",
    "NoVoices": "mandate",
    "OVERALL": "results",
    "RetryCounts": "quarantine",
    "ScaleAnalysis": "scale",
    "StoreKeyMismatch": "core",
    "set_role": "accounts",
    "ScenarioLoad": "scenario",
    "SituationError": "legal",
    "TestimonyPage": "testimonies",
    "VoiceFilter": "reads",
    "action_effect": "actions",
    "actions": "actions",
    "alert_counts": "warning",
    "alert_group_counts": "warning",
    "alerts": "warning",
    "analysis_version": "reads",
    "area_pcodes": "reads",
    "area_scope": "places",
    "areas_frame": "reads",
    "areas_of_voices": "reads",
    "backup_store": "backup",
    "boundaries_version": "reads",
    "capacity_evidence": "bottom_up",
    "claim_clusters": "credibility",
    "check_key": "core",
    "classify_pending": "core",
    "classify_voices": "classification",
    "cluster_voices": "credibility",
    "code_version": "kept",
    "column_plan": "ingest_plan",
    "correct_labels": "classification",
    "correct_severity": "classification",
    "count_voices": "reads",
    "count_voices_by": "reads",
    "coverage_report": "bottom_up",
    "current_mandate": "legal",
    "current_situation": "legal",
    "data_version": "reads",
    "demo_service": "synthetic",
    "disable_user": "accounts",
    "draft_gap": "mandate",
    "evaluate": "classification",
    "evaluate_scenario": "scenario",
    "export_rows": "exports",
    "forget_reporter": "protection",
    "geography_version": "geography",
    "get_voice": "reads",
    "group_vulnerability": "bottom_up",
    "hierarchy": "places",
    "import_actions": "actions",
    "import_adjacency": "warning",
    "import_areas": "core",
    "import_boundaries": "core",
    "import_mandate": "mandate",
    "ingest": "core",
    "is_synthetic": "synthetic",
    "keep_output": "reads",
    "keep_read_results": "kept",
    "kept_output": "reads",
    "kept_version": "reads",
    "latest_labels": "reads",
    "latest_model_version": "reads",
    "latest_voice_time": "reads",
    "legal_citations": "legal",
    "legal_grounding": "legal",
    "list_api_keys": "reads",
    "list_audit": "reads",
    "list_boundaries": "reads",
    "list_situations": "legal",
    "list_users": "reads",
    "load_scenario": "scenario",
    "mandate_gap": "mandate",
    "mandate_paragraphs": "mandate",
    "mandate_renewals": "mandate",
    "mandate_tasks": "mandate",
    "mandates_version": "reads",
    "map_layers": "geography",
    "mark_synthetic": "synthetic",
    "one_machine_analysis": "scale",
    "open": "core",
    "open_existing": "core",
    "open_if_present": "ingest_plan",
    "pending_count": "core",
    "place_conflicts": "places",
    "place_unplaced": "places",
    "preview_ingest": "ingest_plan",
    "public_aggregates": "public",
    "quarantine_entries": "reads",
    "quotable_voices": "reads",
    "rank_threats": "bottom_up",
    "ranking_changes": "results",
    "record_action": "actions",
    "refresh_alerts": "warning",
    "resilience_report": "bottom_up",
    "resolve_voice_id": "reads",
    "restore_store": "backup",
    "retry_quarantined": "quarantine",
    "reveal_contact": "protection",
    "review_queue": "review",
    "revoke_api_key": "accounts",
    "roll_up": "places",
    "rumours": "credibility",
    "scale_aggregate": "scale",
    "scale_build_indexes": "scale",
    "scale_classify": "scale",
    "scale_cluster": "scale",
    "scale_load": "scale",
    "scale_pending_indexes": "scale",
    "scope_codes": "places",
    "scoped_voices": "bottom_up",
    "search_voices": "places",
    "select_mandates": "mandate",
    "set_situation": "legal",
    "set_situation_once": "legal",
    "show_quarantined": "quarantine",
    "simulate": "scenario",
    "situations_version": "legal",
    "spread": "warning",
    "submit_payload": "intake",
    "submit_voices": "intake",
    "suggest_mapping": "ingest_plan",
    "testimonies": "testimonies",
    "threat_chains": "interlinks",
    "tier_report": "tiers",
    "train_model": "classification",
    "unknown_places": "places",
    "unverified_citations": "legal",
    "vital_core": "core",
    "voice_reading": "reads",
    "why_no_alerts": "warning",
    "why_no_rumours": "credibility",
    "why_no_spread": "warning",
}
# Submodules reached as attributes (workflow.classification.pending).
_SUBMODULES = frozenset({"accounts", "classification"})

__all__ = sorted([*_EXPORTS, "classification"])


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, _SUBMODULES)
