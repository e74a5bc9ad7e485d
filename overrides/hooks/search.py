"""Material's search plugin leaves word segmentation to the project's post-build step.

Material's plugin cuts every run of Han characters, in every language, with jieba. The
post-build step (scripts/postbuild/search.py) removes those breaks and segments Chinese,
Japanese and Thai itself with each language's own segmenter, so Material's pass was thrown
away: about a tenth of each language's build, and jieba's dictionary (a second to load, tens
of MB) in every language process.
"""

from __future__ import annotations

from typing import Any

from material.plugins.search import plugin as material_search


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    """Turn off Material's Chinese segmentation (the same every time: safe once per language)."""
    material_search.jieba = None
