"""The project's command line: `python -m scripts <command>` (`--help` lists them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.project import REPORTS, ROOT, SITE


def _build(args: argparse.Namespace) -> int:
    from scripts.build.pipeline import build

    build(
        Path(args.site),
        only=args.only,
        verbose=args.verbose,
        local_url=args.local_url,
        jobs=args.jobs,
        incremental=not args.no_cache,
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from scripts.build.serve import serve

    return serve(Path(args.site), only=args.only, port=args.port, watch=not args.no_watch)


def _check(args: argparse.Namespace) -> int:
    from scripts.checks.run import check

    site = None if args.sources_only else Path(args.site).resolve()
    return check(
        site,
        sources_too=not args.site_only,
        online=args.online,
        site_url=args.site_url,
        reports=Path(args.reports),
        markup_gates=not args.links_only,
    )


def _bench(args: argparse.Namespace) -> int:
    if args.what == "checker":
        from scripts.benchmarks.checker import main

        return main(pages_per_lang=args.pages // 2, rounds=args.rounds)
    if args.what == "pdf":
        from scripts.benchmarks.pdf import main as pdf_main

        return pdf_main(rounds=args.rounds)
    if args.what == "preview":
        from scripts.benchmarks.preview import main as preview_main

        return preview_main(rounds=args.rounds, stock=not args.no_stock)
    if args.what == "build":
        from scripts.benchmarks.build import main as build_main

        return build_main(runs=args.runs, scale=args.scale)
    raise SystemExit(f"unknown benchmark {args.what}")


def _translation(args: argparse.Namespace) -> int:
    from scripts.cli import translation as translation_cli

    return translation_cli.run(args)


def _new_language(args: argparse.Namespace) -> int:
    from scripts.cli.new_language import NewLanguageError, add_language

    try:
        written = add_language(args.code, args.name)
    except NewLanguageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Added '{args.code}' ({args.name}): wrote {', '.join(written)}.")
    print(f"Next: translate docs/{args.code}/ui.yml, then `python -m scripts translation start {args.code} index.md`.")
    return 0


def _indicators(args: argparse.Namespace) -> int:
    from scripts.content import indicators

    path = indicators.write_translation_block(args.language)
    print(f"Recorded in {path.name}: the translated indicators match the current English text (status: machine).")
    return 0


def _codeowners(args: argparse.Namespace) -> int:
    from scripts.cli import codeowners

    codeowners.write()
    print(f"Wrote {codeowners.FILE.relative_to(codeowners.ROOT)}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per tool."""
    p = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the complete site into site/ (all languages)")
    b.add_argument("--site", default=str(SITE), help="output folder (default: site/)")
    b.add_argument("--only", metavar="CODE", help="build English and this language only")
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' info messages")
    b.add_argument(
        "--local-url",
        metavar="URL",
        help="build for viewing at this local address, not for publishing (`make serve` does this)",
    )
    b.add_argument(
        "--jobs", type=int, help="languages built at once, one process each (default: one per core; 0: one process)"
    )
    b.add_argument("--no-cache", action="store_true", help="build every stage again, whatever the cache holds")
    b.set_defaults(func=_build)

    s = sub.add_parser("serve", help="preview: build, serve on localhost, rebuild what an edit touches")
    s.add_argument("--site", default=str(ROOT / ".preview"), help="folder to build and serve (default: .preview/)")
    s.add_argument("--only", metavar="CODE", help="build English and this language only")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-watch", action="store_true", help="serve without rebuilding on change")
    s.set_defaults(func=_serve)

    c = sub.add_parser("check", help="run every check on the sources and on a built site")
    c.add_argument("--site", default=str(SITE), help="built site to check (default: site/)")
    only = c.add_mutually_exclusive_group()
    only.add_argument("--site-only", action="store_true", help="gate 2 only: the built site, not docs/")
    only.add_argument("--sources-only", action="store_true", help="gate 1 only: docs/, before any build")
    c.add_argument("--online", action="store_true", help="request every external URL and update the cache")
    c.add_argument("--site-url", help="the site_url the tree was built with (default: what the build recorded)")
    c.add_argument("--reports", default=str(REPORTS), help="folder for checker.json and checker.junit.xml")
    c.add_argument(
        "--links-only", action="store_true", help="skip the HTML validator and axe-core (gate 2's link checks only)"
    )
    c.set_defaults(func=_check)

    from scripts.cli import translation as translation_cli

    translation_cli.add_parser(sub).set_defaults(func=_translation)

    nl = sub.add_parser("new-language", help="add a language: the list in mkdocs.yml, its folder, CODEOWNERS")
    nl.add_argument("code", help="language code, e.g. pt")
    nl.add_argument("name", help="the language's name in itself, e.g. Português")
    nl.set_defaults(func=_new_language)

    ind = sub.add_parser("indicators", help="indicator library: record that a translation matches today's English")
    ind.add_argument("action", choices=["mark-current"])
    ind.add_argument("language", help="language code, e.g. fr")
    ind.set_defaults(func=_indicators)

    co = sub.add_parser("codeowners", help="regenerate .github/CODEOWNERS from the list of languages")
    co.set_defaults(func=_codeowners)

    bench = sub.add_parser("bench", help="run a benchmark and write reports/bench-<name>.json")
    bench.add_argument(
        "what",
        choices=["build", "checker", "pdf", "preview"],
        help="build: the build against stock MkDocs at 1x and --scale x the papers; "
        "checker: the built-site checker against lychee; pdf: PDF editions cold and warm; "
        "preview: seconds from an edit to the page in `make serve`, and in stock `mkdocs serve`",
    )
    bench.add_argument("--pages", type=int, default=1000, help="pages of the synthetic site (two languages)")
    bench.add_argument("--rounds", type=int, default=5, help="runs of each tool, interleaved")
    bench.add_argument("--no-stock", action="store_true", help="preview: skip stock `mkdocs serve`")
    bench.add_argument("--runs", type=int, default=3, help="build: runs of each configuration, interleaved")
    bench.add_argument("--scale", type=int, default=5, help="build: copies of every paper in the scaled run")
    bench.set_defaults(func=_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; clear errors instead of tracebacks for the project's own failures."""
    from scripts.build.workdir import Interrupted
    from scripts.content.languages import LanguageError
    from scripts.content.sourcefile import SourceError
    from scripts.errors import BuildError
    from scripts.pdf.render import PdfError

    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (BuildError, LanguageError, SourceError, PdfError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print(f"interrupted ({exc}): temporary files and workers removed, site left as it was", file=sys.stderr)
        return 128 + exc.signum
