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


def _errors(codes: set[str] | None) -> list[findings.Finding]:
    return findings.errors(sources.run(codes))


class SourcesGate:
    """Gate 1 for one build: skipped when it passed on the same inputs, else run (beside the
    build when `concurrent`); `wait()` raises BuildError when it found an error."""

    def __init__(self, only: str | None = None, incremental: bool = False, concurrent: bool = True) -> None:
        self.codes = {languages.default().code, only} if only else None
        key = buildcache.sources_key() if incremental and not only else None
        self.mark = buildcache.sources_mark(key) if key else None
        self.reused = bool(self.mark and self.mark.is_file())
        self._forked: workdir.Forked | None = None  # gate 1 running beside the build
        if self.reused:
            snapshot.take()  # loaded from .cache/snapshot when these sources were seen
        elif not concurrent:
            self._finish(findings.errors(sources.check(codes=self.codes).findings))
        else:
            try:
                snapshot.take()  # every source read once; the gate's process inherits the reads
            except Exception:
                self._finish(_errors(self.codes))  # the sources' own report first
                raise
            self._forked = workdir.fork("gate 1", _errors, self.codes)

    @property
    def conn(self) -> object | None:
        """What to wait on while gate 1 runs beside the build (None when it is not running)."""
        return self._forked.conn if self._forked is not None else None

    def wait(self) -> None:
        """Gate 1's verdict: return when it passed, raise BuildError with its report when not."""
        if self._forked is None:
            return  # skipped, already run, or already waited for
        forked, self._forked = self._forked, None
        self._finish(forked.result())

    def _finish(self, problems: list[findings.Finding]) -> None:
        if problems:
            raise problems_error(problems)
        if self.mark:
            self.mark.parent.mkdir(parents=True, exist_ok=True)
            self.mark.touch()

    def cancel(self) -> None:
        """End the gate's process if it still runs (the build stopped first)."""
        if self._forked is not None:
            self._forked.cancel()
            self._forked = None
