"""The snapshot as one set: a kill at any moment leaves data/raw old or new, the build's checks run
first, the recorded inputs do not depend on where the mirror lies, and work names are git-ignored."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from malformed import FIX, SBP
from snapshot_sets import SCRIPT, SET, revised_mirror, tree

from analysis.core import lock, paths
from analysis.core.errors import DataError
from analysis.panel import build
from analysis.sources import rawio, registry, snapshot

KILL_TRIALS = 20


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, Path]:
    """{'old': a snapshot of the fixtures, 'new': of the revised fixtures, 'mirror': the revised mirror}."""
    base = tmp_path_factory.mktemp("sets")
    mirror = revised_mirror(base / "mirror")
    snapshot.run(FIX, base / "old", datasets=SET, check=build.check)
    snapshot.run(mirror, base / "new", datasets=SET, check=build.check)
    return {"old": base / "old", "new": base / "new", "mirror": mirror}


def _child(mirror: Path, out: Path, kill_at: int) -> subprocess.CompletedProcess:
    args = [sys.executable, str(SCRIPT), str(mirror), str(out), str(kill_at)]
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


def test_the_two_sets_differ_in_several_files(sets):
    old, new = tree(sets["old"]), tree(sets["new"])
    assert old.keys() == new.keys()
    changed = sorted(name for name in old if old[name] != new[name])
    assert changed == ["sbp_easydata_workers_remittances.csv", "sources.yml", "wdi_bx_gsr_ccis_cd.csv"]


def test_snapshot_killed_at_random_steps_leaves_an_old_or_a_new_set(sets, tmp_path):
    full = _child(sets["mirror"], tmp_path / "dry", 0)
    assert full.returncode == 0, full.stderr
    steps = int(full.stdout.split()[-1])
    assert tree(tmp_path / "dry") == tree(sets["new"])
    rng = random.Random(14)
    points = rng.sample(range(1, steps + 1), min(KILL_TRIALS, steps))
    points += [rng.randint(1, steps) for _ in range(KILL_TRIALS - len(points))]
    outcomes = []
    for trial, kill_at in enumerate(points):
        out = tmp_path / f"raw{trial}"
        shutil.copytree(sets["old"], out)
        killed = _child(sets["mirror"], out, kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        visible = {k: v for k, v in tree(out).items() if not k.startswith(".")}
        if not (out / rawio.JOURNAL).exists():  # not committed yet, or fully done: never mixed
            assert visible in (tree(sets["old"]), tree(sets["new"])), kill_at
        with lock.held("snapshot", out, timeout_s=0):  # the killed holder's lock is free
            rawio.recover(out)  # what the next snapshot, build or report does first
        after = tree(out)
        assert after in (tree(sets["old"]), tree(sets["new"])), kill_at  # no temp files either
        snapshot.verify(out)
        outcomes.append("new" if after == tree(sets["new"]) else "old")
    assert {"old", "new"} <= set(outcomes), outcomes  # kill points before and after the commit
    panel = build.build(out, tmp_path / "processed")  # the last recovered set builds
    assert len(panel) > 0


def test_snapshot_refuses_what_the_build_refuses_before_replacing_anything(sets, tmp_path):
    mirror, out = tmp_path / "mirror", tmp_path / "raw"
    shutil.copytree(FIX, mirror)
    shutil.copytree(sets["old"], out)
    sbp = mirror / SBP  # an SBP export in thousands: the reader passes it, the build refuses it
    sbp.write_text(
        sbp.read_text(encoding="utf-8").replace('"Million USD"', '"Thousand USD"'), encoding="utf-8"
    )
    before = tree(out)
    with pytest.raises(DataError) as info:
        snapshot.run(mirror, out, datasets=SET, check=build.check)
    err = info.value
    assert err.file == f"{out / 'sbp_easydata_workers_remittances.csv'} (new snapshot, not written)"
    assert (err.row, err.column, err.found) == (2, "unit", "Thousand USD")
    assert tree(out) == before  # nothing replaced, no temp file or check folder left


def test_snapshot_refuses_a_set_verify_would_refuse(sets, tmp_path):
    out = tmp_path / "raw"
    shutil.copytree(sets["old"], out)
    (out / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # the build reads every CSV
    before = tree(out)
    with pytest.raises(
        DataError, match=r"stray.csv \(new snapshot, not written\): expected an entry in sources"
    ):
        snapshot.run(FIX, out, datasets=SET)
    assert tree(out) == before


def test_mirror_at_another_path_refuses_rather_than_drops_an_input(tmp_path):
    mirror, out = tmp_path / "elsewhere" / "mirror", tmp_path / "raw"
    shutil.copytree(FIX, mirror)
    out.mkdir()
    shutil.copy2(paths.RAW / "article_claims.csv", out)  # its input ../../seed/… lies beside the real mirror
    with pytest.raises(DataError, match="seed/000_4907b0b80fb358e5.txt: expected input") as info:
        snapshot.run(mirror, out, datasets=SET[:1])
    assert info.value.found == "missing"
    assert sorted(p.name for p in out.iterdir()) == ["article_claims.csv"]


def test_mirror_at_another_path_records_the_same_inputs(tmp_path):
    if not paths.MIRROR.exists():
        pytest.skip(f"mirror not found at {paths.MIRROR}")
    mirror, out = tmp_path / "copy" / "upstream", tmp_path / "raw"
    shutil.copytree(paths.MIRROR, mirror)  # the seed article is not beside this copy
    out.mkdir()
    for name in [*(f"{c}.csv" for c in registry.CURATED), "sources.yml"]:
        shutil.copy2(paths.RAW / name, out)
    snapshot.run(mirror, out)
    assert (out / "sources.yml").read_bytes() == (paths.RAW / "sources.yml").read_bytes()
    for entry in snapshot.load_sources(out).values():
        assert all("sha256" in item for item in entry.get("inputs", [])), entry["file"]


def test_work_names_are_git_ignored():
    if shutil.which("git") is None or not (paths.ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    names = [
        "data/raw/.wdi_bx_gsr_ccis_cd.csv.k2j4x8.tmp",
        "data/raw/.check-a1b2c3.tmp/sources.yml",
        f"data/raw/{rawio.JOURNAL}",
        ".cache/locks/raw-0123456789abcdef.lock",
    ]
    found = subprocess.run(
        ["git", "check-ignore", "--no-index", *names], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert found.stdout.split() == names
