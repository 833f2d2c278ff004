"""Rolling-origin backtests of the forecast models against naive benchmarks (MAPE and interval coverage).

At each origin the model is fitted on data strictly before the origin and forecasts ``horizon``
steps; errors are measured on the observed values from the origin on. Benchmarks: seasonal naive
for monthly data (each month = the same month a year earlier; interval from the spread of 12-month
log changes in the training window) and random walk with drift for annual data (the ``drift``
model). ``beats_naive`` is True only where the model's MAPE is below its benchmark's — a model
that does not beat its benchmark is reported as such, not hidden.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.models.forecast import fit as fc

MONTHLY_BENCHMARK, ANNUAL_BENCHMARK = "seasonal_naive", "drift"
N_ORIGINS = 5


def default_monthly_origins(y: pd.Series, horizon: int = 12, n: int = N_ORIGINS) -> list[str]:
    """Return the last ``n`` Julys whose ``horizon`` months are all observed ('YYYY-MM')."""
    last = pd.Period(y.index[-1], "M")
    months = pd.period_range(pd.Period(y.index[0], "M"), last - horizon + 1, freq="M")
    julys = [m for m in months if m.month == 7]
    return [m.strftime("%Y-%m") for m in julys[-n:]]


def seasonal_naive_log(log_y: pd.Series, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Seasonal naive on logs: value of the same month k years back; sd = sd(12-month change)·√k."""
    steps = np.arange(1, h + 1)
    years_back = -(-steps // 12)
    values = np.asarray(log_y, dtype=float)
    mu = values[len(values) - 12 * years_back + steps - 1]
    sd = np.std(values[12:] - values[:-12], ddof=1) * np.sqrt(years_back)
    return mu, sd


def _scores(frame: pd.DataFrame) -> pd.DataFrame:
    actual = frame["actual"]
    return frame.assign(
        ape_pct=(frame["point"] - actual).abs() / actual * 100,
        in_80=(frame["lo80"] <= actual) & (actual <= frame["hi80"]),
        in_95=(frame["lo95"] <= actual) & (actual <= frame["hi95"]),
    )


def _rows(model: str, origin: str, labels, mu, sd, actual, converged: bool) -> pd.DataFrame:
    bands = fc.level_bands(np.asarray(mu), np.asarray(sd))
    n = len(actual)
    return pd.DataFrame(
        {
            "model": model,
            "origin": origin,
            "period": list(labels[:n]),
            "step": np.arange(1, n + 1),
            "actual": np.asarray(actual, dtype=float),
            "point": bands["mean"].to_numpy()[:n],
            "lo95": bands["lo95"].to_numpy()[:n],
            "lo80": bands["lo80"].to_numpy()[:n],
            "hi80": bands["hi80"].to_numpy()[:n],
            "hi95": bands["hi95"].to_numpy()[:n],
            "converged": converged,
        }
    )


def summarise(errors: pd.DataFrame, benchmark: str, keys=()) -> pd.DataFrame:
    """Return MAPE (percent) and 80/95 % coverage (percent) by model, with ``beats_naive``."""
    keys = list(keys)
    g = errors.groupby(keys + ["model"], sort=True)
    out = pd.DataFrame(
        {
            "n_origins": g["origin"].nunique(),
            "n_forecasts": g.size(),
            "mape_pct": g["ape_pct"].mean(),
            "coverage_80_pct": g["in_80"].mean() * 100,
            "coverage_95_pct": g["in_95"].mean() * 100,
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


def backtest_monthly(
    panel: pd.DataFrame,
    origins=None,
    horizon: int = 12,
    models=fc.MONTHLY_MODELS,
    train_start: str = fc.TRAIN_START,
    detail: bool = False,
    n_origins: int = N_ORIGINS,
) -> pd.DataFrame:
    """Return the monthly remittance backtest: MAPE and coverage per model vs seasonal naive.

    ``origins`` defaults to the last ``n_origins`` Julys; ``detail=True`` returns every forecast
    (model, origin, month, actual, point, bounds, errors).
    """
    y = fc.monthly_series(panel)
    origins = default_monthly_origins(y, horizon, n_origins) if origins is None else list(origins)
    frames = []
    for origin in origins:
        start = pd.Timestamp(origin)
        train = np.log(y[train_start:][y[train_start:].index < start])
        if len(train) < 36:
            raise ValueError(f"origin {origin!r}: {len(train)} training months from {train_start}; need 36")
        labels = pd.period_range(origin, periods=horizon, freq="M").strftime("%Y-%m")
        actual = y[(y.index >= start)].iloc[:horizon]
        naive = seasonal_naive_log(train, horizon)
        frames.append(_rows(MONTHLY_BENCHMARK, origin, labels, *naive, actual, True))
        for model in models:
            fit = fc.fit_monthly(train, model)
            frames.append(_rows(model, origin, labels, *fc.log_forecast(fit, horizon), actual, fit.converged))
    errors = _scores(pd.concat(frames, ignore_index=True))
    return errors if detail else summarise(errors, MONTHLY_BENCHMARK)


def select_monthly_model(panel: pd.DataFrame, origins=None, train_start: str = fc.TRAIN_START) -> str:
    """Return the monthly candidate model with the lowest backtest MAPE (ties: first in MONTHLY_MODELS)."""
    return best_model(backtest_monthly(panel, origins=origins, train_start=train_start))


def best_model(summary: pd.DataFrame) -> str:
    """Return the candidate monthly model with the lowest MAPE in a backtest summary (ties: first listed)."""
    table = summary[summary["model"].isin(fc.MONTHLY_MODELS)]
    order = {m: i for i, m in enumerate(fc.MONTHLY_MODELS)}
    table = table.assign(order=table["model"].map(order)).sort_values(["mape_pct", "order"])
    return str(table["model"].iloc[0])


def default_annual_origins(y: pd.Series, horizon: int = 3, n: int = N_ORIGINS) -> list[int]:
    """Return the last ``n`` first-forecast years whose ``horizon`` years are all observed."""
    last = int(y.index[-1].year)
    return list(range(last - horizon + 2 - n, last - horizon + 2))


def backtest_annual(
    panel: pd.DataFrame,
    iso3=("PAK", "IND", "BGD", "PHL"),
    series=("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT"),
    origins=None,
    horizon: int = 3,
    model: str = "ets_damped",
    start_year: int = fc.ANNUAL_START_YEAR,
    detail: bool = False,
    n_origins: int = N_ORIGINS,
) -> pd.DataFrame:
    """Return the annual backtest by iso3 and series: MAPE and coverage of ``model`` vs drift.

    ``origins`` (first forecast years) default to the last ``n_origins`` with all years observed.
    """
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    series = [series] if isinstance(series, str) else list(series)
    frames = []
    for code in series:
        for country in iso3:
            y = fc.annual_series(panel, country, code, start_year)
            for origin in default_annual_origins(y, horizon, n_origins) if origins is None else list(origins):
                start = pd.Timestamp(f"{int(origin)}-01-01")
                train = np.log(y[y.index < start])
                labels = [str(int(origin) + k) for k in range(horizon)]
                actual = y[y.index >= start].iloc[:horizon]
                for name in dict.fromkeys([ANNUAL_BENCHMARK, model]):
                    fit = fc.fit_annual(train, name)
                    frames.append(
                        _rows(
                            name, str(origin), labels, *fc.log_forecast(fit, horizon), actual, fit.converged
                        ).assign(iso3=country, series=code)
                    )
    errors = _scores(pd.concat(frames, ignore_index=True))
    return errors if detail else summarise(errors, ANNUAL_BENCHMARK, keys=("iso3", "series"))


def coverage_check(summary: pd.DataFrame) -> pd.DataFrame:
    """Return nominal and observed interval coverage (percent) by model and level, with a verdict.

    ``shortfall_pp`` = nominal − observed (percentage points); the verdict is 'under-covers' whenever
    the intervals held fewer outcomes than their nominal level promised, else 'covers'.
    """
    keys = [c for c in ("iso3", "series", "model") if c in summary.columns]
    rows = []
    for _, row in summary.iterrows():
        for level in (80, 95):
            observed = float(row[f"coverage_{level}_pct"])
            rows.append(
                {
                    **{k: row[k] for k in keys},
                    "interval": f"{level} %",
                    "nominal_pct": float(level),
                    "observed_pct": observed,
                    "shortfall_pp": level - observed,
                    "verdict": "under-covers" if observed < level else "covers",
                }
            )
    return pd.DataFrame(rows)
