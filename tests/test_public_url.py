"""Issue 10, point 6: the site is built for its public address; no local address is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.built import buildmark
from scripts.checks import pdfs, public_url
from scripts.project import mkdocs_config
from tests.helpers import parse

LOCAL = "http://127.0.0.1:8000/"


def test_the_tests_build_is_a_publishing_build(site: Path) -> None:
    """The session's site is built like `make build`: for the address in mkdocs.yml."""
    public = str(mkdocs_config()["site_url"])
    assert public.startswith("https://") and not public_url.LOCAL.search(public)
    assert buildmark.read(site) == buildmark.BuildMark(public, publishing=True)
    canonical = parse(site / "about" / "index.html").css_first('link[rel="canonical"]').attributes["href"]
    assert canonical == public + "about/"
    assert f"Sitemap: {public}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def _tree(root: Path, publishing: bool, site_url: str = "https://example.org/") -> Path:
    root.mkdir()
    buildmark.write(root, buildmark.BuildMark(site_url, publishing))
    (root / "index.html").write_text("<!doctype html>\n<title>x</title>\n<p>Home</p>\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("about/index.html", f'<html>\n<head>\n<link rel="canonical" href="{LOCAL}about/">\n', 3),
        ("feed.xml", f"<feed>\n<id>{LOCAL}</id>\n", 2),
        ("robots.txt", f"User-agent: *\n\nSitemap: {LOCAL}sitemap.xml\n", 3),
        ("sitemap.xml", "<urlset>\n<url><loc>http://localhost:8000/</loc></url>\n", 2),
        ("_headers", "/*\n  Link: <http://[::1]:8000/>; rel=preconnect\n", 2),
        ("c/index.html", f'<p>Open <code>{LOCAL}</code>\nor <a href="{LOCAL}">this</a></p>', 2),
    ],
)
def test_local_address_in_a_publishing_build_fails(tmp_path: Path, name: str, text: str, line: int) -> None:
    root = _tree(tmp_path / "site", publishing=True)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    (finding,) = public_url.check(root, "site")
    assert (finding.rule, finding.file, finding.line) == ("local-address", f"site/{name}", line)
    assert "make build" in finding.fix and "mkdocs.yml" in finding.fix


def test_local_address_in_a_pdf_fails(tmp_path: Path) -> None:
    """A PDF's text and link annotations are compressed: the gate reads them decoded."""
    from weasyprint import HTML

    root = _tree(tmp_path / "site", publishing=True)
    html = f'<p>See <a href="{LOCAL}papers/">the papers</a>.</p><p>{LOCAL}</p>'
    HTML(string=html).write_pdf(root / "paper.pdf")
    only_link = '<p>See <a href="http://localhost/papers/">the papers</a>.</p>'
    HTML(string=only_link).write_pdf(root / "link.pdf")
    found = sorted((f.file, f.message.split(":")[0]) for f in public_url.check(root, "site"))
    assert found == [
        ("site/link.pdf", "a local address in the PDF's links or metadata"),
        ("site/paper.pdf", "a local address in the PDF's links or metadata"),
        ("site/paper.pdf", "a local address in the PDF's text"),
    ]


def test_pdf_text_is_the_one_the_pdf_gate_read(tmp_path: Path) -> None:
    """`make check` reads each PDF's text once, in the PDF gate's workers, and searches that."""
    from weasyprint import HTML

    root = _tree(tmp_path / "site", publishing=True)
    HTML(string=f"<p>Open {LOCAL} to preview.</p>").write_pdf(root / "paper.pdf")
    run = pdfs.start_checks(root, "site", workers=1)
    assert LOCAL in pdfs.texts(run)["paper.pdf"]
    # The file changes after the PDF gate read it: the text found is still the gate's.
    HTML(string="<p>Open the public site.</p>").write_pdf(root / "paper.pdf")
    (finding,) = public_url.check(root, "site", run)
    assert finding.file == "site/paper.pdf" and finding.message.startswith("a local address in the PDF's text")
    assert public_url.check(root, "site") == []  # read afresh, the new file is clean


def test_inline_code_may_show_the_preview_address(tmp_path: Path) -> None:
    """The contributor guide tells translators which address `make serve` serves."""
    root = _tree(tmp_path / "site", publishing=True)
    (root / "index.html").write_text(f"<p>Then open <code>{LOCAL}</code> in your browser.</p>", encoding="utf-8")
    assert public_url.check(root, "site") == []


def test_a_preview_build_may_name_its_local_address(tmp_path: Path) -> None:
    root = _tree(tmp_path / "site", publishing=False, site_url=LOCAL)
    (root / "robots.txt").write_text(f"Sitemap: {LOCAL}sitemap.xml\n", encoding="utf-8")
    assert public_url.check(root, "site") == []


def test_a_tree_that_does_not_say_how_it_was_built_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path / "site", publishing=True)
    (root / buildmark.FILE).unlink()
    (finding,) = public_url.check(root, "site")
    assert finding.file == f"site/{buildmark.FILE}" and "make build" in finding.fix


def test_publishing_for_a_local_address_fails(tmp_path: Path) -> None:
    """SITE_URL=http://localhost:8000/ make build is not a build to publish."""
    root = _tree(tmp_path / "site", publishing=True, site_url="http://localhost:8000/")
    (finding,) = public_url.check(root, "site")
    assert finding.file == f"site/{buildmark.FILE}" and "localhost" in finding.message


def test_theme_files_copied_unchanged_are_not_the_builds(tmp_path: Path) -> None:
    """Material's source maps mention localhost in comments; they are the theme's, unchanged."""
    root = _tree(tmp_path / "site", publishing=True)
    theme = public_url._theme_dir()
    (source_map,) = (theme / "assets" / "javascripts").glob("bundle.*.min.js.map")
    assert public_url.LOCAL.search(source_map.read_text(encoding="utf-8"))
    target = root / source_map.relative_to(theme)
    target.parent.mkdir(parents=True)
    target.write_bytes(source_map.read_bytes())
    assert public_url.check(root, "site") == []
    target.write_bytes(source_map.read_bytes() + b"\n")  # changed: now it is the build's own file
    assert [f.file for f in public_url.check(root, "site")] == [f"site/{target.relative_to(root).as_posix()}"]
