"""Build the complete site: MkDocs (every language), then the site-wide steps.

Each language is built in its own process, one per core, and kept in the build cache under
the hash of its inputs; the site is assembled from the languages (scripts/build/langbuild.py).
Each stage is skipped when its inputs' hash is unchanged: gate 1, each language's MkDocs
build, and the post-build steps (the whole finished site is cached; scripts/build/buildcache.py).
`jobs=0` is the plugin's own sequential build of every language in this process, uncached:
the reference the parallel build is compared with.

The build writes into a temporary folder beside the target and replaces the target only when
every step has succeeded, so a failed build never leaves a half-written site; an interrupted
one (SIGINT, SIGTERM) removes its folder and its PDF workers, and a killed one's folder is
removed by the next build (scripts/build/workdir.py).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scripts.build import buildcache, langbuild, langsteps, sourcesgate, workdir
from scripts.built import buildmark, sitetree
from scripts.content import languages
from scripts.project import CONFIG_FILE, REPORTS, ROOT, SITE, mkdocs_config

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
    jobs: int = 0
    sources_reused: bool = False
    languages_built: dict[str, float] = field(default_factory=dict)
    languages_reused: list[str] = field(default_factory=list)
    site_reused: bool = False


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "scripts"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("scripts").setLevel(logging.INFO)


def run_mkdocs(
    site_dir: Path, only: str | None = None, config_file: Path = CONFIG_FILE, site_url: str | None = None
) -> str:
    """Run the strict MkDocs build of every language in this process (the i18n plugin's loop)
    into site_dir; return the site_url it was built for.

    site_url replaces the public address of mkdocs.yml (a local preview).
    """
    config = langbuild.load(site_dir, built_codes(only), site_url, config_file)
    langbuild.run(config)
    return str(config.site_url or "/")


def built_codes(only: str | None = None) -> list[str]:
    """The languages a build makes: all, or English and `only` (an unknown code fails here)."""
    if only:
        languages.get(only)
        return [c for c in languages.codes() if c in (languages.default().code, only)]
    return languages.codes()


def language_counts(pages: list[sitetree.BuiltPage]) -> dict[str, dict[str, int]]:
    """Pages per language tree: all, translated, and English fallbacks."""
    counts: dict[str, Counter[str]] = {}
    for page in pages:
        c = counts.setdefault(page.lang.code, Counter())
        c["pages"] += 1
        c["fallback" if page.noindex and not page.lang.default else "translated"] += 1
    return {code: dict(counts[code]) for code in languages.codes() if code in counts}


def check_sources(only: str | None = None, incremental: bool = False) -> bool:
    """Gate 1 on its own, before anything else: bad front matter or unsafe HTML never reaches a
    build. incremental: skip it when it passed on the same inputs before; return whether it was."""
    return sourcesgate.SourcesGate(only, incremental, concurrent=False).reused


def _site_url(local_url: str | None) -> str:
    # Read afresh: SITE_URL may differ from one build to the next in one process.
    return local_url or str(mkdocs_config.__wrapped__(CONFIG_FILE)["site_url"])


def _mkdocs_stage(
    work: Path,
    keys: dict[str, str],
    local_url: str | None,
    jobs: int,
    incremental: bool,
    report: BuildReport,
    gate: sourcesgate.SourcesGate,
) -> tuple[str, dict[str, langsteps.LanguageOutput]]:
    """Every language's pages in work, built in parallel or taken from the cache; return site_url
    and each language's share of the site-wide steps. An error of gate 1 ends the builds."""
    codes = list(keys)
    scratch = None if incremental else Path(tempfile.mkdtemp(prefix=".langs-", dir=work.parent))
    try:
        where = (lambda c: scratch / c) if scratch else (lambda c: buildcache.lang_entry(c, keys[c]))
        entries = {c: where(c) for c in codes}
        result = langbuild.build_languages(codes, local_url, jobs, entries, beside=gate)
        outputs = langbuild.assemble(entries, work)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    report.languages_built, report.languages_reused = result.built, result.reused
    return result.site_url, outputs


def _postbuild(
    work: Path, site_url: str, report: BuildReport, outputs: dict[str, langsteps.LanguageOutput] | None = None
) -> None:
    """The site-wide steps on the assembled pages.

    outputs: what the language processes already did (search indexes, page lists, PDF plans);
    without them (the sequential build) this does it all here.
    """
    from scripts.pdf import editions  # imported here: a reused site needs none of them
    from scripts.postbuild import downloads, feeds, search, sitemap

    if outputs is None:
        report.search_entries = search.split_index(work)
        pages = list(sitetree.pages(work))
        planned = None
    else:
        report.search_entries = {code: out.search_entries for code, out in outputs.items()}
        pages = sorted((p for out in outputs.values() for p in out.built_pages()), key=lambda p: p.file)
        planned = [editions.Edition(**e) for out in outputs.values() for e in out.editions]
    report.sitemap_urls = sitemap.write_sitemap(work, site_url, pages)
    report.feed_entries = feeds.write_feeds(work, site_url)
    report.pdf = editions.make_all(work, site_url, planned=planned)
    listed = downloads.make(work, site_url, report.pdf.pop("files"))  # type: ignore[arg-type]
    report.indicator_files, report.pdf["listed"] = listed["indicator_files"], listed["pdfs"]
    report.languages = language_counts(pages)


def _reuse_site(entry: Path, work: Path, report: BuildReport) -> bool:
    """Take the whole finished site from the cache when its key is there; say whether it was."""
    tree, saved = entry / "tree", entry / "report.json"
    if not (tree.is_dir() and saved.is_file()):
        return False
    os.utime(entry)
    buildcache.copy_tree(tree, work)
    for name, value in json.loads(saved.read_text(encoding="utf-8")).items():
        if name in ("search_entries", "sitemap_urls", "feed_entries", "pdf", "indicator_files", "languages"):
            setattr(report, name, value)
    report.site_reused = True
    report.languages_reused = built_codes_from(report.languages)
    return True


def built_codes_from(counts: dict[str, dict[str, int]]) -> list[str]:
    """The languages of a finished site, in the order of mkdocs.yml."""
    return [c for c in languages.codes() if c in counts]


def _store_site(entry: Path, work: Path, report: BuildReport) -> None:
    """Keep a copy of the finished site and its report in the cache."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-", dir=entry.parent) as tmp:
        shutil.copytree(work, Path(tmp, "site", "tree"), symlinks=True)
        Path(tmp, "site", "report.json").write_text(json.dumps(asdict(report)), encoding="utf-8")
        buildcache.store(Path(tmp, "site"), entry)


def _build_into(
    work: Path,
    gate: sourcesgate.SourcesGate,
    only: str | None,
    local_url: str | None,
    jobs: int,
    incremental: bool,
    report: BuildReport,
) -> None:
    """The build's stages into work; gate 1's verdict is awaited before anything is kept."""
    t0 = time.monotonic()
    publishing = local_url is None
    site_entry = None
    try:
        keys = buildcache.language_keys(built_codes(only), _site_url(local_url)) if jobs else {}
        if incremental:
            site_entry = buildcache.site_entry(buildcache.site_key(keys, publishing))
        if site_entry and _reuse_site(site_entry, work, report):
            report.mkdocs_seconds = round(time.monotonic() - t0, 2)
            gate.wait()
            return
        outputs = None
        if jobs == 0:
            site_url = run_mkdocs(work, only, site_url=local_url)
            report.languages_built = dict.fromkeys(built_codes(only), 0.0)
        else:
            site_url, outputs = _mkdocs_stage(work, keys, local_url, jobs, incremental, report, gate)
    except Exception:
        gate.wait()  # a bad source is better reported by gate 1 than by the build it broke
        raise
    gate.wait()
    buildmark.write(work, buildmark.BuildMark(site_url, publishing=publishing))
    report.mkdocs_seconds = round(time.monotonic() - t0, 2)
    _postbuild(work, site_url, report, outputs)
    if site_entry:
        _store_site(site_entry, work, report)


def build(
    target: Path = SITE,
    only: str | None = None,
    verbose: bool = False,
    local_url: str | None = None,
    jobs: int | None = None,
    incremental: bool = True,
) -> BuildReport:
    """Build the whole site into target (or English plus one language, for previews).

    Without local_url the site is built for publishing at its public address (mkdocs.yml
    site_url, or SITE_URL); with it, for viewing at that local address (`make serve`).
    jobs: processes building languages at once (default: one per core); 0 builds every
    language in this process, one after another, uncached (the i18n plugin's own way).
    incremental: reuse the cached output of any stage whose inputs are unchanged.
    """
    _configure_logging(verbose)
    start = time.monotonic()
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    incremental = incremental and jobs > 0
    report = BuildReport(jobs=jobs)
    target = target.resolve()
    with workdir.interruptible():
        gate = sourcesgate.SourcesGate(only, incremental)  # runs beside the build; must pass for it to be kept
        report.sources_reused = gate.reused
        try:
            with workdir.claimed(target) as claim:
                _build_into(claim.path, gate, only, local_url, jobs, incremental, report)
                claim.replace(target)
        finally:
            gate.cancel()
    report.seconds = round(time.monotonic() - start, 2)
    if target == SITE.resolve() and not only:
        REPORTS.mkdir(exist_ok=True)
        (REPORTS / "build.json").write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    log.info(
        "Built %s in %.1f s (MkDocs %.1f s; languages built %s, reused %s%s)",
        target.relative_to(ROOT) if target.is_relative_to(ROOT) else target,
        report.seconds,
        report.mkdocs_seconds,
        ", ".join(report.languages_built) or "none",
        ", ".join(report.languages_reused) or "none",
        "; whole site reused" if report.site_reused else "",
    )
    return report
