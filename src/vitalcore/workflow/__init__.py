"""The public workflow: the functions a notebook, the CLI and the API all call.

    engine = workflow.open(db)                      # store, migrated
    workflow.import_areas(engine, "areas.csv")      # gazetteer
    counts = workflow.ingest(engine, "voices.csv")  # read N, stored S, ...
    workflow.classify_pending(engine)               # labels with evidence
    table = workflow.vital_core(engine)             # ranked threats per area

Each module here joins the store to one stage or analysis; none computes analysis
itself (that is `vitalcore.analysis`) or speaks SQL (that is `vitalcore.store`).
"""

from vitalcore.workflow import classification
from vitalcore.workflow.classification import (
    classify_voices,
    correct_labels,
    evaluate,
    review_queue,
    train_model,
)
from vitalcore.workflow.core import (
    classify_pending,
    import_areas,
    ingest,
    open,
    pending_count,
    vital_core,
)
from vitalcore.workflow.scale import (
    ClassifyReport,
    LoadReport,
    ScaleAnalysis,
    one_machine_analysis,
    scale_aggregate,
    scale_classify,
    scale_cluster,
    scale_load,
)

__all__ = [
    "ClassifyReport",
    "LoadReport",
    "ScaleAnalysis",
    "classification",
    "classify_pending",
    "classify_voices",
    "correct_labels",
    "evaluate",
    "review_queue",
    "train_model",
    "import_areas",
    "ingest",
    "one_machine_analysis",
    "open",
    "pending_count",
    "scale_aggregate",
    "scale_classify",
    "scale_cluster",
    "scale_load",
    "vital_core",
]
