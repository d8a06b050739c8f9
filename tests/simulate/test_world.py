"""The planted world: events raise the rates they say they raise, where and when."""

from __future__ import annotations

import numpy as np
import pytest

from vitalcore.simulate.config import SimulationDataError, _motifs, load
from vitalcore.simulate.geography import build_geography
from vitalcore.simulate.voices import channel_sizes, draw_batch
from vitalcore.simulate.world import World, build_world


@pytest.fixture(scope="module")
def world() -> World:
    data = load()
    return build_world(data, build_geography(data.areas), seed=11)


def _motif_rate(world: World, pcode: str, motif: str) -> np.ndarray:
    return world.rate[world.geo.index(pcode), :, world.data.motif_index(motif)]


def test_adjacency_is_symmetric_and_leaves_no_island(world: World) -> None:
    adjacent = world.geo.adjacent
    assert (adjacent == adjacent.T).all()
    assert not adjacent.diagonal().any()
    assert (adjacent.sum(axis=1) >= 2).all()


def test_epidemic_rises_after_each_onset_and_not_before(world: World) -> None:
    for pcode, day in world.planted["epidemic"]["onset_day"].items():
        rate = _motif_rate(world, pcode, "epidemic")
        before = rate[max(0, day - 14):day].mean()
        during = rate[day + 10:day + 30].mean()
        assert during > 4 * before, pcode


def test_chain_steps_follow_each_other_in_every_chain_area(world: World) -> None:
    steps = world.planted["chain"]["steps"]
    for pcode in world.planted["chain"]["areas"]:
        onsets = [s["onset_day"][pcode] for s in steps]
        assert onsets == sorted(onsets) and len(set(onsets)) == len(onsets)
        for step in steps:
            rate = _motif_rate(world, pcode, step["motif"])
            day = step["onset_day"][pcode]
            assert rate[day + 10] > 1.5 * rate[max(0, day - 3)], (pcode, step["label"])


def test_patrols_cut_personal_voices_by_the_planted_ratio(world: World) -> None:
    spec = world.planted["action"]
    sizes = channel_sizes(world, 400_000)
    n, _ = sizes["sms"]
    batch = draw_batch(world, world.data.channel("sms"), n, 0, np.random.default_rng(5))
    personal = np.array([m.dimension == "personal" for m in world.data.motifs])[batch.motif]
    after = batch.day >= spec["start_day"]

    def count(pcodes: list[str], post: bool) -> int:
        where = np.isin(batch.area, [world.geo.index(p) for p in pcodes])
        return int((where & personal & (after == post)).sum())

    ratio = (count(spec["treated"], True) / count(spec["treated"], False)) / (
        count(spec["comparison"], True) / count(spec["comparison"], False))
    assert 0.45 < ratio < 0.8  # planted 0.6; week-to-week wobble and sampling add noise


def test_a_malformed_motif_names_its_file_and_field() -> None:
    with pytest.raises(SimulationDataError, match="motifs.yaml, motif 'x', field 'severity'"):
        _motifs({"x": {"dimension": "food", "baseline": 1, "severity": [0.5, 0.5]}})
    with pytest.raises(SimulationDataError, match="field 'dimension': 'weather' is unknown"):
        _motifs({"x": {"dimension": "weather", "baseline": 1,
                       "severity": [0.2, 0.2, 0.2, 0.2, 0.2]}})
