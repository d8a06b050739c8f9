"""The read commands' kept results (workflow/kept.py): read for the same data and options,
computed again after new data, gone with an erasure, off with VITALCORE_KEEP=0."""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine, select

from vitalcore import store, workflow
from vitalcore.store.schema import kept_outputs
from vitalcore.workflow import kept
from vitalcore.workflow.intake import submit_voices
from vitalcore.workflow.protection import forget_reporter

KEY = base64.urlsafe_b64encode(os.urandom(32))


def _voices(engine: Engine, start: int, n: int, text: str) -> None:
    voices = [{"text": f"{text}, report {i}", "channel": "sms", "source": f"line-{i % 3}",
               "id": f"v-{i}", "area_pcode": "ML01", "reporter": f"+2237000{i:04d}"}
              for i in range(start, start + n)]
    submit_voices(engine, voices, origin="test", source=None, key=KEY)
    workflow.classify_pending(engine)


def _memo_keys(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        keys = conn.scalars(select(kept_outputs.c.key)).all()
    return [k for k in keys if k.startswith(store.MEMO)]


def test_a_kept_result_is_read_for_the_same_data_and_options(engine: Engine) -> None:
    _voices(engine, 0, 6, "Armed men attacked the village of Ber at night")
    calls = []

    def compute() -> list[pl.DataFrame]:
        calls.append(1)
        return [pl.DataFrame({"n": [len(calls)], "when": [None]},
                             schema={"n": pl.Int64, "when": pl.List(pl.String)})]

    first = kept.kept_result(engine, "probe", {"area": None}, compute)
    again = kept.kept_result(engine, "probe", {"area": None}, compute)
    assert len(calls) == 1
    assert_frame_equal(first[0], again[0])  # the types too (Arrow IPC)
    kept.kept_result(engine, "probe", {"area": "ML01"}, compute)  # another option
    assert len(calls) == 2


def test_kept_rankings_follow_new_data_and_equal_a_fresh_computation(engine: Engine) -> None:
    _voices(engine, 0, 6, "Armed men attacked the village of Ber at night")
    before = workflow.rank_threats(engine, replicates=0, memo=True)
    assert_frame_equal(before, workflow.rank_threats(engine, replicates=0, memo=True))
    assert _memo_keys(engine)
    _voices(engine, 6, 12, "The wells are dry and the harvest failed, children go hungry")
    after = workflow.rank_threats(engine, replicates=0, memo=True)
    assert_frame_equal(after, workflow.rank_threats(engine, replicates=0))
    assert after.filter(pl.col("area_pcode") == "ALL")["voices_in_scope"][0] == 18
    report = workflow.resilience_report(engine, memo=True)
    assert_frame_equal(report, workflow.resilience_report(engine))
    assert_frame_equal(workflow.tier_report(engine, memo=True), workflow.tier_report(engine))


def test_an_erasure_leaves_no_kept_result(engine: Engine) -> None:
    _voices(engine, 0, 6, "Armed men attacked the village of Ber at night")
    workflow.keep_read_results(engine)
    assert len(_memo_keys(engine)) >= 4
    (row,), _ = store.search_voices(engine, store.VoiceFilter(text="report 0"))
    forget_reporter(engine, reporter=row["reporter"], voices=True, actor="cli:test")
    assert _memo_keys(engine) == []
    ranked = workflow.rank_threats(engine, replicates=0, memo=True)
    assert ranked.filter(pl.col("area_pcode") == "ALL")["voices_in_scope"][0] == 5


def test_keep_zero_keeps_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _voices(engine, 0, 6, "Armed men attacked the village of Ber at night")
    monkeypatch.setenv("VITALCORE_KEEP", "0")
    workflow.keep_read_results(engine)
    workflow.group_vulnerability(engine, memo=True)
    assert _memo_keys(engine) == []


def test_only_memo_keys_hold_frames(engine: Engine) -> None:
    with pytest.raises(ValueError, match="starts with"):
        store.keep_frames(engine, "0123abcd", "v", [pl.DataFrame({"a": [1]})])


def test_an_edited_file_of_the_code_changes_its_version(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "analysis.py").write_text("x = 1\n")
    monkeypatch.setattr(kept, "PACKAGE", tmp_path)
    before = kept.code_version.__wrapped__()
    assert kept.code_version.__wrapped__() == before
    (tmp_path / "analysis.py").write_text("x = 22\n")
    assert kept.code_version.__wrapped__() != before



def test_only_a_required_library_changes_the_code_version(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Installing the test tools after the demo keeps its results; upgrading polars does not."""
    site = tmp_path / "site-packages"
    own = site / "vitalcore-0.1.dist-info"
    own.mkdir(parents=True)
    (own / "METADATA").write_text("Name: vitalcore\nRequires-Dist: polars>=1.0\n"
                                  "Requires-Dist: argon2-cffi>=23.1\n"
                                  "Requires-Dist: pytest>=8; extra == \"dev\"\n")
    (site / "polars-1.0.0.dist-info").mkdir()
    (site / "argon2_cffi-23.1.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(site)])
    assert kept.library_versions() == ["argon2_cffi-23.1.0.dist-info", "polars-1.0.0.dist-info"]
    before = kept.code_version.__wrapped__()
    (site / "pytest-8.0.0.dist-info").mkdir()
    assert kept.code_version.__wrapped__() == before
    (site / "polars-1.0.0.dist-info").rename(site / "polars-1.1.0.dist-info")
    assert kept.code_version.__wrapped__() != before


def test_chain_reports_and_claim_clusters_come_back_as_computed(tmp_path: Path) -> None:
    from vitalcore.demo import sample_path

    engine = workflow.open(str(tmp_path / "kept.db"))
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)

    def memos() -> int:
        with engine.connect() as conn:
            keys = conn.execute(select(kept_outputs.c.key)).scalars().all()
        return sum(k.startswith(store.MEMO) for k in keys)

    for labels in ("dimensions", "threats"):
        fresh = workflow.threat_chains(engine, labels=labels, period="1mo")
        before = memos()
        first = workflow.threat_chains(engine, labels=labels, period="1mo", memo=True)
        assert memos() == before + 1
        again = workflow.threat_chains(engine, labels=labels, period="1mo", memo=True)
        assert memos() == before + 1
        for report in (first, again):
            assert_frame_equal(report.cooccurrence, fresh.cooccurrence)
            assert_frame_equal(report.chains, fresh.chains)
            assert_frame_equal(report.roots, fresh.roots)
            assert sorted(report.graph.edges(data=True)) == sorted(fresh.graph.edges(data=True))
            assert set(report.graph.nodes) == set(fresh.graph.nodes)
            assert report.graph.graph["echoes"] == fresh.graph.graph["echoes"]
    clusters = workflow.claim_clusters(engine)
    assert_frame_equal(workflow.claim_clusters(engine, memo=True), clusters)
    assert_frame_equal(workflow.claim_clusters(engine, memo=True), clusters)
    coverage = workflow.coverage_report(engine, area="ML07")
    assert_frame_equal(workflow.coverage_report(engine, area="ML07", memo=True), coverage)
    assert_frame_equal(workflow.coverage_report(engine, area="ML07", memo=True), coverage)
    tiers = workflow.tier_report(engine, top=2)
    before = memos()
    assert_frame_equal(workflow.tier_report(engine, top=2, memo=True), tiers)  # kept
    assert memos() > before
    assert_frame_equal(workflow.tier_report(engine, top=2, memo=True), tiers)  # read


def test_refreshing_the_stored_alerts_keeps_the_analysis_results(tmp_path: Path) -> None:
    from vitalcore.demo import sample_path

    engine = workflow.open(str(tmp_path / "alerts.db"))
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"))
    workflow.classify_pending(engine)
    ranking = workflow.rank_threats(engine, replicates=0, memo=True)
    store.keep_output(engine, "ab" * 32, store.kept_version(engine), [(1, "an output\n")])
    outputs, results = store.kept_version(engine), store.memo_version(engine)
    workflow.alerts(engine, freq="week")  # stores the weekly alerts: the outputs' data
    assert store.kept_version(engine) != outputs
    assert store.memo_version(engine) == results
    with engine.connect() as conn:
        keys = conn.execute(select(kept_outputs.c.key)).scalars().all()
    assert any(k.startswith(store.MEMO) for k in keys) and "ab" * 32 in keys
    # An output kept under the new version drops the old outputs, not the results.
    store.keep_output(engine, "cd" * 32, store.kept_version(engine), [(1, "another\n")])
    with engine.connect() as conn:
        keys = conn.execute(select(kept_outputs.c.key)).scalars().all()
    assert "ab" * 32 not in keys and any(k.startswith(store.MEMO) for k in keys)
    assert_frame_equal(workflow.rank_threats(engine, replicates=0, memo=True), ranking)
