"""Classify mandated tasks to dimensions, threat types and groups.

Two readers: the mandate vocabulary (vocabulary.yaml), which knows the words of
mandates ("DDR", "good offices", "State authority"), and vitalcore's voice classifier
(`vitalcore.classify.classify`), which knows the words of threats ("cholera", "cattle").
A dimension's coverage is 1.0 (or the category's partial weight) for each vocabulary
category that names it. The classifier's dimensions count only for a task in which the
vocabulary finds no category: beside one, its single words are noise ("mediation
between farmers and herders" is not a food task, though "farmers" and "herders" are
food words in the voice lexicon). Groups the classifier finds always count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from vitalcore import taxonomy, yamldata
from vitalcore.classify import Classifier, classify
from vitalcore.classify.text import fold, term_pattern
from vitalcore.domain import Dimension, Group
from vitalcore.mandate.model import Task

THRESHOLD = 0.5  # classifier score that counts when the vocabulary names no category
PRIORITY_WEIGHT = 2.0  # a priority task counts twice (docs/methods/mandate-gap.md)


class VocabularyError(ValueError):
    """vocabulary.yaml is malformed."""


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    pattern: Any  # re.Pattern over folded text
    dimensions: dict[str, float]  # dimension -> how fully the category covers it
    threat_types: tuple[str, ...]
    groups: tuple[str, ...]


@dataclass(frozen=True)
class ClassifiedTask:
    task: Task
    categories: tuple[str, ...]
    dimensions: dict[str, float]  # dimension -> coverage in [0, 1]
    threat_types: tuple[str, ...]
    groups: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]]  # category or classifier label -> matched terms
    weight: float
    model_version: str

    def to_dict(self) -> dict[str, object]:
        t = self.task
        return {
            "task_id": t.id, "paragraph": t.paragraph, "order": t.order, "verb": t.verb,
            "priority": t.priority, "heading": t.heading, "text": t.text,
            "categories": list(self.categories), "dimensions": self.dimensions,
            "threat_types": list(self.threat_types), "groups": list(self.groups),
            "evidence": {k: list(v) for k, v in self.evidence.items()},
            "weight": self.weight, "model_version": self.model_version,
        }


def parse_vocabulary(data: dict[str, Any], file: str = "vocabulary.yaml") -> list[Category]:
    """Categories with every dimension, threat type and group checked against the taxonomy."""
    dims = {d.value for d in Dimension}
    threats = {t for ts in taxonomy.threat_types().values() for t in ts}
    groups = {g.value for g in Group}
    out = []
    for key, entry in data.items():
        where = f"{file}: {key}"
        if not isinstance(entry, dict) or not entry.get("label") or not entry.get("terms"):
            raise VocabularyError(f"{where}: needs 'label' and 'terms'")
        raw = entry.get("dimensions") or {}
        # A list means full coverage; a mapping gives partial coverage per dimension.
        weights = {d: 1.0 for d in raw} if isinstance(raw, list) else dict(raw)
        bad = [d for d, w in weights.items() if not isinstance(w, int | float) or not 0 < w <= 1]
        if bad:
            raise VocabularyError(f"{where}: field 'dimensions' needs weights in (0, 1]: {bad}")
        for field, known in (("dimensions", dims), ("threat_types", threats), ("groups", groups)):
            unknown = set(entry.get(field) or ()) - known
            if unknown:
                raise VocabularyError(f"{where}: field '{field}' has unknown {sorted(unknown)}")
        terms = [t for lang in entry["terms"].values() for t in lang]
        out.append(Category(key, entry["label"], term_pattern(terms),
                            {d: float(w) for d, w in weights.items()},
                            tuple(entry.get("threat_types") or ()),
                            tuple(entry.get("groups") or ())))
    return out


@cache
def vocabulary() -> tuple[Category, ...]:
    text = resources.files(__package__).joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return tuple(parse_vocabulary(yamldata.safe_load(text)))


def _match(text: str) -> list[tuple[Category, tuple[str, ...]]]:
    folded = fold(text)
    found = []
    for cat in vocabulary():
        terms = tuple(sorted({m.group() for m in cat.pattern.finditer(folded)}))
        if terms:
            found.append((cat, terms))
    return found


def classify_tasks(
    tasks: Sequence[Task],
    classifier: Classifier | None = None,
    *,
    priority_weight: float = PRIORITY_WEIGHT,
) -> list[ClassifiedTask]:
    """Each task with its categories, dimension coverage, threat types and groups."""
    texts = [t.text for t in tasks]
    results = classify(texts, classifier) if texts else []
    out = []
    for task, text, result in zip(tasks, texts, results, strict=True):
        # The lettered heading ("Protection of civilians") names the kind of task; it is
        # read only when the task's own words name none, so that one broad heading does
        # not lend every task under it the same categories.
        matches = _match(text) or (_match(task.heading) if task.heading else [])
        dims: dict[str, float] = {}
        threats: set[str] = set()
        groups: set[str] = set()
        categories: list[str] = []
        evidence: dict[str, tuple[str, ...]] = {}
        for cat, terms in matches:
            categories.append(cat.id)
            evidence[cat.id] = terms
            for dim, weight in cat.dimensions.items():
                dims[dim] = max(dims.get(dim, 0.0), weight)
            threats.update(cat.threat_types)
            groups.update(cat.groups)
        if not matches:
            for dim, score in result.dimensions.items():
                if score >= THRESHOLD:
                    dims[dim.value] = score
            threats.update(t for t, s in result.threat_types.items() if s >= THRESHOLD)
        groups.update(g.value for g in result.groups)
        for ev in result.evidence:
            evidence.setdefault(f"classifier:{ev.label}", ev.terms)
        out.append(ClassifiedTask(
            task=task, categories=tuple(categories),
            dimensions={d.value: dims[d.value] for d in Dimension if d.value in dims},
            threat_types=tuple(sorted(threats)), groups=tuple(sorted(groups)),
            evidence=evidence, weight=priority_weight if task.priority else 1.0,
            model_version=result.model_version,
        ))
    return out


TASK_FRAME_SCHEMA = {
    "task_id": pl.String, "weight": pl.Float64, "kind": pl.String, "label": pl.String,
    "coverage": pl.Float64,
}


def tasks_frame(tasks: Sequence[ClassifiedTask | dict[str, Any]]) -> pl.DataFrame:
    """Long form for the gap analysis: one row per (task, dimension, group or threat).

    Takes classified tasks or their `to_dict()` rows (as the store returns them). A task
    that covers nothing (protection of UN personnel) keeps one row of kind 'none', so
    that task counts stay true. Task ids are prefixed with the mandate id when the rows
    carry one, so that tasks of several mandates stay apart.
    """
    rows: list[tuple[str, float, str, str, float]] = []
    for item in tasks:
        t = item.to_dict() if isinstance(item, ClassifiedTask) else item
        task = f"{t['mandate_id']}:{t['task_id']}" if t.get("mandate_id") else t["task_id"]
        weight = float(t["weight"])
        before = len(rows)
        rows += [(task, weight, "dimension", d, float(s)) for d, s in t["dimensions"].items()]
        rows += [(task, weight, "group", g, 1.0) for g in t["groups"]]
        rows += [(task, weight, "threat", x, 1.0) for x in t["threat_types"]]
        if len(rows) == before:
            rows.append((task, weight, "none", "", 0.0))
    return pl.DataFrame(rows, schema=TASK_FRAME_SCHEMA, orient="row")
