"""Bottom-up analyses (issue 6): threats with intervals, coverage, group vulnerability,
resilience, threat chains and the three tiers. Each endpoint is one workflow call."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from vitalcore import workflow
from vitalcore.api.deps import EngineDep, Reader
from vitalcore.api.routers.analyses import AnalysisTable, table
from vitalcore.domain import Group

router = APIRouter(prefix="/analyses", tags=["analyses"])

AreaQuery = Annotated[str | None, Query(max_length=32, description="Area P-code")]
Period = Annotated[str, Query(pattern=r"^[1-9][0-9]?(d|w|mo|y)$",
                              description="Polars duration: 1d, 1w, 1mo, 1y")]
MinVoices = Annotated[int, Query(ge=1, le=10_000)]
LabelKind = Literal["dimensions", "threats"]


def _naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment else None


@router.get("/threats", response_model=AnalysisTable)
def threats(
    account: Reader,
    engine: EngineDep,
    area: AreaQuery = None,
    group: Group | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Annotated[list[Literal["area_pcode", "group", "period"]], Query()] = ["area_pcode"],  # noqa: B006 - FastAPI copies defaults
    period: Period = "1mo",
    min_voices: MinVoices = 5,
    replicates: Annotated[int, Query(ge=10, le=1000)] = 200,
    seed: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> AnalysisTable:
    """The vital core with bootstrap intervals, per area, group or period."""
    result = workflow.rank_threats(
        engine, area=area, group=group.value if group else None, since=_naive(since),
        until=_naive(until), by=tuple(dict.fromkeys(by)), period=period,
        min_voices=min_voices, replicates=replicates, seed=seed,
    )
    return table("threats", result)


@router.get("/coverage", response_model=AnalysisTable)
def coverage(account: Reader, engine: EngineDep, area: AreaQuery = None,
             since: datetime | None = None, until: datetime | None = None,
             min_voices: MinVoices = 5) -> AnalysisTable:
    """Who was heard, by group, area and channel, and who was not."""
    return table("coverage", workflow.coverage_report(
        engine, area=area, since=_naive(since), until=_naive(until), min_voices=min_voices))


@router.get("/vulnerability", response_model=AnalysisTable)
def vulnerability(account: Reader, engine: EngineDep, area: AreaQuery = None,
                  since: datetime | None = None, until: datetime | None = None,
                  labels: LabelKind = "dimensions", by_area: bool = False,
                  min_voices: MinVoices = 5) -> AnalysisTable:
    """Relative risk of each group's exposure to each dimension or threat type."""
    return table("vulnerability", workflow.group_vulnerability(
        engine, area=area, since=_naive(since), until=_naive(until), labels=labels,
        by_area=by_area, min_voices=min_voices))


@router.get("/resilience", response_model=AnalysisTable)
def resilience(account: Reader, engine: EngineDep, area: AreaQuery = None,
               since: datetime | None = None, until: datetime | None = None,
               top: Annotated[int, Query(ge=1, le=7)] = 3,
               min_voices: MinVoices = 5) -> AnalysisTable:
    """Threats beside the capacities and coping people describe; resilience gaps."""
    return table("resilience", workflow.resilience_report(
        engine, area=area, since=_naive(since), until=_naive(until), top=top,
        min_voices=min_voices))


@router.get("/chains", response_model=AnalysisTable)
def chains(account: Reader, engine: EngineDep, labels: LabelKind = "dimensions",
           period: Period = "1w", max_lag: Annotated[int, Query(ge=1, le=12)] = 2,
           since: datetime | None = None, until: datetime | None = None) -> AnalysisTable:
    """Threats that travel together and follow each other, and where chains start."""
    report = workflow.threat_chains(engine, labels=labels, period=period, max_lag=max_lag,
                                    since=_naive(since), until=_naive(until))
    edges = [{"source": a, "target": b, **attrs} for a, b, attrs in report.graph.edges(data=True)]
    return table("chains", {
        "cooccurrence": report.cooccurrence.to_dicts(),
        "precedence": report.precedence.to_dicts(),
        "onsets": report.onsets.to_dicts(),
        "rises": report.rises.to_dicts() if report.rises is not None else [],
        "roots": report.roots.to_dicts(),
        "chains": report.chains.to_dicts(),
        "graph_edges": edges,
    })


@router.get("/tiers", response_model=AnalysisTable)
def tiers(account: Reader, engine: EngineDep,
          top: Annotated[int, Query(ge=1, le=7)] = 3,
          since: datetime | None = None, until: datetime | None = None) -> AnalysisTable:
    """State, international actors and community for each area's top threats."""
    return table("tiers", workflow.tier_report(engine, top=top, since=_naive(since),
                                               until=_naive(until)))
