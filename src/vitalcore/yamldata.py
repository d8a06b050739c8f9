"""YAML data files parsed with libyaml when PyYAML was built with it.

Why: the pure-Python parser took about half a second of every cold read command (the
law knowledge base, the taxonomy, the locales); libyaml's CSafeLoader builds the same
safe documents about ten times faster. Without libyaml, the pure-Python SafeLoader.
"""

from __future__ import annotations

from typing import Any


def safe_load(text: str) -> Any:
    """`yaml.safe_load(text)`, through libyaml when it is there. PyYAML is imported on
    the first file read, not by the modules that may read one (0.01 s of every command)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
