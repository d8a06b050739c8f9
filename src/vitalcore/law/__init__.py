"""International-law grounding: threat types and groups -> rights -> instruments and
articles -> duty-bearers by tier. Data in instruments.yaml, rights.yaml, bases.yaml."""

from vitalcore.law.duties import duty_rows
from vitalcore.law.knowledge import KnowledgeBase, KnowledgeBaseError, knowledge_base, subjects
from vitalcore.law.lookup import (
    Citation,
    ConflictKind,
    Displacement,
    GroundedRight,
    LegalGrounding,
    Situation,
    UnknownSubject,
    citations_for,
    citations_for_subject,
    lookup,
)

__all__ = [
    "Citation",
    "ConflictKind",
    "Displacement",
    "GroundedRight",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "LegalGrounding",
    "Situation",
    "UnknownSubject",
    "citations_for",
    "citations_for_subject",
    "duty_rows",
    "knowledge_base",
    "lookup",
    "subjects",
]
