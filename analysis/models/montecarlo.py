"""Uncertainty of scenario projections: Monte Carlo percentiles by fiscal year and tornado (charts:
:mod:`analysis.figures.charts`).

Sampling: every parameter whose plausible range is not a point is drawn from a triangular
distribution (low, value, high) — the central value is the mode — except the parameters the scenario
itself sets (:func:`held_fixed`: its overrides, and every driver when the scenario puts the drivers at
the low or high end), which are assumptions, not uncertainties, and stay at the scenario's value. So
'low' and 'high' are deterministic envelopes: their bands collapse onto their own paths instead of
being drawn around an end of each range (which put the low scenario's band above its own path).
Each parameter has its own numpy Generator spawned from ``SeedSequence(seed)``, so its stream of
draws does not depend on how the draws are split into chunks: any ``chunk_size`` gives the same draws.

Percentiles from chunks: each chunk's paths are counted into a fixed histogram per fiscal year of
``N_BINS`` log-spaced bins. The bin edges are fixed before any draw: they span the smallest and
largest value over the corners of the parameter box (the model is monotone in each parameter
within the ranges used here), widened by ``PAD`` on each side. A percentile is read off the
cumulative counts by linear interpolation inside its bin (relative resolution about
log(high/low)/N_BINS, far below sampling error). Draws falling outside the edges (none expected)
are counted in the edge bins and reported in ``draws_outside_bins``. Memory is bounded by
``chunk_size`` × fiscal years, whatever the number of draws. Means are exact running sums.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd

from analysis.models import levers as lv
from analysis.models import scenarios as sc

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
VARIABLES = ("earnings_usd_million", "freelancers_persons")
N_BINS = 16384
PAD = 1.25  # edges = corner minimum / PAD … corner maximum × PAD
MAX_CORNERS_LOG2 = 20


def held_fixed(setup: sc.Setup) -> set[str]:
    """Return the names of the parameters the scenario sets itself (overrides; drivers at an end)."""
    drivers = set(lv.DRIVERS) if setup.scenario.drivers != "base" else set()
    return drivers | set(setup.scenario.overrides)


def sampled_names(setup: sc.Setup, hold: bool = True) -> list[str]:
    """Return the names (sorted) of the parameters with a non-degenerate range, minus those held fixed."""
    fixed = held_fixed(setup) if hold else set()
    return sorted(name for name, p in setup.params.items() if p.high > p.low and name not in fixed)


def _edges(setup: sc.Setup, names: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Log-edges (low, high) by fiscal year for each variable, from the corners of the parameter box."""
    if len(names) > MAX_CORNERS_LOG2:
        raise ValueError(
            f"{len(names)} sampled parameters: too many corners for histogram edges "
            f"(at most {MAX_CORNERS_LOG2})"
        )
    corners = np.array(list(product((0, 1), repeat=len(names))), dtype=bool).reshape(-1, len(names))
    values = {n: np.full(len(corners), p.value) for n, p in setup.params.items()}
    for j, name in enumerate(names):
        p = setup.params[name]
        values[name] = np.where(corners[:, j], p.high, p.low)
    paths = sc.simulate(setup, values, setup.targets)
    out = {}
    for var in VARIABLES:
        lo, hi = paths[var].min(axis=0), paths[var].max(axis=0)
        point = hi <= lo * (1 + 1e-12)  # a single possible value (the observed base year)
        out[var] = (np.log(np.where(point, lo, lo / PAD)), np.log(np.where(point, lo, hi * PAD)))
    return out


def _draw(setup: sc.Setup, names: list[str], gens: list[np.random.Generator], n: int) -> dict:
    values = {name: p.value for name, p in setup.params.items()}
    for name, gen in zip(names, gens):
        p = setup.params[name]
        values[name] = gen.triangular(p.low, p.value, p.high, size=n)
    return values


def _check_draws(draws: int, chunk_size: int) -> None:
    if draws < 1 or chunk_size < 1:
        raise ValueError(
            f"parameters 'draws' = {draws} and 'chunk_size' = {chunk_size}: allowed range [1, ...)"
        )


def _chunks(setup: sc.Setup, draws: int, seed: int, chunk_size: int):
    """Yield simulated paths (dict of draws × fiscal years) in chunks; same draws for any chunk size."""
    _check_draws(draws, chunk_size)
    names = sampled_names(setup)
    gens = [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(len(names))]
    for done in range(0, draws, chunk_size):
        yield sc.simulate(setup, _draw(setup, names, gens, min(chunk_size, draws - done)), setup.targets)


def _count(hist: np.ndarray, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> int:
    """Add paths ``x`` (draws × years) to ``hist`` (years × (N_BINS + 2)); return draws outside edges."""
    width = np.where(hi > lo, (hi - lo) / N_BINS, 1.0)
    idx = np.floor((np.log(x) - lo) / width).astype(np.int64) + 1
    idx = np.where(hi > lo, idx, 1)  # a point (the observed base year): every draw in bin 1
    outside = int(((idx < 1) | (idx > N_BINS)).any(axis=1).sum())
    idx = np.clip(idx, 0, N_BINS + 1)
    flat = idx + np.arange(x.shape[1]) * (N_BINS + 2)
    hist += np.bincount(flat.ravel(), minlength=hist.size).reshape(hist.shape)
    return outside


def histogram_percentiles(hist: np.ndarray, lo: np.ndarray, hi: np.ndarray, q=PERCENTILES) -> np.ndarray:
    """Return percentiles (years × len(q)) read from log-binned counts by interpolation inside bins."""
    out = np.empty((hist.shape[0], len(q)))
    for t, counts in enumerate(hist):
        if hi[t] == lo[t]:  # one value only (the observed base year)
            out[t] = np.exp(lo[t])
            continue
        cum, width = np.cumsum(counts), (hi[t] - lo[t]) / N_BINS
        for j, pct in enumerate(q):
            target = pct / 100 * cum[-1]
            b = int(np.searchsorted(cum, target, side="left"))
            below = cum[b - 1] if b else 0
            frac = (target - below) / counts[b] if counts[b] else 0.0
            pos = min(max(b - 1 + frac, 0.0), N_BINS)
            out[t, j] = np.exp(lo[t] + pos * width)
    return out


def monte_carlo(
    panel: pd.DataFrame,
    scenario: sc.Scenario | str = "base",
    draws: int = 10_000,
    seed: int = 20240701,
    horizon: str = "FY2029-30",
    chunk_size: int = 250_000,
    **estimate_kw,
) -> pd.DataFrame:
    """Return percentiles and mean of earnings (USD million) and freelancers (persons) by fiscal year.

    One row per (variable, fy): columns p5 … p95, mean, draws, draws_outside_bins.
    """
    return monte_carlo_resolved(sc.resolve(panel, scenario, horizon, **estimate_kw), draws, seed, chunk_size)


def monte_carlo_resolved(
    setup: sc.Setup, draws: int = 10_000, seed: int = 20240701, chunk_size: int = 250_000
) -> pd.DataFrame:
    """:func:`monte_carlo` for a scenario already resolved on the panel (see scenarios.resolve)."""
    _check_draws(draws, chunk_size)
    edges = _edges(setup, sampled_names(setup))
    n_years = len(setup.fy_labels)
    hists = {var: np.zeros((n_years, N_BINS + 2), dtype=np.int64) for var in VARIABLES}
    sums = {var: np.zeros(n_years) for var in VARIABLES}
    outside = dict.fromkeys(VARIABLES, 0)
    for paths in _chunks(setup, draws, seed, chunk_size):
        for var in VARIABLES:
            outside[var] += _count(hists[var], paths[var], *edges[var])
            sums[var] += paths[var].sum(axis=0)
    frames = []
    for var in VARIABLES:
        pct = histogram_percentiles(hists[var], *edges[var])
        frame = pd.DataFrame(pct, columns=[f"p{q}" for q in PERCENTILES])
        frame.insert(0, "fy", setup.fy_labels)
        frame.insert(0, "variable", var)
        frames.append(frame.assign(mean=sums[var] / draws, draws=draws, draws_outside_bins=outside[var]))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", setup.scenario.name)
    return out


def horizon_draws(setup: sc.Setup, draws: int = 10_000, seed: int = 20240701) -> np.ndarray:
    """Return the Monte Carlo draws of horizon-year recorded earnings (USD million), in draw order."""
    _check_draws(draws, 1)
    return np.concatenate([p["earnings_usd_million"][:, -1] for p in _chunks(setup, draws, seed, 250_000)])


def tornado(
    panel: pd.DataFrame, scenario: sc.Scenario | str = "base", horizon: str = "FY2029-30", **estimate_kw
) -> pd.DataFrame:
    """Return horizon-year earnings (USD million) with each parameter alone at its low and high, by swing."""
    setup = sc.resolve(panel, scenario, horizon, **estimate_kw)
    names = sampled_names(setup, hold=False)
    values = {n: np.full(2 * len(names), p.value) for n, p in setup.params.items()}
    for j, name in enumerate(names):
        values[name][2 * j], values[name][2 * j + 1] = setup.params[name].low, setup.params[name].high
    at = sc.simulate(setup, values, setup.targets)["earnings_usd_million"][:, -1]
    central = sc.simulate(setup, setup.values(), setup.targets)["earnings_usd_million"][0, -1]
    out = pd.DataFrame(
        {
            "parameter": names,
            "kind": [setup.params[n].kind for n in names],
            "unit": [setup.params[n].unit for n in names],
            "low": [setup.params[n].low for n in names],
            "value": [setup.params[n].value for n in names],
            "high": [setup.params[n].high for n in names],
            "earnings_at_low_usd_million": at[0::2],
            "earnings_at_high_usd_million": at[1::2],
        }
    )
    swing = out["earnings_at_high_usd_million"] - out["earnings_at_low_usd_million"]
    out["swing_usd_million"] = swing.abs()
    out["central_earnings_usd_million"] = central
    out.insert(0, "fy", setup.fy_labels[-1])
    return out.sort_values(["swing_usd_million", "parameter"], ascending=[False, True], ignore_index=True)


def scenario_bands(
    panel: pd.DataFrame,
    scenarios=("low", "base", "high", "reform"),
    horizon: str = "FY2029-30",
    draws: int = 10_000,
    seed: int = 20240701,
    **estimate_kw,
) -> pd.DataFrame:
    """Return horizon-year earnings (USD million) by scenario: projection, its own MC 10/50/90 %, and
    the percent of the base scenario's Monte Carlo draws below it.

    ``band`` says what the scenario's own band samples: every parameter, or all but those the scenario
    sets (:func:`held_fixed`). Without levers only the drivers move earnings, so the bands of 'low' and
    'high' (drivers held at an end) collapse onto their paths: they are deterministic envelopes.
    """
    _check_draws(draws, 1)
    base = sc.resolve(panel, "base", horizon, **estimate_kw)
    horizon_draws = np.concatenate(
        [p["earnings_usd_million"][:, -1] for p in _chunks(base, draws, seed, 250_000)]
    )
    rows = []
    for scenario in scenarios:
        setup = base if scenario == "base" else sc.resolve(panel, scenario, horizon, **estimate_kw)
        path = sc.project_resolved(setup).iloc[-1]
        table = monte_carlo_resolved(setup, draws=draws, seed=seed)
        band = table[(table["variable"] == "earnings_usd_million") & (table["fy"] == path["fy"])].iloc[0]
        rows.append(
            {
                "scenario": path["scenario"],
                "fy": path["fy"],
                "drivers": setup.scenario.drivers,
                "earnings_usd_million": path["earnings_usd_million"],
                "freelancers_persons": path["freelancers_persons"],
                "band": _band_text(setup),
                "mc_p10_usd_million": band["p10"],
                "mc_p50_usd_million": band["p50"],
                "mc_p90_usd_million": band["p90"],
                "base_draws_below_pct": np.mean(horizon_draws < path["earnings_usd_million"]) * 100,
            }
        )
    return pd.DataFrame(rows)


def _band_text(setup: sc.Setup) -> str:
    """Return which parameters a scenario's Monte Carlo band samples, in words."""
    held = []
    if setup.scenario.drivers != "base":
        held.append(f"drivers held at their {setup.scenario.drivers} ends")
    if setup.scenario.overrides:
        held.append("overrides held")
    return "; ".join(held + ["the rest sampled"]) if held else "all parameters sampled"
