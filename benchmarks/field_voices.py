"""How often `vitalcore classify` reads a realistic field voice right, per language.

A voice is read right when its expected dimension is among the labels (score >= 0.5),
its expected threat type is among the threat types, and its severity is at or above the
expected level: the bar of issue 21. The voices (tests/classify/data/field_voices*.csv)
were written for this check, apart from the lexicons, the training phrases and the
simulator's banks.

    .venv/bin/python benchmarks/field_voices.py [--set field_voices_heldout.csv] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from vitalcore.classify import default_classifier

DATA = Path(__file__).resolve().parents[1] / "tests/classify/data"
# field_voices.csv: the voices the lexicons were corrected against after a first, blind
# run; field_voices_heldout.csv: written afterwards and run once, never tuned on.
SETS = ("field_voices.csv", "field_voices_heldout.csv")


def read_right(rows: list[dict[str, str]]) -> list[tuple[dict[str, str], bool, str]]:
    """(row, read right?, what was read) for every voice."""
    results = default_classifier().classify([r["text"] for r in rows])
    out = []
    for row, c in zip(rows, results, strict=True):
        dims = {d.value for d in c.labels()}
        ok = (row["dimension"] in dims and row["threat"] in c.threat_types
              and c.severity >= int(row["severity"]))
        out.append((row, ok, f"dims={sorted(dims)} threats={sorted(c.threat_types)} "
                             f"severity={c.severity} language={c.language}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--set", choices=SETS, default=SETS[0])
    args = parser.parse_args()
    with (DATA / args.set).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    per: dict[str, list[bool]] = defaultdict(list)
    for row, ok, read in read_right(rows):
        per[row["language"]].append(ok)
        if args.show_misses and not ok:
            print(f"MISS {row['language']} want {row['dimension']}/{row['threat']}/"
                  f">={row['severity']}: {read}\n     {row['text']}")
    for language, oks in per.items():
        print(f"{language}: {sum(oks)}/{len(oks)} read right")
    total = [ok for oks in per.values() for ok in oks]
    print(f"all: {sum(total)}/{len(total)} = {sum(total) / len(total):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
