"""Gate 1 beside the build: the sources are checked while the languages are built.

Gate 1 (scripts/checks/sources.py) must pass before anything built from the sources is kept,
not before the build starts: the build writes into a temporary folder that replaces the site
only at the end (scripts/build/workdir.py). So the content snapshot is taken first (it reads
every source; a forked process inherits those reads), gate 1's checks run in a forked process
beside the language builds, and the build waits for their verdict before its post-build steps
and before it keeps anything. When gate 1 finds an error, the build stops with gate 1's report,
also when the build itself failed on the same bad source first.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
from typing import Any

from scripts.build import buildcache, workdir
from scripts.checks import findings, sources
from scripts.content import languages, snapshot
from scripts.errors import BuildError


def problems_error(problems: list[findings.Finding]) -> BuildError:
    """The build's error for gate 1's errors: each with its file, line and fix."""
    listing = "\n".join(
        f"  {f.location()}: {f.message} (fix: {f.fix})" for f in sorted(problems, key=findings.Finding.sort_key)
    )
    return BuildError(f"the sources have {len(problems)} problem(s); nothing was built:\n{listing}")


def _child(codes: set[str] | None, conn: Any, parent: int) -> None:
    """The forked gate: send back gate 1's errors, or the exception that stopped it."""
    workdir.child_signals(parent)
    try:
        conn.send(("ok", findings.errors(sources.run(codes))))
    except BaseException as exc:  # sent to the parent, which raises it
        conn.send(("error", exc))
    finally:
        conn.close()


class SourcesGate:
    """Gate 1 for one build: skipped when it passed on the same inputs, else run (beside the
    build when `concurrent`); `wait()` raises BuildError when it found an error."""

    def __init__(self, only: str | None = None, incremental: bool = False, concurrent: bool = True) -> None:
        self.codes = {languages.default().code, only} if only else None
        key = buildcache.sources_key() if incremental and not only else None
        self.mark = buildcache.sources_mark(key) if key else None
        self.reused = bool(self.mark and self.mark.is_file())
        self._process: Any = None
        self._conn: Any = None
        self._done = False
        if self.reused:
            snapshot.take()  # loaded from .cache/snapshot when these sources were seen
            self._done = True
        elif not concurrent:
            self._finish(findings.errors(sources.check(codes=self.codes).findings))
        else:
            try:
                snapshot.take()  # every source read once; the gate's process inherits the reads
            except Exception:
                self._finish(findings.errors(sources.run(self.codes)))  # the sources' own report first
                raise
            self._start()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_child, args=(self.codes, send, os.getpid()), daemon=True)
        self._process.start()
        send.close()
        self._conn = receive
        workdir.check_interrupted()

    def wait(self) -> None:
        """Gate 1's verdict: return when it passed, raise BuildError with its report when not."""
        if self._done:
            return
        try:
            status, value = self._conn.recv()
        except EOFError:
            status, value = "error", BuildError(f"gate 1 stopped (exit code {self._process.exitcode})")
        self._conn.close()
        self._process.join()
        self._process = None
        if status == "error":
            self._done = True
            raise value
        self._finish(value)

    def _finish(self, problems: list[findings.Finding]) -> None:
        self._done = True
        if problems:
            raise problems_error(problems)
        if self.mark:
            self.mark.parent.mkdir(parents=True, exist_ok=True)
            self.mark.touch()

    def cancel(self) -> None:
        """End the gate's process if it still runs (the build stopped first)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
