"""Properties: any text gets a Resolution or a clear MandateParseError; line wrapping
does not change what the parser finds."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vitalcore.mandate import MandateParseError, parse_text

DATA = Path(__file__).parent / "data"
MARKERS = ["The Security Council,", "1. Decides", "(a)", "(i)", "–", "S/RES/12 (2020)",
           "the Mission", "priority tasks", ";", ":", "\n", "\n\n", "Recalling", ","]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=20)), max_size=40))
def test_any_text_parses_or_fails_clearly(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        resolution = parse_text(text)
    except MandateParseError as exc:
        assert str(exc)
        return
    assert all(t.text for t in resolution.tasks)


def _rewrap(text: str, width: int) -> str:
    """Re-wrap every paragraph of a resolution at `width`, keeping markers at line starts."""
    blocks = re.split(r"\n\s*\n", text)
    return "\n\n".join(
        textwrap.fill(re.sub(r"\s+", " ", b).strip(), width) for b in blocks if b.strip())


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=50, max_value=140))
def test_wrapping_width_does_not_change_the_tasks(width: int) -> None:
    text = (DATA / "s_res_2190_2014.txt").read_text(encoding="utf-8")
    header, body = text.split("The Security Council,", 1)
    rewrapped = header + "The Security Council,\n\n" + _rewrap(body, width)
    want = parse_text(text)
    got = parse_text(rewrapped)
    assert [(t.id, t.priority) for t in got.tasks] == [(t.id, t.priority) for t in want.tasks]
    assert [t.text for t in got.tasks] == [t.text for t in want.tasks]
