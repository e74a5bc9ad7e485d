"""Parity of each translation with its English page (gate 1).

A translation keeps every heading id of the English page (translated headings carry the
English id with `{#id}`, so links and anchors work across languages), the same number of
links, tables, code blocks and notes, the same internal link targets, and the same values
for the front matter fields that are not translated (those the schema does not mark
`x-translatable`).

These are errors for a translation that claims to be current (its recorded source hash is
today's English hash). For an outdated translation (the English page changed since) they are
warnings naming the English sections that changed: English authors never have to wait for, or
edit, the translations.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scripts.checks.findings import WARNING, Finding
from scripts.content import frontmatter, languages, mdstructure, schema, sourcefile, translations

RULES = ["parity-heading", "parity-structure", "parity-links", "parity-front-matter"]


def translatable(kind: str) -> frozenset[str]:
    """The front matter fields of a page type that translations translate (and their provenance)."""
    return translations.translatable(kind) | {"translation"}


def _label(path: Path) -> str:
    return sourcefile.label(path)


def _neighbours(
    heading: mdstructure.Heading, en: list[mdstructure.Heading], tr: list[mdstructure.Heading]
) -> tuple[int, int]:
    """The span of translated headings between the nearest English neighbours the translation kept."""
    where = {h.id: n for n, h in enumerate(tr)}
    at = en.index(heading)
    before = next((where[h.id] for h in reversed(en[:at]) if h.id in where), -1)
    after = next((where[h.id] for h in en[at + 1 :] if h.id in where), len(tr))
    return before, after


def _counterpart(
    heading: mdstructure.Heading, en: list[mdstructure.Heading], tr: list[mdstructure.Heading]
) -> mdstructure.Heading | None:
    """The translated heading in the English heading's place: between the same kept neighbours,
    with an id the English page does not have. None when the heading was dropped."""
    english_ids = {h.id for h in en}
    before, after = _neighbours(heading, en, tr)
    candidates = [h for h in tr[before + 1 : after] if h.id not in english_ids]
    lost_here = [h for h in en if h.id not in {t.id for t in tr}]
    lost_between = [h for h in lost_here if _neighbours(h, en, tr) == (before, after)]
    # Pair the n-th lost English heading of a span with the n-th unmatched translated heading.
    position = lost_between.index(heading)
    return candidates[position] if position < len(candidates) else None


def _next_kept(
    heading: mdstructure.Heading, en: list[mdstructure.Heading], tr: list[mdstructure.Heading]
) -> mdstructure.Heading | None:
    """The translated heading a dropped heading belongs before: that of its next kept English neighbour."""
    _, after = _neighbours(heading, en, tr)
    return tr[after] if after < len(tr) else None


def check_pair(source: Path, target: Path, rel: str) -> list[Finding]:
    """Findings for one translation against its English page: errors if the translation claims
    to be current, warnings naming the changed English sections if it is outdated."""
    found = compare_pair(source, target, rel)
    if not found:
        return found
    try:
        state = translations.state(target)
    except (translations.ProvenanceError, frontmatter.FrontMatterError):
        return found  # the front matter check reports it; parity stays strict
    if not state.outdated:
        return found
    label = _label(target)
    changes = state.changes
    if changes.known:
        what = "; ".join(
            f"{name} {', '.join(ids)}"
            for name, ids in (("added", changes.added), ("edited", changes.edited), ("removed", changes.removed))
            if ids
        )
        note = f" (outdated: English sections {what or 'unchanged apart from whitespace'})"
    else:
        note = " (outdated: the English page changed since this translation)"
    page = rel
    code = label.split("/")[1]
    fix = (
        f"; or leave it: the translation is outdated, update it later with "
        f"`python -m scripts translation diff {code} {page}` then `translation mark-current {code} {page}`"
    )
    return [replace(f, severity=WARNING, message=f.message + note, fix=f.fix + fix) for f in found]


def compare_pair(source: Path, target: Path, rel: str) -> list[Finding]:
    """Every difference of structure between a translation and its English page."""
    label, en_label = _label(target), _label(source)
    try:
        en_page, page = frontmatter.read(source), frontmatter.read(target)
    except frontmatter.FrontMatterError:
        return []  # reported by the front matter check
    en, tr = mdstructure.read_structure(en_page), mdstructure.read_structure(page)
    out: list[Finding] = []
    ids = {h.id for h in tr.headings}
    for heading in en.headings:
        if heading.id in ids:
            continue
        same_place = _counterpart(heading, en.headings, tr.headings)
        following = None if same_place else _next_kept(heading, en.headings, tr.headings)
        if same_place:
            fix = f"add {{#{heading.id}}} at the end of the translated heading '{same_place.text}'"
        else:
            fix = f"translate the English heading '{heading.text}', end it with {{#{heading.id}}}, and put it " + (
                f"before the heading '{following.text}'" if following else "after the last heading"
            )
        out.append(
            Finding(
                "parity-heading",
                label,
                (same_place or following).line if (same_place or following) else None,
                f"heading id '{heading.id}' of the English page ({en_label}:{heading.line}, "
                f"'{heading.text}') is missing",
                fix,
            )
        )
    for name, en_items, tr_items in [
        ("links", en.links, tr.links),
        ("tables", en.tables, tr.tables),
        ("code blocks", en.code_blocks, tr.code_blocks),
        ("notes (admonitions)", en.admonitions, tr.admonitions),
    ]:
        if len(en_items) != len(tr_items):
            first_line = (
                tr_items[0][1] if tr_items and isinstance(tr_items[0], tuple) else (tr_items[0] if tr_items else None)
            )
            out.append(
                Finding(
                    "parity-structure",
                    label,
                    first_line,
                    f"{len(tr_items)} {name}, the English page has {len(en_items)}",
                    f"keep every one of the English page's {name} ({en_label}), in the same order",
                )
            )
    missing = en.internal_targets() - tr.internal_targets()
    extra = tr.internal_targets() - en.internal_targets()
    for target_path in sorted(missing):
        out.append(
            Finding(
                "parity-links",
                label,
                None,
                f"no link to '{target_path}', which the English page links to",
                "keep the English link target unchanged (it leads to the page in your language)",
            )
        )
    for target_path in sorted(extra):
        line = next((n for t, n in tr.links if t.split("#")[0] == target_path), None)
        out.append(
            Finding(
                "parity-links",
                label,
                line,
                f"link to '{target_path}', which the English page does not have",
                "link to the same pages as the English page",
            )
        )
    kind = schema.page_type(rel)
    keep = translatable(kind)
    for name in sorted((set(en_page.meta) | set(page.meta)) - keep):
        if schema.jsonable(en_page.meta.get(name)) != schema.jsonable(page.meta.get(name)):
            out.append(
                Finding(
                    "parity-front-matter",
                    label,
                    schema.field_line(page, name),
                    f"front matter field '{name}' is {page.meta.get(name)!r}; "
                    f"the English page has {en_page.meta.get(name)!r}",
                    f"copy '{name}' unchanged from {en_label}; "
                    f"only {', '.join(sorted(keep - {'translation'}))} are translated",
                )
            )
    return out


def run(codes: set[str] | None = None) -> list[Finding]:
    """Parity findings for every translated page (of the given languages) that has an English source."""
    out = []
    english = languages.default().docs_dir
    for lang in languages.languages()[1:]:
        if codes is not None and lang.code not in codes:
            continue
        for target in sorted(lang.docs_dir.rglob("*.md")):
            rel = target.relative_to(lang.docs_dir).as_posix()
            if (english / rel).is_file():
                out += check_pair(english / rel, target, rel)
    return out
