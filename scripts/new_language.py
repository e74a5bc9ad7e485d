"""`python -m scripts new-language <code> <name>`: add a language to the site, end to end.

Adds the language to the one list in mkdocs.yml, creates its folder with its interface
strings (English values, to translate), and regenerates CODEOWNERS. Everything else (the
switcher, its 404 page, search index, sitemap, feed, translation status) follows from the list.
"""

from __future__ import annotations

import re
from importlib import resources

from babel import Locale, UnknownLocaleError

from scripts import codeowners, languages
from scripts.project import CONFIG_FILE, ROOT, mkdocs_config


class NewLanguageError(ValueError):
    """The language cannot be added; the message says why."""


def material_languages() -> set[str]:
    """Languages for which Material for MkDocs has interface strings."""
    folder = resources.files("material") / "templates" / "partials" / "languages"
    return {p.name.removesuffix(".html") for p in folder.iterdir() if p.name.endswith(".html")}


def add_language(code: str, name: str) -> list[str]:
    """Add the language; return the files written."""
    if code in languages.codes():
        raise NewLanguageError(f"'{code}' is already a language of the site")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", code):
        raise NewLanguageError(f"'{code}' is not a language code such as 'pt' or 'zh-Hant'")
    if code not in material_languages():
        raise NewLanguageError(f"Material for MkDocs has no interface strings for '{code}'")
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise NewLanguageError(f"CLDR (Babel) does not know the locale '{code}'") from None
    text = CONFIG_FILE.read_text(encoding="utf-8")
    entries = list(re.finditer(r"^(\s*)- locale: (\S+)\n(?:\1  \S.*\n)*", text, re.M))
    if not entries:
        raise NewLanguageError(f"{CONFIG_FILE.name}: the i18n plugin's languages list was not found")
    last, indent = entries[-1], entries[-1].group(1)
    entry = f"{indent}- locale: {code}\n{indent}  name: {name}\n"
    CONFIG_FILE.write_text(text[: last.end()] + entry + text[last.end() :], encoding="utf-8")
    mkdocs_config.cache_clear()
    languages.languages.cache_clear()
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
