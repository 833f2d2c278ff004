"""Folder locks: a second holder waits, then refuses with one clear line; a killed holder frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analysis.core import lock, paths

# Holds the lock of a folder until its stdin closes (or it is killed).
HOLDER = """
import sys
sys.path.insert(0, sys.argv[2])
from analysis.core import lock
with lock.held("snapshot", sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def _holder(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder), str(paths.ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_files_lie_in_the_cache_never_in_or_beside_the_folder(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    with lock.held("build", folder):
        assert [p.name for p in tmp_path.iterdir()] == ["raw"] and list(folder.iterdir()) == []
        assert lock.lock_file(folder).read_text() == f"build, pid {os.getpid()}"
    assert not lock.lock_file(folder).exists()  # removed on release: .cache/locks does not fill up
    assert lock.lock_file(folder).parent == paths.CACHE / "locks"
    assert lock.lock_file(folder).name.startswith("raw-")
    assert lock.lock_file(folder) != lock.lock_file(tmp_path / "other" / "raw")  # by absolute path


def test_second_holder_refuses_after_the_bound_then_gets_it_once_released(tmp_path):
    folder = tmp_path / "raw"
    holder = _holder(folder)
    try:
        with pytest.raises(lock.LockBusy) as info:
            with lock.held("build", folder, timeout_s=0.3):
                pytest.fail("took a lock another process holds")
        message = str(info.value)
        assert "\n" not in message
        assert message.startswith(
            f"another snapshot/build/report holds {folder} (snapshot, pid {holder.pid}; "
        )
        assert str(lock.lock_file(folder)) in message and "wait for it to finish" in message
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
        holder.stdout.close()
    with lock.held("build", folder, timeout_s=60):  # released: taken at once
        pass


def test_a_waiting_holder_gets_the_lock_when_the_first_ends(tmp_path):
    folder = tmp_path / "raw"
    holder = _holder(folder)
    killer = threading.Timer(1.0, holder.kill)  # SIGKILL: the kernel drops its lock
    killer.start()
    try:
        with lock.held("build", folder, timeout_s=120):
            assert holder.wait(timeout=60) == -signal.SIGKILL  # it waited until the holder was gone
    finally:
        killer.join()
        holder.stdin.close()
        holder.stdout.close()


def test_re_entrant_in_one_process_and_ordered_over_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    with lock.held("report", b, a):
        with lock.held("build", a, b, timeout_s=0):  # e.g. a report rebuilding the panel
            pass
        assert lock._held() == {lock.lock_file(a): 1, lock.lock_file(b): 1}
    assert lock._held() == {}


@pytest.mark.parametrize("text", ["nan", "inf", "-1", "soon"])
def test_a_bad_waiting_bound_is_refused(monkeypatch, text):
    monkeypatch.setenv("GIGS_LOCK_WAIT_S", text)
    with pytest.raises(ValueError, match="GIGS_LOCK_WAIT_S: expected"):
        lock.wait_s()
