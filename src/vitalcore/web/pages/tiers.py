"""Three tiers side by side: for each area's top threats, what the State, international
actors (the mission of the stored mandate, UN agencies) and the community are each
expected to do, under which law (in the stored situation), and what each is recorded
doing. The same data as `vitalcore tiers` (workflow.tier_report), in the page's language.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vitalcore import workflow
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.pages.common import analysis, area_names
from vitalcore.web.render import language, page

router = APIRouter()
TIERS = ("state", "international", "community")
TOPS = ("1", "2", "3")


def _blocks(table: pl.DataFrame) -> list[dict[str, Any]]:
    """One block per (area, top threat) with its three tiers in order."""
    blocks: dict[tuple[str, int], dict[str, Any]] = {}
    for row in table.iter_rows(named=True):
        key = (row["area_pcode"], row["rank"])
        block = blocks.setdefault(key, {"area_pcode": row["area_pcode"], "rank": row["rank"],
                                        "dimension": row["dimension"], "tiers": {}})
        block["tiers"][row["tier"]] = row
    return list(blocks.values())


@router.get("/tiers", response_class=HTMLResponse)
def tiers_page(request: Request, who: Analyst) -> HTMLResponse:
    names = area_names(request)
    area = choice(request, "area", names)
    top = int(choice(request, "top", TOPS) or "1")
    lang = language(request)
    engine = engine_of(request)
    # The memo knows the voices' and mandates' versions, not the situations': the name
    # carries theirs, so a new `situation set` is seen at once.
    name = f"tier_report@{workflow.situations_version(engine)}"
    table = analysis(request, name, workflow.tier_report, mandates=True, top=top, area=area,
                     lang="fr" if lang == "fr" else "en")
    countries = sorted({p[:2] for p in table["area_pcode"].to_list()})
    situations = {c: workflow.current_situation(engine, country=c).record for c in countries}
    blocks = _blocks(table)
    for block in blocks:  # an area's own situation, where one differs from its country's
        record = workflow.current_situation(engine, area=block["area_pcode"]).record
        block["own_situation"] = record if record and record["area_pcode"] else None
    mandate = workflow.current_mandate(engine)
    return page(request, "tiers.html", visitor=who, title_key="tiers.title",
                blocks=blocks, tiers=TIERS, names=names, situations=situations,
                mandate=mandate, filters={"area": area, "top": str(top)}, tops=TOPS)
