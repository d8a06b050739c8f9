"""Scenarios: simulate one and load it into a store.

    simulate(seed=1, voices=20_000, out="scen")      # the files (vitalcore.simulate)
    loaded = load_scenario(engine, "scen")           # areas, every channel file, classify,
                                                     # then adjacency, actions, mandate

Scoring a loaded store against the scenario's truth is vitalcore.evaluation (a layer
above this one). A channel file whose format has no reader yet is skipped and named in
the notes, never silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify.gazetteer import read_gazetteer
from vitalcore.classify.lexicon import LexiconClassifier
from vitalcore.ingest import READERS, ingest_file
from vitalcore.simulate import ManifestEntry, manifest, simulate
from vitalcore.workflow.actions import import_actions
from vitalcore.workflow.core import classify_pending
from vitalcore.workflow.mandate import import_mandate
from vitalcore.workflow.places import gazetteer
from vitalcore.workflow.warning import import_adjacency

Note = Callable[[str], None]
Progress = Callable[[int], None]
ProgressFor = Callable[[str, int | None], Progress | None]
CLASSIFIERS = ("model", "lexicon")


@dataclass(frozen=True)
class FileLoad:
    """What became of one channel file."""

    entry: ManifestEntry
    counts: store.IngestCounts | None  # None when the format has no reader yet

    @property
    def skipped(self) -> bool:
        return self.counts is None


@dataclass(frozen=True)
class ScenarioLoad:
    """What load_scenario did."""

    areas: int
    files: list[FileLoad]
    classified: int
    notes: list[str] = field(default_factory=list)
    area_links: int = 0  # new adjacency pairs (adjacency.csv)
    actions: int = 0  # new actions (actions.csv)
    mandate: bool = False  # the scenario's mandate.txt was imported


def load_scenario(
    engine: Engine,
    directory: str | Path,
    *,
    key: bytes | None = None,
    note: Note | None = None,
    progress: ProgressFor | None = None,
    classifier: str = "model",
) -> ScenarioLoad:
    """Import the scenario's areas, ingest every channel file it lists, classify.

    `classifier`: "model" (the store's newest model, else the packaged one) or "lexicon"
    (the lexicon classifier alone: the yardstick's baseline, docs/simulation.md).
    """
    if classifier not in CLASSIFIERS:
        raise ValueError(f"classifier must be one of {', '.join(CLASSIFIERS)}, "
                         f"got {classifier!r}")
    folder = Path(directory)
    notes: list[str] = []

    def say(text: str) -> None:
        notes.append(text)
        if note:
            note(text)

    truth_file = folder / "truth.json"
    expected = (json.loads(truth_file.read_text(encoding="utf-8"))["files"]
                if truth_file.is_file() else {})
    areas = store.add_areas(engine, read_gazetteer(folder / "areas.csv"))
    resolve = gazetteer(engine).resolve
    loads = []
    for entry in manifest(folder):
        if entry.format not in READERS:
            say(f"skipped {entry.path.name}: no reader for format {entry.format!r} yet")
            loads.append(FileLoad(entry, None))
            continue
        counts = ingest_file(
            engine, entry.path, format=entry.format, channel=entry.channel,
            resolve_area=resolve, key=key,
            progress=progress(f"ingest {entry.path.name}",
                              expected.get(entry.path.name, {}).get("records"))
            if progress else None,
        )
        say(f"{entry.path.name}: {counts.line()}")
        loads.append(FileLoad(entry, counts))
    pending = store.count_rows(engine, "voices")
    classified = classify_pending(
        engine, LexiconClassifier() if classifier == "lexicon" else None,
        progress=progress("classify", pending) if progress else None)
    # What a mission knows besides the voices: which areas border which, what was done,
    # and the mandate; without them the spread, effects and mandate-gap views are empty.
    links = actions = 0
    mandate = False
    if (folder / "adjacency.csv").is_file():
        links = import_adjacency(engine, folder / "adjacency.csv")
        say(f"adjacency.csv: {links} new area pairs")
    if (folder / "actions.csv").is_file():
        actions = import_actions(engine, folder / "actions.csv")
        say(f"actions.csv: {actions} new actions")
    if (folder / "mandate.txt").is_file():
        result = import_mandate(engine, folder / "mandate.txt")
        mandate = True
        say(f"mandate.txt: {result.line()}")
    return ScenarioLoad(areas=areas, files=loads, classified=classified, notes=notes,
                        area_links=links, actions=actions, mandate=mandate)


__all__ = ["CLASSIFIERS", "FileLoad", "ScenarioLoad", "load_scenario", "simulate"]
