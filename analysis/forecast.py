"""Statistical forecasts: Pakistan's monthly workers' remittances (USD million) and annual WDI series.

Monthly (SBP ``TS_GP_BOP_WR_M.WR0340``): models on log values, so intervals stay positive and
seasonal swings scale with the level. Candidates: ``sarima`` = SARIMAX(1,1,1)(0,1,1)12 and ``ets`` =
ETS(A,Ad,A) (additive error, damped additive trend, additive seasonality). Training starts in
``TRAIN_START`` = July 2010: the Pakistan Remittance Initiative (launched 2009) moved flows from
hundi/hawala into recorded banking channels, so earlier months belong to a different regime and a
level (~USD 0.5 bn a month) a fifth of today's. ``model='auto'`` picks the candidate with the lower
backtest MAPE (:func:`analysis.backtest.select_monthly_model`).

Monthly intervals are exact on the log scale (normal) and exponentiated; the monthly point forecast
is the mean exp(μ + σ²/2). Fiscal-year (July–June) totals come from simulated paths: each path is
summed over its months (plus the months already observed in that fiscal year) and the percentiles
of those sums give the interval — interval bounds are never added. The fiscal-year point forecast
is the sum of its months' means (observed months at their values), i.e. the mean of the path sums.
Simulations carry shock uncertainty only (parameters held at their estimates).

Annual (any WDI calendar-year money series; PAK, IND, BGD, PHL …): ``ets_damped`` = ETS(A,Ad,N) on
logs, or ``drift`` = random walk with drift on logs (ARIMA(0,1,0) with drift, closed form, also the
backtest benchmark). Intervals are normal on logs, exponentiated.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import periods
from analysis.build import select
from analysis.levers import calendar_history

SBP = "TS_GP_BOP_WR_M.WR0340"
TRAIN_START = "2010-07"
MONTHLY_MODELS = ("sarima", "ets")
ANNUAL_MODELS = ("ets_damped", "drift")
ANNUAL_START_YEAR = 2000
Z80, Z95 = 1.2815515655446004, 1.959963984540054
BANDS = {"lo95": (2.5, -Z95), "lo80": (10, -Z80), "hi80": (90, Z80), "hi95": (97.5, Z95)}


def monthly_series(panel: pd.DataFrame, series: str = SBP, iso3: str = "PAK") -> pd.Series:
    """Return a monthly series (USD million) indexed by month start, frequency 'MS', no gaps."""
    rows = select(panel, iso3=iso3, series=series, basis=periods.MONTH)
    if rows.empty:
        raise ValueError(f"panel has no monthly rows of {series!r} for {iso3}")
    values = pd.Series(rows["value"].to_numpy(), index=pd.PeriodIndex(rows["period"], freq="M")).sort_index()
    full = pd.period_range(values.index.min(), values.index.max(), freq="M")
    if len(full) != len(values):
        raise ValueError(f"{series} has {len(full) - len(values)} missing months between "
                         f"{full.min()} and {full.max()}")
    return pd.Series(values.to_numpy(), index=full.to_timestamp(how="start"), name=series).asfreq("MS")


def annual_series(panel: pd.DataFrame, iso3: str, series: str,
                  start_year: int = ANNUAL_START_YEAR) -> pd.Series:
    """Return a calendar-year series (panel unit) from ``start_year``, indexed by year start, freq 'YS'."""
    values = calendar_history(panel, series, iso3)
    values = values[values.index >= start_year]
    if len(values) < 5:
        raise ValueError(f"{series} for {iso3} has {len(values)} years from {start_year}; a forecast needs 5")
    full = range(int(values.index.min()), int(values.index.max()) + 1)
    values = values.reindex(full)
    if values.isna().any() or (values <= 0).any():
        raise ValueError(f"{series} for {iso3} has gaps or non-positive values in "
                         f"{full.start}-{full.stop - 1}")
    return pd.Series(values.to_numpy(), index=pd.DatetimeIndex([f"{y}-01-01" for y in full], freq="YS"))


def decompose_monthly(panel: pd.DataFrame, train_start: str = TRAIN_START) -> pd.DataFrame:
    """Return the STL decomposition of monthly remittances: trend (USD million), seasonal and rest (percent).

    Robust STL (period 12) on log values from ``train_start``: ``trend_usd_million`` = exp(trend);
    ``seasonal_pct`` = 100·(exp(seasonal) − 1), the month's usual deviation from the trend;
    ``remainder_pct`` likewise for what neither explains (e.g. Eid moving through the calendar).
    """
    from statsmodels.tsa.seasonal import STL

    y = monthly_series(panel)[train_start:]
    parts = STL(np.log(y), period=12, robust=True).fit()
    return pd.DataFrame({"month": y.index.strftime("%Y-%m"), "start": y.index,
                         "calendar_month": y.index.strftime("%b"), "observed_usd_million": y.to_numpy(),
                         "trend_usd_million": np.exp(parts.trend.to_numpy()),
                         "seasonal_pct": 100 * np.expm1(parts.seasonal.to_numpy()),
                         "remainder_pct": 100 * np.expm1(parts.resid.to_numpy())})


@dataclass(frozen=True)
class Fit:
    """A fitted model on log values: statsmodels results, model name and whether the optimiser converged."""

    model: str
    results: object
    converged: bool
    n_obs: int


def _fitted(model: str, build, n_obs: int) -> Fit:
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    # A non-converged optimiser still returns usable estimates on short backtest windows; it is
    # recorded in Fit.converged (shown in outputs) instead of being raised or silently dropped.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        results = build()
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    for w in caught:  # anything else is re-issued untouched
        if not issubclass(w.category, ConvergenceWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return Fit(model, results, converged, n_obs)


def fit_monthly(log_y: pd.Series, model: str) -> Fit:
    """Return the fitted monthly model ('sarima' or 'ets') on log values with a 'MS' DatetimeIndex."""
    if model == "sarima":
        from statsmodels.tsa.statespace.sarimax import SARIMAX

        # cov_type="none": no parameter covariance (unused; forecasts and their variances are the
        # same), which takes a quarter of the fit's time
        build = lambda: SARIMAX(log_y, order=(1, 1, 1), seasonal_order=(0, 1, 1, 12)).fit(  # noqa: E731
            disp=False, maxiter=200, cov_type="none")
    elif model == "ets":
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        build = lambda: ETSModel(  # noqa: E731
            log_y, error="add", trend="add", damped_trend=True, seasonal="add", seasonal_periods=12,
        ).fit(disp=False, maxiter=500)
    else:
        raise ValueError(f"parameter 'model' = {model!r}; allowed: {', '.join(MONTHLY_MODELS)} or 'auto'")
    return _fitted(model, build, len(log_y))


def fit_annual(log_y: pd.Series, model: str = "ets_damped") -> Fit:
    """Return the fitted annual model on log values ('ets_damped'; 'drift' needs no fit)."""
    if model == "drift":
        return Fit(model, log_y, True, len(log_y))
    if model != "ets_damped":
        raise ValueError(f"parameter 'model' = {model!r}; allowed: {', '.join(ANNUAL_MODELS)}")
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    return _fitted(model, lambda: ETSModel(log_y, error="add", trend="add", damped_trend=True).fit(
        disp=False, maxiter=500), len(log_y))


def log_forecast(fit: Fit, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (mean, standard deviation) of the h-step log forecasts."""
    if fit.model == "drift":
        return drift_log_forecast(fit.results, h)
    if fit.model == "sarima":
        f = fit.results.get_forecast(h)
        return np.asarray(f.predicted_mean), np.sqrt(np.asarray(f.var_pred_mean))
    p = fit.results.get_prediction(start=fit.n_obs, end=fit.n_obs + h - 1)
    return np.asarray(p.predicted_mean), np.sqrt(np.asarray(p.forecast_variance))


def drift_log_forecast(log_y: pd.Series, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Random walk with drift on logs: mean last + μ·k, variance σ²·(k + k²/n) (drift estimated)."""
    d = np.diff(np.asarray(log_y, dtype=float))
    k = np.arange(1, h + 1)
    mu, sigma = d.mean(), d.std(ddof=1)
    return float(log_y.iloc[-1]) + mu * k, sigma * np.sqrt(k + k ** 2 / len(d))


def level_bands(mu: np.ndarray, sd: np.ndarray) -> pd.DataFrame:
    """Return mean, median and 80/95 % bounds in levels from normal log forecasts (mu, sd)."""
    out = {"mean": np.exp(mu + sd ** 2 / 2), "median": np.exp(mu)}
    out.update({name: np.exp(mu + z * sd) for name, (_, z) in BANDS.items()})
    return pd.DataFrame(out)


def simulate_paths(fit: Fit, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
    """Return simulated level paths, shape (n_paths, h), from the end of the fitted sample."""
    sims = fit.results.simulate(h, anchor="end", repetitions=n_paths, rng=rng)
    return np.exp(np.asarray(sims, dtype=float).reshape(h, n_paths).T)


@dataclass(frozen=True)
class MonthlyForecast:
    """Monthly forecast table, fiscal-year totals, and how they were made."""

    model: str
    train_start: str
    train_end: str
    converged: bool
    monthly: pd.DataFrame
    fiscal_years: pd.DataFrame


def default_horizon_months(last: pd.Timestamp) -> int:
    """Months from ``last`` observed month to the end of the next fiscal year (June)."""
    fy_end = pd.Period(last, "M").asfreq("Y-JUN").year + 1
    return (fy_end - last.year) * 12 + 6 - last.month


def forecast_monthly(panel: pd.DataFrame, horizon_months: int | None = None, seed: int = 20240701,
                     n_paths: int = 2000, model: str = "auto",
                     train_start: str = TRAIN_START) -> MonthlyForecast:
    """Return monthly remittance forecasts (USD million) with 80/95 % intervals and fiscal-year totals."""
    y = monthly_series(panel)
    h = default_horizon_months(y.index[-1]) if horizon_months is None else int(horizon_months)
    if h < 1 or n_paths < 100:
        raise ValueError(f"parameters 'horizon_months' = {h} (allowed [1, ...)) and 'n_paths' = {n_paths} "
                         "(allowed [100, ...))")
    if model == "auto":
        from analysis.backtest import select_monthly_model

        model = select_monthly_model(panel, train_start=train_start)
    fit = fit_monthly(np.log(y[train_start:]), model)
    months = pd.period_range(pd.Period(y.index[-1], "M") + 1, periods=h, freq="M")
    monthly = level_bands(*log_forecast(fit, h)).add_suffix("_usd_million")
    monthly.insert(0, "month", months.strftime("%Y-%m"))
    paths = simulate_paths(fit, h, n_paths, np.random.default_rng(seed))
    fiscal = fiscal_year_totals(y, monthly, paths)
    return MonthlyForecast(model, train_start, y.index[-1].strftime("%Y-%m"), fit.converged, monthly, fiscal)


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
        row = {"fy": fy, "months_observed": int(in_obs.sum()), "months_forecast": int(in_fc.sum()),
               "observed_usd_million": obs_sum,
               "mean_usd_million": obs_sum + float(monthly.loc[in_fc, "mean_usd_million"].sum()),
               "median_usd_million": float(np.median(sums))}
        row.update({f"{name}_usd_million": float(np.percentile(sums, q)) for name, (q, _) in BANDS.items()})
        first, last = fc_months[in_fc][0].strftime("%b %Y"), fc_months[in_fc][-1].strftime("%b %Y")
        row["composition"] = (f"{row['months_observed']} observed month(s) + simulated {first}–{last}"
                              if row["months_observed"] else f"simulated {first}–{last}")
        rows.append(row)
    return pd.DataFrame(rows)


def forecast_annual(panel: pd.DataFrame, iso3=("PAK", "IND", "BGD", "PHL"),
                    series=("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT"), horizon_years: int = 5,
                    model: str = "ets_damped", start_year: int = ANNUAL_START_YEAR) -> pd.DataFrame:
    """Return annual forecasts (panel unit, e.g. USD million) with 80/95 % intervals by iso3 and series."""
    if horizon_years < 1:
        raise ValueError(f"parameter 'horizon_years' = {horizon_years}; allowed range [1, ...)")
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    series = [series] if isinstance(series, str) else list(series)
    frames = []
    for code in series:
        for country in iso3:
            y = annual_series(panel, country, code, start_year)
            fit = fit_annual(np.log(y), model)
            bands = level_bands(*log_forecast(fit, horizon_years)).add_suffix("_usd_million")
            unit = str(panel.loc[panel["series"] == code, "unit"].iloc[0])
            if unit != "USD million":
                bands.columns = [c.replace("_usd_million", "") for c in bands.columns]
            last = int(y.index[-1].year)
            bands.insert(0, "year", [str(last + k) for k in range(1, horizon_years + 1)])
            frames.append(bands.assign(iso3=country, series=code, unit=unit, model=model,
                                       train=f"{y.index[0].year}-{last}", converged=fit.converged))
    out = pd.concat(frames, ignore_index=True)
    first = ["iso3", "series", "unit", "model", "train", "year"]
    return out[first + [c for c in out.columns if c not in first]]
