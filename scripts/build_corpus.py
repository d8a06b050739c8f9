"""Build the generated training corpus from the phrase banks, and the CrisisLexT26 extract.

    .venv/bin/python scripts/build_corpus.py [--shared ../shared/data]

Writes, under src/vitalcore/taxonomy/training/:
  generated.csv     messages composed from phrases/<lang>.yaml and phrases/reports.yaml
                    (seeded, so the same banks always give the same file)
  crisislex_t26.csv a labelled extract of CrisisLexT26 (MIT), when --shared has it
  ucdp_ged.csv      UCDP GED news headlines (CC BY 4.0), when --shared has them
The real extracts are built by scripts/real_corpus.py; every row names its event.

The hand-written files (handwritten.csv, heldout_handwritten.csv) are not touched: they
are written by people, not generated. Labels follow docs/methods/classification.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_corpus  # noqa: E402 - a sibling script, not a package

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "src" / "vitalcore" / "taxonomy" / "training"
DIMENSIONS = ["economic", "food", "health", "environmental", "personal", "community", "political"]
GROUPS = ["displaced", "women", "children", "elderly", "disability", "indigenous", "missing",
          "minority"]
COLUMNS = ["id", "text", "language", "event", "source", "licence", "style", *DIMENSIONS,
           *GROUPS, "threats"]
PHRASE_BANK_EVENT = "vitalcore:phrase-banks"
# Messages per language: the languages of the hidden real messages get more.
PER_LANGUAGE = {"en": 1600, "ht": 1800, "fr": 1300, "es": 700, "pt": 600, "sw": 600, "ar": 600}
# Code-switching seen in the field: (main language, second language).
SWITCHES = [("ht", "fr"), ("fr", "ht"), ("ht", "en"), ("en", "ht"), ("fr", "en"), ("sw", "en"),
            ("ar", "fr"), ("es", "en"), ("pt", "en"), ("fr", "ar")]
# SMS shorthand per language, applied to some messages: (pattern, replacement).
SHORTHAND = {
    "en": [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bpeople\b", "ppl"),
           (r"\bthank you\b", "thx"), (r"\bare\b", "r"), (r"\bbecause\b", "coz")],
    "fr": [(r"\bs'il vous pla[iî]t\b", "svp"), (r"\bbeaucoup\b", "bcp"), (r"\bnous\b", "ns"),
           (r"\bquelque\b", "qq"), (r"\bpour\b", "pr")],
    "ht": [(r"\bnou\b", "n"), (r"\bpa gen\b", "pagen"), (r"\bbezwen\b", "bzwen"),
           (r"\bmwen\b", "m"), (r"\bpa genyen\b", "pa gen"), (r"\bli\b", "l"),
           (r"\btanpri\b", "tanpri souple"), (r"\bkounye a\b", "kounya")],
    "es": [(r"\bpor favor\b", "xfa"), (r"\bque\b", "q"), (r"\bpor\b", "x")],
    "pt": [(r"\bvocê\b", "vc"), (r"\bnão\b", "nao"), (r"\bpor favor\b", "pf")],
    "sw": [(r"\btafadhali\b", "tafdhl")],
    "ar": [],
}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_clause(entry: str, base: set[str]) -> tuple[str, set[str]]:
    """'clause | women food' -> ('clause', base | {'women', 'food'})."""
    text, _, extra = entry.partition("|")
    return text.strip(), base | set(extra.split())


class Bank:
    """One language's phrase bank, as (text, labels, threat) clauses."""

    def __init__(self, spec: dict) -> None:
        self.language = spec["language"]
        self.threat_clauses: list[tuple[str, set[str], str]] = []
        for key, entries in spec["threats"].items():
            dimension, threat = key.split(".")
            for entry in entries:
                text, labels = parse_clause(entry, {dimension})
                self.threat_clauses.append((text, labels, threat))
        self.group_clauses = [parse_clause(e, {g}) for g, es in spec["groups"].items()
                              for e in es or []]
        self.negatives = spec["negatives"]
        self.openers, self.joiners = spec["openers"], spec["joiners"]
        self.closers, self.places = spec["closers"], spec["places"]


def noisy(text: str, language: str, rng: random.Random) -> str:
    """Field noise: shorthand, dropped accents, typos, case, punctuation."""
    if rng.random() < 0.35:
        for pattern, repl in SHORTHAND.get(language, []):
            if rng.random() < 0.6:
                text = re.sub(pattern, repl, text)
    if rng.random() < 0.35 and language != "ar":
        text = strip_accents(text)
    if rng.random() < 0.12:
        words = text.split()
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 1)
            words[i] = rng.choice([w[:j] + w[j + 1:], w[:j] + w[j] + w[j:],
                                   w[:j] + w[j + 1] + w[j] + w[j + 2:]])
        text = " ".join(words)
    roll = rng.random()
    if roll < 0.06:
        text = text.upper()
    elif roll < 0.5:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.3:
        text += rng.choice([".", "!", "!!", " ...", "?"])
    return text


def message(bank: Bank, rng: random.Random, other: Bank | None = None) -> tuple[str, set, set]:
    """One composed message: its text, labels and threat types."""
    labels: set[str] = set()
    threats: set[str] = set()
    parts = []
    kind = rng.random()
    if kind < 0.16:
        parts.append(rng.choice(bank.negatives))
        if rng.random() < 0.3:
            parts.append(rng.choice(bank.negatives))
    elif kind < 0.24 and bank.group_clauses:
        text, labs = rng.choice(bank.group_clauses)
        parts.append(text)
        labels |= labs
        if rng.random() < 0.4:
            parts.append(rng.choice(bank.negatives))
    else:
        count = 1 if kind < 0.62 else 2 if kind < 0.93 else 3
        for n in range(count):
            source = other if other is not None and n == 1 else bank
            text, labs, threat = rng.choice(source.threat_clauses)
            parts.append(text)
            labels |= labs
            threats.add(threat)
        if rng.random() < 0.25 and bank.group_clauses:
            text, labs = rng.choice(bank.group_clauses)
            parts.insert(rng.randrange(len(parts) + 1), text)
            labels |= labs
    body = parts[0]
    for part in parts[1:]:
        body += rng.choice(bank.joiners) + part
    if rng.random() < 0.35:
        body += " " + rng.choice(bank.places)
    text = rng.choice(bank.openers) + body + rng.choice(bank.closers)
    return noisy(text, bank.language, rng), labels, threats


def report_rows(spec: dict, rng: random.Random) -> list[tuple[str, str, set]]:
    rows = []
    for language, lang_spec in spec.items():
        for key, sentences in lang_spec["text"].items():
            for sentence in sentences:
                text, labels = parse_clause(sentence, set() if key == "none" else {key})
                for _ in range(4):
                    filled = text.format(region=rng.choice(lang_spec["regions"]),
                                         trend=rng.choice(lang_spec["trends"]),
                                         share=rng.choice(["2.5", "8.6", "12", "27", "41"]))
                    rows.append((language, filled[:1].upper() + filled[1:] + ".", labels))
    return rows


def row(rid: str, text: str, language: str, labels: set, threats: set, style: str,
        source: str, licence: str) -> dict:
    out = {"id": rid, "text": text, "language": language, "event": PHRASE_BANK_EVENT,
           "source": source,
           "licence": licence, "style": style, "threats": ";".join(sorted(threats))}
    for name in DIMENSIONS + GROUPS:
        out[name] = int(name in labels)
    return out


def generated(seed: int = 20100112) -> list[dict]:
    rng = random.Random(seed)
    banks = {p.stem: Bank(yaml.safe_load(p.read_text(encoding="utf-8")))
             for p in sorted((TRAINING / "phrases").glob("*.yaml")) if p.stem != "reports"}
    source, licence = "vitalcore phrase banks (phrases/*.yaml)", "Apache-2.0"
    rows, seen = [], set()
    for language, count in PER_LANGUAGE.items():
        made = 0
        while made < count:
            text, labels, threats = message(banks[language], rng)
            if text in seen:
                continue
            seen.add(text)
            made += 1
            rows.append(row(f"gen-{language}-{made}", text, language, labels, threats, "sms",
                            source, licence))
    for n, (main, second) in enumerate(SWITCHES * 40):
        text, labels, threats = message(banks[main], rng, other=banks[second])
        if text not in seen:
            seen.add(text)
            rows.append(row(f"gen-cs-{n}", text, main, labels, threats, "code_switched",
                            source, licence))
    reports = yaml.safe_load((TRAINING / "phrases" / "reports.yaml").read_text(encoding="utf-8"))
    for n, (language, text, labels) in enumerate(report_rows(reports, rng)):
        if text not in seen:
            seen.add(text)
            rows.append(row(f"gen-report-{n}", text, language, labels, set(), "report",
                            source, licence))
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    write(TRAINING / "generated.csv", generated())
    for name, folder, build in (("crisislex_t26.csv", "crisislex_t26", real_corpus.crisislex),
                                ("ucdp_ged.csv", "ucdp_ged_sample", real_corpus.ucdp)):
        if (args.shared / folder).is_dir():
            write(TRAINING / name, build(args.shared))
        else:
            print(f"{args.shared}/{folder} not found: {name} left as it is")


if __name__ == "__main__":
    main()
