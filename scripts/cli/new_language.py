"""`python -m scripts new-language <code> <name>`: add a language to the site, end to end.

Adds the language to the one list in mkdocs.yml, creates its folder with its interface
strings (English values, to translate), and regenerates CODEOWNERS. Everything else (the
switcher, its 404 page, search index, sitemap, feed, translation status) follows from the list.
"""

from __future__ import annotations

import re
from importlib import resources

from babel import Locale, UnknownLocaleError

from scripts.cli import codeowners
from scripts.content import languages
from scripts.project import CONFIG_FILE, ROOT, mkdocs_config


class NewLanguageError(ValueError):
    """The language cannot be added; the message says why."""


def material_languages() -> set[str]:
    """Languages for which Material for MkDocs has interface strings."""
    folder = resources.files("material") / "templates" / "partials" / "languages"
    return {p.name.removesuffix(".html") for p in folder.iterdir() if p.name.endswith(".html")}


def code_problem(code: str) -> str | None:
    """Why the build cannot use this language code (None when it can), with the fix.

    The build passes the code as written to Material (its interface strings), to CLDR through
    Babel (dates, country and city names) and to the URL of the language's tree.
    """
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", code):
        return f"'{code}' is not a language code such as 'pt' or 'id'; use the ISO 639-1 code of the language"
    base = code.split("-")[0]
    try:
        Locale.parse(code)  # as dates.py and roundtables.py pass it
    except (UnknownLocaleError, ValueError):
        if base == code:
            return f"CLDR (Babel) does not know the language '{code}'; use its ISO 639-1 code"
        hint = f"; use '{base}'" if base in material_languages() else ""
        return (
            f"CLDR (Babel) cannot read the locale '{code}' as the build passes it (a region or script "
            f"variant such as 'pt-BR' or 'zh-Hant' is not supported){hint}"
        )
    if code not in material_languages():
        return f"Material for MkDocs has no interface strings for '{code}'"
    return None


def add_language(code: str, name: str) -> list[str]:
    """Add the language; return the files written."""
    if code in languages.codes():
        raise NewLanguageError(f"'{code}' is already a language of the site")
    problem = code_problem(code)
    if problem:
        raise NewLanguageError(problem)
    if not name.strip() or "\n" in name or ":" in name:
        raise NewLanguageError(f"{name!r} is not a language name; give the name in the language, e.g. Português")
    text = CONFIG_FILE.read_text(encoding="utf-8")
    entries = list(re.finditer(r"^(\s*)- locale: (\S+)\n(?:\1  \S.*\n)*", text, re.M))
    if not entries:
        raise NewLanguageError(f"{CONFIG_FILE.name}: the i18n plugin's languages list was not found")
    last, indent = entries[-1], entries[-1].group(1)
    entry = f"{indent}- locale: {code}\n{indent}  name: {name}\n"
    CONFIG_FILE.write_text(text[: last.end()] + entry + text[last.end() :], encoding="utf-8")
    mkdocs_config.cache_clear()
    folder = languages.get(code).docs_dir
    folder.mkdir(parents=True, exist_ok=True)
    english_ui = (languages.default().docs_dir / languages.UI_FILE).read_text(encoding="utf-8")
    header = (
        f"# Interface strings for {name} ({code}): the values below are still English.\n"
        "# Translate the values, never the keys.\n"
    )
    (folder / languages.UI_FILE).write_text(header + english_ui.split("\n", 2)[2], encoding="utf-8")
    codeowners.write()
    return [CONFIG_FILE.name, f"docs/{code}/{languages.UI_FILE}", codeowners.FILE.relative_to(ROOT).as_posix()]
