"""Interrupted builds: no temporary folder survives the next build, no PDF worker survives the build.

The end-to-end cases run `python -m scripts build --only fr` in one project copy and signal it
during MkDocs and during the PDF step (with an empty PDF cache, so the step really renders).
Each case builds into a folder of its own; the copy's build cache holds English and French
already (a first build), so a build reaches its PDF step without running MkDocs again.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.build import workdir
from tests.project_copy import make_copy, run_cli


def _temporary(project: Path, site: str) -> list[str]:
    """The build's temporary folders beside its target, and the languages of an uncached build."""
    return sorted(p.name for p in [*project.glob(f".{site}.*"), *project.glob(".langs-*")])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy whose build cache holds English and French (built once, PDFs from the shared cache)."""
    copy = make_copy(tmp_path_factory.mktemp("interrupted") / "project")
    first = run_cli(copy, "build", "--only", "fr", "--site", str(copy / "first"))
    assert first.returncode == 0, first.stderr
    return copy


def _children(pid: int) -> set[int]:
    """Live processes whose parent is pid."""
    out = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and not fields.get("State", "").startswith("Z"):
            out.add(int(status.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _start(project: Path, site: str, pdf_cache: Path, *options: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SITE_PDF_CACHE": str(pdf_cache)}  # a PDF cache of its own: the site is not reused
    return subprocess.Popen(
        [sys.executable, "-m", "scripts", "build", "--only", "fr", "--site", str(project / site), *options],
        cwd=project,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def _wait_for(condition: object, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the build never reached the stage to interrupt"
        time.sleep(0.2)


def _wait_for_pdf_workers(build: subprocess.Popen[str]) -> set[int]:
    assert build.stderr is not None
    for line in build.stderr:  # the PDF step announces itself before it starts its pool
        if "rendering" in line:
            break
    else:
        pytest.fail("the build ended before its PDF step")
    workers: set[int] = set()

    def started() -> bool:
        workers.update(_children(build.pid))
        return bool(workers)

    _wait_for(started, 30)
    return workers


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_pdf_step_ends_workers_and_folder(project: Path, tmp_path: Path, sig: signal.Signals) -> None:
    site = f"site-{sig.name}"
    build = _start(project, site, tmp_path / "empty-pdf-cache")
    workers = _wait_for_pdf_workers(build)
    build.send_signal(sig)
    assert build.wait(timeout=60) == 128 + sig
    _wait_for(lambda: not any(_alive(pid) for pid in workers), 10)
    assert _temporary(project, site) == [] and not (project / site).exists()


def test_sigterm_during_mkdocs_removes_its_folder(project: Path, tmp_path: Path) -> None:
    """Uncached, so MkDocs runs: the signal comes while a language's pages are being written."""
    site = "site-mkdocs"
    build = _start(project, site, tmp_path / "pdf-cache", "--no-cache")
    writing = [f".{site}.build-*", ".langs-*/.*.build-*"]
    _wait_for(lambda: any(p.is_dir() and any(p.iterdir()) for g in writing for p in project.glob(g)))
    build.send_signal(signal.SIGTERM)
    stderr = build.communicate(timeout=60)[1]
    assert build.returncode == 128 + signal.SIGTERM and "Traceback" not in stderr, stderr
    assert _temporary(project, site) == [] and not (project / site).exists()


def test_killed_build_is_swept_by_the_next_and_the_site_is_world_readable(project: Path, tmp_path: Path) -> None:
    site = "site-killed"
    build = _start(project, site, tmp_path / "empty-pdf-cache")
    workers = _wait_for_pdf_workers(build)
    build.kill()  # no handler runs: the folder stays, the workers go with their parent
    build.wait(timeout=30)
    _wait_for(lambda: not any(_alive(pid) for pid in workers), 10)
    assert any(name.startswith(f".{site}.build-") for name in _temporary(project, site))
    # The finished site is not taken from the cache: this build writes it under the umask.
    shutil.rmtree(project / ".cache" / "build" / "site", ignore_errors=True)
    old = os.umask(0o077)  # a restrictive umask must not make the site private
    try:
        result = run_cli(project, "build", "--only", "fr", "--site", str(project / site))  # shared PDF cache
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert _temporary(project, site) == []
    built = project / site
    assert stat.S_IMODE(built.stat().st_mode) == 0o755
    for path in [built, *built.rglob("*")]:
        wanted = 0o755 if path.is_dir() else 0o644
        assert stat.S_IMODE(path.stat().st_mode) & wanted == wanted, path


def test_sweep_keeps_the_folder_of_a_live_build(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with workdir.claimed(target) as live:
        (live.path / "page.html").write_text("x", encoding="utf-8")
        dead = tmp_path / ".site.build-dead"
        (dead / "sub").mkdir(parents=True)
        (tmp_path / ".site.build-dead.lock").touch()  # its lock is free: its build has ended
        old_layout = tmp_path / ".site.build-oldstyle"  # before locks: no lock file at all
        old_layout.mkdir()
        removed = workdir.remove_stale(target)
        assert {p.name for p in removed} == {".site.build-dead", ".site.build-dead.lock", ".site.build-oldstyle"}
        assert live.path.is_dir() and live.lock.is_file()
    assert not live.path.exists() and not live.lock.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
