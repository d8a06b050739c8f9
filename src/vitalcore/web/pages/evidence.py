"""Rumours (claim clusters with credibility, reasons and the voices behind them) and
the mandate gap (matrix, ranked gaps, the legal basis of each)."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vitalcore import law, store, workflow
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.pages.common import analysis
from vitalcore.web.render import page

router = APIRouter()
LINKED_VOICES = 5  # shown per cluster; the rest are counted


@router.get("/rumours", response_class=HTMLResponse)
def rumours_page(request: Request, who: Analyst) -> HTMLResponse:
    which = choice(request, "show", ["flagged", "all"]) or "flagged"
    clusters = analysis(request, "rumours", workflow.rumours, include_all=which == "all")
    rows = clusters.sort("score").head(50).to_dicts()
    engine = engine_of(request)
    for row in rows:
        ids = row["voice_ids"][:LINKED_VOICES]
        row["linked"] = [v for v in (store.get_voice(engine, i) for i in ids) if v]
    return page(request, "rumours.html", visitor=who, title_key="rumours.title",
                clusters=rows, show=which)


@router.get("/mandate", response_class=HTMLResponse)
def mandate_page(request: Request, who: Analyst) -> HTMLResponse:
    engine = engine_of(request)
    try:
        mandate, gap = workflow.mandate_gap(engine)
    except (workflow.MandateNotFound, workflow.NoVoices) as err:
        return page(request, "mandate.html", visitor=who, title_key="mandate.title",
                    missing=str(err), matrix=[], gaps=[], mandate=None)
    gaps = []
    for item in gap.gaps:
        row = dataclasses.asdict(item)
        row["basis"] = law.citations_for_subject(item.kind, item.label, limit=4)
        gaps.append(row)
    return page(request, "mandate.html", visitor=who, title_key="mandate.title",
                missing=None, mandate=mandate, matrix=gap.matrix.to_dicts(), gaps=gaps)
