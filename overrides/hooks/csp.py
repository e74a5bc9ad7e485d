"""The Content-Security-Policy of every page, and the `_headers` file of the site.

Material's storage script takes its scope from `extra.scope` (else from the page's relative
base URL, which would make its text, and so its hash, differ with the page's depth): the
scope is the site root's path from site_url, the same on every page. Every value is
recomputed from the configuration on each language build.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)


from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from scripts.build import csp


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    scope = csp.site_scope(config.site_url)
    config.extra["scope"] = scope
    # Made here from scripts/build/csp.py only (no contributed data): printed as it is.
    config.extra["csp"] = Markup(csp.policy(scope))
    return config


def on_post_build(config: MkDocsConfig) -> None:
    Path(config.site_dir, csp.HEADERS_FILE).write_text(
        csp.headers_file(csp.site_scope(config.site_url)), encoding="utf-8"
    )
