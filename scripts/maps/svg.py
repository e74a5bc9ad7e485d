"""Static, accessible SVG figures for the roundtables index: a map and a timeline.

No tiles, no script: plain SVG written at build time, with a <title> and a <desc>, and one
marker per country (map) or per roundtable (timeline), each with its own <title>. The map
names each marked country beside its marker, placed where it overlaps no other name or
marker. The page shows a table beside each figure carrying the same information.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from scripts.content import segment

DATA = Path(__file__).resolve().parent / "asia-pacific.json"
SVG = "http://www.w3.org/2000/svg"
WIDTH = 720
MARKER_RADIUS = 9
LABEL_SIZE = 18  # px in the map's own units; the map is 720 units wide, a phone shows it ~340 px wide
LABEL_MAX_WIDTH = 210  # longer names take two lines or more
LINE_HEIGHT = 1.3
Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class MapMarker:
    """A country to mark, with its number in the table and its accessible label."""

    country: str
    number: int
    label: str
    name: str = ""  # shown beside the marker, in the reader's language
    lang: str = "en"  # the language of the name (where its lines may break)


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


def _unwrap(lon: float) -> float:
    """The longitude nearest the window's centre: an outline crossing the 180° meridian
    (Russia, Fiji) stays one piece instead of jumping from one edge of the map to the other."""
    w = _outlines()["window"]
    centre = (w["west"] + w["east"]) / 2
    return (lon - centre + 180) % 360 + centre - 180


def _xy(lon: float, lat: float) -> tuple[float, float]:
    west, north, scale, _ = _projection()
    return round((_unwrap(lon) - west) * scale, 1), round((north - lat) * scale, 1)


def centroid(country: str) -> tuple[float, float]:
    """Where a country's marker goes: the area centroid of its largest outline, in lon/lat."""
    rings = [[[_unwrap(lon), lat] for lon, lat in ring] for ring in _outlines()["countries"][country]]

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
    ET.SubElement(group, f"{{{SVG}}}circle", cx=f"{x:g}", cy=f"{y:g}", r=str(MARKER_RADIUS))
    text = ET.SubElement(
        group, f"{{{SVG}}}text", {"x": f"{x:g}", "y": f"{y + 3.5:g}", "text-anchor": "middle", "aria-hidden": "true"}
    )
    text.text = str(number)


def text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width: wide (CJK) characters 1 em, combining marks
    (Thai vowels and tones) nothing, others 0.62 em."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.62
    return width * size


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_lines(name: str, lang: str) -> list[str]:
    """A name cut into balanced lines no wider than about LABEL_MAX_WIDTH, between words: CLDR
    names can be long (Thai "Hong Kong SAR China" has 37 letters). Chinese and Japanese may
    break between any two characters; Thai words come from scripts/content/segment.py."""
    if lang in ("zh", "ja"):
        tokens = list(name)
    else:
        chunks = segment.segment(lang, name).split(segment.ZWSP)
        tokens = [t for chunk in chunks for t in re.findall(r"\S+\s*", chunk)]
    total = text_width(name, LABEL_SIZE)
    count = max(1, math.ceil(total / LABEL_MAX_WIDTH))
    limit = total / count
    # Fill lines up to a limit, raised from an even share until the name takes `count` lines.
    while True:
        lines: list[str] = []
        line = ""
        for token in tokens:
            if line.strip() and text_width(line + token.rstrip(), LABEL_SIZE) > limit:
                lines.append(line.rstrip())
                line = ""
            line += token
        lines = [*lines, line.rstrip()] if line.strip() else lines
        if len(lines) <= count:
            return lines
        limit *= 1.05


def place_labels(
    points: list[tuple[float, float, list[str]]], width: float, height: float
) -> list[tuple[float, float, str]]:
    """(x, first baseline y, text-anchor) of each point's label: right, left, below or above
    its marker, the first position inside the map that overlaps no marker and no label placed
    before it (boxes padded, since scripts with marks above and below need taller lines)."""
    r, size, gap, pad = MARKER_RADIUS, LABEL_SIZE, 4, 3
    taken: list[Box] = [(x - r - pad, y - r - pad, x + r + pad, y + r + pad) for x, y, _ in points]
    placed = []
    for x, y, lines in points:
        w = max((text_width(line, size) for line in lines), default=0.0)
        h = max(len(lines), 1) * size * LINE_HEIGHT
        # (left, top) of the label's box and its anchor, for each candidate position.
        candidates = [
            (x + r + gap, y - h / 2, "start"),
            (x - r - gap - w, y - h / 2, "end"),
            (x - w / 2, y + r + gap, "middle"),
            (x - w / 2, y - r - gap - h, "middle"),
        ]
        boxes = [((left, top, left + w, top + h), left, top, anchor) for left, top, anchor in candidates]
        inside = [b for b in boxes if b[0][0] >= 0 and b[0][2] <= width and b[0][1] >= 0 and b[0][3] <= height]
        free = [b for b in inside if not any(_overlaps(b[0], box) for box in taken)]
        box, left, top, anchor = (free or inside or boxes)[0]
        taken.append((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
        lx = {"start": left, "end": left + w, "middle": left + w / 2}[anchor]
        # The first baseline sits at about 0.8 em below the top of a line box of LINE_HEIGHT.
        placed.append((round(lx, 1), round(top + size * (LINE_HEIGHT / 2 + 0.3), 1), anchor))
    return placed


def region_map(markers: list[MapMarker], title: str, desc: str) -> str:
    """The Asia-Pacific map with one numbered, named marker per country."""
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
    where = [_xy(*centroid(m.country)) for m in markers]
    for m, (x, y) in zip(markers, where, strict=True):
        _marker(points, x, y, m.number, m.label, "country")
    # Names after the markers, so that no marker covers a name; the markers' titles already
    # give them to assistive technology.
    names = ET.SubElement(root, f"{{{SVG}}}g", {"class": "map-labels", "aria-hidden": "true"})
    lines = [label_lines(m.name, m.lang) for m in markers]
    spots = place_labels([(x, y, ls) for ls, (x, y) in zip(lines, where, strict=True)], WIDTH, height)
    for name_lines, (lx, ly, anchor) in zip(lines, spots, strict=True):
        if not name_lines:
            continue
        label = ET.SubElement(names, f"{{{SVG}}}text", {"x": f"{lx:g}", "y": f"{ly:g}", "text-anchor": anchor})
        for i, line in enumerate(name_lines):
            dy = f"{LINE_HEIGHT:g}em" if i else "0"
            ET.SubElement(label, f"{{{SVG}}}tspan", {"x": f"{lx:g}", "dy": dy}).text = line
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
