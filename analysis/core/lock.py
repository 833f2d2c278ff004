"""One lock per data folder, so snapshot, build and report never overlap on the same folders.

``held(what, folder, ...)`` takes an exclusive ``fcntl.flock`` on one lock file per folder, in a fixed
order; the lock files sit in ``.cache/locks/`` (git-ignored), never in or beside the folders.
A second holder waits up to ``GIGS_LOCK_WAIT_S`` seconds (default 300), then :class:`LockBusy`
names the holder. The kernel drops a lock when its process ends, so a killed run leaves none held;
a holder removes its lock file on release.
Re-entrant within one thread (a report that rebuilds the panel takes the raw lock once); another
thread or process waits.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from analysis.core import paths

WAIT_S = 300.0  # default bound on waiting for another holder
_POLL_S = 0.1
_LOCAL = threading.local()  # .held: {lock file: depth} of this thread


class LockBusy(RuntimeError):
    """Another snapshot, build or report holds a folder's lock past the waiting bound."""


def lock_file(folder: Path) -> Path:
    """Return the lock file of ``folder``: ``.cache/locks/<name>-<hash of its absolute path>.lock``."""
    folder = Path(folder).resolve()
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    return paths.CACHE / "locks" / f"{folder.name}-{digest}.lock"


def wait_s() -> float:
    """Return the bound on waiting for a lock: ``GIGS_LOCK_WAIT_S`` or :data:`WAIT_S`."""
    text = os.environ.get("GIGS_LOCK_WAIT_S", "")
    try:
        value = float(text) if text else WAIT_S
    except ValueError:
        raise ValueError(f"GIGS_LOCK_WAIT_S: expected a number of seconds, found {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"GIGS_LOCK_WAIT_S: expected a finite number of seconds >= 0, found {text!r}")
    return value


def _held() -> dict[Path, int]:
    """Return {lock file: depth} of the locks this thread holds."""
    if not hasattr(_LOCAL, "held"):
        _LOCAL.held = {}
    return _LOCAL.held


@contextmanager
def _one(path: Path, folder: Path, what: str, timeout_s: float) -> Iterator[None]:
    """Hold the flock of one lock file (re-entrant in this thread)."""
    depth = _held()
    if depth.get(path):
        depth[path] += 1
        try:
            yield
        finally:
            depth[path] -= 1
        return
    fd = _acquire(path, folder, timeout_s)
    try:
        os.pwrite(fd, f"{what}, pid {os.getpid()}".encode(), 0)
        depth[path] = 1
        try:
            yield
        finally:
            del depth[path]
            os.unlink(path)  # still locked: a waiter on this file sees it gone and opens a new one
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(path: Path, folder: Path, timeout_s: float) -> int:
    """Return an open descriptor of ``path`` holding its flock; LockBusy after ``timeout_s``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip() or "another process"
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockBusy(
                    f"another snapshot/build/report holds {folder} ({holder}; lock {path}); "
                    f"wait for it to finish or retry (waited {timeout_s:g} s, set by GIGS_LOCK_WAIT_S)"
                ) from None
            time.sleep(_POLL_S)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False  # its holder removed it on release: lock the new one
        if same:
            os.ftruncate(fd, 0)
            return fd
        os.close(fd)


@contextmanager
def held(what: str, *folders: Path, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the locks of ``folders`` (taken in sorted order, so two holders never deadlock).

    ``what`` names the holder in the other one's message, e.g. ``"build"``.
    """
    bound = wait_s() if timeout_s is None else timeout_s
    with ExitStack() as stack:
        for path, folder in sorted({lock_file(f): Path(f) for f in folders}.items()):
            stack.enter_context(_one(path, folder, what, bound))
        yield
