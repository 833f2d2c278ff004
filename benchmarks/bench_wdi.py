"""`make bench`, scale line: a synthetic WDI file at bulk-download size read by read_wdi_bulk."""

from __future__ import annotations

import string
import tempfile
import time
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.bench import RUNS, child, ratio_line

PEAK_RSS_TARGET_MB = 2560
BAD_VALUE = "n/a"  # written into the last row of the bulk file's copy that must be refused


def make_wdi_bulk(
    folder: Path, economies: int, indicators: int, first_year: int, last_year: int, seed: int = 7
) -> dict:
    """Write a synthetic file in the layout of the WDI bulk download's WDICSV.csv, and a bad copy.

    Each economy × indicator row has data from a random start year (1960–2020) to the year before
    ``last_year``, 90% of those cells filled (WDI-like sparsity); names, codes and units vary. The
    copy has :data:`BAD_VALUE` as the last value of its last row.
    """
    rng = np.random.default_rng(seed)
    years = [str(y) for y in range(first_year, last_year + 1)]
    codes = ["".join(c) for c in product(string.ascii_uppercase, repeat=3)][:economies]
    names = [f"Economy {c}, Rep." if i % 20 == 0 else f"Economy {c}" for i, c in enumerate(codes)]
    units = ["current US$", "% of GDP", "per 100 people"]
    n = economies * indicators
    start = rng.integers(first_year, 2021, size=(n, 1))
    year_of = np.arange(first_year, last_year + 1)
    filled = (year_of >= start) & (year_of < last_year) & (rng.random((n, len(years))) < 0.9)
    values = np.where(filled, rng.lognormal(8, 4, size=(n, len(years))).round(3), np.nan)
    ind = np.repeat(np.arange(indicators), economies)
    frame = pd.DataFrame(values, columns=years)
    frame.insert(0, "Indicator Code", [f"SYN.{i:04d}.X" for i in ind])
    frame.insert(0, "Indicator Name", [f"Synthetic indicator {i} ({units[i % 3]})" for i in ind])
    frame.insert(0, "Country Code", codes * indicators)
    frame.insert(0, "Country Name", names * indicators)
    frame[""] = np.nan  # WDI ends every line with a comma
    text = frame.to_csv(index=False, quoting=1, lineterminator="\n", float_format="%.12g")
    bulk, bad = folder / "API_WDI_bulk_synthetic.csv", folder / "API_WDI_bulk_synthetic_bad.csv"
    bulk.write_text(text, encoding="utf-8")
    last_row = text.rindex("\n", 0, len(text) - 1) + 1
    cells = text[last_row:].split(",")
    filled_cells = [i for i, cell in enumerate(cells[4:-1], 4) if cell != '""']
    cells[filled_cells[-1]] = f'"{BAD_VALUE}"'
    bad.write_text(text[:last_row] + ",".join(cells), encoding="utf-8")
    return {
        "bulk": str(bulk),
        "bad": str(bad),
        "bytes": bulk.stat().st_size,
        "values": int(filled.sum()),
        "bad_line": text.count("\n", 0, last_row) + 1,
        "bad_column": years[filled_cells[-1] - 4],
    }


def task_wdi_reader(path: str) -> dict:
    from analysis.sources.wdi import read_wdi_bulk

    t0 = time.perf_counter()
    rows = len(read_wdi_bulk(Path(path), "wdi_bulk"))
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def task_wdi_floor(path: str) -> dict:
    t0 = time.perf_counter()
    rows = len(pd.read_csv(path))
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def task_wdi_error(path: str) -> dict:
    """Time until read_wdi_bulk names the bad value in the last row (the exact reader's DataError)."""
    from analysis.core.errors import DataError
    from analysis.sources.wdi import read_wdi_bulk

    t0 = time.perf_counter()
    try:
        read_wdi_bulk(Path(path), "wdi_bulk")
    except DataError as err:
        return {
            "seconds": time.perf_counter() - t0,
            "line": err.row,
            "column": err.column,
            "found": str(err.found),
        }
    return {"seconds": time.perf_counter() - t0, "line": None, "column": None, "found": ""}


def bench_scale(quick: bool) -> list[dict]:
    size = {"economies": 266, "indicators": 60 if quick else 1500, "first_year": 1960, "last_year": 2025}
    reader, floors = [], []
    with tempfile.TemporaryDirectory(prefix="g2g-bench-wdi-") as tmp:
        made = make_wdi_bulk(Path(tmp), **size)
        for _ in range(2 if quick else RUNS):
            reader.append(child("benchmarks.bench_wdi:task_wdi_reader", path=made["bulk"]))
            floors.append(child("benchmarks.bench_wdi:task_wdi_floor", path=made["bulk"]))
        error = child("benchmarks.bench_wdi:task_wdi_error", path=made["bad"])
    named = (error["line"], error["column"], error["found"]) == (
        made["bad_line"],
        made["bad_column"],
        BAD_VALUE,
    )
    peak = round(max(r["peak_rss_mb"] for r in reader))
    return [
        ratio_line(
            "WDI bulk size: read_wdi_bulk on the one bulk file",
            [r["seconds"] for r in reader],
            [f["seconds"] for f in floors],
            "bare pandas.read_csv of the same file",
            3.0,
            peak_rss_mb=peak,
            peak_rss_target_mb=PEAK_RSS_TARGET_MB,
            meets_peak_rss_target=peak <= PEAK_RSS_TARGET_MB,
            floor_peak_rss_mb=round(max(f["peak_rss_mb"] for f in floors)),
            raw_rows=reader[0]["rows"],
            bulk_file_mb=round(made["bytes"] / 1e6),
            values=made["values"],
            **size,
            note=f"{made['values']:,} values, {made['bytes'] / 1e6:.0f} MB; "
            f"peak RSS target {PEAK_RSS_TARGET_MB} MB",
        ),
        {
            "benchmark": "WDI bulk size: one bad value in the last row, until DataError",
            "seconds": round(error["seconds"], 3),
            "runs": 1,
            "peak_rss_mb": round(error["peak_rss_mb"]),
            "named_line_and_column": named,
            "note": (f"line {error['line']}, column {error['column']!r}" if named else f"NOT NAMED: {error}")
            + " (vectorised check, then the exact reader)",
        },
    ]
