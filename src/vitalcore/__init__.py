"""vitalcore: human security from the bottom up.

The public API a notebook imports is the same one the CLI calls:

    from vitalcore import store, ingest, classify, analysis
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
