"""Material's search plugin: the project's segmentation, and a faster reader of its sections.

Material's plugin cuts every run of Han characters, in every language, with jieba. The
post-build step (scripts/postbuild/search.py) removes those breaks and segments Chinese,
Japanese and Thai itself with each language's own segmenter, so Material's pass was thrown
away: about a tenth of each language's build, and jieba's dictionary (a second to load, tens
of MB) in every language process.

Material's section parser (one section per heading) is replaced by one that gives the same
sections in less than half the time (scripts/build/searchsections.py).
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from typing import Any

from material.plugins.search import plugin as material_search

from scripts.build import searchsections


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    """Turn off Material's Chinese segmentation and read sections with the faster parser (the
    same every time: safe once per language)."""
    material_search.jieba = None
    material_search.Parser = searchsections.SectionParser
