"""The yardstick is independent: no word sequence is shared between the simulator's text
banks (simulate/data/templates) and the classifier's lexicons or training phrases
(taxonomy/lexicons, taxonomy/training), in either direction (issue 22).

What counts as shared, after folding case, accents and punctuation:
- a lexicon term of two or more words (a trailing * matches any ending) inside a bank text;
- a training phrase-bank clause of two or more words inside a bank text;
- any run of NGRAM words that occurs both in a bank text and in a training text (phrase
  banks and every training CSV): this covers bank phrases found in training data too;
- a whole bank text (between its {slots}) of four or more words inside a training text.
Single lexicon words are not phrases: a message about a drought may say "drought".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from importlib import resources
from typing import Any

import yaml

NGRAM = 5
LANGUAGES = ("en", "fr", "ar")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Arabic letters survive (\w is Unicode); apostrophes and hyphens split words.
    return " ".join(re.findall(r"\w+", plain.replace("_", " ")))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _data(package: str, *parts: str) -> Any:
    node = resources.files(package)
    for part in parts:
        node = node.joinpath(part)
    return node


def bank_segments() -> list[tuple[str, str]]:
    """(language, folded literal text between slots) of every bank string."""
    out = []
    for lang in LANGUAGES:
        raw = yaml.safe_load(_data("vitalcore.simulate", "data", "templates",
                                   f"{lang}.yaml").read_text(encoding="utf-8"))
        for key in ("motifs", "fillers"):
            for text in _strings(raw[key]):
                for piece in re.split(r"\{[a-z_]+\}", text):
                    folded = _fold(piece)
                    if folded:
                        out.append((lang, folded))
    return out


def lexicon_terms() -> list[tuple[str, str]]:
    """(source, term) of every multi-word lexicon term, folded (a trailing * kept)."""
    out = []
    for entry in _data("vitalcore.taxonomy", "lexicons").iterdir():
        if not entry.name.endswith(".yaml"):
            continue
        raw = yaml.safe_load(entry.read_text(encoding="utf-8"))
        for term in _strings(raw):
            star = term.rstrip().endswith("*")
            folded = _fold(term)
            if len(folded.split()) >= 2:
                out.append((f"lexicons/{entry.name}", folded + ("*" if star else "")))
    return out


def training_texts() -> list[tuple[str, str]]:
    """(source, folded text) of every phrase-bank string and training CSV text."""
    out = []
    folder = _data("vitalcore.taxonomy", "training")
    for entry in folder.joinpath("phrases").iterdir():
        if entry.name.endswith(".yaml"):
            raw = yaml.safe_load(entry.read_text(encoding="utf-8"))
            for text in _strings(raw):
                clause = text.split("|")[0]  # "clause | label label"
                for piece in re.split(r"\{[a-z_]+\}", clause):
                    if _fold(piece):
                        out.append((f"phrases/{entry.name}", _fold(piece)))
    for entry in folder.iterdir():
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    out.append((f"training/{entry.name}", _fold(row["text"])))
    return out


def _contains(text: str, term: str) -> bool:
    """Whole-word containment on folded texts (words are single-space separated)."""
    if term.endswith("*"):
        return f" {term[:-1]}" in f" {text}"
    return f" {term} " in f" {text} "


def _grams(text: str) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def test_no_multiword_lexicon_term_occurs_in_a_simulator_bank() -> None:
    banks = bank_segments()
    shared = [f"{source}: {term!r} in bank ({lang}) {text!r}"
              for source, term in lexicon_terms() for lang, text in banks
              if _contains(text, term)]
    assert not shared, "rewrite the simulator bank:\n" + "\n".join(sorted(set(shared)))


def test_no_training_phrase_occurs_in_a_simulator_bank_nor_the_reverse() -> None:
    banks = bank_segments()
    training = training_texts()
    clauses = {(s, t) for s, t in training if s.startswith("phrases/") and len(t.split()) >= 2}
    shared = [f"{source}: clause {clause!r} in bank ({lang}) {text!r}"
              for source, clause in clauses for lang, text in banks if _contains(text, clause)]
    bank_grams = {g: text for _, text in banks for g in _grams(text)}
    for source, text in training:
        for gram in _grams(text) & bank_grams.keys():
            shared.append(f"{source}: {' '.join(gram)!r} also in bank {bank_grams[gram]!r}")
    whole = {text for _, text in banks if len(text.split()) >= 4}
    for source, text in training:
        shared += [f"{source}: bank text {b!r} inside {text!r}" for b in whole
                   if _contains(text, b)]
    assert not shared, "rewrite the simulator bank:\n" + "\n".join(sorted(set(shared))[:80])


def test_the_check_finds_a_planted_copy() -> None:
    # The checks would pass vacuously if the readers found nothing.
    assert len(bank_segments()) > 200 and len(lexicon_terms()) > 100
    assert len(training_texts()) > 5000
    term = next(t for _, t in lexicon_terms() if not t.endswith("*"))
    assert _contains(f"they said {term} again", term)
    assert _grams("a b c d e f") & _grams("x a b c d e")
