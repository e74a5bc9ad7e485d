"""Reduce Natural Earth country outlines (npm package world-atlas 2, 50m) to the Asia-Pacific.

One-off maintenance tool; its output, scripts/maps/asia-pacific.json, is committed with
its licence note (scripts/maps/NATURAL-EARTH.md), so the build needs no network and no npm.
Run: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz &&
     python -m scripts.maps.reduce_world_atlas package/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel import Locale

# lon/lat window of the region drawn (Asia and the Pacific), in degrees.
WEST, EAST, SOUTH, NORTH = 65.0, 180.0, -48.0, 50.0
OUT = Path(__file__).resolve().parent / "asia-pacific.json"
# Points closer than this (degrees) to the previous kept point are dropped; rings smaller than
# MIN_SPAN are kept only as their first point (small islands still place a marker).
STEP = 0.6
MIN_SPAN = 0.3


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def _simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    if max(xs) - min(xs) < MIN_SPAN and max(ys) - min(ys) < MIN_SPAN:
        return [[round(sum(xs) / len(xs), 2), round(sum(ys) / len(ys), 2)]]
    kept = [ring[0]]
    for x, y in ring[1:]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= STEP:
            kept.append((x, y))
    return [[round(x, 1), round(y, 1)] for x, y in kept]


def main(path: str) -> int:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    english = {name: code for code, name in Locale("en").territories.items() if len(code) == 2}
    aliases = {
        "Russia": "RU",
        "South Korea": "KR",
        "North Korea": "KP",
        "Laos": "LA",
        "Vietnam": "VN",
        "Brunei": "BN",
        "Timor-Leste": "TL",
        "Myanmar": "MM",
        "Solomon Is.": "SB",
        "Fiji": "FJ",
        "New Caledonia": "NC",
        "Vanuatu": "VU",
        "Papua New Guinea": "PG",
        "Taiwan": "TW",
        "Dem. Rep. Korea": "KP",
        "Korea": "KR",
        "Lao PDR": "LA",
        "China": "CN",
        "Mongolia": "MN",
        "Kazakhstan": "KZ",
        "Kyrgyzstan": "KG",
        "Tajikistan": "TJ",
        "Afghanistan": "AF",
        "Pakistan": "PK",
        "India": "IN",
        "Nepal": "NP",
        "Bhutan": "BT",
        "Bangladesh": "BD",
        "Sri Lanka": "LK",
        "Uzbekistan": "UZ",
        "Turkmenistan": "TM",
        "Iran": "IR",
        "Oman": "OM",
        "Japan": "JP",
        "Hong Kong": "HK",
        "Macao": "MO",
        "Singapore": "SG",
        "Philippines": "PH",
        "Malaysia": "MY",
    }
    countries: dict[str, list[list[list[float]]]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name", "")
        code = aliases.get(name) or english.get(name)
        if not code or geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        rings = []
        for polygon in polygons:
            ring = _ring(polygon[0], arcs)  # outer ring only: holes are invisible at this scale
            if any(WEST <= x <= EAST and SOUTH <= y <= NORTH for x, y in ring):
                rings.append(_simplify(ring))
        if rings:
            countries[code] = rings
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries, version 4.1.0, via npm world-atlas 2.0.2 (simplified)",
        "window": {"west": WEST, "east": EAST, "south": SOUTH, "north": NORTH},
        "countries": dict(sorted(countries.items())),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
