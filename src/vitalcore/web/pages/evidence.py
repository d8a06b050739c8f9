"""Rumours (claim clusters with credibility, reasons and the voices behind them) and
the mandate gap (matrix, ranked gaps, the legal basis of each)."""

from __future__ import annotations

import dataclasses

import polars as pl
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vitalcore import law, workflow
from vitalcore.web.access import Analyst, choice, engine_of
from vitalcore.web.pages.common import analysis
from vitalcore.web.render import page
from vitalcore.web.warm import Job

router = APIRouter()
LINKED_VOICES = 5  # shown per cluster; the rest are counted
WARM = (
    Job("mandate_gap", workflow.mandate_gap, mandates=True),
    # Last: near-duplicate clustering reads every text (minutes at a million voices).
    Job("claim_clusters", workflow.claim_clusters),
)


@router.get("/rumours", response_class=HTMLResponse)
def rumours_page(request: Request, who: Analyst) -> HTMLResponse:
    which = choice(request, "show", ["flagged", "all"]) or "flagged"
    # workflow.rumours is claim_clusters narrowed to the flagged: one memo entry for both.
    clusters = analysis(request, "claim_clusters", workflow.claim_clusters)
    if which == "flagged":
        clusters = clusters.filter(pl.col("rumour"))
    rows = clusters.sort("score").head(50).to_dicts()
    engine = engine_of(request)
    for row in rows:
        ids = row["voice_ids"][:LINKED_VOICES]
        row["linked"] = [v for v in (workflow.get_voice(engine, i) for i in ids) if v]
    return page(request, "rumours.html", visitor=who, title_key="rumours.title",
                clusters=rows, show=which)


@router.get("/mandate", response_class=HTMLResponse)
def mandate_page(request: Request, who: Analyst) -> HTMLResponse:
    try:
        mandate, gap = analysis(request, "mandate_gap", workflow.mandate_gap, mandates=True)
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
