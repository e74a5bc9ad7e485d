"""Quality of the English papers, and glossary terms in their translations (gate 1).

Errors, for the English papers (docs/en/papers/<id>.md):

- paper-repetition: a paragraph (or list item) of more than 40 words whose words are found,
  at 80 % or more, in one paragraph of another paper. Overlap is counted on words, as a
  multiset: the share of the paragraph's words that the other paragraph also has.
- paper-length: a paper's body has fewer than 1,200 or more than 2,500 words. Counted after
  the front matter, without footnote definitions, URLs, footnote markers or Markdown markup;
  a word is a run of letters or digits (inner apostrophes, hyphens, dots and commas kept).
- paper-citation: a sentence that states a figure or a date (any digit outside inline code
  and URLs) carries no footnote of its own.

Warning, for every translated page:

- glossary-consistency: a glossary term's English appears in an English paragraph, but the
  language's term (docs/<code>/glossary.yml, same entry) is absent from the translated
  paragraph at the same place (same section, same position).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from scripts.checks.findings import WARNING, Finding
from scripts.content import frontmatter, glossary, languages, papers, sourcefile

RULES = ["paper-repetition", "paper-length", "paper-citation", "glossary-consistency"]

MIN_WORDS, MAX_WORDS = 1200, 2500
REPEAT_WORDS = 40  # a paragraph of more than this many words is tested for repetition
REPEAT_OVERLAP = 0.8

_FENCE = re.compile(r"^\s*(```|~~~)")
_FOOTDEF = re.compile(r"^\[\^[^\]]+\]:")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_HEADING_ID = re.compile(r"\{#([\w-]+)[^}]*\}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"(.*)\")?\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}")
_FOOTREF = re.compile(r"\[\^[^\]]+\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<https?://[^>]+>|https?://\S+")
_CODE = re.compile(r"`[^`]*`")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_WORD = re.compile(r"\w+(?:['\u2019.,-]\w+)*")
# Abbreviations whose dot does not end a sentence.
_ABBREV = re.compile(r"\b(U\.S\.C|U\.S|e\.g|i\.e|etc|No|Nos|vs|cf)\.")
_SENTENCE_END = re.compile(r"[.!?][)\"\u201d\u2019*_]*(?:\[\^[^\]]+\])*(?=\s+|$)")


@dataclass(frozen=True)
class Block:
    """A unit of text: a paragraph, a list item, a table row or a heading."""

    kind: str  # "para", "item", "row", "heading"
    line: int
    section: str
    text: str  # Markdown, joined onto one line

    @property
    def plain(self) -> str:
        """The text a reader reads: no URLs, footnote markers or markup."""
        return plain(self.text)

    @property
    def words(self) -> list[str]:
        return words(self.text)


def plain(text: str) -> str:
    """Markdown reduced to its words: links keep their text, URLs and footnote markers go."""
    text = _FOOTREF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _TAG.sub("", text)
    text = _HEADING_ID.sub("", text)
    return re.sub(r"[*_`|]", " ", text)


def words(text: str) -> list[str]:
    """The words of a Markdown text, lower-cased."""
    return [w.lower() for w in _WORD.findall(plain(text))]


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """Split a Markdown body into blocks, skipping code, footnote definitions and comments."""
    out: list[Block] = []
    section = ""
    current: list[str] = []
    kind, start = "para", 0
    in_code = in_footnote = in_comment = False

    def flush() -> None:
        nonlocal current
        if current:
            out.append(Block(kind, start, section, " ".join(current)))
        current = []

    for offset, raw in enumerate(body.splitlines()):
        number = first_line + offset
        line = raw.strip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if _FENCE.match(raw):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("<!--"):
            flush()
            in_comment = "-->" not in line
            continue
        if _FOOTDEF.match(raw):
            flush()
            in_footnote = True
            continue
        if in_footnote:
            if line and raw.startswith((" ", "\t")):
                continue  # the definition goes on
            in_footnote = False
        if not line:
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            found = _HEADING_ID.search(heading.group(2))
            section = found.group(1) if found else section
            out.append(Block("heading", number, section, heading.group(2)))
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            flush()
            if admonition.group(1):
                out.append(Block("heading", number, section, admonition.group(1)))
            continue
        if line.startswith("|"):
            flush()
            if not _TABLE_SEP.match(line):
                out.append(Block("row", number, section, line))
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            kind, start = "item", number
            current = [line[item.end() :]]
            continue
        if not current:
            kind, start = "para", number
        current.append(line)
    flush()
    return out


def sentences(text: str) -> list[str]:
    """A block's sentences; each keeps the footnote markers that follow its full stop."""
    guarded = _ABBREV.sub(lambda m: m.group(1) + "\0", text)
    out, start = [], 0
    for m in _SENTENCE_END.finditer(guarded):
        out.append(guarded[start : m.end()].strip())
        start = m.end()
    if guarded[start:].strip():
        out.append(guarded[start:].strip())
    return [s.replace("\0", ".") for s in out if s]


def states_figure(sentence: str) -> bool:
    """Whether a sentence states a figure or a date: a digit outside inline code and URLs."""
    text = _CODE.sub("", _AUTOLINK.sub("", _LINK.sub(r"\1", _FOOTREF.sub("", sentence))))
    return bool(re.search(r"\d", text))


@dataclass(frozen=True)
class Doc:
    """A Markdown file split into blocks, with the label used in findings."""

    label: str
    blocks: list[Block]

    @classmethod
    def read(cls, path: Path, label: str | None = None) -> Doc:
        page = frontmatter.read(path)
        return cls(label or _label(path), blocks(page.body, page.body_line))

    @property
    def word_count(self) -> int:
        return sum(len(b.words) for b in self.blocks)

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in ("para", "item")]


def _label(path: Path) -> str:
    return sourcefile.label(path)


def overlap(a: list[str], b: list[str]) -> float:
    """The share of a's words (as a multiset) that b also has."""
    if not a:
        return 0.0
    return sum((Counter(a) & Counter(b)).values()) / len(a)


def check_length(doc: Doc) -> list[Finding]:
    """A paper's body is 1,200 to 2,500 words long."""
    n = doc.word_count
    if MIN_WORDS <= n <= MAX_WORDS:
        return []
    fix = "cut repetition and general background" if n > MAX_WORDS else "add sector-specific practice or cases"
    return [
        Finding(
            "paper-length",
            doc.label,
            doc.blocks[0].line if doc.blocks else None,
            f"{n} words; a paper has {MIN_WORDS:,} to {MAX_WORDS:,} (body without footnote definitions)",
            fix,
        )
    ]


def check_citations(doc: Doc) -> list[Finding]:
    """Every sentence that states a figure or a date carries a footnote."""
    out = []
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        for sentence in sentences(block.text):
            if states_figure(sentence) and not _FOOTREF.search(sentence):
                short = " ".join(plain(sentence).split())
                out.append(
                    Finding(
                        "paper-citation",
                        doc.label,
                        block.line,
                        f"sentence with a figure or date has no footnote: “{short[:90]}”",
                        "add the footnote of its source ([^sN]) after the sentence, or drop the figure",
                    )
                )
    return out


def check_repetition(docs: list[Doc]) -> list[Finding]:
    """No paragraph of more than 40 words reappears at >= 80 % word overlap in another paper."""
    out = []
    for i, doc in enumerate(docs):
        for para in doc.paragraphs:
            mine = para.words
            if len(mine) <= REPEAT_WORDS:
                continue
            for other in docs[:i] + docs[i + 1 :]:
                for theirs in other.paragraphs:
                    share = overlap(mine, theirs.words)
                    if share >= REPEAT_OVERLAP:
                        out.append(
                            Finding(
                                "paper-repetition",
                                doc.label,
                                para.line,
                                f"this {len(mine)}-word paragraph reappears in {other.label}:{theirs.line} "
                                f"({share:.0%} of its words)",
                                "keep it in one place (shared background belongs on the Why this matters "
                                "page) and link to it, or rewrite it for this paper's sector",
                            )
                        )
                        break
    return out


def english_papers() -> list[Doc]:
    """The English papers as blocks."""
    return [Doc.read(p) for p in papers.paper_files(languages.default().code)]


def _term_forms(term: str) -> list[str]:
    """The ways a term may be written: "FIU (CRF)" and "SAR / STR" each give two."""
    inside = re.findall(r"[(\uff08]([^)\uff09]+)[)\uff09]", term)
    outside = re.sub(r"\s*[(\uff08][^)\uff09]*[)\uff09]", " ", term)
    return [f.strip() for part in [outside, *inside] for f in part.split("/") if f.strip()]


def _english_has(text: str, form: str) -> bool:
    # Abbreviations match in capitals only ("ESP", not "especially"); plurals count.
    flags = 0 if form.isupper() else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(form)}(?:s|es)?(?!\w)", text, flags) is not None


def _stem(word: str) -> str:
    # Inflected Latin-script languages change word endings (German -en, French -s): compare stems.
    if len(word) > 5 and re.fullmatch(r"[A-Za-zÀ-ɏ-]+", word):
        return word[: max(4, len(word) - 2)]
    return word


def _translation_has(text: str, form: str) -> bool:
    low = text.lower()
    return all(_stem(w.lower()) in low for w in form.split())


def check_glossary_pair(en: Doc, tr: Doc, en_terms: list[list[str]], tr_terms: list[list[str]]) -> list[Finding]:
    """Warn where an English paragraph uses a glossary term and its translation lacks the term."""
    by_section: dict[str, list[Block]] = defaultdict(list)
    for block in tr.paragraphs:
        by_section[block.section].append(block)
    en_sections: dict[str, list[Block]] = defaultdict(list)
    for block in en.paragraphs:
        en_sections[block.section].append(block)
    out = []
    for section, en_blocks in en_sections.items():
        tr_blocks = by_section.get(section, [])
        if len(tr_blocks) != len(en_blocks):
            continue  # no reliable pairing of paragraphs in this section
        for en_block, tr_block in zip(en_blocks, tr_blocks, strict=True):
            en_text, tr_text = en_block.plain, tr_block.plain
            for en_forms, tr_forms in zip(en_terms, tr_terms, strict=False):
                if not any(_english_has(en_text, f) for f in en_forms):
                    continue
                if any(_translation_has(tr_text, f) for f in tr_forms):
                    continue
                out.append(
                    Finding(
                        "glossary-consistency",
                        tr.label,
                        tr_block.line,
                        f"the English paragraph ({en.label}:{en_block.line}) uses “{en_forms[0]}”, "
                        f"but this paragraph lacks the glossary term “{' / '.join(tr_forms)}”",
                        "use the term of the language's glossary.yml (or correct the glossary)",
                        WARNING,
                    )
                )
    return out


def check_glossary(codes: set[str] | None = None) -> list[Finding]:
    """Glossary consistency of every translated page against its English page."""
    english = languages.default()
    en_terms = [_term_forms(t.term) for t in glossary.terms(english.code)]
    out: list[Finding] = []
    for lang in languages.languages():
        if lang.default or (codes is not None and lang.code not in codes):
            continue
        if not (lang.docs_dir / glossary.FILE).is_file():
            continue
        tr_terms = [_term_forms(t.term) for t in glossary.terms(lang.code)]
        for path in sorted(lang.docs_dir.rglob("*.md")):
            source = english.docs_dir / path.relative_to(lang.docs_dir)
            if source.is_file():
                try:
                    out += check_glossary_pair(Doc.read(source), Doc.read(path), en_terms, tr_terms)
                except frontmatter.FrontMatterError:
                    continue  # reported by the front matter check
    return out


def run(codes: set[str] | None = None) -> list[Finding]:
    """Every check of this module on docs/."""
    try:
        docs = english_papers()
    except frontmatter.FrontMatterError:
        return []  # reported by the front matter check
    out = check_repetition(docs)
    for doc in docs:
        out += check_length(doc) + check_citations(doc)
    return out + check_glossary(codes)
