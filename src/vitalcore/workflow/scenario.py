"""Scenarios: simulate one, load it into a store, score the analyses against its truth.

    simulate(seed=1, voices=20_000, out="scen")      # the files (vitalcore.simulate)
    loaded = load_scenario(engine, "scen")           # areas, every channel file, classify,
                                                     # then adjacency, actions, mandate
    report = evaluate_scenario("scen/truth.json")    # fresh store, pipeline, all scorers

A channel file whose format has no reader yet is skipped and named in the notes, never
silently. Synthetic scenarios are ingested with a throwaway key when the store is a
throwaway too (evaluate_scenario without --db); otherwise with the user's key.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify.gazetteer import read_gazetteer
from vitalcore.ingest import READERS, ingest_file
from vitalcore.privacy import create_key
from vitalcore.simulate import ManifestEntry, manifest, simulate
from vitalcore.simulate.scoring import ScoringContext, score_all
from vitalcore.workflow.actions import import_actions
from vitalcore.workflow.core import classify_pending
from vitalcore.workflow.core import open as open_store
from vitalcore.workflow.mandate import import_mandate
from vitalcore.workflow.places import gazetteer
from vitalcore.workflow.warning import import_adjacency

Note = Callable[[str], None]
Progress = Callable[[int], None]
ProgressFor = Callable[[str, int | None], Progress | None]


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


@dataclass(frozen=True)
class Evaluation:
    """Scores against the planted truth, with notes on what could not be scored."""

    scores: dict[str, Any]
    notes: list[str]
    load: ScenarioLoad | None


def load_scenario(
    engine: Engine,
    directory: str | Path,
    *,
    key: bytes | None = None,
    note: Note | None = None,
    progress: ProgressFor | None = None,
) -> ScenarioLoad:
    """Import the scenario's areas, ingest every channel file it lists, classify."""
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
        engine, progress=progress("classify", pending) if progress else None)
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


def evaluate_scenario(
    truth_path: str | Path,
    *,
    db: str | None = None,
    note: Note | None = None,
    progress: ProgressFor | None = None,
) -> Evaluation:
    """Score the analyses against truth.json.

    Without `db`, the whole pipeline runs first on a fresh temporary SQLite store (with
    a throwaway key: the data are synthetic and the store is deleted afterwards). With
    `db`, the store is scored as it is.
    """
    truth_file = Path(truth_path)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    folder = truth_file.parent
    if db is not None:
        engine = open_store(db)
        try:
            ctx = ScoringContext(truth=truth, engine=engine, scenario_dir=folder)
            scores, notes = score_all(ctx, note=note)
        finally:
            engine.dispose()
        return Evaluation(scores=scores, notes=notes, load=None)
    with tempfile.TemporaryDirectory(prefix="vitalcore-evaluate-") as tmp:
        engine = open_store(str(Path(tmp) / "scenario.db"))
        try:
            key_file = create_key(Path(tmp) / "throwaway.key")
            loaded = load_scenario(engine, folder, key=key_file.read_bytes().strip(),
                                   note=note, progress=progress)
            ctx = ScoringContext(truth=truth, engine=engine, scenario_dir=folder)
            scores, notes = score_all(ctx, note=note)
        finally:
            engine.dispose()
    return Evaluation(scores=scores, notes=loaded.notes + notes, load=loaded)


__all__ = ["Evaluation", "FileLoad", "ScenarioLoad", "evaluate_scenario", "load_scenario",
           "simulate"]
