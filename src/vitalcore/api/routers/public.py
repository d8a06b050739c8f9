"""What anyone signed in may see, the public included: k-anonymous aggregates.
And the health check, which needs no sign-in and tells nothing."""

from __future__ import annotations

from fastapi import APIRouter

from vitalcore.api.deps import AnyRole, EngineDep, SettingsDep
from vitalcore.api.schemas import AggregateCell, AggregatesPublic
from vitalcore.workflow.public import public_aggregates

router = APIRouter(tags=["public"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness, for load balancers and the benchmark; no data."""
    return {"status": "ok"}


@router.get("/public/aggregates", response_model=AggregatesPublic)
def aggregates(account: AnyRole, engine: EngineDep, settings: SettingsDep) -> AggregatesPublic:
    """Voices per area and dimension; every value below k, and those that would let one
    be derived from the totals, are null."""
    table = public_aggregates(engine, k=settings.min_cell_count)
    return AggregatesPublic(
        k=table.k, rows=list(table.rows), columns=list(table.columns),
        cells=[AggregateCell(row=r, column=c, count=n) for (r, c), n in table.cells.items()],
        row_totals=table.row_totals, column_totals=table.column_totals, total=table.total,
    )
