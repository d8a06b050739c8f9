"""docs/law.md and docs/methods/mandate-gap.md keep up with the data and the commands."""

from __future__ import annotations

import re
from pathlib import Path

from vitalcore import law

DOCS = Path(__file__).parents[2] / "docs"


def test_every_instrument_is_named_in_the_law_page() -> None:
    page = (DOCS / "law.md").read_text(encoding="utf-8")
    missing = []
    for inst in law.knowledge_base().instruments.values():
        number = re.search(r"S/RES/(\d+)", inst.short)
        named = number.group(1) in page if number else inst.short.split(" (")[0] in page
        if not named:
            missing.append(inst.id)
    assert missing == []


def test_the_method_page_names_every_mandate_command() -> None:
    page = (DOCS / "methods" / "mandate-gap.md").read_text(encoding="utf-8")
    for command in ("import", "tasks", "gap", "renewals"):
        assert command in page
    assert "g_s = w_s - m_s" in page
