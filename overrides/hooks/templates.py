"""The theme's compiled templates, kept between builds and between language processes.

Each language builds in its own process (scripts/build/langbuild.py), and each would compile the
theme's ~80 templates again, about a second of CPU per language. Jinja's bytecode cache keeps
each compiled template under its name and file, and compiles it again when its source changes.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from scripts.build.hookutils import theme_bytecode_cache


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Compile each theme template once for all languages and builds."""
    env.bytecode_cache = theme_bytecode_cache()
    return env
