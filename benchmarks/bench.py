"""`make bench`: each line is the project's time over a floor measured side by side in the same run.

``python -m benchmarks.bench [--quick] [--only report data montecarlo scale]`` prints a table and
writes it as JSON to ``bench-results/bench.json`` (BENCHMARKS.md says how to read it). Times are
medians of ``RUNS`` runs, taken with ``perf_counter`` around the work only (imports excluded);
``--quick`` uses fewer runs and smaller sizes. Peak memory is the peak resident set size
(``ru_maxrss``) of a fresh child process that did only that work, read by the parent from
``os.wait4`` (the child's own ``RUSAGE_CHILDREN`` entry); it includes Python and its imports.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths

RUNS = 5
SLOW_REPORT_S = 60.0  # a report run slower than this is timed 3 times instead of RUNS
RESULTS = paths.ROOT / "bench-results" / "bench.json"
# name -> the function that measures it (bench_scale imports this module's helpers, so it lives apart)
BENCHES = {
    "report": "bench_report",
    "data": "bench_data",
    "montecarlo": "bench_montecarlo",
    "scale": "benchmarks.bench_wdi:bench_scale",
}
FLOOR_CELL = "import pandas, matplotlib.pyplot"
SPREAD_RUNS = 20  # Monte Carlo runs of a tenth of the draws, for the sampling error of percentiles
Z_AGREE = 4.0  # percentiles agree when every difference is below this many sampling errors


# --- measurement helpers ---------------------------------------------------------------------------


def _function(name: str):
    """Return the function ``name`` of this module, or ``module:function`` of another."""
    module, _, function = name.rpartition(":")
    return getattr(importlib.import_module(module) if module else sys.modules[__name__], function)


def child(task: str, **kwargs) -> dict:
    """Run ``task(**kwargs)`` in a fresh Python; return its result plus peak_rss_mb.

    ``task`` names a function of this module, or of another as ``module:function``.
    """
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench", "--child", task, json.dumps(kwargs)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            cwd=paths.ROOT,
        )
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"bench task {task} failed:\n{err.read()[-3000:]}")
    return {**json.loads(out.strip().splitlines()[-1]), "peak_rss_mb": usage.ru_maxrss / 1024}  # KiB


def timed(work) -> float:
    """Return the seconds ``work()`` takes."""
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


def ratio_line(
    name: str, seconds: list[float], floor: list[float], floor_name: str, target: float | None, **extra
) -> dict:
    """Return one result line: the medians, their ratio, the runs and what the floor is."""
    t, f = statistics.median(seconds), statistics.median(floor)
    return {
        "benchmark": name,
        "seconds": round(t, 3),
        "floor_seconds": round(f, 3),
        "ratio": round(t / f, 2),
        "target_ratio": target,
        "meets_target": None if target is None else bool(t / f <= target),
        "runs": len(seconds),
        "floor_runs": len(floor),
        "floor": floor_name,
        **extra,
    }


# --- make report ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet():
    """Mute stdout and the kernels' stderr (file descriptor 2); replay that stderr if the work fails."""
    with tempfile.TemporaryFile() as err, contextlib.redirect_stdout(io.StringIO()) as out:
        saved = os.dup(2)
        os.dup2(err.fileno(), 2)
        try:
            yield out
        except BaseException:
            os.dup2(saved, 2)
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-3000:])
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _reports(per_notebook: dict[str, list[float]], **kwargs) -> float:
    """Seconds of one `make report` (build_reports into a temp folder, output muted).

    The seconds build_reports prints for each executed notebook are added to ``per_notebook``;
    ``kwargs`` go to build_reports (``jobs``, ``cache_dir``, ``notebooks_dir``, ``out_dir``).
    """
    from analysis.publish.report import build_reports

    with tempfile.TemporaryDirectory(prefix="g2g-bench-reports-") as tmp, _quiet() as out:
        kwargs.setdefault("out_dir", Path(tmp) / "reports")
        seconds = timed(lambda: build_reports(**kwargs))
    for name, each in re.findall(r"\] (\S+)\.ipynb: executed \(([\d.]+) s", out.getvalue()):
        per_notebook.setdefault(name, []).append(float(each))
    return seconds


@contextlib.contextmanager
def _forecast_cache(folder: Path):
    """Point the kernels' forecast-fit cache (GIGS_FORECAST_CACHE) at ``folder`` for the block."""
    saved = os.environ.get("GIGS_FORECAST_CACHE")
    os.environ["GIGS_FORECAST_CACHE"] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("GIGS_FORECAST_CACHE")
        else:
            os.environ["GIGS_FORECAST_CACHE"] = saved


def _floor_notebooks(n: int) -> float:
    """Seconds to execute ``n`` notebooks holding only FLOOR_CELL with the reports' executor."""
    import nbformat

    from analysis.publish.notebooks import KERNEL, run_papermill

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    with tempfile.TemporaryDirectory(prefix="g2g-bench-floor-") as tmp, _quiet():
        source = Path(tmp) / "floor.ipynb"
        nbformat.write(nb, source)
        return timed(lambda: [run_papermill(source, Path(tmp) / f"out{i}.ipynb") for i in range(n)])


def bench_report(quick: bool) -> list[dict]:
    from analysis.panel.build import load_panel
    from analysis.publish.notebooks import notebook_paths

    load_panel()  # warm: processed data present (rebuilt now if data/raw changed)
    n, runs = len(notebook_paths()), 2 if quick else RUNS
    _floor_notebooks(1)  # warm-up of kernel start-up (not timed)
    reports, floors, each, warm = [], [], {}, {}
    with tempfile.TemporaryDirectory(prefix="g2g-bench-fits-") as fits:
        for k in range(runs):
            floors.append(_floor_notebooks(n))
            if len(reports) < (3 if reports and reports[0] > SLOW_REPORT_S else runs):
                with _forecast_cache(Path(fits) / f"run{k}"):  # nothing reused: every fit afresh
                    reports.append(_reports(each))
        with _forecast_cache(Path(fits) / "run0"):  # the first run's fits: what a second run reuses
            _reports(warm)
    per = {k: round(statistics.median(v), 1) for k, v in each.items()}
    slowest = max(per, key=per.get) if per else ""
    floor_one = statistics.median(floors) / n
    lines = [
        ratio_line(
            "make report FRESH=1 JOBS=1 (serial): build_reports",
            reports,
            floors,
            f"{n} notebooks each running only `{FLOOR_CELL}`, same papermill/nbclient "
            "executor and kernel (analysis.publish.notebooks.run_papermill)",
            2.0,
            notebooks=n,
            seconds_per_notebook=per,
            note=f"{n} notebooks; slowest {slowest} {per.get(slowest, 0):.1f} s" if per else "",
        )
    ]
    lines += [
        ratio_line(f"  notebook {name}: execution", each[name], [floor_one], "one floor notebook", None)
        for name in sorted(each)
    ]
    lines += [
        ratio_line(
            f"  notebook {name}: forecast fits cached",
            warm[name],
            each[name],
            "the same notebook with nothing cached (above)",
            None,
            note="a second run: .cache/forecast/ holds the backtest fits",
        )
        for name in sorted(warm)
        if name.startswith("03")
    ]
    return lines + _incremental_lines(reports, per, quick)


def _incremental_lines(serial: list[float], per: dict[str, float], quick: bool) -> list[dict]:
    """Parallel, nothing-changed and one-notebook-changed report runs against the serial run."""
    import shutil

    from analysis.core.paths import NOTEBOOKS

    jobs, runs, each = os.cpu_count() or 1, 1 if quick else 2, {}
    with tempfile.TemporaryDirectory(prefix="g2g-bench-cache-") as tmp:
        nbs, cache_dir = Path(tmp) / "notebooks", Path(tmp) / "cache"
        shutil.copytree(NOTEBOOKS, nbs)
        parallel = []
        for k in range(runs):
            with _forecast_cache(Path(tmp) / f"fits{k}"):  # like the serial run: every fit afresh
                parallel.append(_reports(each, jobs=jobs, notebooks_dir=nbs, cache_dir=cache_dir, fresh=True))
        unchanged = [_reports(each, jobs=jobs, notebooks_dir=nbs, cache_dir=cache_dir) for _ in range(runs)]
        edited, one = sorted(nbs.glob("0*.ipynb"))[3], []
        for k in range(runs):
            nb = json.loads(edited.read_text(encoding="utf-8"))
            code = next(
                c
                for c in nb["cells"]
                if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])
            )
            code["source"] = [*code["source"], f"\n# bench edit {k}"]
            edited.write_text(json.dumps(nb, indent=1), encoding="utf-8")
            one.append(_reports(each, jobs=jobs, notebooks_dir=nbs, cache_dir=cache_dir))
    own = per.get(edited.stem, 0.0)
    return [
        ratio_line(
            f"make report FRESH=1 JOBS={jobs}: side by side",
            parallel,
            serial,
            "the serial run above (JOBS=1)",
            0.65,
            jobs=jobs,
        ),
        ratio_line(
            "make report, nothing changed: every notebook reused",
            unchanged,
            serial,
            "the serial run above (a full run, nothing cached)",
            0.15,
            note="in-process; the command line adds its start-up (~0.5 s)",
        ),
        ratio_line(
            f"make report, one notebook's code changed ({edited.stem})",
            one,
            [own + 3.0],
            f"that notebook's own serial time ({own:.1f} s) + 3 s",
            1.0,
        ),
    ]


# --- make data --------------------------------------------------------------------------------------


def task_build() -> dict:
    from analysis.panel.build import build

    with tempfile.TemporaryDirectory(prefix="g2g-bench-data-") as tmp:
        t0 = time.perf_counter()
        panel = build(paths.RAW, Path(tmp))
        return {"seconds": time.perf_counter() - t0, "rows": len(panel)}


def task_build_floor() -> dict:
    with tempfile.TemporaryDirectory(prefix="g2g-bench-data-") as tmp:
        t0 = time.perf_counter()
        for path in sorted(paths.RAW.glob("*.csv")):
            pd.read_csv(path, dtype=str, keep_default_na=False).to_csv(Path(tmp) / path.name, index=False)
        return {"seconds": time.perf_counter() - t0}


def bench_data(quick: bool) -> list[dict]:
    builds, floors = [], []
    for _ in range(2 if quick else RUNS):
        builds.append(child("task_build"))
        floors.append(child("task_build_floor"))
    return [
        ratio_line(
            "make data: build(data/raw -> temp dir)",
            [b["seconds"] for b in builds],
            [f["seconds"] for f in floors],
            "pandas.read_csv(dtype=str) + to_csv of every data/raw CSV",
            None,
            panel_rows=builds[0]["rows"],
            peak_rss_mb=round(max(b["peak_rss_mb"] for b in builds)),
            floor_peak_rss_mb=round(max(f["peak_rss_mb"] for f in floors)),
            note=f"{builds[0]['rows']:,} panel rows; no target (floor = raw CSV I/O only)",
        )
    ]


# --- Monte Carlo ------------------------------------------------------------------------------------


def _monte_carlo():
    """Return (monte_carlo function, sampled-parameter names function) wherever they live."""
    from analysis.models import montecarlo, scenarios

    return getattr(scenarios, "monte_carlo", montecarlo.monte_carlo), montecarlo.sampled_names


def _percentiles(out: pd.DataFrame) -> list[dict]:
    columns = ["variable", "fy"] + [c for c in out.columns if c.startswith("p") and c[1:].isdigit()]
    return out[columns].to_dict("records")


def task_montecarlo_timed(draws: int, runs: int, chunk_size: int = 250_000) -> dict:
    """Time ``runs`` Monte Carlo runs (seeds 1..runs) and the numpy floor, interleaved."""
    from analysis.models import scenarios
    from analysis.panel.build import load_panel

    monte_carlo, sampled_names = _monte_carlo()
    panel = load_panel()
    setup = scenarios.resolve(panel, "base")
    years, params = len(setup.fy_labels), len(sampled_names(setup))
    monte_carlo(panel, "base", draws=1000, seed=0)  # warm-up: lazy imports and caches
    seconds, floor = [], []
    for seed in range(1, runs + 1):
        seconds.append(
            timed(lambda: monte_carlo(panel, "base", draws=draws, seed=seed, chunk_size=chunk_size))  # noqa: B023
        )
        rng = np.random.default_rng(seed)
        floor.append(
            timed(
                lambda: [
                    rng.standard_normal((min(chunk_size, draws - done), years, params))  # noqa: B023
                    for done in range(0, draws, chunk_size)
                ]
            )
        )
    spread = [
        _percentiles(monte_carlo(panel, "base", draws=draws // 10, seed=100 + s)) for s in range(SPREAD_RUNS)
    ]
    return {
        "seconds": seconds,
        "floor_seconds": floor,
        "spread_runs": spread,
        "years": years,
        "params": params,
        "normals": draws * years * params,
    }


def task_montecarlo_run(draws: int, seed: int, chunk_size: int = 250_000) -> dict:
    from analysis.panel.build import load_panel

    monte_carlo, _ = _monte_carlo()
    panel = load_panel()
    t0 = time.perf_counter()
    out = monte_carlo(panel, "base", draws=draws, seed=seed, chunk_size=chunk_size)
    return {"seconds": time.perf_counter() - t0, "percentiles": _percentiles(out), "chunk_size": chunk_size}


def percentile_agreement(big: list[dict], small: list[dict], spread_runs: list[list[dict]]) -> dict:
    """Max relative difference of two runs' percentiles, and in units of its sampling error.

    The sampling error of a percentile of the small run (n draws) is the standard deviation over
    ``spread_runs`` (independent runs of n/10 draws) divided by sqrt(10); the difference of the two
    runs (n and 10 n draws) has that error times sqrt(1 + 1/10). Agreement: every |z| < Z_AGREE.
    """
    rel, rel_se, z = [], [], []
    for i, row in enumerate(small):
        for key in (k for k in row if k.startswith("p")):
            se = statistics.stdev(run[i][key] for run in spread_runs) / 10**0.5
            if se > 0:  # the observed base year is fixed: no sampling error there
                rel.append(abs(big[i][key] - row[key]) / row[key])
                rel_se.append(se / row[key])
                z.append(abs(big[i][key] - row[key]) / (se * 1.1**0.5))
    return {
        "max_rel_diff": round(max(rel), 5),
        "max_rel_sampling_error": round(max(rel_se), 5),
        "max_z": round(max(z), 2),
        "compared": len(rel),
        "within_sampling_error": bool(max(z) < Z_AGREE),
    }


def bench_montecarlo(quick: bool) -> list[dict]:
    draws = 100_000 if quick else 1_000_000
    runs = child("task_montecarlo_timed", draws=draws, runs=2 if quick else RUNS)
    one_chunk = child("task_montecarlo_run", draws=draws, seed=1, chunk_size=draws)
    chunked = child("task_montecarlo_run", draws=draws, seed=1)
    big = child("task_montecarlo_run", draws=10 * draws, seed=99)
    agree = percentile_agreement(big["percentiles"], one_chunk["percentiles"], runs["spread_runs"])
    return [
        ratio_line(
            f"Monte Carlo base scenario, {draws:,} draws",
            runs["seconds"],
            runs["floor_seconds"],
            f"numpy standard_normal, draws x {runs['years']} fiscal years x {runs['params']} sampled "
            f"parameters = {runs['normals']:,} variates, same chunks",
            2.0,
            peak_rss_mb=round(chunked["peak_rss_mb"]),
            one_chunk_peak_rss_mb=round(one_chunk["peak_rss_mb"]),
            note=f"as one chunk of {draws:,}: peak RSS {one_chunk['peak_rss_mb']:.0f} MB",
        ),
        {
            "benchmark": f"Monte Carlo {10 * draws:,} draws (chunks of {big['chunk_size']:,}) vs one chunk "
            f"of {draws:,}",
            "seconds": round(big["seconds"], 3),
            "runs": 1,
            "peak_rss_mb": round(big["peak_rss_mb"]),
            **agree,
            "note": f"percentiles: max rel. diff {agree['max_rel_diff']:.3%} = {agree['max_z']} sampling "
            f"errors ({'agree' if agree['within_sampling_error'] else 'DIFFER'}, limit {Z_AGREE:g})",
        },
    ]


# --- output -----------------------------------------------------------------------------------------


def machine() -> dict:
    """Return the machine and library versions the numbers were measured on."""
    import matplotlib
    import nbclient
    import papermill
    import pyarrow

    cpu = Path("/proc/cpuinfo")
    model = (
        next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpu.read_text().splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
        if cpu.exists()
        else platform.processor()
    )
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "os": platform.platform(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "pyarrow": pyarrow.__version__,
        "matplotlib": matplotlib.__version__,
        "papermill": papermill.__version__,
        "nbclient": nbclient.__version__,
    }


def table(lines: list[dict]) -> str:
    """Return the result lines as a fixed-width text table."""
    rows = [("benchmark", "time s", "floor s", "ratio", "target", "runs", "peak RSS MB", "note")]
    for r in lines:
        rows.append(
            (
                r["benchmark"],
                f"{r['seconds']:.2f}" if r["seconds"] is not None else "",
                f"{r['floor_seconds']:.2f}" if "floor_seconds" in r else "",
                f"{r['ratio']:.2f}x" if "ratio" in r else "",
                f"<= {r['target_ratio']:g}x" if r.get("target_ratio") else "",
                f"{r['runs']}/{r['floor_runs']}" if "floor_runs" in r else str(r["runs"]),
                str(r.get("peak_rss_mb", "")),
                r.get("note", ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes (development)")
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=2, metavar=("TASK", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_function(args.child[0])(**json.loads(args.child[1]))))
        return 0
    lines = []
    for name in args.only:
        print(f"==> {name} …", flush=True)
        t0 = time.perf_counter()
        try:
            lines += _function(BENCHES[name])(args.quick)
        except (
            Exception
        ) as exc:  # one failing benchmark (e.g. a notebook that errors) must not hide the others
            lines.append(
                {
                    "benchmark": name,
                    "seconds": None,
                    "runs": 0,
                    "error": f"{type(exc).__name__}: {exc}"[:2000],
                    "note": f"FAILED: {type(exc).__name__}",
                }
            )
            print(f"    FAILED: {type(exc).__name__}: {str(exc)[:300]}", flush=True)
        print(f"    {time.perf_counter() - t0:.0f} s", flush=True)
    result = {
        "date": date.today().isoformat(),
        "command": "make bench" + (" --quick" if args.quick else ""),
        "machine": machine(),
        "lines": lines,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["machine"]))
    print(table(lines))
    print(f"wrote {args.out.relative_to(paths.ROOT) if args.out.is_relative_to(paths.ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
