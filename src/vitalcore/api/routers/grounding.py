"""International-law grounding and the Security Council mandate gap (issue 8)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from vitalcore import law, workflow
from vitalcore.api.deps import EngineDep, Reader
from vitalcore.api.routers.analyses import AnalysisTable, table

router = APIRouter(prefix="/analyses", tags=["analyses"])

Text = Annotated[str | None, Query(max_length=64)]


@router.get("/legal-basis", response_model=AnalysisTable)
def legal_basis(
    account: Reader,
    engine: EngineDep,
    subject: Annotated[str, Query(min_length=1, max_length=64,
                                  description="Threat type or group id, e.g. armed_attack")],
    armed_conflict: bool = False,
    conflict_kind: Literal["international", "non_international", "occupation"] | None = None,
    region: Annotated[str | None, Query(max_length=32, description="e.g. africa")] = None,
    displacement: Literal["internal", "cross_border"] | None = None,
    state: Annotated[str | None, Query(min_length=2, max_length=2,
                                       description="ISO alpha-2 State, e.g. ML")] = None,
    ap2_threshold: bool | None = None,
    situation: Annotated[str | None, Query(
        min_length=2, max_length=2,
        description="Read conflict, State and threshold from the situation stored for this "
                    "country (the other parameters are then ignored but region and "
                    "displacement)")] = None,
) -> AnalysisTable:
    """Rights, instruments and articles (each with the State's party status and why it
    applies), and duty-bearers by tier, for a threat or group."""
    if situation:
        stored = workflow.current_situation(engine, country=situation).situation
        facts = dataclasses.replace(stored, displacement=displacement,
                                    region=region or stored.region)
    else:
        facts = law.Situation(armed_conflict=armed_conflict, conflict_kind=conflict_kind,
                              region=region, displacement=displacement, state=state,
                              ap2_threshold=ap2_threshold)
    try:
        grounding = law.lookup(subject, facts)
    except law.UnknownSubject as err:
        raise HTTPException(404, str(err)) from None
    row = grounding.to_dict()
    row["citations"] = grounding.citations()
    return table("legal-basis", row)


@router.get("/mandate-gap", response_model=AnalysisTable)
def mandate_gap(
    account: Reader,
    engine: EngineDep,
    area: Annotated[str | None, Query(max_length=32)] = None,
    since: date | None = None,
    until: date | None = None,
    mission: Text = None,
    symbol: Text = None,
) -> AnalysisTable:
    """Community vital-core priorities against the tasks of the newest matching mandate."""
    try:
        mandate, gap = workflow.mandate_gap(engine, area=area, since=since, until=until,
                                            mission=mission, symbol=symbol)
    except (workflow.MandateNotFound, workflow.NoVoices) as err:
        raise HTTPException(404, str(err)) from None
    gaps = [{**dataclasses.asdict(g), "message": g.message} for g in gap.gaps]
    return table("mandate-gap", {"mandate": mandate, "matrix": gap.matrix.to_dicts(),
                                 "gaps": gaps})


@router.get("/mandate-renewals", response_model=AnalysisTable)
def mandate_renewals(
    account: Reader,
    engine: EngineDep,
    mission: Annotated[str, Query(min_length=1, max_length=64)],
    area: Annotated[str | None, Query(max_length=32)] = None,
    window_days: Annotated[int, Query(ge=1, le=3650)] = 365,
) -> AnalysisTable:
    """Coverage of community priorities resolution by resolution of one mission."""
    try:
        result = workflow.mandate_renewals(engine, mission=mission, area=area,
                                           window_days=window_days)
    except (workflow.MandateNotFound, workflow.NoVoices) as err:
        raise HTTPException(404, str(err)) from None
    return table("mandate-renewals", result)
