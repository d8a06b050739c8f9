"""Build the trained model shipped in the package: src/vitalcore/classify/models/default.npz.

    .venv/bin/python scripts/train_default.py

One command, to re-run after any change to the lexicons (their hits are features of the
model), the corpus or the model code. The same as
`vitalcore train --no-store --out src/vitalcore/classify/models/default.npz`: it trains on
the corpus in src/vitalcore/taxonomy/training (phrase banks, hand-written rows and the
real CrisisLexT26 and UCDP extracts; never the held-out file), and is reproducible: the
same corpus and lexicons give the same model version. About 1 minute of CPU (2-5 minutes
wall clock on a shared 2-core machine). Commit both files it writes.

After changing the phrase banks or the real-data mapping, rebuild the corpus first:
`.venv/bin/python scripts/build_corpus.py` (reads ../shared/data for the real extracts).
"""

from __future__ import annotations

import time
from pathlib import Path

from vitalcore.workflow.classification import train_model

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "vitalcore" / "classify" / "models" / "default.npz"


def main() -> None:
    started, cpu = time.perf_counter(), time.process_time()
    model, _ = train_model(None, out=OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB), version {model.version}, "
          f"{model.record['rows']} rows, {time.perf_counter() - started:.0f} s "
          f"({time.process_time() - cpu:.0f} s CPU)")


if __name__ == "__main__":
    main()
