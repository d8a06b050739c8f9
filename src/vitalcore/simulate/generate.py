"""simulate(): build the world, draw the voices, write every file of the scenario."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from vitalcore.simulate.config import load
from vitalcore.simulate.files import write_actions, write_adjacency, write_areas, write_readme
from vitalcore.simulate.geography import build_geography
from vitalcore.simulate.mandate import omitted_concern, render_mandate
from vitalcore.simulate.manifest import CHANNEL_FILES, ManifestEntry, manifest
from vitalcore.simulate.text import Renderer
from vitalcore.simulate.truth import build_truth
from vitalcore.simulate.voices import channel_sizes, draw_batch
from vitalcore.simulate.world import build_world
from vitalcore.simulate.writers import WRITERS, WriteContext

Progress = Callable[[str], None]
MIN_VOICES = 200  # below this some channels would be empty and the truth meaningless


def simulate(seed: int, voices: int, out: str | Path,
             progress: Progress | None = None) -> list[ManifestEntry]:
    """Write the scenario for `seed` with `voices` voices into `out`; return its manifest.

    The same seed and voice count give the same files, byte for byte.
    """
    if voices < MIN_VOICES:
        raise ValueError(f"--voices must be at least {MIN_VOICES} (got {voices})")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    data = load()
    geo = build_geography(data.areas)
    world = build_world(data, geo, seed)
    sizes = channel_sizes(world, voices)
    batches = {}
    for index, spec in enumerate(data.channels):
        n, n_rumour = sizes[spec.name]
        rng = np.random.default_rng([seed, 10 + index])
        batches[spec.name] = draw_batch(world, spec, n, n_rumour, rng)
    ctx = WriteContext(world=world, renderer=Renderer(data, geo), seed=seed)

    write_areas(folder / "areas.csv", world)
    write_adjacency(folder / "adjacency.csv", world)
    write_actions(folder / "actions.csv", world)
    write_readme(folder / "README.txt", world, seed, voices)
    files = {}
    for name, fmt, channel in CHANNEL_FILES:
        if progress:
            progress(name)
        written = WRITERS[channel.value].write(folder / name, batches[channel.value], ctx)
        files[name] = {"format": fmt, "channel": channel.value, "records": written}

    # The mandate is written after the truth's community concerns are known.
    truth = build_truth(world, batches, ctx, voices=voices, files=files, mandate={})
    spec = data.mandate
    top = truth["community_top_concerns"]
    omitted = omitted_concern(top, data.scenario["mandate"]["omittable"])
    covered = [d for d in dict.fromkeys(["personal", "political", *top]) if d != omitted]
    (folder / "mandate.txt").write_text(
        render_mandate(spec, covered=covered, label=data.label), encoding="utf-8")
    truth["mandate"] = {
        "file": "mandate.txt", "symbol": f"S/RES/{spec['number']} ({spec['year']})",
        "mission": spec["mission"], "acronym": spec["acronym"],
        "community_top_concerns": top, "covered_dimensions": covered,
        "omitted_concern": omitted,
    }
    (folder / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest(folder)
