"""The project's command line: `python -m scripts <command>` (`--help` lists them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.project import SITE


def _build(args: argparse.Namespace) -> int:
    from scripts.build import build

    build(Path(args.site), only=args.only, verbose=args.verbose)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from scripts.serve import serve

    return serve(Path(args.site), only=args.only, port=args.port, watch=not args.no_watch)


def _check(args: argparse.Namespace) -> int:
    from scripts.checks.run import check

    return check(Path(args.site).resolve(), sources_too=not args.site_only)


def parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per tool."""
    p = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the complete site into site/ (all languages)")
    b.add_argument("--site", default=str(SITE), help="output folder (default: site/)")
    b.add_argument("--only", metavar="CODE", help="build English and this language only")
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' info messages")
    b.set_defaults(func=_build)

    s = sub.add_parser("serve", help="serve a built site on localhost, rebuilding on change")
    s.add_argument("--site", default=str(SITE), help="folder to build and serve (default: site/)")
    s.add_argument("--only", metavar="CODE", help="build English and this language only")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-watch", action="store_true", help="serve without rebuilding on change")
    s.set_defaults(func=_serve)

    c = sub.add_parser("check", help="run every check on the sources and on a built site")
    c.add_argument("--site", default=str(SITE), help="built site to check (default: site/)")
    c.add_argument("--site-only", action="store_true", help="check only the built site, not docs/")
    c.set_defaults(func=_check)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; clear errors instead of tracebacks for the project's own failures."""
    from scripts.build import BuildError
    from scripts.languages import LanguageError

    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (BuildError, LanguageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
