"""Word segmentation for languages written without spaces (Chinese, Japanese, Thai).

The search index is segmented at build time: words are separated by U+200B (zero-width
space), which the language's search separator splits on, so the browser needs no segmenter
(Material's Thai segmenter alone weighs 677 KB).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

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
        return _japanese().tokenize
    if code == "th":
        # newmm itself, not through word_tokenize: the wrapper's checks and clean-ups cost three
        # times the segmentation on the short runs of Thai letters given here (same words).
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize.newmm import segment as newmm

        words = ThaiWords(thai_words())
        return lambda text: newmm(text, custom_dict=words)  # type: ignore[arg-type]
    raise KeyError(code)


def _japanese() -> Any:
    """TinySegmenter with its two lookups made cheap: the same words in about 60 % of the time.

    Its character classes are six regular expressions tried on each character; here each
    character is classified once. Its feature weights are read with one dict lookup, not two.
    """
    import tinysegmenter

    class Segmenter(tinysegmenter.TinySegmenter):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self._kinds: dict[str, str] = {}

        def _ctype(self, char: str) -> str:
            kind = self._kinds.get(char)
            if kind is None:
                kind = self._kinds[char] = super()._ctype(char)
            return kind

        def _ts(self, weights: dict[str, int], key: str) -> int:
            return weights.get(key, 0)

    return Segmenter()


class ThaiWords:
    """Thai's word list as newmm reads it (its `prefixes`), from two sets.

    pythainlp's own trie gives the same words but takes three times as long to build (about
    half a second of the Thai build) as these sets.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        # Every proper beginning of a word: a longer piece of text can still be one.
        self.stems = frozenset(w[:i] for w in self.words for i in range(1, len(w)))

    def __len__(self) -> int:
        return len(self.words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words of the list that text holds at start, shortest first."""
        found = []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in self.words:
                found.append(piece)
            if piece not in self.stems:
                break
        return found


def needs_segmentation(code: str) -> bool:
    """Whether text in this language is segmented at build time."""
    return code in _RUNS


def segment(code: str, text: str) -> str:
    """Return text with the words of the language's script separated by U+200B."""
    text = text.replace(ZWSP, "")
    if code not in _RUNS:
        return text
    return _RUNS[code].sub(lambda match: _cut(code, match.group(0)), text).strip(ZWSP)


# Titles, headings and repeated phrases are cut once (bounded: the preview's process lives on).
@functools.lru_cache(maxsize=1 << 16)
def _cut(code: str, run: str) -> str:
    """One run of the language's script, its words surrounded by U+200B."""
    return ZWSP + ZWSP.join(w for w in _segmenter(code)(run) if w.strip()) + ZWSP
