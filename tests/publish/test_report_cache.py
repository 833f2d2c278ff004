"""Incremental reports: a cached result is reused only while nothing it depends on changed; notebooks
run side by side; a failure names its notebook and leaves the previous reports in place."""

from __future__ import annotations

import json

import pytest
from test_report import _notebook

from analysis.publish import cache, report

PARAMS = {"countries": ["LKA"]}


@pytest.fixture()
def site(tmp_path, monkeypatch):
    """Two tiny notebooks, a cache folder and a fixed data checksum (the real panel is not needed)."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs, "01_alpha", "x = 1\ncountries = ['PAK']", "print('ALPHA', countries)")
    _notebook(nbs, "02_beta", "x = 2", "print('BETA')")
    monkeypatch.setattr(report, "_data_sha256", lambda: "data-v1")
    return nbs, tmp_path / "reports", tmp_path / "cache"


def _build(capsys, nbs, out, cache_dir, params=PARAMS, jobs=1) -> dict[str, str]:
    """Build the reports; return {notebook file name: its progress line}."""
    report.build_reports(params=params, out_dir=out, notebooks_dir=nbs, cache_dir=cache_dir, jobs=jobs)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    return {line.split()[1].rstrip(":"): line for line in lines}


def _edit_code(nbs, stem: str, new_body: str) -> None:
    path = nbs / f"{stem}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = "from analysis import plotting, report\n" + new_body
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_nothing_changed_reuses_every_notebook_byte_for_byte(site, capsys):
    nbs, out, cache_dir = site
    first = _build(capsys, nbs, out, cache_dir)
    assert all("executed" in line and "no cached result" in line for line in first.values())
    html = {p.name: p.read_bytes() for p in out.iterdir()}
    second = _build(capsys, nbs, out, cache_dir)
    assert all("reused" in line for line in second.values()), second
    assert {p.name: p.read_bytes() for p in out.iterdir()} == html


def test_a_changed_code_cell_re_executes_that_notebook_only(site, capsys):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    _edit_code(nbs, "01_alpha", "print('ALPHA-2', countries)")
    lines = _build(capsys, nbs, out, cache_dir)
    assert "executed" in lines["01_alpha.ipynb"] and "changed: notebook cells" in lines["01_alpha.ipynb"]
    assert "reused" in lines["02_beta.ipynb"]
    assert "ALPHA-2" in (out / "01_alpha.html").read_text(encoding="utf-8")


def test_a_changed_parameter_re_executes_the_notebooks_declaring_it(site, capsys):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    lines = _build(capsys, nbs, out, cache_dir, params={"countries": ["IND"]})
    assert "changed: parameters" in lines["01_alpha.ipynb"]
    assert "reused" in lines["02_beta.ipynb"]  # 02 does not declare 'countries'


def test_a_changed_panel_re_executes_every_notebook(site, capsys, monkeypatch):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    monkeypatch.setattr(report, "_data_sha256", lambda: "data-v2")
    lines = _build(capsys, nbs, out, cache_dir)
    assert all("changed: data" in line for line in lines.values()), lines


def test_a_changed_library_file_changes_the_shared_parts(tmp_path):
    (tmp_path / "analysis" / "models").mkdir(parents=True)
    module = tmp_path / "analysis" / "models" / "m.py"
    module.write_text("X = 1\n")
    for name in ("pyproject.toml", "requirements.lock"):
        (tmp_path / name).write_text("pins\n")
    before = cache.shared_parts("data", root=tmp_path)
    module.write_text("X = 2\n")
    after = cache.shared_parts("data", root=tmp_path)
    assert before["library code"] != after["library code"]
    assert before["environment"] == after["environment"] and before["data"] == after["data"]
    (tmp_path / "requirements.lock").write_text("other pins\n")
    assert cache.shared_parts("data", root=tmp_path)["environment"] != after["environment"]


def test_a_truncated_cache_entry_is_executed_again(site, capsys):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    html = cache_dir / "02_beta.report.html"
    html.write_bytes(html.read_bytes()[:100])
    lines = _build(capsys, nbs, out, cache_dir)
    assert "executed" in lines["02_beta.ipynb"] and "damaged" in lines["02_beta.ipynb"]
    assert "reused" in lines["01_alpha.ipynb"]
    assert "BETA" in (out / "02_beta.html").read_text(encoding="utf-8")


def test_an_unreadable_cache_entry_is_executed_again(site, capsys):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    (cache_dir / "01_alpha.json").write_text("{not json", encoding="utf-8")
    assert "unreadable" in _build(capsys, nbs, out, cache_dir)["01_alpha.ipynb"]


def test_side_by_side_gives_the_serial_reports_in_order(site, capsys, tmp_path):
    nbs, out, _ = site
    serial = _build(capsys, nbs, out, None)
    html = {p.name: p.read_bytes() for p in out.iterdir()}
    parallel = _build(capsys, nbs, tmp_path / "parallel", None, jobs=2)
    assert list(parallel) == list(serial) == ["01_alpha.ipynb", "02_beta.ipynb"]
    assert {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()} == html


def test_a_failing_notebook_in_a_parallel_run_is_named_and_the_others_finish(site, capsys):
    nbs, out, cache_dir = site
    out.mkdir()
    (out / "index.html").write_text("previous", encoding="utf-8")
    _notebook(nbs, "03_broken", "x = 3", "raise RuntimeError('boom')")
    with pytest.raises(report.ReportError, match=r"03_broken\.ipynb .*boom"):
        report.build_reports(out_dir=out, notebooks_dir=nbs, cache_dir=cache_dir, jobs=2)
    printed = capsys.readouterr().out
    assert "02_beta.ipynb: executed" in printed and "03_broken.ipynb: FAILED" in printed
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert (cache_dir / "02_beta.json").exists() and not (cache_dir / "03_broken.json").exists()


def test_fresh_executes_everything_and_refreshes_the_cache(site, capsys):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    report.build_reports(params=PARAMS, out_dir=out, notebooks_dir=nbs, cache_dir=cache_dir, fresh=True)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    assert len(lines) == 2 and all("executed" in line and "FRESH=1" in line for line in lines)
    assert all("reused" in line for line in _build(capsys, nbs, out, cache_dir).values())


def test_a_swap_cut_off_between_its_renames_is_restored_on_the_next_run(site, capsys, monkeypatch):
    nbs, out, cache_dir = site
    _build(capsys, nbs, out, cache_dir)
    previous = (out / "index.html").read_bytes()
    real_rename = type(out).rename

    def fail_second(self, target):  # the old set moves aside, then the fault: no reports/ at all
        if self.name.startswith(".reports-") and "-old-" not in self.name:
            raise OSError("power cut")
        return real_rename(self, target)

    monkeypatch.setattr(type(out), "rename", fail_second)
    with pytest.raises(OSError, match="power cut"):
        report.build_reports(params=PARAMS, out_dir=out, notebooks_dir=nbs, cache_dir=cache_dir)
    monkeypatch.undo()
    assert not out.exists()
    monkeypatch.setattr(report, "_run_all", lambda *a: (_ for _ in ()).throw(RuntimeError("stop")))
    with pytest.raises(RuntimeError, match="stop"):  # the next run restores before it does anything else
        report.build_reports(params=PARAMS, out_dir=out, notebooks_dir=nbs, cache_dir=cache_dir)
    assert (out / "index.html").read_bytes() == previous
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".reports")] == []
