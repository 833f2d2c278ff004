"""Running many backtest fits: in parallel worker processes, cached on disk by a checksum of their inputs.

The cache (``.cache/forecast/`` under the repository, or the folder ``GIGS_FORECAST_CACHE`` names;
safe to delete) is keyed by a SHA-256 of the
series values and dates the fits see, every argument of the run, the source of the forecast modules
and the versions of statsmodels, numpy and pandas: any change to data, settings or code misses it.
Workers return their results in submission order, so a run is byte-identical to a serial one.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths

CACHE_DIR = Path(os.environ.get("GIGS_FORECAST_CACHE") or paths.ROOT / ".cache" / "forecast")
_MODULES = ("fit.py", "calendar.py", "backtest.py", "calibration.py", "runner.py")


def code_digest() -> str:
    """Return a SHA-256 (hex) of the forecast modules' source and the numeric libraries' versions."""
    import statsmodels

    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _MODULES:
        h.update((here / name).read_bytes())
    for version in (statsmodels.__version__, np.__version__, pd.__version__):
        h.update(version.encode())
    return h.hexdigest()


def series_checksum(y: pd.Series) -> str:
    """Return a SHA-256 (hex) of a series' dates and values."""
    h = hashlib.sha256(np.asarray(y, dtype=float).tobytes())
    h.update("|".join(y.index.astype(str)).encode())
    return h.hexdigest()


def cached_frame(name: str, key: str, compute, use_cache: bool = True) -> pd.DataFrame:
    """Return ``compute()``, read from or written to ``CACHE_DIR/<name>-<key>.pkl`` when ``use_cache``."""
    if not use_cache:
        return compute()
    digest = hashlib.sha256((key + code_digest()).encode()).hexdigest()[:20]
    path = CACHE_DIR / f"{name}-{digest}.pkl"
    if path.exists():
        return pd.read_pickle(path)
    frame = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    frame.to_pickle(tmp)
    tmp.replace(path)
    return frame


def run_tasks(func, tasks: list, workers: int = 2) -> list:
    """Return ``[func(t) for t in tasks]``, computed by up to ``workers`` processes, in task order."""
    if workers < 1:
        raise ValueError(f"parameter 'workers' = {workers}; allowed range [1, ...)")
    if workers == 1 or len(tasks) < 2:
        return [func(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, tasks))
