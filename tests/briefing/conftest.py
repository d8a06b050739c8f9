"""A demo store shared by the briefing tests, and the poppler tools that read PDFs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.briefing import Briefing, build_briefing
from vitalcore.domain import Channel, Provenance, Voice, content_key
from vitalcore.privacy import create_key

POPPLER_HELP = "install Debian's poppler-utils (pdftotext, pdftoppm) to check PDF briefings"

HOSTILE_TEXT = '<script>alert("x")</script> armed men attacked the market and killed 4'


def poppler(tool: str) -> str:
    """Path of a poppler tool, or a skip (a failure under CI=true)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {tool} is missing: {POPPLER_HELP}")
        pytest.skip(POPPLER_HELP)
    return path


SCENARIO_VOICES = 2500  # small enough for seconds, large enough for alerts and chains


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A simulated scenario loaded whole (voices, mandate, actions, adjacency), plus one
    hostile quotable voice."""
    folder = tmp_path_factory.mktemp("briefing")
    with pytest.MonkeyPatch.context() as patch:
        # Module-scoped: runs before the per-test key of clean_environ exists.
        patch.setenv("VITALCORE_KEY_FILE", str(create_key(folder / "module.key")))
        engine = _scenario_store(folder)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _store_key(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests on the demo store run with its own key: a store refuses any other (review M3).
    if "demo_engine" in request.fixturenames:
        engine = request.getfixturevalue("demo_engine")
        folder = Path(engine.url.database).parent
        monkeypatch.setenv("VITALCORE_KEY_FILE", str(folder / "module.key"))


def _scenario_store(folder: Path) -> Engine:
    scenario = folder / "scenario"
    workflow.simulate(1, SCENARIO_VOICES, scenario)
    engine = workflow.open(str(folder / "demo.db"))
    workflow.load_scenario(engine, scenario)  # with its mandate, actions and adjacency
    store.add_voices(engine, [Voice(
        id=content_key("hostile"), text=HOSTILE_TEXT, channel=Channel.SMS, source="test",
        occurred_at=datetime(2026, 9, 2), area_pcode="ML0702", consent_quote=True,
        consent_share=True, provenance=Provenance(file="test", row=1),
    )])
    workflow.classify_pending(engine)
    return engine


@pytest.fixture(scope="module")
def briefings(demo_engine: Engine) -> Callable[..., Briefing]:
    """build_briefing on the demo store, each combination of arguments built once."""
    cache: dict[tuple, Briefing] = {}

    def get(**kwargs: object) -> Briefing:
        key = tuple(sorted(kwargs.items()))
        if key not in cache:
            cache[key] = build_briefing(demo_engine, **kwargs)
        return cache[key]

    return get
