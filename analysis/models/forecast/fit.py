"""Fitting the forecast models on log values: the series, the fits, their forecasts and simulated paths.

Both :mod:`.forecast` (the forecasts) and :mod:`.backtest` (rolling-origin backtests) fit through
this module, so neither imports the other's internals. Model definitions are in the package docstring
(:mod:`analysis.models.forecast`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.models.forecast.calendar import eid_regressors, future_month_starts
from analysis.models.intervals import Z80, Z95
from analysis.panel.query import calendar_history, select
from analysis.sources.series import SBP_REMITTANCES

TRAIN_START = "2010-07"
MONTHLY_MODELS = ("sarima", "ets", "sarima_eid")
ANNUAL_MODELS = ("ets_damped", "drift")
ANNUAL_START_YEAR = 2000
MIN_ANNUAL_YEARS = 5  # calendar years an annual model needs to be fitted at all
BANDS = {"lo95": (2.5, -Z95), "lo80": (10, -Z80), "hi80": (90, Z80), "hi95": (97.5, Z95)}
_FITS: dict[tuple, Fit] = {}  # fits of this process by (model, step, values, dates): a notebook asks twice
_MAX_FITS = 32


def monthly_series(panel: pd.DataFrame, series: str = SBP_REMITTANCES, iso3: str = "PAK") -> pd.Series:
    """Return a monthly series (USD million) indexed by month start, frequency 'MS', no gaps."""
    rows = select(panel, iso3=iso3, series=series, basis=periods.MONTH)
    if rows.empty:
        raise ValueError(f"panel has no monthly rows of {series!r} for {iso3}")
    values = pd.Series(rows["value"].to_numpy(), index=pd.PeriodIndex(rows["period"], freq="M")).sort_index()
    full = pd.period_range(values.index.min(), values.index.max(), freq="M")
    if len(full) != len(values):
        raise ValueError(
            f"{series} has {len(full) - len(values)} missing months between {full.min()} and {full.max()}"
        )
    return pd.Series(values.to_numpy(), index=full.to_timestamp(how="start"), name=series).asfreq("MS")


def annual_series(
    panel: pd.DataFrame, iso3: str, series: str, start_year: int = ANNUAL_START_YEAR
) -> pd.Series:
    """Return a calendar-year series (panel unit) from ``start_year``, indexed by year start, freq 'YS'."""
    values = calendar_history(panel, series, iso3)
    values = values[values.index >= start_year]
    if len(values) < MIN_ANNUAL_YEARS:
        raise ValueError(
            f"{series} for {iso3} has {len(values)} years from {start_year}; "
            f"a forecast needs {MIN_ANNUAL_YEARS}"
        )
    full = range(int(values.index.min()), int(values.index.max()) + 1)
    values = values.reindex(full)
    if values.isna().any() or (values <= 0).any():
        raise ValueError(
            f"{series} for {iso3} has gaps or non-positive values in {full.start}-{full.stop - 1}"
        )
    return pd.Series(values.to_numpy(), index=pd.DatetimeIndex([f"{y}-01-01" for y in full], freq="YS"))


def annual_coverage(
    panel: pd.DataFrame,
    iso3,
    series: str,
    start_year: int = ANNUAL_START_YEAR,
    min_years: int = MIN_ANNUAL_YEARS,
) -> pd.DataFrame:
    """Return one row per economy: its calendar years of ``series`` from ``start_year`` (count, first,
    last), ``modelled`` (True when :func:`annual_series` accepts it with at least ``min_years`` years)
    and a ``note`` saying why not ('' when modelled): an economy lacking the series is explained, never
    dropped or a crash."""
    rows = []
    for country in [iso3] if isinstance(iso3, str) else list(iso3):
        years = select(panel, iso3=country, series=series, basis=periods.CALENDAR)
        years = years.loc[years["breakdown"] == "", "period"].astype(int)
        years = years[years >= start_year]
        note = ""
        if years.empty:
            name = select(panel, iso3=country)["country_name"].head(1).tolist() or [country]
            note = f"no data in WDI for {name[0]} ({country}) since {start_year}"
        elif len(years) < min_years:
            note = f"only {len(years)} years ({years.min()}–{years.max()}); the models need {min_years}"
        else:
            try:
                annual_series(panel, country, series, start_year)
            except ValueError as exc:
                note = str(exc)
        rows.append(
            {
                "iso3": country,
                "series": series,
                "n_years": len(years),
                "first_year": int(years.min()) if len(years) else pd.NA,
                "last_year": int(years.max()) if len(years) else pd.NA,
                "modelled": note == "",
                "note": note,
            }
        )
    table = pd.DataFrame(rows)
    return table.astype({"first_year": "Int64", "last_year": "Int64"})


def decompose_monthly(panel: pd.DataFrame, train_start: str = TRAIN_START) -> pd.DataFrame:
    """Return the STL decomposition of monthly remittances: trend (USD million), seasonal and rest (percent).

    Robust STL (period 12) on log values from ``train_start``: ``trend_usd_million`` = exp(trend);
    ``seasonal_pct`` = 100·(exp(seasonal) − 1), the month's usual deviation from the trend;
    ``remainder_pct`` likewise for what neither explains (e.g. Eid moving through the calendar).
    """
    from statsmodels.tsa.seasonal import STL

    y = monthly_series(panel)[train_start:]
    parts = STL(np.log(y), period=12, robust=True).fit()
    return pd.DataFrame(
        {
            "month": y.index.strftime("%Y-%m"),
            "start": y.index,
            "calendar_month": y.index.strftime("%b"),
            "observed_usd_million": y.to_numpy(),
            "trend_usd_million": np.exp(parts.trend.to_numpy()),
            "seasonal_pct": 100 * np.expm1(parts.seasonal.to_numpy()),
            "remainder_pct": 100 * np.expm1(parts.resid.to_numpy()),
        }
    )


@dataclass(frozen=True)
class Fit:
    """A fitted model on log values: statsmodels results, model name and whether the optimiser converged."""

    model: str
    results: object
    converged: bool
    n_obs: int
    end: pd.Timestamp | None = None  # last fitted month (monthly fits; future regressors start after it)


def _fitted(model: str, build, n_obs: int) -> Fit:
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    # A non-converged optimiser still returns usable estimates on short backtest windows; it is
    # recorded in Fit.converged (shown in outputs) instead of being raised or silently dropped.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # record every warning; the loop below re-issues the rest
        results = build()
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    for w in caught:  # anything else is re-issued untouched, except SARIMAX's note that its own
        # starting values were non-stationary/non-invertible and replaced by zeros (start values only)
        if not issubclass(w.category, ConvergenceWarning) and "starting" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return Fit(model, results, converged, n_obs)


def _memo(key: tuple, log_y: pd.Series, fit_it) -> Fit:
    """Return ``fit_it()``, reused when the same model was fitted on the same values and dates before.

    Fits are deterministic in their inputs, so the reuse changes no result (only time).
    """
    key = (*key, np.asarray(log_y, dtype=float).tobytes(), tuple(log_y.index.astype(str)))
    if key not in _FITS:
        if len(_FITS) >= _MAX_FITS:
            _FITS.pop(next(iter(_FITS)))
        _FITS[key] = fit_it()
    return _FITS[key]


def fit_monthly(log_y: pd.Series, model: str, step_from: str | None = None, start_params=None) -> Fit:
    """Return the fitted monthly model on log values with a 'MS' DatetimeIndex.

    'sarima' and 'sarima_eid' (SARIMA with the two pre-Eid regressors of :mod:`.calendar`) are
    SARIMAX(1,1,1)(0,1,1)12; ``step_from`` ('YYYY-MM', SARIMA models only) adds a step dummy (0 before,
    1 from that month on) for a level shift; 'ets' is ETS(A,Ad,A). ``start_params`` start
    the optimiser (SARIMA and ETS), e.g. at an earlier origin's estimates in a backtest.
    """
    if model in ("sarima", "sarima_eid"):
        exog = monthly_exog(log_y.index, model, step_from)
        build = lambda: _sarimax(log_y, exog).fit(  # noqa: E731
            start_params=start_params, disp=False, maxiter=200, cov_type="none"
        )
    elif model == "ets" and step_from is None:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        build = lambda: ETSModel(  # noqa: E731
            log_y,
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=12,
        ).fit(start_params=start_params, disp=False, maxiter=500)
    else:
        raise ValueError(
            f"parameter 'model' = {model!r} (step_from = {step_from!r}); allowed: "
            f"{', '.join(MONTHLY_MODELS)} or 'auto'; a step only with the SARIMA models"
        )
    if start_params is not None:  # a backtest's warm start: its own sequence, never reused
        fit = _fitted(model, build, len(log_y))
    else:
        fit = _memo(("monthly", model, step_from), log_y, lambda: _fitted(model, build, len(log_y)))
    return Fit(fit.model, fit.results, fit.converged, fit.n_obs, log_y.index[-1])


def _sarimax(log_y: pd.Series, exog: pd.DataFrame | None):
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    # cov_type="none" at fit: no parameter covariance (unused by forecasts), a quarter of the time;
    # concentrate_scale: σ² is profiled out of the likelihood (same estimates, a third faster)
    return SARIMAX(log_y, exog=exog, order=(1, 1, 1), seasonal_order=(0, 1, 1, 12), concentrate_scale=True)


def monthly_exog(index: pd.DatetimeIndex, model: str, step_from: str | None = None) -> pd.DataFrame | None:
    """Return the regressors of a monthly model over ``index`` (pre-Eid fractions, step 0/1), or None."""
    parts = [eid_regressors(index)] if model == "sarima_eid" else []
    if step_from is not None:
        parts.append(pd.DataFrame({"step": (index >= pd.Timestamp(step_from)).astype(float)}, index=index))
    return pd.concat(parts, axis=1) if parts else None


def _future_exog(fit: Fit, h: int) -> pd.DataFrame | None:
    model = fit.results.model
    if getattr(model, "k_exog", 0) == 0:
        return None
    index = future_month_starts(fit.end, h)
    step = "step" in model.exog_names
    return monthly_exog(index, fit.model, index[0].strftime("%Y-%m") if step else None)


def fit_annual(log_y: pd.Series, model: str = "ets_damped") -> Fit:
    """Return the fitted annual model on log values ('ets_damped'; 'drift' needs no fit)."""
    if model == "drift":
        return Fit(model, log_y, True, len(log_y))
    if model != "ets_damped":
        raise ValueError(f"parameter 'model' = {model!r}; allowed: {', '.join(ANNUAL_MODELS)}")
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    build = lambda: ETSModel(log_y, error="add", trend="add", damped_trend=True).fit(  # noqa: E731
        disp=False, maxiter=500
    )
    return _memo(("annual", model), log_y, lambda: _fitted(model, build, len(log_y)))


def log_forecast(fit: Fit, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (mean, standard deviation) of the h-step log forecasts."""
    if fit.model == "drift":
        return drift_log_forecast(fit.results, h)
    if fit.model in ("sarima", "sarima_eid"):
        f = fit.results.get_forecast(h, exog=_future_exog(fit, h))
        return np.asarray(f.predicted_mean), np.sqrt(np.asarray(f.var_pred_mean))
    p = fit.results.get_prediction(start=fit.n_obs, end=fit.n_obs + h - 1)
    return np.asarray(p.predicted_mean), np.sqrt(np.asarray(p.forecast_variance))


def drift_log_forecast(log_y: pd.Series, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Random walk with drift on logs: mean last + μ·k, variance σ²·(k + k²/n) (drift estimated)."""
    d = np.diff(np.asarray(log_y, dtype=float))
    k = np.arange(1, h + 1)
    mu, sigma = d.mean(), d.std(ddof=1)
    return float(log_y.iloc[-1]) + mu * k, sigma * np.sqrt(k + k**2 / len(d))


def level_bands(mu: np.ndarray, sd: np.ndarray) -> pd.DataFrame:
    """Return mean, median and 80/95 % bounds in levels from normal log forecasts (mu, sd)."""
    out = {"mean": np.exp(mu + sd**2 / 2), "median": np.exp(mu)}
    out.update({name: np.exp(mu + z * sd) for name, (_, z) in BANDS.items()})
    return pd.DataFrame(out)


def simulate_paths(fit: Fit, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
    """Return simulated level paths, shape (n_paths, h), from the end of the fitted sample."""
    extra = {"exog": _future_exog(fit, h)} if fit.model in ("sarima", "sarima_eid") else {}
    sims = fit.results.simulate(h, anchor="end", repetitions=n_paths, rng=rng, **extra)
    return np.exp(np.asarray(sims, dtype=float).reshape(h, n_paths).T)
