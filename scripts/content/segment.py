"""Word segmentation for languages written without spaces (Chinese, Japanese, Thai).

The search index is segmented at build time: words are separated by U+200B (zero-width
space), which the language's search separator splits on, so the browser needs no segmenter
(Material's Thai segmenter alone weighs 677 KB).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable

ZWSP = "\u200b"

# Runs of the scripts each segmenter handles; everything else (Latin text, markup) is kept.
_RUNS = {
    "zh": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"),
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ー]+"),
    "th": re.compile(r"[\u0e00-\u0e7f]+"),
}


@functools.cache
def _segmenter(code: str) -> Callable[[str], list[str]]:
    if code == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return lambda text: list(jieba.cut(text))
    if code == "ja":
        import tinysegmenter

        return tinysegmenter.TinySegmenter().tokenize
    if code == "th":
        # newmm itself, not through word_tokenize: the wrapper's checks and clean-ups cost three
        # times the segmentation on the short runs of Thai letters given here (same words).
        from pythainlp.tokenize.newmm import segment as newmm

        return newmm
    raise KeyError(code)


def needs_segmentation(code: str) -> bool:
    """Whether text in this language is segmented at build time."""
    return code in _RUNS


def segment(code: str, text: str) -> str:
    """Return text with the words of the language's script separated by U+200B."""
    text = text.replace(ZWSP, "")
    if code not in _RUNS:
        return text
    cut = _segmenter(code)

    def replace(match: re.Match[str]) -> str:
        words = [w for w in cut(match.group(0)) if w.strip()]
        return ZWSP + ZWSP.join(words) + ZWSP

    return _RUNS[code].sub(replace, text).strip(ZWSP)
