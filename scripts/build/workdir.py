"""The build's temporary folder: claimed with a lock, removed on any exit, swept when stale.

A build writes into `.<target>.build-<random>/` beside the target and holds an exclusive
`flock` on `.<target>.build-<random>.lock` while it runs. The kernel drops the lock when the
process ends, however it ends (even SIGKILL), so the next build can tell a folder left by a
dead build (lock free) from one a concurrent build is still writing (lock held), and remove
only the former.
"""

from __future__ import annotations

import ctypes
import fcntl
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from scripts.errors import BuildError

LOCK_SUFFIX = ".lock"
OLD_SUFFIX = ".old"


class Interrupted(KeyboardInterrupt):
    """The build was stopped by SIGINT or SIGTERM; raised so that every cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_received: list[int] = []  # the signal that interrupted the build, once one has


@contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGTERM (and SIGINT) into `Interrupted` in the main thread, for the duration."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        # A second signal must not cut the cleanup that the first one started.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        _received.append(signum)
        raise Interrupted(signum)

    _received.clear()
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _received.clear()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def child_signals(parent: int) -> None:
    """In a process forked by the build: it dies with the build, and leaves signals to it.

    Ctrl+C reaches the whole process group: the parent decides, and ends its children with
    SIGTERM (no traceback, no cleanup of their own: their locked folders are swept by the next
    build). If the parent is killed outright (SIGKILL), the kernel ends them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is inherited by fork
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def check_interrupted() -> None:
    """Raise `Interrupted` again if a signal came and its exception was lost.

    A signal that arrives during a fork raises in the fork's callbacks (logging releases its
    lock there), and Python prints and drops an exception raised in them: the build would go on
    with both signals ignored. Called after each fork.
    """
    if _received:
        raise Interrupted(_received[0])


def _run_child(call: Any, args: tuple[Any, ...], conn: Any, parent: int) -> None:
    """In the forked process: send back ("ok", result) or ("error", the exception)."""
    child_signals(parent)
    try:
        conn.send(("ok", call(*args)))
    except BaseException as exc:  # sent to the parent, which raises it
        conn.send(("error", exc))
    finally:
        conn.close()


@dataclass
class Forked:
    """A call running in a forked process of the build; `conn` is what
    multiprocessing.connection.wait() waits on."""

    name: str  # what the error says stopped, e.g. "the build of 'fr'"
    process: Any
    conn: Any

    def result(self) -> Any:
        """Wait for the call; return its result or raise its exception."""
        try:
            status, value = self.conn.recv()
        except EOFError:
            status, value = "error", BuildError(f"{self.name} stopped (exit code {self.process.exitcode})")
        self.conn.close()
        self.process.join()
        if status == "error":
            raise value
        return value

    def cancel(self) -> None:
        """End the process if it still runs."""
        self.process.terminate()
        self.process.join()


def fork(name: str, call: Any, *args: Any) -> Forked:
    """Run call(*args) in a forked process that dies with the build (from the main thread only:
    a fork beside a thread holding a lock leaves the child waiting for it for ever)."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_run_child, args=(call, args, send, os.getpid()), daemon=True)
    process.start()
    send.close()
    forked = Forked(name, process, receive)
    try:
        check_interrupted()
    except BaseException:
        forked.cancel()
        raise
    return forked


def _prefix(target: Path) -> str:
    return f".{target.name}.build-"


def _lock_free(lock: Path) -> bool:
    """Whether no live process holds the lock (True when it can be taken now)."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # also releases the lock just taken
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale(target: Path, pattern: str | None = None) -> list[Path]:
    """Remove the temporary folders of builds of target that are no longer running; return them.

    pattern: sweep every temporary folder beside target matching it (e.g. `.*.build-*`).
    """
    removed = []
    for path in sorted(target.parent.glob(pattern or _prefix(target) + "*")):
        stem = path.name.removesuffix(LOCK_SUFFIX).removesuffix(OLD_SUFFIX)
        if _lock_free(path.with_name(stem + LOCK_SUFFIX)):
            _remove(path)
            removed.append(path)
    # Folders of the previous layout (before locks): `.site.old-<pid>` of an interrupted swap.
    for path in sorted(target.parent.glob(f".{target.name}.old-*")):
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            _remove(path)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class WorkDir:
    """A claimed temporary folder for one build; `path` is written, then published with `replace`."""

    path: Path
    lock: Path
    fd: int

    def replace(self, target: Path) -> None:
        """Make the built folder the target (world-readable), removing the previous one."""
        make_readable(self.path)
        old = self.path.with_name(self.path.name + OLD_SUFFIX)
        if target.exists():
            target.rename(old)
        self.path.rename(target)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def release(self) -> None:
        """Remove what is left of the folder, then the lock."""
        for path in (self.path, self.path.with_name(self.path.name + OLD_SUFFIX)):
            if path.exists():
                shutil.rmtree(path, ignore_errors=True)
        self.lock.unlink(missing_ok=True)
        os.close(self.fd)


def _new_lock(target: Path) -> tuple[int, Path]:
    """A new lock file, held. It exists before the folder, so no sweep can see the folder unlocked."""
    while True:
        fd, name = tempfile.mkstemp(prefix=_prefix(target), suffix=LOCK_SUFFIX, dir=target.parent)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            # A concurrent sweep may have removed the file between its creation and the flock.
            if Path(name).stat().st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def claimed(target: Path) -> Iterator[WorkDir]:
    """A fresh temporary folder beside target, locked while the build runs, removed on any exit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    fd, lock = _new_lock(target)
    work = WorkDir(lock.with_name(lock.name.removesuffix(LOCK_SUFFIX)), lock, fd)
    try:
        work.path.mkdir()
        yield work
    finally:
        work.release()


def make_readable(root: Path) -> None:
    """Folders 0755 and files at least 0644, as a web server (another user) needs them."""
    root.chmod(0o755)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            (Path(folder) / name).chmod(0o755)
        for name in files:
            path = Path(folder) / name
            mode = path.stat().st_mode & 0o777
            if mode & 0o644 != 0o644:
                path.chmod(mode | 0o644)
