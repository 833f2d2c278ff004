"""The synthetic WDI file at bulk-download size for `make bench`, and the tasks that read it."""
from __future__ import annotations

import string
import time
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

WDI_PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2026-02-24",\n\n'


def make_wdi_bulk(folder: Path, economies: int, indicators: int, first_year: int, last_year: int,
                  seed: int = 7) -> dict:
    """Write a synthetic WDI wide file (API_*.csv layout) with many indicators, and one file per indicator.

    Each economy × indicator row has data from a random start year (1960–2020) to the year before
    ``last_year``, 90% of those cells filled (WDI-like sparsity); names, codes and units vary.
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
    bulk = folder / "API_WDI_bulk_synthetic.csv"
    text = frame.to_csv(index=False, quoting=1, lineterminator="\n", float_format="%.12g")
    bulk.write_text(WDI_PREAMBLE + text, encoding="utf-8")
    lines = text.splitlines(keepends=True)
    split = folder / "per_indicator"
    split.mkdir()
    for i in range(indicators):
        body = "".join(lines[1 + i * economies: 1 + (i + 1) * economies])
        (split / f"API_SYN.{i:04d}.X_DS2_en_csv_v2.csv").write_text(WDI_PREAMBLE + lines[0] + body,
                                                                    encoding="utf-8")
    return {"bulk": str(bulk), "split_dir": str(split), "bytes": bulk.stat().st_size,
            "values": int(filled.sum())}


def task_wdi_reader(folder: str) -> dict:
    from analysis.sources.wdi import read_wdi_wide

    t0 = time.perf_counter()
    frames = [read_wdi_wide(p, "wdi_bulk") for p in sorted(Path(folder).glob("*.csv"))]
    rows = len(pd.concat(frames, ignore_index=True))
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def task_wdi_floor(path: str) -> dict:
    t0 = time.perf_counter()
    rows = len(pd.read_csv(path, skiprows=4))
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def task_wdi_bulk_refused(path: str) -> dict:
    from analysis.errors import DataError
    from analysis.sources.wdi import read_wdi_wide

    try:
        read_wdi_wide(Path(path), "wdi_bulk")
    except DataError as err:
        return {"refused": f"DataError at line {err.row}, column {err.column!r}: expected {err.expected}"}
    return {"refused": ""}
