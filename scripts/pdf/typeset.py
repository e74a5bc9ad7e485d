"""Line breaking that WeasyPrint 70 does not do by itself, made explicit in the print document.

WeasyPrint ignores `word-break: keep-all` (only `break-all` is implemented) and lets Pango
break Korean between any two syllables. Korean is written with spaces between words, and the
web page keeps those words whole; so the print document glues the characters of each Korean
word with U+2060 WORD JOINER, which Pango honours and which leaves no trace in the text layer.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

WORD_JOINER = "\u2060"
HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
# Where a line may still break inside a run of letters: after a hyphen, a dash or a slash.
BREAK_AFTER = "-/\u2010\u2013\u2014"
# Between two non-space characters of which one is Hangul, unless the first allows a break.
_INSIDE_WORD = re.compile(
    rf"(?<=[^\s{re.escape(BREAK_AFTER)}{WORD_JOINER}])(?=[{HANGUL}])|(?<=[{HANGUL}])(?=[^\s{WORD_JOINER}])"
)
KEEP_WORDS = {"ko"}
# Text there is not typeset on the page (or must stay byte for byte).
_SKIP = {"style", "script", "title", "head", "code", "pre"}


def keep_words(text: str) -> str:
    """Korean words glued together: a line may break only at a space (or after a dash/slash)."""
    return _INSIDE_WORD.sub(WORD_JOINER, text)


def _skipped(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _SKIP:
            return True
        parent = parent.parent
    return False


def _glued(text: str, before: str, after: str) -> str:
    """`text` with joiners inside its words and at its end (the next text may go on the word).

    A word may span several elements (`<a>word</a>ending`): the neighbouring characters are
    part of the match, and a joiner between two nodes goes at the end of the first.
    """
    out = keep_words(before + text + after)
    out = out[len(before) :]
    if out.startswith(WORD_JOINER) and not text.startswith(WORD_JOINER):
        out = out[1:]  # the previous node has put it at its end
    return out[: -len(after)] if after else out


def finish(html: str, lang: str) -> str:
    """The print document with its language's line breaking made explicit where needed."""
    if lang.split("-")[0] not in KEEP_WORDS:
        return html
    tree = LexborHTMLParser(html)
    if tree.body is None:
        return html
    # Text outside the typeset flow separates words like a space.
    nodes = [n for n in tree.body.traverse(include_text=True) if n.is_text_node]
    texts = [" " if _skipped(n) else (n.text_content or "") for n in nodes]
    for i, node in enumerate(nodes):
        text = texts[i]
        if not text.strip() or not re.search(f"[{HANGUL}]", "".join(texts[max(i - 1, 0) : i + 2])) or _skipped(node):
            continue
        before = texts[i - 1][-1:] if i and texts[i - 1] else " "
        after = texts[i + 1][:1] if i + 1 < len(texts) and texts[i + 1] else " "
        node.replace_with(_glued(text, before, after))
    return tree.html or html
