"""Domain knowledge as reviewed data files: dimensions, threat types, groups, lexicons.

    taxonomy.threat_types()["food"]       # ['crop_failure', 'price_shock', ...]
    taxonomy.lexicon("fr")["groups"]      # the French group cues
    taxonomy.tier_roles()                 # state, international actors, community

Every file here is YAML read once per process (functools.cache): a reviewer changes
the file, not the code. Yes/no keys are quoted in the files, since YAML 1.1 reads an
unquoted `no` as False.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from vitalcore import yamldata


def load_data(name: str) -> Any:
    """Parse a YAML file shipped in this package, e.g. 'dimensions.yaml'."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return yamldata.safe_load(text)


@cache
def threat_types() -> dict[str, list[str]]:
    """Threat types per dimension name."""
    return {dim: spec["threat_types"] for dim, spec in load_data("dimensions.yaml").items()}


@cache
def threat_dimension() -> dict[str, str]:
    """The dimension each threat type belongs to."""
    return {t: dim for dim, types in threat_types().items() for t in types}


@cache
def lexicon(language: str) -> dict[str, Any]:
    """The curated lexicon of one language (lexicons/<language>.yaml)."""
    return load_data(f"lexicons/{language}.yaml")


def lexicon_languages() -> list[str]:
    """Languages that have a lexicon."""
    folder = resources.files(__name__).joinpath("lexicons")
    names = (p.name for p in folder.iterdir())
    return sorted(n.removesuffix(".yaml") for n in names if n.endswith(".yaml"))


@cache
def resilience_cues() -> dict[str, Any]:
    """The capacity and coping cues of resilience.yaml, parsed."""
    return load_data("resilience.yaml")


@cache
def tier_roles() -> dict[str, Any]:
    """The three tiers of tiers.yaml: each tier's role and the action kinds it does."""
    return load_data("tiers.yaml")


@cache
def action_kinds() -> dict[str, dict[str, Any]]:
    """Kinds of action (taxonomy/action_kinds.yaml): description and usual dimensions."""
    return load_data("action_kinds.yaml")


@cache
@cache
def casualty_words() -> tuple[str, ...]:
    """Words (stems with a trailing *) that mark a number as a death toll, all
    languages (taxonomy/casualty_words.yaml)."""
    return tuple(w for words in load_data("casualty_words.yaml").values() for w in words)


def field_verified_channels() -> frozenset[str]:
    """Channels whose voices are checked in the field (taxonomy/channel_trust.yaml)."""
    trust = load_data("channel_trust.yaml")
    return frozenset(name for name, spec in trust.items() if spec["field_verified"])
