"""Area boundaries from GeoJSON: stored per P-code on both backends, replaced on
re-import, and refused with an error naming the file, feature and field."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from vitalcore import store, workflow
from vitalcore.cli import app
from vitalcore.domain import Area

DATA = Path(__file__).parents[1] / "data"
FIXTURE = DATA / "boundaries.geojson"
CODES = ["ML0601", "ML0602", "ML0603", "ML0604", "ML0605", "ML0701", "ML0702", "ML0703"]
runner = CliRunner()


def _areas(engine: Engine) -> None:
    store.add_areas(engine, [Area(pcode=c, name=f"Area {c}", country="ML", admin_level=2,
                                  lat=16.0, lon=-1.0) for c in CODES])


def _write(tmp_path: Path, features: list[dict]) -> Path:
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _square(code: str, lon: float = -1.0, field: str = "ADM2_PCODE") -> dict:
    ring = [[lon, 16], [lon + 0.5, 16], [lon + 0.5, 16.5], [lon, 16.5], [lon, 16]]
    return {"type": "Feature", "properties": {field: code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_boundaries_are_stored_per_pcode(engine: Engine) -> None:
    _areas(engine)
    assert workflow.import_boundaries(engine, FIXTURE) == 8
    shapes = store.list_boundaries(engine)
    assert sorted(shapes) == CODES
    assert shapes["ML0703"]["type"] == "MultiPolygon"
    assert shapes["ML0601"]["coordinates"][0][0] == [-3.19, 16.59]


def test_a_new_import_replaces_the_old_boundary(engine: Engine, tmp_path: Path) -> None:
    _areas(engine)
    workflow.import_boundaries(engine, FIXTURE)
    workflow.import_boundaries(engine, _write(tmp_path, [_square("ML0601", lon=5.0)]))
    shapes = store.list_boundaries(engine)
    assert len(shapes) == 8  # the others are kept
    assert shapes["ML0601"]["coordinates"][0][0] == [5.0, 16]


def test_unknown_pcodes_store_nothing(engine: Engine, tmp_path: Path) -> None:
    _areas(engine)
    path = _write(tmp_path, [_square("ML0601"), _square("ZZ9999")])
    with pytest.raises(ValueError, match="ZZ9999.*import the areas first"):
        workflow.import_boundaries(engine, path)
    assert store.list_boundaries(engine) == {}


@pytest.mark.parametrize(("feature", "message"), [
    ({"type": "Feature", "properties": {"name": "x"}, "geometry": None},
     r"feature 1: no P-code"),
    ({**_square("ML0601"), "geometry": {"type": "Point", "coordinates": [0, 0]}},
     r"feature 1 \(ML0601\): geometry must be one of Polygon, MultiPolygon"),
    ({**_square("ML0601"), "geometry": {"type": "Polygon",
                                        "coordinates": [[[0, 0], [1, 1], [0, 0]]]}},
     r"feature 1 \(ML0601\), geometry: a ring needs at least 4"),
    ({**_square("ML0601"), "geometry": {"type": "Polygon", "coordinates": [
        [[16, 200], [17, 16], [17, 17], [16, 200]]]}},
     r"feature 1 \(ML0601\), geometry: \[16, 200\] is not longitude, latitude"),
])
def test_a_bad_feature_names_file_feature_and_field(tmp_path: Path, feature: dict,
                                                    message: str) -> None:
    from vitalcore.classify.boundaries import read_boundaries

    with pytest.raises(ValueError, match=r"b\.geojson, " + message):
        read_boundaries(_write(tmp_path, [feature]))


def test_the_pcode_field_can_be_named(tmp_path: Path) -> None:
    from vitalcore.classify.boundaries import read_boundaries

    path = _write(tmp_path, [_square("ml0601", field="code")])
    with pytest.raises(ValueError, match="--pcode-field"):
        read_boundaries(path)
    assert [b.pcode for b in read_boundaries(path, pcode_field="code")] == ["ML0601"]


def test_the_cli_imports_boundaries(db_url: str) -> None:
    engine = workflow.open(db_url)
    _areas(engine)
    result = runner.invoke(app, ["boundaries", str(FIXTURE), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "boundaries: 8 areas from boundaries.geojson" in result.output
    assert len(store.list_boundaries(engine)) == 8
    missing = runner.invoke(app, ["boundaries", "nowhere.geojson", "--db", db_url])
    assert missing.exit_code != 0 and "no such file" in missing.output
