"""Gate 1 for the indicator library: docs/en/indicators.yml and its translations.

Errors: a record against scripts/content/schemas/indicators.schema.json, an id used twice, an id that
was never issued, an issued id removed or renamed, a withdrawn id reused, sources that are
not footnotes of the paper, papers whose markers do not show exactly their indicators, a
translation that cannot be read or names an unknown id. Warnings: translated indicators whose
English text changed since (like an outdated page).
"""

from __future__ import annotations

from scripts.checks.findings import WARNING, Finding
from scripts.content import indicators, languages, sourcefile

RULE = "indicators"
RULES = [RULE]


def _finding(exc: indicators.IndicatorError) -> Finding:
    return Finding(RULE, exc.file, exc.line, exc.message, exc.fix)


def run(codes: set[str] | None = None) -> list[Finding]:
    """Every indicator finding (translations limited to `codes` when given)."""
    found = [_finding(e) for e in indicators.problems()]
    if found:
        return found  # translations are compared with an English library that must be valid first
    for lang in languages.languages()[1:]:
        if codes is not None and lang.code not in codes:
            continue
        problems = indicators.translation_problems(lang.code)
        found += [_finding(e) for e in problems]
        if problems:
            continue
        path = indicators.translation_path(lang.code)
        for ind_id in indicators.outdated(lang.code):
            found.append(
                Finding(
                    RULE,
                    path.relative_to(languages.default().docs_dir.parent.parent).as_posix(),
                    None,
                    f"{ind_id}: the English text changed since this translation was made",
                    f"update its translation, then run `python -m scripts indicators mark-current {lang.code}`",
                    WARNING,
                )
            )
        found += _marker_findings(lang)
    return found


def _marker_findings(lang: languages.Language) -> list[Finding]:
    """A translated paper's markers follow its English paper's (warnings: an outdated paper may lag)."""
    out = []
    english_dir = languages.default().docs_dir / "papers"
    for path in sorted((lang.docs_dir / "papers").glob("*.md")):
        source = english_dir / path.name
        if path.name == "index.md" or not source.is_file():
            continue
        mine = [ids for _, _, ids in indicators.markers(sourcefile.read_text(path))]
        theirs = [ids for _, _, ids in indicators.markers(sourcefile.read_text(source))]
        if mine != theirs:
            out.append(
                Finding(
                    RULE,
                    path.relative_to(lang.docs_dir.parent.parent).as_posix(),
                    None,
                    "its indicator markers differ from the English paper's",
                    f"copy the '<!-- hooks/indicators.py: ... -->' lines of docs/en/papers/{path.name}",
                    WARNING,
                )
            )
    return out
