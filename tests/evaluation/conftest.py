"""The scorers' tests use the simulator tests' scenario: one small scenario per session,
defined once (tests/simulate/conftest.py)."""

from tests.simulate.conftest import scenario, truth

__all__ = ["scenario", "truth"]
