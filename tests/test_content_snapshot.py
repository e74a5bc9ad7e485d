"""One content model, read once: the snapshot, and hooks that need no .pth and open no source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.build import buildcache, langbuild
from scripts.content import languages, schema, snapshot, sourcefile, translations
from scripts.postbuild import search
from scripts.project import DOCS, ROOT, mkdocs_config
from tests.helpers import tree_diff

# Run in a child: the project root is taken off sys.path (as in an environment with only the
# requirements installed, no .pth), every open of a file under docs/ is recorded with the
# project frames that asked for it, then MkDocs builds with the project's mkdocs.yml.
_CHILD = r"""
import json, sys, traceback
root, docs, out, site = sys.argv[1:5]
sys.path[:] = [p for p in sys.path if p not in ("", ".", root)]
opens = []

def audit(event, args):
    if event != "open" or not isinstance(args[0], str) or not args[0].startswith(docs):
        return
    frames = [f.filename for f in traceback.extract_stack()[:-1]]
    mine = [f for f in frames if f.startswith(root + "/scripts/") or f.startswith(root + "/overrides/")]
    opens.append({"path": args[0], "project": mine[-1] if mine else None,
                  "snapshot": any(f.endswith("/scripts/content/snapshot.py") for f in frames)})

sys.addaudithook(audit)
from mkdocs.__main__ import cli
try:
    cli(["build", "-q", "-f", "mkdocs.yml", "-d", site])
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
json.dump({"code": code, "opens": opens}, open(out, "w"))
"""


def parallel_mkdocs_stage(target: Path) -> None:
    """The build's MkDocs stage, assembled into target: each language built in a fresh process
    of its own (taken from the build cache when `make build` left it there)."""
    codes = languages.codes()
    keys = buildcache.language_keys(codes, str(mkdocs_config()["site_url"]))
    entries = {code: buildcache.lang_entry(code, keys[code]) for code in codes}
    snapshot.take()  # what the hooks of the language processes look things up in
    langbuild.build_languages(codes, None, os.cpu_count() or 1, entries)
    langbuild.assemble(entries, target)


def test_plain_mkdocs_build_needs_no_pth_and_hooks_open_no_source(tmp_path: Path) -> None:
    """A plain `mkdocs build` (every language in turn, in one process, as the i18n plugin does)
    works without the .pth, its hooks read no source outside the snapshot, and it gives the
    bytes of the build's MkDocs stage, where each language has a process of its own: no hook
    keeps state from one language to the next. (This comparison was test_build.py's
    test_hooks_keep_no_state_between_builds, which built the whole site once more.)"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out, site = tmp_path / "opens.json", tmp_path / "site"
    docs = str(DOCS.resolve()) + "/"
    subprocess.run(
        [sys.executable, "-I", "-c", _CHILD, str(ROOT), docs, str(out), str(site)],
        cwd=ROOT,
        env=env,
        check=False,
        timeout=900,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["code"] == 0
    assert (site / "index.html").is_file() and (site / "fr" / "papers" / "index.html").is_file()
    opens = result["opens"]
    assert any(o["project"] is None for o in opens), "the audit hook saw MkDocs read no page: it sees nothing"
    assert any(o["snapshot"] for o in opens), "the audit hook saw no project frame: it would miss a hook's read"
    readers = sorted({(o["project"], o["path"]) for o in opens if o["project"] and not o["snapshot"]})
    assert readers == [], f"hooks or scripts read sources outside the snapshot: {readers[:5]}"
    parallel_mkdocs_stage(tmp_path / "parallel")
    # A language process writes its own search index (scripts/build/langsteps.py); the plugin's
    # merged index is split after MkDocs, as the sequential build does (scripts/build/pipeline.py).
    search.split_index(site)
    # The root sitemap differs by design: the plugin's merges every language, a language
    # process writes its own; the post-build step replaces both (scripts/postbuild/sitemap.py).
    replaced = {str(site / "sitemap.xml"), str(site / "sitemap.xml.gz")}
    assert [f for f in tree_diff(site, tmp_path / "parallel") if f not in replaced] == []


def test_snapshot_loads_in_another_process_and_facts_have_one_source() -> None:
    snap = snapshot.take()
    assert snapshot.path_for(snap.key).is_file()
    code = "from scripts.content import snapshot; s = snapshot.get(); print(s.key, len(s.pages))"
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == [snap.key, str(len(snap.pages))]
    for lang in languages.languages():
        for path in lang.docs_dir.rglob("*.md"):
            rel = path.relative_to(lang.docs_dir).as_posix()
            entry = snap.page(f"{lang.code}/{rel}")
            assert entry is not None and entry.kind == schema.page_type(rel)
            if not lang.default and entry.translation is not None:
                assert entry.translation == translations.state(path)
    assert [p.id for p, _ in snap.papers_for(languages.default().code)] == [p.id for p in snap.english_papers()]


def test_a_file_is_read_again_only_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "ui.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    first = sourcefile.read_yaml(path)
    assert sourcefile.read_yaml(path) is first  # one parse per version of the file
    time.sleep(0.01)
    path.write_text("a: 22\n", encoding="utf-8")
    assert sourcefile.read_yaml(path) == {"a": 22}


def test_yaml_errors_keep_their_lines_with_libyaml(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("- term: a\n  term: b\n", encoding="utf-8")
    try:
        sourcefile.read_yaml(path)
    except sourcefile.SourceError as exc:
        assert exc.line == 2 and "written twice" in exc.message
    else:
        raise AssertionError("a duplicate key was accepted")
    assert sourcefile.StrictLoader.__mro__[1] is getattr(__import__("yaml"), "CSafeLoader", object)


_TWO_PROCESSES = r"""
import threading
from scripts.content import snapshot
assert threading.active_count() == 1
here = []
entries = snapshot._entries
snapshot._entries = lambda sources: here.append(len(sources)) or entries(sources)
two = snapshot.build("key")
forked = list(here)
here.clear()
snapshot._SHARED_FROM = 10**9
one = snapshot.build("key")
print(len(one.pages), forked, here, two.pages == one.pages and two == one)
"""


def test_the_snapshot_made_in_two_processes_is_the_one_made_in_one() -> None:
    """A snapshot of many pages reads half of them in a forked process (scripts/content/snapshot.py)."""
    shown = (
        subprocess.run([sys.executable, "-c", _TWO_PROCESSES], cwd=ROOT, capture_output=True, text=True, check=True)
        .stdout.strip()
        .split(maxsplit=1)
    )
    pages, rest = int(shown[0]), shown[1]
    assert pages >= 60, "too few pages for the forked path: the comparison would prove nothing"
    # In the parent: half the pages (then their other half, when the child failed); alone: all of them.
    assert rest == f"[{pages // 2}] [{pages}] True", rest
