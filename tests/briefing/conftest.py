"""A demo store shared by the briefing tests, and the poppler tools that read PDFs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.demo import sample_path
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


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The bundled demo, ingested and classified, plus one hostile quotable voice."""
    folder = tmp_path_factory.mktemp("briefing")
    with pytest.MonkeyPatch.context() as patch:
        # Module-scoped: runs before the per-test key of clean_environ exists.
        patch.setenv("VITALCORE_KEY_FILE", str(create_key(folder / "module.key")))
        engine = _demo_store(folder / "demo.db")
    yield engine
    engine.dispose()


def _demo_store(path: Path) -> Engine:
    engine = workflow.open(str(path))
    workflow.import_areas(engine, sample_path("areas.csv"))
    workflow.ingest(engine, sample_path("synthetic_voices.csv"), source="demo")
    store.add_voices(engine, [Voice(
        id=content_key("hostile"), text=HOSTILE_TEXT, channel=Channel.SMS, source="test",
        occurred_at=datetime(2026, 9, 2), area_pcode="ML0702", consent_quote=True,
        consent_share=True, provenance=Provenance(file="test", row=1),
    )])
    workflow.classify_pending(engine)
    return engine
