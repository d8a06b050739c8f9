"""One small scenario per test session: generating is deterministic, so tests share it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vitalcore.simulate import simulate

SEED = 7
VOICES = 4000


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scenario")
    simulate(SEED, VOICES, folder)
    return folder


@pytest.fixture(scope="session")
def truth(scenario: Path) -> dict[str, Any]:
    return json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
