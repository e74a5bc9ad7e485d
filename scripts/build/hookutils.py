"""Helpers shared by the MkDocs hooks in overrides/hooks/ (each runs once per language)."""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.built import htmlscan
from scripts.content import languages, snapshot
from scripts.project import OVERRIDES, ROOT

# Compiled templates, kept between builds and language processes, one folder per kind of
# environment: Jinja's key is the template's name and file, not the environment's settings, and
# the project's (autoescaping) would compile a file of overrides/ differently from the theme's.
THEME_BYTECODE = ROOT / ".cache" / "jinja-theme"
PROJECT_BYTECODE = ROOT / ".cache" / "jinja-project"


def content() -> snapshot.Snapshot:
    """The content snapshot (scripts/content/snapshot.py): hooks look sources up here, never on disk."""
    return snapshot.get()


@contextmanager
def content_errors() -> Iterator[None]:
    """A source the page needs is invalid: stop the build with the snapshot's message."""
    try:
        yield
    except snapshot.ContentError as exc:
        raise PluginError(str(exc)) from None


def page_entry(page: Page) -> snapshot.PageEntry | None:
    """What the snapshot knows of the page's source file."""
    return content().page(page.file.src_uri)


def built_language(config: MkDocsConfig) -> languages.Language:
    """The language being built (the i18n plugin sets the theme language for each build)."""
    return languages.get(str(config.theme["language"]))


def written_language(page: Page) -> languages.Language:
    """The language the page's source file is written in (its docs/<code>/ folder)."""
    return languages.get(str(getattr(page.file, "locale", languages.default().code)))


def source_path(page: Page) -> Path:
    """The Markdown file the page was built from."""
    return Path(page.file.abs_src_path or "")


def default_language_url(page: Page, config: MkDocsConfig) -> str:
    """The page's URL in the default language, relative to the page (for links)."""
    original = page.file.url.removeprefix(built_language(config).prefix)
    return get_relative_url(original or ".", page.url or ".")


def add_notice(context: dict[str, Any], kind: str, text: str, link: str, href: str, hreflang: str) -> None:
    """Queue a notice for the top of the page (rendered by overrides/main.html)."""
    context.setdefault("page_notices", []).append(
        {"kind": kind, "text": text, "link": link, "href": href, "hreflang": hreflang}
    )


def nav_with_section(nav: list[Any], folder: str, entries: list[str]) -> list[Any]:
    """The nav with `entries` listed right after `<folder>/index.md` (idempotent: same result if rerun)."""
    index = f"{folder}/index.md"
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({k: nav_with_section(v, folder, entries) if isinstance(v, list) else v for k, v in item.items()})
        elif isinstance(item, list):
            out.append(nav_with_section(item, folder, entries))
        else:
            out.append(item)
    if index in out:
        rest = [e for e in out if not (isinstance(e, str) and e.startswith(f"{folder}/"))]
        out = [index, *entries, *rest]
    return out


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of the process for the project's partials (hooks and post-build).

    Autoescaping on, so contributed values are escaped wherever they appear. The partials use
    only Jinja's own filters and no theme translations, so one environment serves every
    language build, and each template is compiled once for all of them (a bytecode cache of its
    own, as the theme's).
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(OVERRIDES),
        autoescape=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(PROJECT_BYTECODE),
    )


def render(config: MkDocsConfig | None, template: str, **context: Any) -> str:
    """Render one of the project's partials (overrides/partials/...) with autoescaping on.

    A value that is deliberately HTML (generated SVG, another rendered partial) must be passed
    as markupsafe.Markup. The result is a plain str: as Markup, `"</h1>" + html` would escape
    the "</h1>".
    """
    return str(environment().get_template(template).render(config=config, **context))


def escape_text(value: Any) -> Any:
    """A contributed string made safe for Material's templates, which print values unescaped.

    The result is Markup, so escaping it again (here or in an autoescaping template) keeps it
    as it is; non-strings pass through.
    """
    return escape(value) if isinstance(value, str) else value


_H1_END = re.compile(r"</h1>", re.I)


def insert_after_title(page: Page, html: str) -> None:
    """Put generated HTML (a header block) right after the page's <h1>."""
    page.content = _H1_END.sub(lambda m: m.group(0) + html, page.content or "", count=1)


def fill_markers(markdown: str, page: Page, hook: str, renderers: dict[str, Callable[[], str]]) -> str:
    """Replace `<!-- hooks/<hook>: <name> -->` markers with their renderer's output.

    The output is rendered here (a bad source stops the build at this page) but enters the page
    after Markdown (`put_generated`, from overrides/hooks/generated.py): it is finished HTML,
    and Python-Markdown parsed every generated table and map again as raw HTML, most of the
    Markdown time of the pages that have them. In the Markdown a placeholder holds its place.
    An unknown marker of this hook stops the build (a typo would otherwise show nothing).
    """
    pattern = re.compile(rf"<!-- hooks/{re.escape(hook)}: (\w+) -->")
    for match in pattern.finditer(markdown):
        if match.group(1) not in renderers:
            known = ", ".join(f"<!-- hooks/{hook}: {name} -->" for name in renderers)
            raise PluginError(f"{page.file.src_uri}: unknown marker '{match.group(0)}' (known: {known})")
    held = _GENERATED.setdefault(page.file.src_uri, {})

    def hold(match: re.Match[str]) -> str:
        # A token no source can guess: a contributor's comment never takes generated HTML.
        placeholder = f"<!-- generated {_TOKEN} {len(held)} -->"
        held[placeholder] = (match.group(0), renderers[match.group(1)]())
        return placeholder

    return pattern.sub(hold, markdown)


# Generated HTML between on_page_markdown and on_page_content, by page: placeholder -> (marker, HTML).
_GENERATED: dict[str, dict[str, tuple[str, str]]] = {}
_TOKEN = secrets.token_hex(8)


def forget_generated(page: Page) -> None:
    """Drop what an earlier pass over the page left (a preview build that failed after it)."""
    _GENERATED.pop(page.file.src_uri, None)


def put_generated(html: str, page: Page) -> str:
    """The page's HTML with each placeholder of `fill_markers` replaced by its generated HTML.

    The ids in it count as the page's anchors (MkDocs checks links to them as it does the ids
    of raw HTML). A marker that Markdown did not keep as a block of its own (inside a code
    block, say) stops the build.
    """
    held = _GENERATED.pop(page.file.src_uri, {})
    for placeholder, (marker, generated) in held.items():
        if placeholder not in html:
            raise PluginError(
                f"{page.file.src_uri}: the marker '{marker}' is not on a line of its own outside code "
                "(fix: put it alone on its own line, with blank lines around it)"
            )
        html = html.replace(placeholder, generated, 1)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(htmlscan.scan_html(generated.encode(), page.file.src_uri).ids)
    return html


def theme_bytecode_cache() -> jinja2.FileSystemBytecodeCache:
    """The cache of compiled theme templates, for an environment made by mkdocs.theme.Theme."""
    return _bytecode_cache(THEME_BYTECODE)


def _bytecode_cache(folder: Path) -> jinja2.FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
