"""Exports as CSV, HXL-tagged CSV, GeoJSON and JSON; every export is audited."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from vitalcore.api import render
from vitalcore.api.deps import EngineDep, Exporter
from vitalcore.api.routers.voices import FilterDep
from vitalcore.workflow.exports import export_rows

router = APIRouter(prefix="/exports", tags=["exports"])


class Dataset(StrEnum):
    VOICES = "voices"
    VITAL_CORE = "vital-core"


class Format(StrEnum):
    CSV = "csv"
    HXL = "hxl"
    GEOJSON = "geojson"
    JSON = "json"


_MEDIA = {
    Format.CSV: ("text/csv; charset=utf-8", "csv"),
    Format.HXL: ("text/csv; charset=utf-8", "hxl.csv"),
    Format.GEOJSON: ("application/geo+json", "geojson"),
    Format.JSON: ("application/json", "json"),
}


@router.get(
    "/{dataset}",
    response_class=Response,
    responses={200: {"content": {m: {} for m, _ in _MEDIA.values()}}},
)
def export(dataset: Dataset, account: Exporter, engine: EngineDep, filters: FilterDep,
           format: Format = Format.CSV) -> Response:  # noqa: A002 - the query parameter
    """Download a dataset (voices filtered as in GET /voices, or the vital core)."""
    try:
        rows, columns = export_rows(engine, dataset=dataset.value, fmt=format.value,
                                    filters=filters, account=account)
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    if format is Format.CSV:
        body = render.to_csv(rows, columns)
    elif format is Format.HXL:
        body = render.to_csv(rows, columns, hxl=True)
    elif format is Format.GEOJSON:
        body = render.to_geojson(rows, columns)
    else:
        body = render.to_json(rows, columns)
    media, suffix = _MEDIA[format]
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{dataset.value}.{suffix}"'
    })
