"""The scorers: one module per analysis, each with `score(ctx) -> dict` (see scoring.py)."""
