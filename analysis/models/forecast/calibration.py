"""Scoring backtest forecasts: errors, interval scores and two-sided calibration of the intervals.

The interval score (Winkler; Gneiting & Raftery 2007) of a central (1 − α) interval [l, u] for an
outcome y is (u − l) + (2/α)·(l − y)·1{y < l} + (2/α)·(y − u)·1{y > u}: the width, plus a penalty
for each miss scaled by how far it missed. Lower is better; it rewards narrow intervals only while
they still hold the outcomes, so models are compared on sharpness and coverage together. Here it is
scaled by the outcome (percent of the actual value), so series of different size can be averaged.

Calibration is checked both ways: an interval is 'too narrow' when the nominal level lies above the
Wilson interval of the observed coverage, 'too wide' when it lies below it, else 'consistent'.
The Wilson interval is an 80 % one (``FLAG_Z`` = Z80, a stated choice: with 15 annual forecasts a
95 % one could not flag even an 80 % band that held every outcome), and it treats each forecast as
an independent draw although the months or years of one origin err together: the flags are hints on
the liberal side, to be read with the interval score, not tests.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.models.intervals import Z80, Z95

LEVELS = (80, 95)
FLAG_Z = Z80


def interval_score(lo, hi, actual, alpha: float) -> np.ndarray:
    """Return the interval (Winkler) score of central (1 − alpha) intervals, in the unit of ``actual``."""
    if not 0 < alpha < 1:
        raise ValueError(f"parameter 'alpha' = {alpha}; allowed range (0, 1)")
    lo, hi, actual = (np.asarray(a, dtype=float) for a in (lo, hi, actual))
    below, above = np.clip(lo - actual, 0, None), np.clip(actual - hi, 0, None)
    return (hi - lo) + (2 / alpha) * (below + above)


def wilson_interval(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval (fractions) of a coverage of ``hits`` out of ``n``."""
    if n < 1 or not 0 <= hits <= n:
        raise ValueError(f"parameters 'hits' = {hits} and 'n' = {n}; allowed 0 <= hits <= n, n >= 1")
    p, z2 = hits / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def score(frame: pd.DataFrame) -> pd.DataFrame:
    """Return backtest forecasts with APE, hits of the 80/95 % intervals and interval scores (percent)."""
    actual = frame["actual"]
    out = frame.assign(ape_pct=(frame["point"] - actual).abs() / actual * 100)
    for level in LEVELS:
        lo, hi = frame[f"lo{level}"], frame[f"hi{level}"]
        out[f"in_{level}"] = (lo <= actual) & (actual <= hi)
        out[f"is_{level}_pct"] = interval_score(lo, hi, actual, 1 - level / 100) / actual * 100
    return out


def summarise(errors: pd.DataFrame, benchmark: str, keys=()) -> pd.DataFrame:
    """Return MAPE, 80/95 % coverage, mean interval scores (percent of actual) by model; ``beats_naive``."""
    keys = list(keys)
    g = errors.groupby(keys + ["model"], sort=True)
    out = pd.DataFrame(
        {
            "n_origins": g["origin"].nunique(),
            "n_forecasts": g.size(),
            "mape_pct": g["ape_pct"].mean(),
            "coverage_80_pct": g["in_80"].mean() * 100,
            "coverage_95_pct": g["in_95"].mean() * 100,
            "interval_score_80_pct": g["is_80_pct"].mean(),
            "interval_score_95_pct": g["is_95_pct"].mean(),
            "all_converged": g["converged"].all(),
        }
    ).reset_index()
    naive = out.loc[out["model"] == benchmark, keys + ["mape_pct"]]
    naive = naive.rename(columns={"mape_pct": "naive_mape_pct"})
    if keys:
        out = out.merge(naive, on=keys, how="left")
    else:
        out["naive_mape_pct"] = float(naive["naive_mape_pct"].iloc[0])
    beats = (out["mape_pct"] < out["naive_mape_pct"]).astype("boolean")
    out["beats_naive"] = beats.mask(out["model"] == benchmark)
    return out


def coverage_verdict(nominal_pct: float, observed_pct: float, n: int, z: float = FLAG_Z) -> str:
    """Return 'too narrow', 'too wide' or 'consistent': nominal level against the Wilson interval."""
    lo, hi = wilson_interval(round(observed_pct / 100 * n), n, z)
    if nominal_pct / 100 > hi:
        return "too narrow"
    return "too wide" if nominal_pct / 100 < lo else "consistent"


def coverage_check(summary: pd.DataFrame) -> pd.DataFrame:
    """Return nominal and observed coverage (percent) by model and level with a two-sided verdict.

    ``gap_pp`` = observed − nominal (percentage points; negative = too few outcomes inside);
    ``wilson_lo_pct``/``wilson_hi_pct`` bound the observed coverage (80 %, n = ``n_forecasts``).
    """
    keys = [c for c in ("window", "iso3", "series", "model") if c in summary.columns]
    rows = []
    for _, row in summary.iterrows():
        n = int(row["n_forecasts"])
        for level in LEVELS:
            observed = float(row[f"coverage_{level}_pct"])
            lo, hi = wilson_interval(round(observed / 100 * n), n, FLAG_Z)
            rows.append(
                {
                    **{k: row[k] for k in keys},
                    "interval": f"{level} %",
                    "nominal_pct": float(level),
                    "observed_pct": observed,
                    "gap_pp": observed - level,
                    "wilson_lo_pct": 100 * lo,
                    "wilson_hi_pct": 100 * hi,
                    "interval_score_pct": float(row[f"interval_score_{level}_pct"]),
                    "verdict": coverage_verdict(level, observed, n),
                }
            )
    return pd.DataFrame(rows)
