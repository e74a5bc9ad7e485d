"""The papers' quality checks (scripts/checks/papers_quality.py) on planted faults in small texts.

The real papers pass them in gate 1 (`make check`, scripts/checks/run.py).
"""

from __future__ import annotations

from scripts.checks import papers_quality as q

SHARED = (
    "Staff must never view, download, copy or forward suspected material, not even to a colleague, a "
    "manager or the police; they record where it was reported to be and pass that location to the "
    "official channels named in the firm's procedures, then preserve payment evidence and escalate."
)


def doc(label: str, body: str) -> q.Doc:
    return q.Doc(label, q.blocks(body, 10))


def test_repeated_paragraph_is_an_error_naming_both_places() -> None:
    a = doc("a.md", f"# A {{#a}}\n\nIntro.\n\n{SHARED}\n")
    b = doc("b.md", f"# B {{#b}}\n\n- {SHARED.replace('escalate', 'escalate at once')}\n")
    found = q.check_repetition([a, b])
    assert {(f.file, f.line) for f in found} == {("a.md", 14), ("b.md", 12)}
    assert all(f.rule == "paper-repetition" and f.severity == "error" for f in found)
    assert "b.md:12" in next(f.message for f in found if f.file == "a.md")


def test_reworded_or_short_paragraphs_pass() -> None:
    reworded = (
        "Anyone who meets a suspicion of abusive content keeps away from it entirely: the location is "
        "written down from the report and handed to investigators, while the payment team freezes records "
        "of transactions and accounts for later use by the financial intelligence unit of the country."
    )
    short = "Staff must never view, download, copy or forward suspected material."
    assert q.check_repetition([doc("a.md", SHARED), doc("b.md", reworded)]) == []
    assert q.check_repetition([doc("a.md", short), doc("b.md", short)]) == [], "40 words or fewer are not tested"


def test_length_counts_the_body_without_footnote_definitions() -> None:
    words = " ".join(["word"] * 1199) + ".[^s1]"
    footnotes = "\n\n[^s1]: " + " ".join(["source"] * 500) + "\n    <https://example.org/a/b/c>\n"
    short = doc("p.md", words + footnotes)
    assert short.word_count == 1199
    [finding] = q.check_length(short)
    assert finding.rule == "paper-length" and "1199 words" in finding.message
    assert q.check_length(doc("p.md", words + " one more." + footnotes)) == []
    assert q.check_length(doc("p.md", " ".join(["word"] * 2501))) != []


def test_every_sentence_with_a_figure_needs_its_own_footnote() -> None:
    body = (
        "The coalition started in 2006 with 18 companies.[^s40] Members made up 90% of the industry in 2016.\n"
        "The U.S. Senate was involved. Reports rose by 147%.[^s36]\n\n"
        "- File with the key term `OCSE-FIN-2021-NTC3` in the SAR.\n"
        "- Since 1998, the CyberTipline takes reports ([NCMEC](https://example.org/2022/x)).\n\n"
        "## The 2008 case study {#case-study}\n"
    )
    found = q.check_citations(doc("p.md", body))
    assert [f.message.split(": ", 1)[1] for f in found] == [
        "“Members made up 90% of the industry in 2016.”",
        "“Since 1998, the CyberTipline takes reports (NCMEC).”",
    ]
    assert [f.line for f in found] == [10, 14]


def test_sentences_keep_their_footnotes_and_abbreviations() -> None:
    assert q.sentences("One in the U.S. Senate.[^a][^b] Two, e.g. this. Three") == [
        "One in the U.S. Senate.[^a][^b]",
        "Two, e.g. this.",
        "Three",
    ]


def test_glossary_warning_where_the_translation_lacks_the_term() -> None:
    en = doc("en.md", "## Practices {#practices}\n\nAsk the acquirer for the sub-merchant list.\n\nThe FIU decides.\n")
    de_bad = doc("de.md", "## Praxis {#practices}\n\nFragen Sie den Unterhändler.\n\nDie FIU entscheidet.\n")
    de_good = doc("de.md", "## Praxis {#practices}\n\nFragen Sie den Acquirer nach Sub-Händlern.\n\nDie FIU.\n")
    en_terms, de_terms = [["Acquirer"], ["FIU"]], [["Acquirer"], ["FIU", "Zentralstelle"]]
    [finding] = q.check_glossary_pair(en, de_bad, en_terms, de_terms)
    where = (finding.rule, finding.file, finding.line, finding.severity)
    assert where == ("glossary-consistency", "de.md", 12, "warning")
    assert "Acquirer" in finding.message and "en.md:12" in finding.message
    assert q.check_glossary_pair(en, de_good, en_terms, de_terms) == []


def test_term_forms_and_abbreviation_matching() -> None:
    assert q._term_forms("SAR / STR (CRF)") == ["SAR", "STR", "CRF"]
    assert not q._english_has("especially", "ESP")
    assert q._english_has("two ESPs report", "ESP")
    assert q._translation_has("wirtschaftlich Berechtigten", "Wirtschaftlich Berechtigter")
