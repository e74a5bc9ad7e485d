"""The theme's compiled templates and static files, once for all language processes.

Each language builds in its own process (scripts/build/langbuild.py), and each would compile the
theme's ~80 templates again, about a second of CPU per language. Jinja's bytecode cache keeps
each compiled template under its name and file, and compiles it again when its source changes.

The theme's static files (2.6 MB: scripts, styles, fonts) are shared by every language at the
site's root. The site is assembled with the default language's copy, so a process building
another language writes none. A plain `mkdocs build` writes them as usual.
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

from scripts.build import langbuild
from scripts.build.hookutils import theme_bytecode_cache


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Leave the theme's static files out of a language whose root the assembly does not take."""
    if not langbuild.theme_files_elsewhere():
        return files
    theme = [Path(folder) for folder in config.theme.dirs]
    for file in [f for f in files if f.abs_src_path and not f.is_documentation_page()]:
        if any(Path(file.abs_src_path).is_relative_to(folder) for folder in theme):
            files.remove(file)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Compile each theme template once for all languages and builds."""
    env.bytecode_cache = theme_bytecode_cache()
    return env
