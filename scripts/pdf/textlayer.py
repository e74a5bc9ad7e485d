"""A PDF's text layer, read once with pikepdf for every check that needs it.

Each piece of text a page draws (one Tj or TJ) becomes a `TextRun`: its text through the
font's ToUnicode map, its baseline and its size in points. That is what the PDF gate reads
line by line (footnote markers, Korean word breaks, CJK line starts) and, joined, what the
public-address gate searches. qpdf parses the content streams (C++), so this costs a fraction
of a pure-Python extractor (pypdf) or a second extraction by another tool (pdftotext).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pikepdf

# The operators that move text or the transformation, or draw text; the rest are skipped by qpdf.
_OPERATORS = "q Q cm BT Tf Tm Td TD T* TL Tj TJ ' \" Do"
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
# An empty destination (`<003b> <>`: a glyph that stands for no character, as WeasyPrint writes
# for parts of Thai clusters) is a pair too.
_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])")
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class TextRun:
    """A piece of text drawn on a page: what it says, where its baseline is, and how big."""

    text: str
    y: float
    size: float


@dataclass(frozen=True)
class _Font:
    chars: dict[bytes, str]
    width: int  # bytes per character code


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def to_unicode(cmap: bytes) -> dict[bytes, str]:
    """A ToUnicode CMap's bfchar and bfrange entries, as character code -> text."""
    out: dict[bytes, str] = {}
    for block in _BFCHAR.findall(cmap):
        for code, text in _PAIR.findall(block):
            out[bytes.fromhex(code.decode())] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for low, high, target in _RANGE.findall(block):
            size, first, last = len(low) // 2, int(low, 16), int(high, 16)
            if target.startswith(b"["):
                texts = [_utf16(t) for t in _HEX.findall(target)]
                for code, text in zip(range(first, last + 1), texts, strict=False):
                    out[code.to_bytes(size, "big")] = text
                continue
            start = bytes.fromhex(target[1:-1].decode())
            base = int.from_bytes(start, "big")
            for offset, code in enumerate(range(first, last + 1)):
                text = (base + offset).to_bytes(len(start), "big").decode("utf-16-be", errors="replace")
                out[code.to_bytes(size, "big")] = text
    return out


def _font(font: pikepdf.Object) -> _Font:
    cmap = font.get("/ToUnicode")
    chars = to_unicode(bytes(cmap.read_bytes())) if isinstance(cmap, pikepdf.Stream) else {}
    return _Font(chars, 2 if font.get("/Subtype") == "/Type0" else 1)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _decode(items: list[object], font: _Font | None) -> str:
    out: list[str] = []
    for item in items:
        if not isinstance(item, pikepdf.String):
            continue  # a TJ position adjustment
        raw = bytes(item)
        if font is None or not font.chars:
            # No ToUnicode map: single-byte codes read as Latin-1 (a simple font's ASCII).
            out.append(raw.decode("latin-1") if font is None or font.width == 1 else "\ufffd" * (len(raw) // 2))
            continue
        w, chars = font.width, font.chars
        out.extend(chars.get(raw[i : i + w], "\ufffd") for i in range(0, len(raw), w))
    return "".join(out)


class _Reader:
    """Walks content streams; fonts are read once per document (pages share them)."""

    def __init__(self) -> None:
        self.fonts: dict[tuple[int, int], _Font] = {}

    def font(self, resources: pikepdf.Object, name: object) -> _Font | None:
        font = (resources.get("/Font") or {}).get(name)
        if not isinstance(font, pikepdf.Dictionary):
            return None
        if font.objgen == (0, 0):  # a direct object has no number to key it by
            return _font(font)
        if font.objgen not in self.fonts:
            self.fonts[font.objgen] = _font(font)
        return self.fonts[font.objgen]

    def walk(
        self, stream: pikepdf.Page | pikepdf.Object, resources: pikepdf.Object, cm: Matrix, out: list[TextRun]
    ) -> None:
        stack: list[tuple[Matrix, _Font | None, float, float]] = []
        tm = line = _IDENTITY
        font: _Font | None = None
        size = leading = 0.0
        for operands, operator in pikepdf.parse_content_stream(stream, _OPERATORS):
            op = str(operator)
            if op in {"Tj", "TJ", "'", '"'}:
                if op in {"'", '"'}:
                    line = tm = (*line[:4], line[4] - leading * line[2], line[5] - leading * line[3])
                text = _decode(list(operands[0]) if op == "TJ" else [operands[-1]], font)
                if text.strip():
                    # The text matrix times the CTM: its determinant scales the font size to points.
                    a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                    c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    out.append(TextRun(text.replace("\n", ""), y, size * math.sqrt(abs(a * d - b * c))))
            elif op == "Tm":
                line = tm = tuple(float(x) for x in operands[:6])  # type: ignore[assignment]
            elif op in {"Td", "TD"}:
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    leading = -ty
                line = tm = (*line[:4], line[4] + tx * line[0] + ty * line[2], line[5] + tx * line[1] + ty * line[3])
            elif op == "T*":
                line = tm = (*line[:4], line[4] - leading * line[2], line[5] - leading * line[3])
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Tf":
                font, size = self.font(resources, operands[0]), float(operands[1])
            elif op == "BT":
                line = tm = _IDENTITY
            elif op == "q":
                stack.append((cm, font, size, leading))
            elif op == "Q" and stack:
                cm, font, size, leading = stack.pop()
            elif op == "cm":
                cm = _multiply(tuple(float(x) for x in operands[:6]), cm)  # type: ignore[arg-type]
            elif op == "Do":
                form = (resources.get("/XObject") or {}).get(operands[0])
                if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                    matrix = tuple(float(x) for x in form.get("/Matrix", _IDENTITY))
                    self.walk(form, form.get("/Resources", resources), _multiply(matrix, cm), out)  # type: ignore[arg-type]


def _resources(page: pikepdf.Page) -> pikepdf.Object:
    """A page's resources, its own or inherited from the page tree."""
    node: pikepdf.Object | None = page.obj
    while isinstance(node, pikepdf.Dictionary):
        if "/Resources" in node:
            return node.Resources
        node = node.get("/Parent")
    return pikepdf.Dictionary()


def pages(pdf: pikepdf.Pdf) -> list[list[TextRun]]:
    """Every page's text runs, in drawing order."""
    reader, out = _Reader(), []
    for page in pdf.pages:
        runs: list[TextRun] = []
        reader.walk(page, _resources(page), _IDENTITY, runs)
        out.append(runs)
    return out


def text(pages_runs: list[list[TextRun]]) -> str:
    """The document's text: runs on one baseline joined, a new line where the baseline moves."""
    lines: list[str] = []
    for runs in pages_runs:
        previous: TextRun | None = None
        for run in runs:
            if previous is not None and abs(run.y - previous.y) <= 0.2 * run.size:
                lines[-1] += run.text
            else:
                lines.append(run.text)
            previous = run
        lines.append("\f")  # a page break, as pdftotext writes it
    return "\n".join(lines)
