"""Build the complete site: MkDocs (every language), then the site-wide steps.

The build writes into a temporary folder beside the target and replaces the target only when
every step has succeeded, so a failed build never leaves a half-written site; an interrupted
one (SIGINT, SIGTERM) removes its folder and its PDF workers, and a killed one's folder is
removed by the next build (scripts/build/workdir.py).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scripts.build import workdir
from scripts.built import buildmark, sitetree
from scripts.checks import findings, sources
from scripts.content import languages, snapshot
from scripts.errors import BuildError
from scripts.pdf import editions
from scripts.postbuild import downloads, feeds, search, sitemap
from scripts.project import CONFIG_FILE, REPORTS, ROOT, SITE

log = logging.getLogger("scripts.build.pipeline")


@dataclass
class BuildReport:
    """What a build produced (written to reports/build.json)."""

    seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    languages: dict[str, dict[str, int]] = field(default_factory=dict)
    search_entries: dict[str, int] = field(default_factory=dict)
    sitemap_urls: int = 0
    feed_entries: dict[str, int] = field(default_factory=dict)
    pdf: dict[str, object] = field(default_factory=dict)
    indicator_files: int = 0


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "scripts"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("scripts").setLevel(logging.INFO)
    import jieba  # Material's search plugin segments Chinese with it; keep its progress lines quiet

    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(
    site_dir: Path, only: str | None = None, config_file: Path = CONFIG_FILE, site_url: str | None = None
) -> str:
    """Run the strict MkDocs build into site_dir; return the site_url it was built for.

    site_url replaces the public address of mkdocs.yml (a local preview).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
        if only:
            languages.get(only)  # an unknown code fails here, with the list of known codes
            for lang in config.plugins["i18n"].config.languages:
                lang.build = bool(lang.default) or lang.locale == only
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError, languages.LanguageError, snapshot.ContentError) as exc:
        raise BuildError(f"MkDocs build failed: {exc}") from None
    return str(config.site_url or "/")


def language_counts(site: Path) -> dict[str, dict[str, int]]:
    """Pages per language tree: all, translated, and English fallbacks."""
    counts: dict[str, Counter[str]] = {}
    for page in sitetree.pages(site):
        c = counts.setdefault(page.lang.code, Counter())
        c["pages"] += 1
        c["fallback" if page.noindex and not page.lang.default else "translated"] += 1
    return {code: dict(counts[code]) for code in languages.codes() if code in counts}


def check_sources(only: str | None = None) -> None:
    """Gate 1 before building: bad front matter or unsafe HTML never reaches the build."""
    codes = {languages.default().code, only} if only else None
    problems = findings.errors(sources.run(codes))
    if problems:
        listing = "\n".join(
            f"  {f.location()}: {f.message} (fix: {f.fix})" for f in sorted(problems, key=findings.Finding.sort_key)
        )
        raise BuildError(f"the sources have {len(problems)} problem(s); nothing was built:\n{listing}")
    snapshot.take()  # what gate 1 read, for the hooks and the post-build steps (scripts/content/snapshot.py)


def build(
    target: Path = SITE, only: str | None = None, verbose: bool = False, local_url: str | None = None
) -> BuildReport:
    """Build the whole site into target (or English plus one language, for previews).

    Without local_url the site is built for publishing at its public address (mkdocs.yml
    site_url, or SITE_URL); with it, for viewing at that local address (`make serve`).
    """
    _configure_logging(verbose)
    start = time.monotonic()
    check_sources(only)
    target = target.resolve()
    report = BuildReport()
    with workdir.interruptible(), workdir.claimed(target) as claim:
        work = claim.path
        t0 = time.monotonic()
        site_url = run_mkdocs(work, only, site_url=local_url)
        buildmark.write(work, buildmark.BuildMark(site_url, publishing=local_url is None))
        report.mkdocs_seconds = round(time.monotonic() - t0, 2)
        report.search_entries = search.split_index(work)
        report.sitemap_urls = sitemap.write_sitemap(work, site_url)
        report.feed_entries = feeds.write_feeds(work, site_url)
        report.pdf = editions.make_all(work, site_url)
        listed = downloads.make(work, site_url, report.pdf.pop("files"))  # type: ignore[arg-type]
        report.indicator_files, report.pdf["listed"] = listed["indicator_files"], listed["pdfs"]
        report.languages = language_counts(work)
        claim.replace(target)
    report.seconds = round(time.monotonic() - start, 2)
    if target == SITE.resolve() and not only:
        REPORTS.mkdir(exist_ok=True)
        (REPORTS / "build.json").write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    log.info(
        "Built %s in %.1f s (MkDocs %.1f s)",
        target.relative_to(ROOT) if target.is_relative_to(ROOT) else target,
        report.seconds,
        report.mkdocs_seconds,
    )
    return report
