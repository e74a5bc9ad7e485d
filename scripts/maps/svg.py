"""Static, accessible SVG figures for the roundtables index: a map and a timeline.

No tiles, no script: plain SVG written at build time, with a <title> and a <desc>, and one
marker per country (map) or per roundtable (timeline), each with its own <title>. The page
shows a table beside each figure carrying the same information.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

DATA = Path(__file__).resolve().parent / "asia-pacific.json"
SVG = "http://www.w3.org/2000/svg"
WIDTH = 720


@dataclass(frozen=True)
class MapMarker:
    """A country to mark, with its number in the table and its accessible label."""

    country: str
    number: int
    label: str


@dataclass(frozen=True)
class TimelineMarker:
    """A roundtable on the timeline."""

    number: int
    label: str
    year: float | None  # fractional year of its date; None when the date is unconfirmed
    ongoing: bool = False


@functools.cache
def _outlines() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _projection() -> tuple[float, float, float, float]:
    w = _outlines()["window"]
    scale = WIDTH / (w["east"] - w["west"])
    return w["west"], w["north"], scale, (w["north"] - w["south"]) * scale


def _xy(lon: float, lat: float) -> tuple[float, float]:
    west, north, scale, _ = _projection()
    return round((lon - west) * scale, 1), round((north - lat) * scale, 1)


def centroid(country: str) -> tuple[float, float]:
    """Where a country's marker goes: the area centroid of its largest outline, in lon/lat."""
    rings = _outlines()["countries"][country]

    def area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
        if len(ring) < 3:
            return 0.0, ring[0][0], ring[0][1]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        if abs(a) < 1e-9:
            return 0.0, ring[0][0], ring[0][1]
        return abs(a) / 2, cx / (3 * a), cy / (3 * a)

    best = max((area_centroid(r) for r in rings), key=lambda t: t[0])
    return best[1], best[2]


def _root(width: float, height: float, title: str, desc: str, id_prefix: str) -> ET.Element:
    ET.register_namespace("", SVG)
    root = ET.Element(
        f"{{{SVG}}}svg",
        {
            "viewBox": f"0 0 {width:g} {height:g}",
            "role": "img",
            "class": f"figure-{id_prefix}",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
        },
    )
    ET.SubElement(root, f"{{{SVG}}}title", id=f"{id_prefix}-title").text = title
    ET.SubElement(root, f"{{{SVG}}}desc", id=f"{id_prefix}-desc").text = desc
    return root


def _marker(parent: ET.Element, x: float, y: float, number: int, label: str, kind: str) -> None:
    group = ET.SubElement(parent, f"{{{SVG}}}g", {"class": f"marker marker--{kind}", "data-number": str(number)})
    ET.SubElement(group, f"{{{SVG}}}title").text = label
    ET.SubElement(group, f"{{{SVG}}}circle", cx=f"{x:g}", cy=f"{y:g}", r="9")
    text = ET.SubElement(
        group, f"{{{SVG}}}text", {"x": f"{x:g}", "y": f"{y + 3.5:g}", "text-anchor": "middle", "aria-hidden": "true"}
    )
    text.text = str(number)


def region_map(markers: list[MapMarker], title: str, desc: str) -> str:
    """The Asia-Pacific map with one numbered marker per country."""
    _, _, _, height = _projection()
    root = _root(WIDTH, round(height, 1), title, desc, "roundtable-map")
    marked = {m.country for m in markers}
    land = ET.SubElement(root, f"{{{SVG}}}g", {"class": "land", "aria-hidden": "true"})
    for country, rings in _outlines()["countries"].items():
        d = " ".join(
            "M" + " L".join(f"{x:g},{y:g}" for x, y in (_xy(lon, lat) for lon, lat in ring)) + " Z"
            for ring in rings
            if len(ring) >= 3
        )
        if d:
            ET.SubElement(
                land, f"{{{SVG}}}path", {"d": d, "class": "country country--marked" if country in marked else "country"}
            )
    points = ET.SubElement(root, f"{{{SVG}}}g", {"class": "markers"})
    for m in markers:
        _marker(points, *_xy(*centroid(m.country)), m.number, m.label, "country")
    return ET.tostring(root, encoding="unicode")


def timeline(markers: list[TimelineMarker], title: str, desc: str, unconfirmed_label: str) -> str:
    """A horizontal timeline, one numbered marker per roundtable; undated ones in their own lane."""
    dated = [m for m in markers if m.year is not None]
    first = int(min(m.year for m in dated)) if dated else 2013
    last = int(max(m.year for m in dated)) + 1 if dated else first + 1
    undated = [m for m in markers if m.year is None]
    left, right = 30, WIDTH - (150 if undated else 30)
    height = 110
    root = _root(WIDTH, height, title, desc, "roundtable-timeline")
    axis = ET.SubElement(root, f"{{{SVG}}}g", {"class": "axis", "aria-hidden": "true"})
    ET.SubElement(axis, f"{{{SVG}}}line", x1=str(left), y1="70", x2=str(right), y2="70")

    def x_of(year: float) -> float:
        return round(left + (year - first) / (last - first) * (right - left), 1)

    for year in range(first, last + 1):
        ET.SubElement(axis, f"{{{SVG}}}line", x1=f"{x_of(year):g}", y1="65", x2=f"{x_of(year):g}", y2="75")
        label = ET.SubElement(axis, f"{{{SVG}}}text", {"x": f"{x_of(year):g}", "y": "92", "text-anchor": "middle"})
        label.text = str(year)
    points = ET.SubElement(root, f"{{{SVG}}}g", {"class": "markers"})
    lanes: dict[float, int] = {}
    for m in dated:
        x = x_of(m.year or first)
        lane = lanes.get(round(x / 20), 0)
        lanes[round(x / 20)] = lane + 1
        y = 45 - lane * 22
        if m.ongoing:
            ET.SubElement(
                points,
                f"{{{SVG}}}line",
                {
                    "class": "ongoing",
                    "x1": f"{x:g}",
                    "y1": f"{y:g}",
                    "x2": f"{right:g}",
                    "y2": f"{y:g}",
                    "aria-hidden": "true",
                },
            )
        _marker(points, x, y, m.number, m.label, "roundtable")
    if undated:
        lane_x = right + 30
        note = ET.SubElement(root, f"{{{SVG}}}text", {"x": f"{lane_x - 10:g}", "y": "92", "class": "undated"})
        note.text = unconfirmed_label
        for i, m in enumerate(undated):
            _marker(points, lane_x + i * 26, 45, m.number, m.label, "roundtable")
    return ET.tostring(root, encoding="unicode")
