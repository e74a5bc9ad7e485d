"""PDF editions of every paper in every language it is translated into, after the site is built.

For each paper page that is written in its language (not an English fallback), the article is
taken from the built HTML, put in the print template with the paper's metadata, and rendered
in parallel across cores. Each PDF is cached by a hash of all its inputs (the print document,
stylesheet, XMP, fonts and WeasyPrint version), so an unchanged paper is not rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import multiprocessing.pool
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from scripts.build import workdir
from scripts.content import languages, papers, snapshot
from scripts.content.dates import long_date
from scripts.pdf import article, render
from scripts.project import ROOT

# Keys are hashes of every input, so one cache can serve several checkouts (the tests' copies).
CACHE = Path(os.environ.get("SITE_PDF_CACHE") or ROOT / ".cache" / "pdf")
FONT_FAMILIES = ("Noto Sans", "Noto Sans CJK", "Noto Sans Thai")


@dataclass(frozen=True)
class Edition:
    """One PDF to make: which paper, which language, where it goes, and its print document."""

    paper_id: str
    code: str
    file: str  # path from the site root
    html: str | None  # None: not made, as its PDF is cached (plan)
    key: str


def pdf_path(paper_id: str, code: str) -> str:
    """Where a paper's PDF edition in a language is published, from the site root."""
    return f"{languages.get(code).prefix}{papers.FOLDER}/{paper_id}/{paper_id}-{code}.pdf"


@functools.cache
def inputs_signature() -> str:
    """Everything besides the document that shapes a PDF: renderer, stylesheet, XMP, fonts, WeasyPrint."""
    # The version from the package's metadata: importing WeasyPrint takes most of a second,
    # and a build whose PDFs are all cached never needs it.
    from importlib.metadata import version

    fonts = subprocess.run(
        ["fc-list", "--format", "%{family[0]}|%{file}|%{fontversion}\n"], capture_output=True, text=True, check=False
    ).stdout
    used = sorted(line for line in fonts.splitlines() if line.startswith(FONT_FAMILIES))
    digest = hashlib.sha256()
    for part in (
        Path(render.__file__).read_bytes(),  # how the PDF is written (its metadata, for one)
        render.STYLESHEET.read_bytes(),
        render.XMP.read_bytes(),
        version("weasyprint").encode(),
        "\n".join(used).encode(),
    ):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def page_counter_css(fmt: str) -> str:
    """A CSS `content` value for a localised 'Page {page} of {pages}' format."""
    parts = re.split(r"(\{page\}|\{pages\})", fmt)
    tokens = []
    for part in parts:
        if part == "{page}":
            tokens.append("counter(page)")
        elif part == "{pages}":
            tokens.append("counter(pages)")
        elif part:
            tokens.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(tokens)


def _moment(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


APPENDIX_ID = "indicator-appendix"


def indicator_appendix(ui: dict[str, Any], code: str, paper_id: str) -> list[dict[str, str]]:
    """The rows of a paper's appendix table: its indicators with ids, in the language of the edition."""
    content = snapshot.get()
    shown = {s.english.id: s for s in content.shown_indicators(code)}
    mine = {i.id for i in content.indicator_library().for_paper(paper_id)}
    source = content.page(f"{languages.default().code}/{papers.FOLDER}/{paper_id}.md")
    # In the order the paper shows them.
    ordered = [i for i in (source.indicator_ids if source else ()) if i in mine]
    return [
        {
            "id": i,
            "statement": shown[i].statement,
            "lang": shown[i].statement_lang,
            "stage": ui["indicators"]["stages"][shown[i].english.stage],
        }
        for i in ordered
    ]


def appendix_toc(ui: dict[str, Any], code: str, paper_id: str) -> list[dict[str, str | int]]:
    """The appendix's entry in the contents, when the paper has indicators."""
    if not snapshot.get().indicator_library().for_paper(paper_id):
        return []
    return [{"level": 2, "id": APPENDIX_ID, "text": ui["indicators"]["appendix"]}]


def print_document(site: Path, site_url: str, paper_id: str, code: str) -> str:
    """The print document of one edition: the article of its built page in the print template."""
    content = snapshot.get()
    versions = content.paper_versions(paper_id)
    english, version = versions[languages.default().code], versions[code]
    lang = languages.get(code)
    page_url = urljoin(site_url, version.url)
    art = article.extract((site / version.url / "index.html").read_bytes(), page_url)
    ui = content.strings(code)
    entry = content.page(f"{code}/{papers.FOLDER}/{english.id}.md")
    # The translation's state as worked out once (translations.state, in the snapshot).
    state = entry.translation if entry else None
    if code == languages.default().code:
        note = ui["pdf"]["english_original"]
    elif state and state.provenance.status == "reviewed":
        note = ui["pdf"]["reviewed"].format(
            reviewer=state.provenance.reviewed_by,
            date=long_date(dt.date.fromisoformat(str(state.provenance.reviewed_on)), code),
        )
    else:
        note = ui["pdf"]["machine"]
    return render.render_html(
        {
            "lang": art.lang,
            "dir": art.dir,
            "paper": version,
            "ui": ui,
            "coalitions": [ui["vocabulary"]["coalition"][c] for c in english.coalitions],
            "published": long_date(english.published, code),
            "revised": long_date(english.revised, code) if english.revised else None,
            "language_name": lang.name,
            "translation_note": note,
            "site_name": ui["site"]["name"],
            "url": page_url,
            "author": ui["site"]["name"],
            "keywords": [ui["vocabulary"]["sectors"][s] for s in english.sectors],
            "created": _moment(english.published),
            "modified": _moment(english.updated),
            "toc": [*art.toc, *appendix_toc(ui, code, english.id)],
            "article": Markup(art.html),
            "appendix": indicator_appendix(ui, code, english.id),
            "indicators_url": urljoin(site_url, f"{lang.prefix}indicators/"),
            "page_counter": Markup(page_counter_css(ui["pdf"]["page_of"])),
        }
    )


def _inputs_of(site: Path, site_url: str, paper_id: str, code: str) -> str:
    """A hash of everything the print document is made from: the built page, its address, the
    sources and the project's code (the snapshot's key) and the PDF renderer's inputs."""
    version = snapshot.get().paper_versions(paper_id)[code]
    digest = hashlib.sha256()
    for part in (inputs_signature(), snapshot.get().key, urljoin(site_url, version.url)):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update((site / version.url / "index.html").read_bytes())
    return digest.hexdigest()


def _remembered(cache: Path, inputs: str) -> str | None:
    """The key of the edition last made from these inputs, when its PDF is still cached."""
    try:
        key = json.loads((cache / f"plan-{inputs}.json").read_text(encoding="utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return key if isinstance(key, str) and (cache / f"{key}.pdf").is_file() else None


def _remember(cache: Path, inputs: str, key: str) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f"plan-{inputs}.{os.getpid()}.tmp"  # language processes plan at the same time
    partial.write_text(json.dumps({"key": key}), encoding="utf-8")
    partial.replace(cache / f"plan-{inputs}.json")


def plan(site: Path, site_url: str, codes: list[str] | None = None, cache: Path = CACHE) -> list[Edition]:
    """The editions to make for a built site (codes: only these languages' editions).

    An edition's key is the hash of its print document. Making that document (the article
    taken from the built page, put in the print template) is most of a plan's time, so the key
    made from the same inputs last time is remembered in the PDF cache: an edition whose inputs
    and PDF are unchanged comes with its key and no document (`html` None; `make_all` makes the
    document only for a PDF it must render).
    """
    out = []
    content = snapshot.get()
    for english in content.english_papers():
        for code in content.paper_versions(english.id):
            if codes is not None and code not in codes:
                continue
            if not (site / languages.get(code).prefix / "index.html").is_file():
                continue  # a language left out of a preview build
            file = pdf_path(english.id, code)
            inputs = _inputs_of(site, site_url, english.id, code)
            key = _remembered(cache, inputs)
            if key is not None:
                out.append(Edition(english.id, code, file, None, key))
                continue
            edition = _with_document(site, site_url, Edition(english.id, code, file, None, ""))
            _remember(cache, inputs, edition.key)
            out.append(edition)
    return out


def _with_document(site: Path, site_url: str, edition: Edition) -> Edition:
    """The edition with its print document, and the key that is the document's hash."""
    html = print_document(site, site_url, edition.paper_id, edition.code)
    return dataclasses.replace(edition, html=html, key=hashlib.sha256((inputs_signature() + html).encode()).hexdigest())


def cached_facts(cache: Path, key: str) -> dict[str, Any]:
    """A cached PDF's page count, size and SHA-256, recorded when it was rendered.

    An entry cached before these were recorded gets them once, from the file (the page count
    read with pypdf), and keeps them.
    """
    meta_file = cache / f"{key}.json"
    try:
        facts = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        facts = {}
    if not {"pages", "bytes", "sha256"} <= set(facts):
        data = (cache / f"{key}.pdf").read_bytes()
        if "pages" not in facts:
            from io import BytesIO

            from pypdf import PdfReader

            facts["pages"] = len(PdfReader(BytesIO(data)).pages)
        facts.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        meta_file.write_text(json.dumps(facts), encoding="utf-8")
    return facts


def _cost(edition: Edition) -> tuple[int, int]:
    """Longest first, so that no core is left with one long render at the end."""
    # Text beyond ASCII (CJK, Thai, accents) takes longer to shape and lay out.
    wide = not edition.html.isascii()
    return (0 if wide else 1, -len(edition.html))


def _render(edition: Edition) -> tuple[str, bytes, int, float, Edition]:
    start = time.monotonic()
    result = render.render_pdf(edition.html, f"{edition.paper_id}/{edition.code}", edition.file)
    return edition.key, result.data, result.pages, time.monotonic() - start, edition


@contextmanager
def workers_pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of render processes that never outlives the `with` block, however it is left."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=workdir.child_signals, initargs=(os.getpid(),))
    try:
        workdir.check_interrupted()
        yield pool
        pool.close()
    finally:
        pool.terminate()  # a no-op after close() once the work is done; kills the workers otherwise
        pool.join()


def make_all(
    site: Path,
    site_url: str,
    workers: int | None = None,
    progress: bool = True,
    cache: Path = CACHE,
    planned: list[Edition] | None = None,
) -> dict[str, object]:
    """Render (or take from the cache) every edition into the site; return timings and counts.

    planned: the editions, when the language processes planned them (scripts/build/langsteps.py).
    """
    start = time.monotonic()
    editions = plan(site, site_url, cache=cache) if planned is None else planned
    cache.mkdir(parents=True, exist_ok=True)
    # An edition planned without its document whose PDF has gone since: its document is made.
    editions = [
        e if e.html is not None or (cache / f"{e.key}.pdf").is_file() else _with_document(site, site_url, e)
        for e in editions
    ]
    todo = sorted((e for e in editions if not (cache / f"{e.key}.pdf").is_file()), key=_cost)
    total, done = len(editions), len(editions) - len(todo)

    def say(text: str) -> None:
        if progress:
            print(f"PDF [{done}/{total}] {text}", file=sys.stderr, flush=True)

    render_seconds = 0.0
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if todo:
        say(f"{len(editions) - len(todo)} unchanged, rendering {len(todo)} on {workers} core(s)")
        with workers_pool(workers) as pool:
            for key, data, pages, seconds, edition in pool.imap_unordered(_render, todo):
                render_seconds += seconds
                partial = cache / f"{key}.{os.getpid()}.tmp"  # concurrent builds share the cache
                partial.write_bytes(data)
                partial.replace(cache / f"{key}.pdf")
                facts = {"pages": pages, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                (cache / f"{key}.json").write_text(json.dumps(facts), encoding="utf-8")
                done += 1
                say(f"{edition.code} {edition.paper_id}: {pages} pages in {seconds:.1f} s")
    files = []
    for e in editions:
        target = site / e.file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache / f"{e.key}.pdf", target)
        files.append({"file": e.file, "paper_id": e.paper_id, "code": e.code, **cached_facts(cache, e.key)})
    return {
        "files": sorted(
            files, key=lambda f: Path(f["file"]).parts
        ),  # for the Downloads page (scripts/postbuild/downloads.py)
        "editions": total,
        "rendered": len(todo),
        "cached": total - len(todo),
        "seconds": round(time.monotonic() - start, 2),
        "render_cpu_seconds": round(render_seconds, 2),
        "workers": workers if todo else 0,
    }
