"""Build the trained model shipped in the package: src/vitalcore/classify/models/default.npz.

    .venv/bin/python scripts/train_default.py

The same as `vitalcore train --no-store --out src/vitalcore/classify/models/default.npz`:
it trains on the corpus in src/vitalcore/taxonomy/training (never the held-out file),
and is reproducible: the same corpus gives the same model version. Run it after changing
the corpus (scripts/build_corpus.py) or the model, and commit both files it writes.
"""

from __future__ import annotations

from pathlib import Path

from vitalcore.workflow.classification import train_model

OUT = Path(__file__).resolve().parents[1] / "src" / "vitalcore" / "classify" / "models" / "default.npz"


def main() -> None:
    model, _ = train_model(None, out=OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB), version {model.version}")


if __name__ == "__main__":
    main()
