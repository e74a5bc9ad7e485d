"""Placeholders for the syntax a translator must not change.

Link and image targets, footnote references, inline code, HTML, autolinks and attribute
lists become numbered placeholders: `{1}` for one piece, `{1}…{/1}` around a link's or an
image's text (the text stays translatable, the target does not). A translated unit must carry
exactly the placeholders of its English unit and no markup of its own; `restore` checks both.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_ATOMS = re.compile(
    r"(?P<code>(`+)(?:(?!\2).)+?\2)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?:https?|mailto):[^<>\s]+>)"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<footnote>\[\^[^\]\s]+\])"
    r"|(?P<attributes>\{[^{}\n]*\})",
    re.S,
)
_LINK_END = re.compile(r"\]\((?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
TOKEN = re.compile(r"\{(/?)(\d+)\}")


class PlaceholderError(ValueError):
    """A translated unit's placeholders or markup differ from its English unit."""


@dataclass(frozen=True)
class Piece:
    """One protected piece of a unit: where it is, what it is and its raw text."""

    start: int
    end: int
    kind: str  # code, comment, autolink, html, footnote, attributes, link, image, link-end
    raw: str


def pieces(text: str) -> list[Piece]:
    """The protected pieces of a unit's text, in order (a link gives its opening and its end)."""
    found = [Piece(m.start(), m.end(), m.lastgroup or "", m.group(0)) for m in _ATOMS.finditer(text)]
    taken = [(p.start, p.end) for p in found]

    def free(i: int) -> bool:
        return not any(a <= i < b for a, b in taken)

    for m in _LINK_END.finditer(text):
        if not free(m.start()):
            continue
        depth, i = 0, m.start() - 1
        while i >= 0:
            if free(i) and text[i] == "]" and (i == 0 or text[i - 1] != "\\"):
                depth += 1
            elif free(i) and text[i] == "[" and (i == 0 or text[i - 1] != "\\"):
                if depth == 0:
                    break
                depth -= 1
            i -= 1
        if i < 0:
            continue
        image = i > 0 and text[i - 1] == "!" and free(i - 1)
        opener = Piece(
            i - 1 if image else i, i + 1, "image" if image else "link", text[i - 1 : i + 1] if image else "["
        )
        found += [opener, Piece(m.start(), m.end(), "link-end", m.group(0))]
        taken += [(opener.start, opener.end), (m.start(), m.end())]
    return sorted(found, key=lambda p: p.start)


@dataclass(frozen=True)
class Masked:
    """A unit's text with placeholders, and what each placeholder stands for."""

    text: str
    tokens: dict[str, str]  # "{1}" -> raw text
    notes: dict[str, str]  # "{1}" -> a description for the translator


def _describe(piece: Piece, end: Piece | None) -> str:
    if piece.kind in ("link", "image") and end is not None:
        target = end.raw[2:-1].strip()
        return f"{'image' if piece.kind == 'image' else 'link to'} {target}"
    return f"{piece.kind} {piece.raw}"


def mask(text: str) -> Masked:
    """Replace the protected pieces of `text` with numbered placeholders."""
    found = pieces(text)
    ends = {p.start: p for p in found if p.kind == "link-end"}
    # A link's end belongs to the nearest unmatched opening before it.
    pairs: dict[int, Piece] = {}
    open_stack: list[Piece] = []
    for p in found:
        if p.kind in ("link", "image"):
            open_stack.append(p)
        elif p.kind == "link-end" and open_stack:
            pairs[open_stack.pop().start] = p
    out, tokens, notes, last, number = [], {}, {}, 0, 0
    names: dict[int, str] = {}
    for p in found:
        out.append(text[last : p.start])
        if p.kind == "link-end":
            name = names[p.start]
        else:
            number += 1
            name = f"{{{number}}}"
            notes[name] = _describe(p, pairs.get(p.start))
            if p.start in pairs:
                end = pairs[p.start]
                names[end.start] = f"{{/{number}}}"
                notes[name] += f" (its text goes between {name} and {{/{number}}})"
        tokens[name] = p.raw
        out.append(name)
        last = p.end
    del ends
    out.append(text[last:])
    return Masked("".join(out), tokens, notes)


def restore(translated: str, english: Masked) -> str:
    """The translated text with its placeholders put back; PlaceholderError when it does not
    carry exactly the English placeholders, in a valid order, and no markup of its own."""
    used = Counter(m.group(0) for m in TOKEN.finditer(translated))
    unknown = sorted(t for t in used if t not in english.tokens)
    if unknown:
        raise PlaceholderError(
            f"placeholder {', '.join(unknown)} is not in the English text; use only "
            f"{', '.join(english.tokens) or 'no placeholders'}"
        )
    missing = [t for t in english.tokens if used[t] == 0]
    if missing:
        what = "; ".join(f"{t} = {english.notes.get(t, english.tokens[t])}" for t in missing)
        raise PlaceholderError(f"placeholder {', '.join(missing)} is missing ({what}); copy it from the source text")
    twice = [t for t, n in used.items() if n > 1]
    if twice:
        raise PlaceholderError(f"placeholder {', '.join(sorted(twice))} appears more than once; keep it once")
    for name in english.tokens:
        if name.startswith("{/") and translated.index(name) < translated.index("{" + name[2:]):
            raise PlaceholderError(f"{name} comes before {{{name[2:]}; keep the link text between them")
    restored = TOKEN.sub(lambda m: english.tokens[m.group(0)], translated)
    wanted = Counter((p.kind, p.raw) for p in pieces(TOKEN.sub(lambda m: english.tokens[m.group(0)], english.text)))
    got = Counter((p.kind, p.raw) for p in pieces(restored))
    extra = got - wanted
    if extra:
        kind, raw = next(iter(extra))
        raise PlaceholderError(
            f"the text adds markup the English has not ({kind} {raw!r}); links, code, HTML and "
            "footnotes come only from the placeholders: remove it"
        )
    if wanted - got:
        kind, raw = next(iter(wanted - got))
        raise PlaceholderError(
            f"a placeholder no longer makes its {kind} {raw!r}; keep the text around it as in the source"
        )
    return restored
