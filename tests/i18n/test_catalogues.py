"""Every catalogue says the same things in every language: the same keys, and in each
text the same {placeholders}, so switching language never raises a KeyError or drops
a number from a sentence."""

from __future__ import annotations

import string
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from vitalcore.i18n import LANGUAGES

LOCALES = Path(str(resources.files("vitalcore").joinpath("locales")))
CATALOGUES = sorted(p.name for p in LOCALES.iterdir() if p.is_dir())


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """{dotted key: leaf value} of a nested catalogue."""
    if not isinstance(node, dict):
        return {prefix: node}
    out: dict[str, Any] = {}
    for key, value in node.items():
        out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def placeholders(text: Any) -> set[str]:
    if not isinstance(text, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class StrictLoader(yaml.SafeLoader):
    """safe_load, but a key given twice in one mapping is an error: YAML keeps the last
    silently, so a lost section header would merge two sections without a trace."""


def _mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(
            None, None, f"keys given twice: {', '.join(twice)}", node.start_mark)
    return loader.construct_mapping(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(catalogue: str, language: str) -> dict[str, Any]:
    path = LOCALES / catalogue / f"{language}.yaml"
    return flatten(yaml.load(path.read_text(encoding="utf-8"), StrictLoader) or {})  # noqa: S506 - a SafeLoader


def test_every_catalogue_folder_has_every_language() -> None:
    assert CATALOGUES, "no catalogue folders found"
    for catalogue in CATALOGUES:
        present = {p.stem for p in (LOCALES / catalogue).glob("*.yaml")}
        assert present == set(LANGUAGES), f"locales/{catalogue}: {sorted(present)}"


@pytest.mark.parametrize("catalogue", CATALOGUES)
@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_same_keys_and_placeholders_as_english(catalogue: str, language: str) -> None:
    english, other = load(catalogue, "en"), load(catalogue, language)
    assert sorted(english.keys() - other.keys()) == [], f"missing in {language}.yaml"
    assert sorted(other.keys() - english.keys()) == [], f"only in {language}.yaml"
    differing = {
        key: (sorted(placeholders(english[key])), sorted(placeholders(other[key])))
        for key in english if placeholders(english[key]) != placeholders(other[key])
    }
    assert differing == {}, f"placeholders differ in locales/{catalogue}/{language}.yaml"


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="twice: title"):
        yaml.load("map:\n  title: a\n  title: b\n", StrictLoader)  # noqa: S506


def test_flatten_and_placeholders_see_what_a_mismatch_would_be() -> None:
    # The checks above are only as good as these two helpers.
    assert flatten({"a": {"b": "x", "c": {"d": 1}}}) == {"a.b": "x", "a.c.d": 1}
    assert placeholders("{n} voices in {area}, {{literal}}") == {"n", "area"}
    assert placeholders(3) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_alert_state_has_words(language: str) -> None:
    # A state without words was a 500 on the alerts page (found at a million voices,
    # where "stable" alerts occur; the demo data had none).
    from vitalcore.analysis.alerts import STATES

    words = load("web", language)
    assert [s for s in STATES if f"alerts.states.{s}" not in words] == []
