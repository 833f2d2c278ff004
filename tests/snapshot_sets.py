"""Two complete, buildable snapshots of the fixtures (an old and a revised vintage) for the kill and
concurrency tests, and a child process that runs a snapshot and can be killed or paused mid-way.

Run as a script: ``python tests/snapshot_sets.py MIRROR OUT STEP`` snapshots MIRROR into OUT; the
child SIGKILLs itself at its STEP-th step (a temp file begun or finished, the new set checked, a
rename done), or with STEP = -1 prints "staged" after the check and waits for a line on stdin
(holding the lock); STEP = 0 runs to the end. It prints its step count when it finishes.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

if __name__ == "__main__":  # as a script: import the project and the fixtures like pytest does
    sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1])]

from malformed import DATASETS, FIX, SBP, WIDE  # noqa: E402

from analysis.sources import rawio, snapshot  # noqa: E402

# WDI wide + its country metadata, a datahub indicator, SBP months: a set the build accepts.
SET_IDS = (
    "wdi_bx_gsr_ccis_cd",
    "wdi_country_metadata",
    "wdi_bx_trf_pwkr_cd_dt",
    "sbp_easydata_workers_remittances",
)
SET = tuple(DATASETS[k] for k in SET_IDS)
SCRIPT = Path(__file__)


def revised_mirror(folder: Path) -> Path:
    """The fixtures with PAK's 2024 ICT exports and SBP's July 2025 month revised (a new vintage)."""
    shutil.copytree(FIX, folder)
    for rel, old, new in ((WIDE, '"3633000000"', '"3633500000"'), (SBP, '"3214.5"', '"3214.9"')):
        path = folder / rel
        path.write_bytes(path.read_bytes().replace(old.encode(), new.encode(), 1))
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Return {name: bytes} of every entry of ``folder`` (hidden temp files included)."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir())}


def _child(mirror: Path, out: Path, at: int) -> None:
    steps = 0
    real_stage, real_replace, real_check = rawio._stage, os.replace, snapshot._check_new_set

    def step() -> None:
        nonlocal steps
        steps += 1
        if steps == at:
            os.kill(os.getpid(), signal.SIGKILL)

    def stage(path, write):
        step()
        tmp = real_stage(path, write)
        step()
        return tmp

    def replace(src, dst):
        real_replace(src, dst)
        step()

    def check(*args):
        real_check(*args)
        step()
        if at == -1:
            print("staged", flush=True)
            sys.stdin.readline()

    rawio._stage, os.replace, snapshot._check_new_set = stage, replace, check
    snapshot.run(mirror, out, datasets=SET)
    print(steps, flush=True)


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
