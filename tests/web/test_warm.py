"""The memo and the warm-up: one computation per key and data version, and after the
warm-up every page's default view renders from the memo without computing anything."""

from __future__ import annotations

import gc
import threading
import time
from datetime import datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine
from tests.web.conftest import PASSWORD, Site

from vitalcore import store
from vitalcore.api import ApiSettings
from vitalcore.domain import Channel, Provenance, Voice, content_key
from vitalcore.web.memo import AnalysisMemo
from vitalcore.web.warm import Job, Warmer, fixed

DEFAULT_VIEWS = ["/overview", "/map", "/alerts", "/chains", "/groups", "/rumours",
                 "/rumours?show=all", "/mandate", "/community"]


def _store(tmp_path: Path) -> Engine:
    return store.open_store(f"sqlite:///{tmp_path / 'memo.db'}")


def _add_voice(engine: Engine, text: str) -> None:
    store.add_voices(engine, [Voice(
        id=content_key(text), text=text, channel=Channel.SMS, source="test",
        occurred_at=datetime(2026, 9, 2), provenance=Provenance(file="test", row=1))])


def test_a_key_is_computed_once_per_data_version(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    memo, calls = AnalysisMemo(), []

    def compute(_engine: Engine, **kwargs: object) -> int:
        calls.append(kwargs)
        return len(calls)

    assert memo.get(engine, "a", compute) == 1
    assert memo.get(engine, "a", compute, area=None) == 1  # None is the default
    assert memo.get(engine, "a", compute, area="X") == 2
    _add_voice(engine, "new data, new version")
    assert memo.get(engine, "a", compute) == 3
    assert calls == [{}, {"area": "X"}, {}]


def test_concurrent_requests_for_one_key_wait_for_one_computation(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    memo, calls, results = AnalysisMemo(), [], []

    def slow(_engine: Engine) -> str:
        calls.append(1)
        time.sleep(0.3)
        return "done"

    threads = [threading.Thread(target=lambda: results.append(memo.get(engine, "s", slow)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["done"] * 4 and calls == [1]


def test_the_warmer_recomputes_only_when_the_data_change(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    memo, calls = AnalysisMemo(), []

    def compute(_engine: Engine, **kwargs: object) -> None:
        calls.append(kwargs)

    def failing(_engine: Engine) -> None:
        raise ValueError("no mandate yet")

    jobs = [Job("a", compute), Job("a", compute, fixed(group="women")), Job("b", failing),
            Job("c", compute, lambda _e, _s: None)]
    warmer = Warmer(memo, engine, ApiSettings(), [("all", jobs)])
    assert warmer.warm_once() == 2
    assert warmer.warm_once() == 0  # same version: nothing to do
    _add_voice(engine, "another voice")
    assert warmer.warm_once() == 2
    assert calls == [{}, {"group": "women"}] * 2


def test_a_drawing_job_is_drawn_from_the_warmed_analyses_into_the_drawings_memo(
        tmp_path: Path) -> None:
    engine = _store(tmp_path)
    memo, drawings, drawn = AnalysisMemo(), AnalysisMemo(), []

    def analysis(_engine: Engine, **kwargs: object) -> list[object]:
        return [kwargs]

    def draw(e: Engine, analyses: AnalysisMemo, version: str, **kwargs: object) -> str:
        drawn.append(kwargs)
        return f"{analyses.get(e, 'a', analysis, version=version)} {kwargs}"

    jobs = [Job("a", analysis), Job("map", draw, fixed(language="ar"), drawing=True)]
    warmer = Warmer(memo, engine, ApiSettings(), [("all", jobs)], drawings=drawings)
    assert warmer.warm_once() == 2
    version = store.analysis_version(engine)
    assert drawings.holds("map", version, language="ar")
    assert not memo.holds("map", version, language="ar")  # analyses stay apart
    assert memo.misses == 1  # the drawing read the warmed analysis
    # Without a drawings memo a drawing job is skipped, not put among the analyses.
    bare = Warmer(AnalysisMemo(), engine, ApiSettings(), [("all", jobs)])
    assert bare.warm_once() == 1 and drawn == [{"language": "ar"}]


def test_what_the_warm_up_built_is_kept_out_of_full_collections(tmp_path: Path) -> None:
    """After a tier the memo's objects are frozen (full collections skip them), and a
    new data version thaws them so the old version's cycles can be collected."""
    engine = _store(tmp_path)
    thawed = []

    def compute(_engine: Engine) -> list[list[int]]:
        thawed.append(gc.get_freeze_count())
        return [[n] for n in range(10_000)]

    warmer = Warmer(AnalysisMemo(), engine, ApiSettings(), [("all", [Job("a", compute)])])
    try:
        warmer.warm_once()
        assert gc.get_freeze_count() > 10_000
        _add_voice(engine, "a voice that changes the version")
        warmer.warm_once()
        assert thawed[-1] == 0  # the new version is computed thawed
    finally:
        gc.unfreeze()


def test_after_the_warm_up_default_views_compute_nothing(site: Site) -> None:
    warmer = site.app.state.web_warmer
    memo: AnalysisMemo = site.app.state.web_memo
    deadline = time.monotonic() + 300
    while warmer.warmed is None or warmer.warmed[0] != store.analysis_version(site.engine):
        assert time.monotonic() < deadline, "the warm-up did not finish in 5 minutes"
        time.sleep(0.5)
    drawings: AnalysisMemo = site.app.state.web_drawings
    with httpx.Client(base_url=site.url, timeout=120) as client:
        client.post("/login", data={"username": site.users["analyst"],
                                    "password": PASSWORD, "next": "/"})
        misses, drawn = memo.misses, drawings.misses
        for path in DEFAULT_VIEWS:
            assert client.get(path).status_code == 200, path
            assert memo.misses == misses, f"{path} computed an analysis the warm-up missed"
        # And the filter values and the area views the warm-up covers.
        for path in ("/overview?group=women", "/map?group=children", "/map?dimension=food",
                     "/overview?area=ML0701", "/groups?area=ML0701"):
            assert client.get(path).status_code == 200, path
            assert memo.misses == misses, path
        # The map is drawn by the warm-up too, in each language and for each filter value.
        for path in ("/map?lang=en", "/map?lang=ar", "/map?lang=fr&dimension=health",
                     "/map?lang=ar&group=women"):
            assert client.get(path).status_code == 200, path
            assert drawings.misses == drawn, f"{path} drew a map the warm-up did not"
