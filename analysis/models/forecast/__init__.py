"""Statistical forecasts (fit / backtest / forecast): Pakistan's monthly workers' remittances (USD
million) and annual WDI series.

Monthly (SBP ``TS_GP_BOP_WR_M.WR0340``): models on log values, so intervals stay positive and
seasonal swings scale with the level. Candidates: ``sarima`` = SARIMAX(1,1,1)(0,1,1)12 and ``ets`` =
ETS(A,Ad,A) (additive error, damped additive trend, additive seasonality). Training starts in
``TRAIN_START`` = July 2010: the Pakistan Remittance Initiative (launched 2009) moved flows from
hundi/hawala into recorded banking channels, so earlier months belong to a different regime and a
level (~USD 0.5 bn a month) a fifth of today's. ``model='auto'`` picks the candidate with the lower
backtest MAPE (:func:`analysis.models.forecast.backtest.select_monthly_model`).

Monthly intervals are exact on the log scale (normal) and exponentiated; the monthly point forecast
is the mean exp(μ + σ²/2). Fiscal-year (July–June) totals come from simulated paths: each path is
summed over its months (plus the months already observed in that fiscal year) and the percentiles
of those sums give the interval — interval bounds are never added. The fiscal-year point forecast
is the sum of its months' means (observed months at their values), i.e. the mean of the path sums.
Simulations carry shock uncertainty only (parameters held at their estimates).

``sarima_eid`` adds two pre-Eid regressors (:mod:`.calendar`, dates from ``hijridate``); backtests
(:mod:`.backtest`) choose on an earlier window of origins and report on a later one;
:mod:`.effects` tests a FY2024-25 step and estimates the Eid effects.

Annual (any WDI calendar-year money series; PAK, IND, BGD, PHL …): ``ets_damped`` = ETS(A,Ad,N) on
logs, or ``drift`` = random walk with drift on logs (ARIMA(0,1,0) with drift, closed form, also the
backtest benchmark). Intervals are normal on logs, exponentiated.
"""

from __future__ import annotations

from analysis.models.forecast.calendar import PRE_EID_DAYS, eid_dates, eid_regressors
from analysis.models.forecast.calibration import interval_score
from analysis.models.forecast.effects import SHIFT_MONTH, eid_effects, level_shift_forecasts, level_shift_test
from analysis.models.forecast.fit import (
    ANNUAL_MODELS,
    ANNUAL_START_YEAR,
    BANDS,
    MONTHLY_MODELS,
    TRAIN_START,
    Fit,
    annual_coverage,
    annual_series,
    decompose_monthly,
    drift_log_forecast,
    fit_annual,
    fit_monthly,
    level_bands,
    log_forecast,
    monthly_series,
    simulate_paths,
)
from analysis.models.forecast.forecast import (
    MonthlyForecast,
    default_horizon_months,
    fiscal_year_totals,
    forecast_annual,
    forecast_monthly,
)

__all__ = [
    "ANNUAL_MODELS",
    "ANNUAL_START_YEAR",
    "BANDS",
    "MONTHLY_MODELS",
    "PRE_EID_DAYS",
    "SHIFT_MONTH",
    "TRAIN_START",
    "Fit",
    "annual_coverage",
    "MonthlyForecast",
    "annual_series",
    "decompose_monthly",
    "default_horizon_months",
    "drift_log_forecast",
    "eid_dates",
    "eid_effects",
    "eid_regressors",
    "fiscal_year_totals",
    "fit_annual",
    "fit_monthly",
    "forecast_annual",
    "forecast_monthly",
    "interval_score",
    "level_shift_forecasts",
    "level_shift_test",
    "level_bands",
    "log_forecast",
    "monthly_series",
    "simulate_paths",
]
