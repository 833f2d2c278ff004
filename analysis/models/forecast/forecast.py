"""Forecasts: monthly remittances (USD million) with fiscal-year totals, and annual WDI series."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.models.forecast.backtest import select_monthly_model
from analysis.models.forecast.fit import (
    ANNUAL_START_YEAR,
    BANDS,
    TRAIN_START,
    annual_series,
    fit_annual,
    fit_monthly,
    level_bands,
    log_forecast,
    monthly_series,
    simulate_paths,
)


@dataclass(frozen=True)
class MonthlyForecast:
    """Monthly forecast table, fiscal-year totals, and how they were made."""

    model: str
    train_start: str
    train_end: str
    converged: bool
    monthly: pd.DataFrame
    fiscal_years: pd.DataFrame
    step_from: str | None = None  # level-shift reading: a step dummy from this month on (else None)


def default_horizon_months(last: pd.Timestamp) -> int:
    """Months from ``last`` observed month to the end of the next fiscal year (June)."""
    fy_end = pd.Period(last, "M").asfreq("Y-JUN").year + 1
    return (fy_end - last.year) * 12 + 6 - last.month


def forecast_monthly(
    panel: pd.DataFrame,
    horizon_months: int | None = None,
    seed: int = 20240701,
    n_paths: int = 2000,
    model: str = "auto",
    train_start: str = TRAIN_START,
    step_from: str | None = None,
) -> MonthlyForecast:
    """Return monthly remittance forecasts (USD million) with 80/95 % intervals and fiscal-year totals.

    ``step_from`` ('YYYY-MM', SARIMA models) adds a level-shift step that persists over the horizon.
    """
    y = monthly_series(panel)
    h = default_horizon_months(y.index[-1]) if horizon_months is None else int(horizon_months)
    if h < 1 or n_paths < 100:
        raise ValueError(
            f"parameters 'horizon_months' = {h} (allowed [1, ...)) and 'n_paths' = {n_paths} "
            "(allowed [100, ...))"
        )
    if model == "auto":
        model = select_monthly_model(panel, train_start=train_start)
    fit = fit_monthly(np.log(y[train_start:]), model, step_from=step_from)
    months = pd.period_range(pd.Period(y.index[-1], "M") + 1, periods=h, freq="M")
    monthly = level_bands(*log_forecast(fit, h)).add_suffix("_usd_million")
    monthly.insert(0, "month", months.strftime("%Y-%m"))
    paths = simulate_paths(fit, h, n_paths, np.random.default_rng(seed))
    fiscal = fiscal_year_totals(y, monthly, paths)
    end = y.index[-1].strftime("%Y-%m")
    return MonthlyForecast(model, train_start, end, fit.converged, monthly, fiscal, step_from)


def fiscal_year_totals(observed: pd.Series, monthly: pd.DataFrame, paths: np.ndarray) -> pd.DataFrame:
    """Return July–June totals (USD million) of fiscal years completed by observed + forecast months.

    Point = observed months + sum of monthly means; bounds = percentiles of path sums (+ observed).
    """
    fc_months = pd.PeriodIndex(monthly["month"], freq="M")
    fy_of = lambda ms: np.array([periods.month_to_year(m, periods.FY_JUL_JUN) for m in ms])  # noqa: E731
    fc_fy = fy_of(fc_months)
    obs_months = pd.PeriodIndex(observed.index, freq="M")
    obs_fy = fy_of(obs_months[-12:])
    rows = []
    for fy in dict.fromkeys(fc_fy):
        in_fc, in_obs = fc_fy == fy, obs_fy == fy
        if in_fc.sum() + in_obs.sum() != 12:
            continue  # the horizon ends inside this fiscal year: never passed off as a whole year
        obs_sum = float(observed.iloc[-12:][in_obs].sum())
        sums = obs_sum + paths[:, in_fc].sum(axis=1)
        row = {
            "fy": fy,
            "months_observed": int(in_obs.sum()),
            "months_forecast": int(in_fc.sum()),
            "observed_usd_million": obs_sum,
            "mean_usd_million": obs_sum + float(monthly.loc[in_fc, "mean_usd_million"].sum()),
            "median_usd_million": float(np.median(sums)),
        }
        row.update({f"{name}_usd_million": float(np.percentile(sums, q)) for name, (q, _) in BANDS.items()})
        first, last = fc_months[in_fc][0].strftime("%b %Y"), fc_months[in_fc][-1].strftime("%b %Y")
        row["composition"] = (
            f"{row['months_observed']} observed month(s) + simulated {first}–{last}"
            if row["months_observed"]
            else f"simulated {first}–{last}"
        )
        rows.append(row)
    return pd.DataFrame(rows)


def forecast_annual(
    panel: pd.DataFrame,
    iso3=("PAK", "IND", "BGD", "PHL"),
    series=("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT"),
    horizon_years: int = 5,
    model: str | dict = "ets_damped",
    start_year: int = ANNUAL_START_YEAR,
) -> pd.DataFrame:
    """Return annual forecasts (panel unit, e.g. USD million) with 80/95 % intervals by iso3 and series.

    ``model`` is one model for all, or iso3 → model (e.g. :func:`.backtest.chosen_annual_models`).
    """
    if horizon_years < 1:
        raise ValueError(f"parameter 'horizon_years' = {horizon_years}; allowed range [1, ...)")
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    series = [series] if isinstance(series, str) else list(series)
    frames = []
    for code in series:
        for country in iso3:
            y = annual_series(panel, country, code, start_year)
            name = model.get(country, "ets_damped") if isinstance(model, dict) else model
            fit = fit_annual(np.log(y), name)
            bands = level_bands(*log_forecast(fit, horizon_years)).add_suffix("_usd_million")
            unit = str(panel.loc[panel["series"] == code, "unit"].iloc[0])
            if unit != "USD million":
                bands.columns = [c.replace("_usd_million", "") for c in bands.columns]
            last = int(y.index[-1].year)
            bands.insert(0, "year", [str(last + k) for k in range(1, horizon_years + 1)])
            frames.append(
                bands.assign(
                    iso3=country,
                    series=code,
                    unit=unit,
                    model=name,
                    train=f"{y.index[0].year}-{last}",
                    converged=fit.converged,
                )
            )
    out = pd.concat(frames, ignore_index=True)
    first = ["iso3", "series", "unit", "model", "train", "year"]
    return out[first + [c for c in out.columns if c not in first]]
