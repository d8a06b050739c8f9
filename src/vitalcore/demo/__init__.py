"""The bundled demo: synthetic voices and the gazetteer of their areas."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path(name: str) -> Path:
    """Path of a bundled demo file ('synthetic_voices.csv' or 'areas.csv')."""
    return Path(str(resources.files(__name__).joinpath(name)))
