"""One lock per data folder, so snapshot, build and report never overlap on the same folders.

``held(what, folder, ...)`` takes an exclusive ``fcntl.flock`` on ``.<folder name>.lock`` beside each
folder (``data/.raw.lock``, ``data/.processed.lock``, ``.reports.lock``; git-ignored), in a fixed order.
A second holder waits up to ``GIGS_LOCK_WAIT_S`` seconds (default 300), then :class:`LockBusy`
names the holder. The kernel drops a lock when its process ends, so a killed run leaves none behind.
Re-entrant within one thread (a report that rebuilds the panel takes the raw lock once); another
thread or process waits.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

WAIT_S = 300.0  # default bound on waiting for another holder
_POLL_S = 0.1
_LOCAL = threading.local()  # .held: {lock file: depth} of this thread


class LockBusy(RuntimeError):
    """Another snapshot, build or report holds a folder's lock past the waiting bound."""


def lock_file(folder: Path) -> Path:
    """Return the lock file of ``folder``: ``.<name>.lock`` beside it (never inside it)."""
    folder = Path(folder).resolve()
    return folder.parent / f".{folder.name}.lock"


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
def _one(path: Path, what: str, timeout_s: float) -> Iterator[None]:
    """Hold the flock of one lock file (re-entrant in this thread)."""
    depth = _held()
    if depth.get(path):
        depth[path] += 1
        try:
            yield
        finally:
            depth[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = (
                        os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip() or "another process"
                    )
                    raise LockBusy(
                        f"another snapshot/build/report holds {path} ({holder}); "
                        f"wait for it to finish or retry (waited {timeout_s:g} s, set by GIGS_LOCK_WAIT_S)"
                    ) from None
                time.sleep(_POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{what}, pid {os.getpid()}\n".encode(), 0)
        depth[path] = 1
        try:
            yield
        finally:
            del depth[path]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def held(what: str, *folders: Path, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the locks of ``folders`` (taken in sorted order, so two holders never deadlock).

    ``what`` names the holder in the other one's message, e.g. ``"build"``.
    """
    bound = wait_s() if timeout_s is None else timeout_s
    with ExitStack() as stack:
        for path in sorted({lock_file(f) for f in folders}):
            stack.enter_context(_one(path, what, bound))
        yield
