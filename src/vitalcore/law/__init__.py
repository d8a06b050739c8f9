"""International-law grounding: threat types and groups -> rights -> instruments and
articles -> duty-bearers by tier, with each State's party status and the rule that makes
each provision apply. Data in instruments.yaml, rights.yaml, bases.yaml,
ratification.yaml, review.yaml and tiers.yaml."""

from vitalcore.law.duties import conduct, duty_rows, tier_citations
from vitalcore.law.knowledge import KnowledgeBase, KnowledgeBaseError, knowledge_base, subjects
from vitalcore.law.lookup import (
    CONFLICT_KINDS,
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
from vitalcore.law.ratification import PartyStatus, party_status, ratifications
from vitalcore.law.review import ReviewItem, review_items

__all__ = [
    "CONFLICT_KINDS",
    "PartyStatus",
    "ReviewItem",
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
    "conduct",
    "duty_rows",
    "tier_citations",
    "knowledge_base",
    "lookup",
    "party_status",
    "ratifications",
    "review_items",
    "subjects",
]
