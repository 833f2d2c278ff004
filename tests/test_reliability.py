"""Reliability: malformed input is named and changes nothing, interrupted builds keep the old panel,
outputs are deterministic, and text from data is escaped in HTML.

The catalogue of malformed inputs lives in tests/malformed.py (each case made from a good fixture).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from malformed import CASES, DATASETS, FIX, MINI_RAW, good_curated, good_raw, raw_cell, recorded
from snapshot_sets import SCRIPT as SNAPSHOT_CHILD
from snapshot_sets import SET, revised_mirror

from analysis.core import lock, paths
from analysis.core.errors import DataError
from analysis.panel import build
from analysis.sources import rawio, snapshot
from analysis.sources.curated import load_curated

PUBLISHER_LAYOUTS = {"wdi_wide", "wdi_long", "wdi_country_metadata", "sbp", "oli", "rpw"}
SCRIPT = "<script>alert('x')</script>"


def tree(folder: Path) -> dict[str, bytes]:
    """Return {relative path: bytes} of every file under ``folder`` (hidden temp files included)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def real_data_untouched():
    """The real data/raw is byte-identical after this module; no temp file is left in data/processed."""
    before = build.raw_fingerprint(paths.RAW)
    yield
    assert build.raw_fingerprint(paths.RAW) == before
    leftovers = [p.name for p in paths.PROCESSED.iterdir() if p.name.startswith(".") and p.name != ".gitkeep"]
    assert not leftovers, leftovers


@pytest.fixture(scope="module")
def previous_snapshot(tmp_path_factory) -> Path:
    """A good snapshot of the fixtures: what a failed `make snapshot` must leave as it was."""
    out = tmp_path_factory.mktemp("snapshot")
    snapshot.run(FIX, out, datasets=tuple(ds for key, ds in DATASETS.items() if key != "wdi_it_net_user_zs"))
    return out


@pytest.fixture(scope="module")
def mini_raw(tmp_path_factory) -> Path:
    """A small complete data/raw: copies of committed snapshot files and their sources.yml entries."""
    raw = tmp_path_factory.mktemp("raw") / "raw"
    good_raw(raw)
    return raw


@pytest.fixture(scope="module")
def mini_processed(mini_raw, tmp_path_factory) -> Path:
    """The processed panel of ``mini_raw``: what a failed `make data` must leave as it was."""
    out = tmp_path_factory.mktemp("processed") / "processed"
    build.build(mini_raw, out)
    return out


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_covers_every_layout_with_at_least_twenty_inputs():
    assert len(CASES) >= 20 and len({c.id for c in CASES}) == len(CASES)
    assert {c.layout for c in CASES} == PUBLISHER_LAYOUTS | {"curated", "raw"}
    for case in CASES:
        assert (case.line is None or case.column is None) == bool(case.why), case.id
        assert case.layout not in PUBLISHER_LAYOUTS or case.dataset in DATASETS, case.id


def _prepare(case, tmp_path: Path, previous_snapshot: Path, mini_raw: Path, mini_processed: Path):
    """Return (call that must raise, the bad file, folders that must not change)."""
    if case.layout in PUBLISHER_LAYOUTS:
        mirror, out = tmp_path / "mirror", tmp_path / "raw"
        shutil.copytree(FIX, mirror)
        shutil.copytree(previous_snapshot, out)
        case.make(mirror)
        return (
            lambda: snapshot.run(mirror, out, datasets=(DATASETS[case.dataset],)),
            mirror / case.target,
            [mirror, out],
        )
    if case.layout == "curated":
        folder = tmp_path / "raw"
        good_curated(folder)
        case.make(folder)
        return lambda: load_curated(Path(case.target).stem, raw_dir=folder), folder / case.target, [folder]
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(mini_raw, raw)
    shutil.copytree(mini_processed, out)
    case.make(raw)
    return lambda: build.build(raw, out), raw / case.target, [raw, out]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_input_is_named_and_changes_nothing(
    case, tmp_path, previous_snapshot, mini_raw, mini_processed
):
    call, bad_file, folders = _prepare(case, tmp_path, previous_snapshot, mini_raw, mini_processed)
    before = {folder: tree(folder) for folder in folders}
    with pytest.raises(DataError) as info:
        call()
    err, message = info.value, str(info.value)
    assert Path(err.file) == bad_file and str(bad_file) in message, message
    assert (err.row, err.column) == (case.line, case.column), message
    if case.line is not None:
        assert f"line {case.line}" in message
    if case.column is not None:
        assert f"column {case.column!r}" in message
    for folder in folders:  # inputs unchanged, previous outputs byte-identical, no temp files
        assert tree(folder) == before[folder], folder.name


def test_accepted_variants_read_the_same(tmp_path):
    """Not malformed: a WDI file without its BOM, an SBP export with one, curated columns reordered."""
    from analysis.sources.sbp import read_sbp_easydata
    from analysis.sources.wdi import read_wdi_country_metadata, read_wdi_wide

    for rel, read in (
        ("wdi/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv", lambda p: read_wdi_wide(p, "x")),
        ("wdi/Metadata_Country_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv", read_wdi_country_metadata),
    ):
        data = (FIX / rel).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        (tmp_path / "a.csv").write_bytes(data[3:])
        assert read(tmp_path / "a.csv").equals(read(FIX / rel))
    sbp = FIX / "sbp" / "easydata_workers_remittances_fixture.csv"
    (tmp_path / "s.csv").write_bytes(b"\xef\xbb\xbf" + sbp.read_bytes())
    assert read_sbp_easydata(tmp_path / "s.csv", "x").equals(read_sbp_easydata(sbp, "x"))
    good_curated(tmp_path / "c")
    path = tmp_path / "c" / "article_claims.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    order = list(reversed(range(len(rows[0]))))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([[r[i] for i in order] for r in rows])
    good_curated(tmp_path / "d")
    assert load_curated("article_claims", tmp_path / "c").equals(
        load_curated("article_claims", tmp_path / "d")
    )


# --- crash safety ----------------------------------------------------------------------------------


def _changed_raw(mini_raw: Path, tmp_path: Path) -> Path:
    """A valid new snapshot: one SBP month revised (and recorded), so the new panel differs."""
    raw = tmp_path / "raw"
    shutil.copytree(mini_raw, raw)
    recorded(
        raw_cell("sbp_easydata_workers_remittances.csv", 2, "value", "10.5"),
        "sbp_easydata_workers_remittances.csv",
    )(raw)
    return raw


def _crash_writing(monkeypatch, victim: str) -> list[Path]:
    """Make the writer die half-way through writing ``victim`` (disk full…); return the temp files seen."""
    real, seen = rawio._stage, []

    def half_then_die(path, write):
        if Path(path).name != victim:
            return real(path, write)

        def partial(fh):
            text = _captured(write)
            fh.write(text[: len(text) // 2])
            fh.flush()
            seen.extend(p for p in Path(path).parent.iterdir() if p.name.startswith(f".{victim}."))
            raise OSError(28, "No space left on device")

        return real(path, partial)

    monkeypatch.setattr(rawio, "_stage", half_then_die)
    return seen


def _captured(write) -> str:
    buffer = io.StringIO()
    write(buffer)
    return buffer.getvalue()


def test_build_interrupted_writing_the_panel_keeps_the_previous_files(
    mini_raw, mini_processed, tmp_path, monkeypatch
):
    out = tmp_path / "processed"
    shutil.copytree(mini_processed, out)
    before = tree(out)
    raw = _changed_raw(mini_raw, tmp_path)
    temp = _crash_writing(monkeypatch, build.PANEL_FILE)
    with pytest.raises(OSError, match="No space left"):
        build.build(raw, out)
    assert len(temp) == 1 and not temp[0].exists()  # it crashed mid-write; the temp file is gone
    assert tree(out) == before  # byte-identical, and no temp file left behind
    assert build.is_current(mini_raw, out)  # still the loadable panel of the previous snapshot
    assert len(build.load_panel(mini_raw, out)) == json.loads((out / build.MANIFEST_FILE).read_text())["rows"]


def test_build_interrupted_writing_the_manifest_keeps_the_previous_files(
    mini_raw, mini_processed, tmp_path, monkeypatch
):
    out = tmp_path / "processed"
    shutil.copytree(mini_processed, out)
    before = tree(out)
    raw = _changed_raw(mini_raw, tmp_path)
    _crash_writing(monkeypatch, build.MANIFEST_FILE)
    with pytest.raises(OSError, match="No space left"):
        build.build(raw, out)
    assert not [name for name in tree(out) if name.startswith(".")]  # no temp file left behind
    assert not build.is_current(raw, out)  # the half-written state is never taken for current
    assert tree(out) == before


def test_os_replace_failing_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "panel.csv"
    target.write_text("old\n", encoding="utf-8")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(rawio.os, "replace", refuse)
    with pytest.raises(PermissionError):
        rawio.write_text("new\n", target)
    assert tree(tmp_path) == {"panel.csv": b"old\n"}


# --- determinism -------------------------------------------------------------------------------------


def test_mini_build_is_byte_identical_on_rebuild(mini_raw, mini_processed, tmp_path):
    build.build(mini_raw, tmp_path / "again")
    assert tree(tmp_path / "again") == tree(mini_processed)


def test_notebook_outputs_are_compared_strictly_by_nbval():
    """`make test` re-executes every notebook and compares its text outputs with the committed ones
    (a second, independent execution): strict --nbval, and no sanitize rule that hides numbers."""
    recipe = re.search(r"^test:.*\n\t(.+)$", (paths.ROOT / "Makefile").read_text(), flags=re.M).group(1)
    assert re.search(r"--nbval(\s|$)", recipe) and "--nbval-lax" not in recipe
    config = (paths.ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8")
    patterns = [line.split(":", 1)[1].strip() for line in config.splitlines() if line.startswith("regex:")]
    for pattern in patterns:
        for number in ("38,299.2", "2024", "FY2024-25", "3633.0", "12.5%"):
            assert not re.search(pattern, number), f"sanitize rule {pattern!r} would hide {number!r}"


# --- text from data is escaped in HTML ---------------------------------------------------------------


def test_tables_escape_text_from_data():
    import pandas as pd

    from analysis.figures.plotting import table_html

    frame = pd.DataFrame({"country_name": [SCRIPT, "Côte d'Ivoire & <b>"], SCRIPT: [1.0, 2.0]})
    out = table_html(frame)
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out and "&amp; &lt;b&gt;" in out


def test_findings_and_index_escape_text_from_data(monkeypatch):
    import IPython.display

    from analysis.figures.plotting import show_finding
    from analysis.publish.html import index_html

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    show_finding(f"Pakistan {SCRIPT} leads")
    markdown = shown[0]["text/markdown"]
    assert "<script" not in markdown
    card = {"file": "01_x.html", "title": SCRIPT, "question": SCRIPT, "finding": markdown}
    page = index_html([card, {**card, "finding": f"raw {SCRIPT} <img src=x onerror=alert(1)>"}])
    assert "<script" not in page.lower() and "<img" not in page.lower()


def test_source_list_escapes_text_and_links_only_web_addresses(tmp_path):
    from analysis.publish.report import sources_html

    listing = tmp_path / "sources.yml"
    listing.write_text(
        yaml.safe_dump(
            {
                "evil": {
                    "kind": "snapshot",
                    "publisher": SCRIPT,
                    "dataset": "d",
                    "title": f"t {SCRIPT}",
                    "url": "javascript:alert(1)",
                    "licence": "<b>x</b>",
                    "vintage": "2026",
                    "file": "evil.csv",
                }
            }
        ),
        encoding="utf-8",
    )
    out = sources_html(None, listing)
    assert "<script" not in out and "<b>x" not in out and 'href="javascript' not in out
    assert "&lt;script&gt;" in out


def test_mini_raw_is_a_complete_snapshot(mini_raw):
    assert {p.stem for p in mini_raw.glob("*.csv")} == set(MINI_RAW)
    assert len(snapshot.verify(mini_raw)) == len(MINI_RAW)


# --- snapshot x build: never overlapping, never mixed ----------------------------------------------


@pytest.fixture(scope="module")
def vintages(tmp_path_factory) -> dict[str, Path]:
    """Old and revised fixture snapshots, the revised mirror, and the panel each one builds."""
    base = tmp_path_factory.mktemp("vintages")
    mirror = revised_mirror(base / "mirror")
    snapshot.run(FIX, base / "old", datasets=SET, check=build.check)
    snapshot.run(mirror, base / "new", datasets=SET, check=build.check)
    for name in ("old", "new"):
        build.build(base / name, base / f"{name}_processed")
    return {
        "mirror": mirror,
        **{name: base / name for name in ("old", "new")},
        **{
            f"{name}_panel": (base / f"{name}_processed" / build.PANEL_FILE).read_bytes()
            for name in ("old", "new")
        },
    }


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def test_a_build_waits_for_a_snapshot_or_refuses_and_never_mixes(vintages, tmp_path, monkeypatch):
    raw = _copy(vintages["old"], tmp_path / "raw")
    out = _copy(vintages["old"].parent / "old_processed", tmp_path / "processed")
    before = tree(out)
    child = subprocess.Popen(
        [sys.executable, str(SNAPSHOT_CHILD), str(vintages["mirror"]), str(raw), "-1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "staged"  # checked, holding the lock, nothing renamed
        monkeypatch.setenv("GIGS_LOCK_WAIT_S", "0.2")
        with pytest.raises(
            lock.LockBusy, match=r"^another snapshot/build/report holds .*/raw \(snapshot, pid \d+; lock "
        ):
            build.build(raw, out)
        visible = {name: data for name, data in tree(raw).items() if not name.startswith(".")}
        assert tree(out) == before and visible == tree(vintages["old"])  # only hidden temp files added
        monkeypatch.setenv("GIGS_LOCK_WAIT_S", "120")
        releaser = threading.Timer(0.5, lambda: (child.stdin.write("go\n"), child.stdin.flush()))
        releaser.start()
        panel = build.load_panel(raw, out)  # waits for the snapshot, then rebuilds from the new set
        releaser.join()
        assert child.wait(timeout=120) == 0
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()
    assert tree(raw) == tree(vintages["new"])
    assert (out / build.PANEL_FILE).read_bytes() == vintages["new_panel"]
    assert json.loads((out / build.MANIFEST_FILE).read_text())["raw_sha256"] == rawio.fingerprint(raw)
    assert len(panel) == json.loads((out / build.MANIFEST_FILE).read_text())["rows"]


CONCURRENT_TRIALS = 8


def test_snapshot_and_build_started_together_give_one_consistent_vintage(vintages, tmp_path, monkeypatch):
    monkeypatch.setenv("GIGS_LOCK_WAIT_S", "300")
    seen = []
    for trial in range(CONCURRENT_TRIALS):
        raw = _copy(vintages["old"], tmp_path / f"raw{trial}")
        out = tmp_path / f"processed{trial}"
        child = subprocess.Popen(
            [sys.executable, str(SNAPSHOT_CHILD), str(vintages["mirror"]), str(raw), "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.4 * trial)  # vary who comes first: the child needs a second or two to start
        build.build(raw, out)
        _, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr
        panel = (out / build.PANEL_FILE).read_bytes()
        recorded = json.loads((out / build.MANIFEST_FILE).read_text())["raw_sha256"]
        assert tree(raw) == tree(vintages["new"])  # the snapshot always completes
        if panel == vintages["new_panel"]:
            assert recorded == rawio.fingerprint(vintages["new"]) and build.is_current(raw, out)
            seen.append("new")
        else:  # built before the snapshot: the old panel, certified for the old set only
            assert panel == vintages["old_panel"], trial
            assert recorded == rawio.fingerprint(vintages["old"]) and not build.is_current(raw, out)
            seen.append("old")
    print("snapshot x build outcomes:", seen)  # which of the two consistent outcomes depends on timing
