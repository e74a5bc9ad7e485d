"""Point 3: one search index per language, segmented for Chinese, Japanese and Thai.

Issue 10, point 7: a phrase typed without spaces is cut in the browser
(overrides/assets/javascripts/search-query.js) into the index's words.

The index is requested only once the reader goes to search, or the address asks for it
(overrides/assets/javascripts/search-lazy.js).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.built.browser import is_foreign
from scripts.content import glossary, languages, segment
from tests.helpers import html_file, open_pages, parse, search, source_pages

INDEX = Path("search", "search_index.json")


def load_index(site: Path, code: str) -> dict[str, Any]:
    return json.loads((site / languages.get(code).prefix / INDEX).read_text(encoding="utf-8"))


def page_urls_in_tree(site: Path, code: str) -> set[str]:
    root = site / languages.get(code).prefix
    others = {c for c in languages.codes()[1:] if c != code}
    urls = set()
    for path in root.rglob("index.html"):
        rel = path.relative_to(root)
        if rel.parts[0] in others or rel.parts[0] == "search":
            continue
        urls.add(rel.parent.as_posix() + "/" if rel.parent.as_posix() != "." else "")
    return urls


@pytest.mark.parametrize("code", languages.codes())
def test_index_holds_exactly_the_pages_of_its_language(site: Path, code: str) -> None:
    index = load_index(site, code)
    root = site / languages.get(code).prefix
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for loc in locations:
        assert not loc.startswith(("/", "../", "http")), loc
        assert (root / loc / "index.html").is_file(), f"{code}: {loc} is not a page of this language"
    assert locations == page_urls_in_tree(site, code)


@pytest.mark.parametrize("code", languages.codes())
def test_each_page_loads_its_own_index(site: Path, code: str) -> None:
    """Material fetches search/search_index.json relative to config.base; check where that lands."""
    lang = languages.get(code)
    for url in [*source_pages(code), "about/"]:
        page = html_file(site, lang.prefix + url)
        tree = parse(page)
        setters = tree.css('script[src$="language-base.js"]')
        if lang.default:
            assert setters == [], "the default language keeps Material's base"
            base = json.loads(tree.css_first("#__config").text())["base"]
        else:
            (setter,) = setters
            base = setter.attributes["data-base"] or ""
        index_file = (page.parent / base / INDEX).resolve()
        assert index_file == (site / lang.prefix / INDEX).resolve()


@pytest.mark.parametrize("code", ["zh", "ja", "th"])
def test_words_are_segmented_at_build_time(site: Path, code: str) -> None:
    index = load_index(site, code)
    separator = re.compile(index["config"]["separator"])
    assert index["config"]["lang"] == ["en"], "no browser-side segmenter is needed"
    script = {"zh": r"[\u4e00-\u9fff]", "ja": r"[\u3040-\u30ff\u4e00-\u9fff]", "th": r"[\u0e00-\u0e7f]"}[code]
    tokens = [
        t
        for doc in index["docs"]
        for t in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))
        if re.search(script, t)
    ]
    assert len(tokens) > 50, f"{code}: expected native text in the index"
    # Unsegmented, a token is a whole clause or sentence (tens of characters).
    lengths = sorted(len(t) for t in tokens)
    assert lengths[len(lengths) // 2] <= 4, f"{code}: median token length {lengths[len(lengths) // 2]}"


@pytest.mark.parametrize("code", ["ja", "th"])
def test_the_faster_segmenters_cut_as_the_libraries_do(site: Path, code: str) -> None:
    """The build's Japanese and Thai segmenters are sped-up forms of TinySegmenter and of newmm
    with pythainlp's trie: on every run of native text in the language's index, the same words."""
    import tinysegmenter
    from pythainlp.tokenize.newmm import segment as newmm

    library = {"ja": tinysegmenter.TinySegmenter().tokenize, "th": newmm}[code]
    runs = {
        match.group(0)
        for doc in load_index(site, code)["docs"]
        for key in ("title", "text")
        for match in segment._RUNS[code].finditer(doc[key].replace(segment.ZWSP, ""))
    }
    assert len(runs) > 500, f"{code}: expected native text in the index"
    ours = segment._segmenter(code)
    differ = [run for run in sorted(runs) if ours(run) != library(run)]
    assert not differ, f"{code}: {len(differ)} runs cut differently, e.g. {differ[:3]}"


# Markup the section parser must read as Material's does: boolean and odd attributes,
# entities, a lone "<", excluded blocks with nested elements of the same tag, permalinks,
# whitespace in and out of <pre>, scripts, comments, SVG, stray end tags, unfinished markup.
TRICKY_HTML = [
    '<h1 id="t">Title <a class="headerlink" href="#t">¶</a></h1><p hidden class="x">A &amp; B &lt; C</p>',
    '<p>a < b <<c > d</p><h2 id="s2">Two</h2><ul><li>one</li><li> </li></ul>',
    "<div data-search-exclude><div>in</div>out?</div><p>after</p>",
    '<form data-search-exclude="" class="f"><p>hidden</p></form><h3 id="x&amp;y">X &amp; Y</h3>text',
    "<pre><code>line1\n\n  line2</code></pre><p>\n</p><p>  \n  </p>",
    '<script>var a = "<p>not</p>";</script><style>p{}</style><p>ok</p><SCRIPT>x</SCRIPT>',
    '<!-- c --><p>a<br>b<br/>c<img src="x" alt="y"/>d</p><svg><path d="M0 0"/><text>label</text></svg>',
    "<table><tr><td>cell</td></tr></table><p>x</p></p></div><p>y",
    '<p>unfinished <a href="x"',
    "<!DOCTYPE html><p>doc</p>",
    '<p a=b c = "d" e=\'f\'>odd attrs</p><p data-x="1 &quot;2&quot;">q</p>',
    '<h2 id="a">A</h2><div><h3 id="b">B</h3><p>b</p></div><p>back to a?</p>',
    "<p>x &amp y &#39; &#x27; &unknown; end &</p>",
    '<span class="linenodiv"><pre>1\n2</pre></span><p>after lines</p>',
    '<custom-el attr="1">custom</custom-el><p>after</p>',
    "",
    "<p>x</p><",
]


def _sections(parser: type, text: str) -> list[tuple[Any, ...]]:
    p = parser()
    p.feed(text)
    p.close()
    return [(s.el.tag, s.id, s.is_excluded(), "".join(s.title), "".join(s.text), s.depth) for s in p.data]


def test_the_faster_section_parser_reads_as_materials_does(site: Path) -> None:
    """scripts/build/searchsections.py against Material's own parser, which it replaces
    (overrides/hooks/search.py): the same sections from every built page's article, and
    from markup chosen to be hard."""
    from scripts.build.searchsections import MATERIAL_PARSER, SectionParser

    assert MATERIAL_PARSER is not SectionParser and MATERIAL_PARSER.__module__.startswith("material.")
    articles = [node.html for node in (parse(path).css_first("article") for path in site.rglob("*.html")) if node]
    assert len(articles) >= 200
    differ = [
        text[:80]
        for text in [*articles, *TRICKY_HTML]
        if _sections(MATERIAL_PARSER, text) != _sections(SectionParser, text)
    ]
    assert not differ, f"{len(differ)} inputs read differently, e.g. {differ[:3]}"


def query_words(site: Path, code: str) -> list[str]:
    """Words taken from the H1 of the language's translated home page."""
    h1 = parse(html_file(site, languages.get(code).prefix)).css_first("article h1").text().strip()
    words = [w for w in segment.segment(code, h1).split(segment.ZWSP) if len(w.strip()) >= 2 and not w.isascii()]
    assert words, f"{code}: no native word in the home page title {h1!r}"
    return sorted(words, key=len, reverse=True)[:2]


@dataclass
class Searched:
    """What one reader saw searching from a language's About page: every query on one page."""

    results: dict[str, list[str]] = field(default_factory=dict)  # query -> result URLs ([] on none)
    shown: dict[str, dict[str, list[str] | None]] = field(default_factory=dict)  # phrase -> result_for
    requested: list[str] = field(default_factory=list)  # every request, search included
    errors: list[str] = field(default_factory=list)  # console errors (each CSP violation is one), exceptions

    @property
    def fetched(self) -> list[str]:
        """The search indexes requested."""
        return [u for u in self.requested if u.endswith("search_index.json")]


NATIVE = ["zh", "ja", "th"]


def glossary_term() -> tuple[str, str]:
    """The first English glossary term that is one word, and its anchor."""
    pairs = zip(glossary.terms(languages.default().code), glossary.anchors(languages.default().code), strict=True)
    return next((t.term, anchor) for t, anchor in pairs if t.term.isalpha())


@pytest.fixture(scope="module")
def searched(site: Path, server: str, browser: Any) -> dict[str, Searched]:
    """Each language's About page, loading several at a time; on each, the queries of the tests
    below typed one after another (Europol; for zh, ja and th their native words and phrases).
    A search waits for its results, so the index it needs has been fetched by then."""
    seen = {code: Searched() for code in languages.codes()}
    urls = [urljoin(server, languages.get(code).prefix + "about/") for code in seen]
    pending = list(seen.values())

    def listen(page: Any) -> None:
        mine = pending.pop(0)  # open_pages prepares the pages in the order of urls
        page.on("request", lambda r: mine.requested.append(r.url))
        page.on("pageerror", lambda e: mine.errors.append(f"exception: {e}"))
        page.on("console", lambda m: mine.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)

    context = browser.new_context()
    for code, (_, page) in zip(seen, open_pages(context, urls, listen, idle=False), strict=True):
        mine = seen[code]
        page.bring_to_front()  # a background tab runs its timers late: each query would wait
        phrases = dict(unspaced_phrases(site, code)) if code in NATIVE else {}
        words = query_words(site, code) if code in NATIVE else []
        term = [glossary_term()[0]] if code == languages.default().code else []
        for query in ["Europol", *words, *phrases, *term]:
            try:
                mine.results[query] = search(page, query)
            except PlaywrightTimeout:
                mine.results[query] = []
            if query in phrases:
                prefix = urljoin(server, code + "/")
                mine.shown[query] = {loc: result_for(page, prefix + loc) for loc in phrases[query]}
    context.close()
    return seen


@pytest.mark.parametrize("code", NATIVE)
def test_native_word_is_found_in_the_browser(site: Path, server: str, searched: dict[str, Searched], code: str) -> None:
    lang = languages.get(code)
    for word in query_words(site, code):
        hrefs = searched[code].results[word]
        assert hrefs, f"{code}: no result for {word!r}"
        assert all(h.startswith(urljoin(server, lang.prefix)) for h in hrefs), hrefs
    assert searched[code].fetched == [urljoin(server, lang.prefix + "search/search_index.json")]


@pytest.mark.parametrize("code", languages.codes())
def test_results_stay_in_the_readers_language(server: str, searched: dict[str, Searched], code: str) -> None:
    """An English word from a page every language has: results only from the reader's tree."""
    lang = languages.get(code)
    hrefs = searched[code].results["Europol"]
    assert hrefs
    own = urljoin(server, lang.prefix)
    others = [urljoin(server, c + "/") for c in languages.codes()[1:] if c != code]
    for h in hrefs:
        assert h.startswith(own) and not any(h.startswith(o) for o in others), h
    assert searched[code].fetched == [urljoin(server, lang.prefix + "search/search_index.json")]


@pytest.mark.parametrize("code", languages.codes())
def test_searching_requests_only_the_site(server: str, searched: dict[str, Searched], code: str) -> None:
    """A page loaded and searched as a reader would: every request goes to the site (the
    pages' loads without a search are the browser gate's, `page_health` in `make check`)."""
    own = urlsplit(server).netloc
    requests = searched[code].requested
    assert len(requests) > 10 and searched[code].results["Europol"]
    assert [u for u in requests if is_foreign(u, own)] == []


# Issue 10's examples: checked when the built text still holds them.
ISSUE_PHRASES = {"th": ["ธุรกิจดิจิทัล", "ตรวจสอบลูกค้า"], "ja": ["加盟店契約"], "zh": []}


def section_texts(site: Path, code: str) -> dict[str, str]:
    """Text of every indexed section of the language (location -> text without separators)."""
    index = load_index(site, code)
    return {doc["location"]: re.sub(r"<[^>]+>", " ", doc["text"]).replace(segment.ZWSP, "") for doc in index["docs"]}


def _distinct_triples(
    code: str, paragraphs: list[str], sections: dict[str, str], wanted: int
) -> list[tuple[str, list[str]]]:
    """Up to `wanted` phrases of three native words, each found in one section only."""
    native = segment._RUNS[code]
    found: list[tuple[str, list[str]]] = []
    for text in paragraphs:
        words = segment.segment(code, text).split(segment.ZWSP)
        for i in range(len(words) - 2):
            triple = words[i : i + 3]
            if not all(native.fullmatch(w) and len(w) >= 2 for w in triple):
                continue
            phrase = "".join(triple)
            holders = [loc for loc, section in sections.items() if phrase in section]
            if len(holders) == 1:
                found.append((phrase, holders))
                if len(found) == wanted:
                    return found
    return found


def unspaced_phrases(site: Path, code: str, per_page: int = 1) -> list[tuple[str, list[str]]]:
    """(phrase, sections holding it): three words of a paper's paragraph typed without spaces.

    The words come from the built page, cut by the build's segmenter; each phrase occurs in one
    section of the language only, so that section is the one search must find. The issue's
    examples, when present, may occur in several sections: search must find one of them.
    """
    sections = section_texts(site, code)
    chosen: list[tuple[str, list[str]]] = []
    for page in sorted((site / code / "papers").glob("*/index.html")):
        tree = parse(page)
        if tree.css_first('meta[name="robots"][content="noindex"]'):
            continue  # an English fallback
        chosen += _distinct_triples(code, [p.text() for p in tree.css("article p")], sections, per_page)
    for phrase in ISSUE_PHRASES[code]:
        holders = [loc for loc, text in sections.items() if phrase in text]
        if holders:
            chosen.append((phrase, holders))
    assert len(chosen) >= 3, f"{code}: too few distinctive phrases in the papers"
    return chosen


def result_for(page: Any, location: str) -> list[str] | None:
    """The missing (struck-through) terms shown for one result, or None if it is not listed."""
    return page.evaluate(
        """want => {
          const link = [...document.querySelectorAll("a.md-search-result__link")].find(a => {
            const url = new URL(a.href); url.search = ""; return url.href === want;
          });
          return link ? [...link.querySelectorAll("del")].map(d => d.textContent) : null;
        }""",
        location,
    )


@pytest.mark.parametrize("code", NATIVE)
def test_phrase_typed_without_spaces_finds_its_section(searched: dict[str, Searched], code: str) -> None:
    """Readers type Thai, Japanese and Chinese without spaces; search must still find the text."""
    failures = []
    for phrase, shown in searched[code].shown.items():
        listed = {loc: missing for loc, missing in shown.items() if missing is not None}
        if not listed:
            failures.append(f"{phrase!r}: none of {list(shown)} among the results")
        elif all(listed.values()):
            failures.append(f"{phrase!r}: {listed} shown as missing")
    assert len(searched[code].shown) >= 3
    assert not searched[code].errors, searched[code].errors
    assert not failures, failures


@pytest.mark.parametrize("script", ["search-query.js", "search-lazy.js"])
def test_search_scripts_load_before_the_bundle_from_a_file(site: Path, script: str) -> None:
    """The query rewriter must see Material's first message to the worker, the index holder its
    request; neither is an inline script."""
    for url in ["", "th/", "ja/papers/"]:
        srcs = [s.attributes.get("src") or "" for s in parse(html_file(site, url)).css("script[src]")]
        ours = [i for i, src in enumerate(srcs) if src.endswith("assets/javascripts/" + script)]
        bundle = [i for i, src in enumerate(srcs) if "assets/javascripts/bundle." in src]
        assert len(ours) == 1 and bundle and ours[0] < bundle[0], srcs
        assert (html_file(site, url).parent / srcs[ours[0]]).resolve().is_file()


def index_requests(page: Any) -> list[str]:
    """The search index requests a page makes from now on (filled in as they are made)."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("search_index.json") else None)
    return fetched


def test_index_is_loaded_only_when_the_reader_searches(server: str, browser: Any) -> None:
    """A page that has loaded (network idle) has not asked for the index; searching loads it once."""
    index = urljoin(server, "de/search/search_index.json")
    page = browser.new_page()
    fetched = index_requests(page)
    page.goto(urljoin(server, "de/about/"), wait_until="networkidle")
    assert fetched == [], "the index was requested before the reader went to search"
    assert search(page, "Europol")
    assert search(page, "FATF"), "a second query on the same page"
    assert fetched == [index]
    page.close()


def test_search_key_loads_the_index(server: str, browser: Any) -> None:
    """Material's "/" key opens search: it loads the index too, and the query box has the focus."""
    page = browser.new_page()
    page.goto(urljoin(server, "th/about/"), wait_until="networkidle")
    with page.expect_request(lambda r: r.url.endswith("search_index.json"), timeout=10_000) as request:
        page.keyboard.press("/")
    assert request.value.url == urljoin(server, "th/search/search_index.json")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.close()


def test_highlight_address_loads_the_index_and_marks_the_word(site: Path, server: str, browser: Any) -> None:
    """A search result links to its page with ?h=<words>: Material marks them in the article,
    which it can only do with the index, so that address loads it at once."""
    title = parse(html_file(site, "about/")).css_first("article h1").text()
    word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
    page = browser.new_page()
    fetched = index_requests(page)
    page.goto(urljoin(server, f"about/?h={word}"), wait_until="load")
    page.wait_for_selector("article mark[data-md-highlight]", timeout=10_000)
    marked = page.eval_on_selector_all("article mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    assert all(part.lower() == word.lower() for text in marked for part in text.split()), marked
    assert fetched == [urljoin(server, "search/search_index.json")]
    page.close()


@pytest.mark.parametrize("code", languages.codes())
def test_glossary_is_indexed_term_by_term(site: Path, code: str) -> None:
    """Each term is an entry of its own: its anchor, the term as title, its definition as text;
    the page's own entry keeps only its introduction."""
    docs = load_index(site, code)["docs"]
    terms, anchors = glossary.terms(code), glossary.anchors(code)
    entries = {d["location"]: d for d in docs if d["location"].startswith("glossary/")}
    assert set(entries) == {"glossary/", *(f"glossary/#{a}" for a in anchors)}
    plain = {loc: d["text"].replace(segment.ZWSP, "") for loc, d in entries.items()}
    for term, anchor in zip(terms, anchors, strict=True):
        title = entries[f"glossary/#{anchor}"]["title"].replace(segment.ZWSP, "")
        assert title.startswith(html.escape(term.term, quote=False)), (title, term.term)
        words = " ".join(term.definition.split()[:4])
        assert html.escape(words, quote=False) in plain[f"glossary/#{anchor}"], (code, anchor)
        assert html.escape(words, quote=False) not in plain["glossary/"], f"{code}: the page entry keeps {anchor}"


def test_a_glossary_term_leads_to_its_entry(server: str, searched: dict[str, Searched]) -> None:
    term, anchor = glossary_term()
    hrefs = searched[languages.default().code].results[term]
    # Material adds the words to highlight (?h=...) to each result's address.
    places = {urlsplit(h)._replace(query="").geturl() for h in hrefs}
    assert urljoin(server, f"glossary/#{anchor}") in places, hrefs


@pytest.mark.parametrize("code", languages.codes())
def test_filters_are_left_out_and_facts_keep_their_spaces(site: Path, code: str) -> None:
    """The filter controls of the papers index and the indicator library are not indexed text
    (Material's data-search-exclude), and a fact's label and value stay two words."""
    ui = languages.ui(code)
    text = {d["location"]: d["text"].replace(segment.ZWSP, "") for d in load_index(site, code)["docs"]}
    for page, part in (("papers/", "papers"), ("indicators/", "indicators")):
        controls = f"{ui[part]['filter_sector']} {ui[part]['all']}"
        assert not [loc for loc, t in text.items() if loc.startswith(page) and controls in t], f"{code}: {controls!r}"
    glued = [f"{ui['indicators']['stage']}{label}" for label in ui["indicators"]["stages"].values()]
    found = [g for g in glued for loc, t in text.items() if loc.startswith("indicators/") and g in t]
    assert found == [], f"{code}: label and value run together: {found[:3]}"
    assert any(f"{ui['indicators']['stage']} " in t for loc, t in text.items() if loc.startswith("indicators/#"))


@pytest.mark.parametrize("code", languages.codes())
def test_searching_raises_no_error_under_the_policy(searched: dict[str, Searched], code: str) -> None:
    """Search under the site's Content-Security-Policy: no console error (Chromium reports each
    violation as one) and no uncaught exception, from the page's load to its last query."""
    assert searched[code].results["Europol"]
    assert searched[code].errors == []
