"""Labelled extracts of real, public, licensed crisis text (used by scripts/build_corpus.py).

Every row carries its provenance: `source`, `licence` and `event` (the disaster or the
conflict it is about), so that evaluation can hold whole events out and a test can
check that no training row comes from a reserved evaluation corpus
(tests/classify/test_provenance.py).

  crisislex(shared)  CrisisLexT26 tweets (MIT), event = the CrisisLexT26 folder name
  ucdp(shared)       UCDP GED news headlines (CC BY 4.0), event = "ucdp:<country>"

Only the dimensions a source's own labels speak about are labelled; the others are left
empty ("not labelled"), never guessed as 0. Mapping in taxonomy/training/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

DIMENSIONS = ["economic", "food", "health", "environmental", "personal", "community", "political"]
GROUPS = ["displaced", "women", "children", "elderly", "disability", "indigenous", "missing",
          "minority"]
# Languages py3langid may give a tweet or headline: what CrisisLexT26 and UCDP contain.
TWEET_LANGUAGES = ("en", "es", "fr", "it", "pt", "tl", "id", "de", "nl")
CRISISLEX_SOURCE = "CrisisLexT26 (Olteanu, Vieweg, Castillo 2015), sajao/CrisisLex"
UCDP_SOURCE = "UCDP GED (Sundberg & Melander 2013), sample of R package uncertainUCDP"

# Deaths or injuries named in a tweet (en, es, it, pt, tl): health, after the labelling
# policy in docs/methods/classification.md.
_INJURY = re.compile(
    r"injur|wounded|hurt|dead|death|died|dies|kill|victim|casualt|bodies|hospital|"
    r"herid|muert|fallec|lesionad|ferit|mort[io]|vittim|feridos|mortos|patay|sugatan",
    re.IGNORECASE)


def _language(text: str) -> str:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    global _IDENTIFIER
    if _IDENTIFIER is None:
        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _IDENTIFIER.set_languages(list(TWEET_LANGUAGES))
    # Hashtags, mentions and links say nothing about the language.
    clean = re.sub(r"https?://\S+|[@#]\w+|\bRT\b", " ", text)
    lang, confidence = _IDENTIFIER.classify(clean)
    return lang if confidence >= 0.6 and len(clean.split()) >= 3 else "und"


_IDENTIFIER = None


def _row(rid: str, text: str, language: str, event: str, source: str, licence: str,
         style: str, labels: dict[str, int | str]) -> dict:
    out = {"id": rid, "text": text, "language": language, "event": event, "source": source,
           "licence": licence, "style": style, "threats": ""}
    for name in DIMENSIONS + GROUPS:
        out[name] = labels.get(name, "")
    return out


def crisislex(shared: Path, seed: int = 26) -> list[dict]:
    """CrisisLexT26 information types -> dimensions, per event category."""
    rng = random.Random(seed)
    rows = []
    for folder in sorted((shared / "crisislex_t26").iterdir()):
        if not folder.is_dir():
            continue
        event = json.loads(next(folder.glob("*event_description.json")).read_text())
        natural = event["categorization"]["category"] in ("Natural", "Mixed")
        with next(folder.glob("*tweets_labeled.csv")).open(encoding="utf-8") as fh:
            for record in csv.DictReader(fh, skipinitialspace=True):
                labels = _crisislex_labels(record, natural)
                if labels is None or rng.random() > labels.pop("_keep"):
                    continue
                text = record["Tweet Text"].strip()
                rows.append(_row(f"crisislex-{record['Tweet ID'].strip()}", text,
                                 _language(text), folder.name, CRISISLEX_SOURCE, "MIT",
                                 "tweet", labels))
    return rows


def _crisislex_labels(record: dict, natural: bool) -> dict | None:
    """Labels of one tweet (with '_keep', its sampling rate), or None to leave it out."""
    info = record["Information Type"].strip()
    related = record["Informativeness"].strip()
    text = record["Tweet Text"]
    injury = int(bool(_INJURY.search(text)))
    if related == "Not related" or info == "Sympathy and support":
        # Off-topic and sympathy: no dimension at all (negatives for every one).
        return {"_keep": 0.15, **{d: 0 for d in DIMENSIONS}}
    if info == "Donations and volunteering":
        # Drives for food, water and medicine are common: food and health left unlabelled.
        return {"_keep": 0.15, **{d: 0 for d in DIMENSIONS if d not in ("food", "health")}}
    if info == "Affected individuals":
        hazard = "environmental" if natural else "personal"
        other = "personal" if natural else "environmental"
        return {"_keep": 0.9, hazard: 1, other: 0, "health": injury}
    if info == "Infrastructure and utilities" and natural:
        return {"_keep": 0.6, "environmental": 1, "personal": 0, "health": injury}
    if info == "Caution and advice" and natural:
        # Warnings about the hazard itself (storm track, evacuation, flood levels).
        return {"_keep": 0.5, "environmental": 1}
    return None  # "other useful information", human-induced advice: nothing we can trust


def _headline(record: dict) -> str | None:
    """The first readable headline of a UCDP event (its source field may list several)."""
    for part in re.split(r";|\s\|\s", record.get("source_headline") or ""):
        part = re.sub(r"\[/?highlight[^\]]*\]", "", part).strip().strip('"').strip()
        words = re.findall(r"[^\W\d_]{2,}", part)
        # Lists of victims' names (capitalised words only) are not sentences.
        lower = [w for w in words if w[0].islower()]
        if len(words) >= 4 and len(lower) >= 2 and not re.match(r"^\w+day \d", part):
            return part
    return None


def ucdp(shared: Path) -> list[dict]:
    """UCDP GED headlines: every event is organised violence with deaths -> personal."""
    rows, seen = [], set()
    path = shared / "ucdp_ged_sample" / "ucdpged_sample_1000.csv"
    with path.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            text = _headline(record)
            if text is None or text.lower() in seen:
                continue
            seen.add(text.lower())
            # Violence against people; no hazard, market or harvest in these headlines.
            # Health (deaths), community (non-state) and political (state-based) are
            # left unlabelled: the violence type alone does not settle them.
            labels = {"personal": 1, "economic": 0, "food": 0, "environmental": 0}
            rows.append(_row(f"ucdp-{record['id']}", text, _language(text),
                             f"ucdp:{record['country']}", UCDP_SOURCE, "CC BY 4.0",
                             "news", labels))
    return rows
