"""Voices as the analyst reads them on the testimonies page: one page of stored voices
with, for each, what the latest model read in it (dimensions, threat types, groups,
severity and the words that drove each label) and the analyst's own corrections.

The page shows the reading the analyses use (DESIGN: a voice is read once); an analyst
who disagrees corrects the labels, and those corrections retrain the model
(classification.corrections_corpus)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.store.voice_search import VoiceFilter
from vitalcore.workflow.places import search_voices


@dataclass(frozen=True)
class TestimonyPage:
    """One page of voices (newest first), the total matching, and per voice id its
    labels (kind, label, score) and its reading (severity, threat_types, evidence)."""

    __test__ = False  # not a pytest class, despite its name

    voices: list[dict[str, Any]]
    total: int
    labels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    readings: dict[str, dict[str, Any]] = field(default_factory=dict)


def testimonies(engine: Engine, *, area: str | None = None, dimension: str | None = None,
                channel: str | None = None, text: str | None = None, limit: int = 20,
                offset: int = 0) -> TestimonyPage:
    """Voices matching every filter given, with how the latest model read each one."""
    # The area rolled up (workflow.places): a region's list holds its cercles' voices.
    rows, total = search_voices(
        engine, VoiceFilter(area=area, dimension=dimension, channel=channel, text=text),
        limit=limit, offset=offset,
    )
    ids = [r["id"] for r in rows]
    readings = store.latest_readings(engine, ids)
    corrected = store.severity_corrections(engine, ids)
    for voice_id, reading in readings.items():
        reading["severity_corrected"] = corrected.get(voice_id)
        # Evidence arrives as [{"label", "terms"}]; the page looks it up per label.
        reading["evidence_by_label"] = {e["label"]: list(e["terms"])
                                        for e in reading["evidence"]}
        reading["threats"] = sorted(reading["threat_types"].items(), key=lambda t: -t[1])
    return TestimonyPage(rows, total, store.latest_labels(engine, ids), readings)
