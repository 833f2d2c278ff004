"""Rolling-origin backtests with separate selection and evaluation windows (MAPE, coverage, interval score).

At each origin the model is fitted on data strictly before the origin and forecasts ``horizon``
steps; errors are measured on the observed values from the origin on. Monthly origins fall every
``every_months`` months over the last ``years`` years whose horizon is fully observed; annual
origins are the last ``n_origins`` first-forecast years. The earlier ``selection_share`` of the
origins is the **selection window** (the model is chosen there); the later origins are the
**evaluation window**, on which the chosen model's errors are reported — it was not chosen on them.
Benchmarks: seasonal naive for monthly data (each month = the same month a year earlier; interval
from the spread of 12-month log changes in the training window) and random walk with drift for
annual data. ``beats_naive`` is True only where a model's MAPE is below its benchmark's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.models.forecast import fit as fc
from analysis.models.forecast.calibration import coverage_check, score, summarise
from analysis.models.forecast.runner import cached_frame, run_tasks, series_checksum

MONTHLY_BENCHMARK, ANNUAL_BENCHMARK = "seasonal_naive", "drift"
ORIGIN_EVERY_MONTHS, BACKTEST_YEARS, SELECTION_SHARE = 3, 5, 0.5
N_ANNUAL_ORIGINS, MIN_TRAIN_MONTHS = 10, 36
WINDOWS = ("selection", "evaluation")
_TASK_COST = {"sarima_eid": 3, "sarima": 2, "ets": 1}  # relative fit time, for the order of tasks

__all__ = ["coverage_check", "summarise"]  # re-exported from .calibration for notebook use


def rolling_monthly_origins(
    y: pd.Series, horizon: int = 12, every_months: int = ORIGIN_EVERY_MONTHS, years: int = BACKTEST_YEARS
) -> list[str]:
    """Return origins ('YYYY-MM') every ``every_months`` months over the last ``years`` years observed."""
    if every_months < 1 or years < 1:
        raise ValueError(f"parameters 'every_months' = {every_months}, 'years' = {years}; allowed >= 1")
    last = pd.Period(y.index[-1], "M") - horizon + 1
    last -= (last.month - 7) % every_months  # aligned on July, so July origins are fiscal years
    months = [last - k for k in range(0, 12 * years, every_months)]
    return [m.strftime("%Y-%m") for m in sorted(months)]


def split_origins(origins, selection_share: float = SELECTION_SHARE) -> dict[str, str]:
    """Return origin → 'selection' (the earlier ``selection_share``) or 'evaluation' (the rest)."""
    ordered = sorted(dict.fromkeys(str(o) for o in origins))
    if len(ordered) < 2 or not 0 < selection_share < 1:
        raise ValueError(
            f"parameters 'origins' ({len(ordered)} distinct; need 2) and 'selection_share' = "
            f"{selection_share} (allowed (0, 1))"
        )
    n_sel = min(max(1, int(len(ordered) * selection_share)), len(ordered) - 1)
    return {o: WINDOWS[0] if i < n_sel else WINDOWS[1] for i, o in enumerate(ordered)}


def seasonal_naive_log(log_y: pd.Series, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Seasonal naive on logs: value of the same month k years back; sd = sd(12-month change)·√k."""
    steps = np.arange(1, h + 1)
    years_back = -(-steps // 12)
    values = np.asarray(log_y, dtype=float)
    mu = values[len(values) - 12 * years_back + steps - 1]
    sd = np.std(values[12:] - values[:-12], ddof=1) * np.sqrt(years_back)
    return mu, sd


def _rows(model: str, origin: str, labels, mu, sd, actual, converged: bool) -> pd.DataFrame:
    bands = fc.level_bands(np.asarray(mu), np.asarray(sd))
    n = len(actual)
    out = {"model": model, "origin": origin, "period": list(labels[:n]), "step": np.arange(1, n + 1)}
    out["actual"] = np.asarray(actual, dtype=float)
    out["point"] = bands["mean"].to_numpy()[:n]
    out.update({c: bands[c].to_numpy()[:n] for c in ("lo95", "lo80", "hi80", "hi95")})
    return pd.DataFrame(out).assign(converged=converged)


def _monthly_task(task) -> pd.DataFrame:
    """Return one model's backtest frames over all origins, in order; module-level so workers can run it.

    Each fit starts its optimiser at the previous (earlier) origin's estimates: a third to a half of
    the time, and no data after the origin are used.
    """
    model, origins, trains, actuals, horizon = task
    frames, start = [], None
    for origin, train, actual in zip(origins, trains, actuals, strict=True):
        labels = pd.period_range(origin, periods=horizon, freq="M").strftime("%Y-%m")
        if model == MONTHLY_BENCHMARK:
            frames.append(_rows(model, origin, labels, *seasonal_naive_log(train, horizon), actual, True))
            continue
        fit = fc.fit_monthly(train, model, start_params=start)
        start = np.asarray(fit.results.params)
        frames.append(_rows(model, origin, labels, *fc.log_forecast(fit, horizon), actual, fit.converged))
    return pd.concat(frames, ignore_index=True)


def _check_origins(y: pd.Series, origins: list[str], train_start: str) -> None:
    first = pd.Period(train_start, "M") + MIN_TRAIN_MONTHS
    bad = [o for o in origins if not first <= pd.Period(o, "M") <= pd.Period(y.index[-1], "M")]
    if bad:
        raise ValueError(
            f"parameter 'origins' has {bad}: allowed {first} ({MIN_TRAIN_MONTHS} training months after "
            f"train_start {train_start}) to {pd.Period(y.index[-1], 'M')} (the last observed month)"
        )


def backtest_monthly(
    panel: pd.DataFrame,
    origins=None,
    horizon: int = 12,
    models=fc.MONTHLY_MODELS,
    train_start: str = fc.TRAIN_START,
    detail: bool = False,
    every_months: int = ORIGIN_EVERY_MONTHS,
    years: int = BACKTEST_YEARS,
    selection_share: float = SELECTION_SHARE,
    workers: int = 2,
    use_cache: bool = True,
) -> pd.DataFrame:
    """Return the monthly remittance backtest by window and model (MAPE, coverage, interval score) vs naive.

    ``origins`` default to :func:`rolling_monthly_origins`; ``detail=True`` returns every forecast
    with its ``window``. Fits run on ``workers`` processes and are cached (see :mod:`.runner`).
    """
    if int(horizon) < 1:
        raise ValueError(f"parameter 'horizon' = {horizon}; allowed range [1, ...)")
    y = fc.monthly_series(panel)
    if origins is None:
        origins = rolling_monthly_origins(y, horizon, every_months, years)
    origins = [str(o) for o in origins]
    _check_origins(y, origins, train_start)
    windows = split_origins(origins, selection_share)
    y_train = np.log(y[train_start:])
    trains = [y_train[y_train.index < pd.Timestamp(o)] for o in origins]
    actuals = [y[y.index >= pd.Timestamp(o)].iloc[:horizon] for o in origins]
    # one task per model, the slowest first (sarima_eid, then sarima): the two SARIMA models start on
    # separate processes and the quick ones fill in
    slow_first = sorted((*models, MONTHLY_BENCHMARK), key=lambda m: -_TASK_COST.get(m, 0))
    tasks = [(m, origins, trains, actuals, horizon) for m in slow_first]
    key = f"monthly|{series_checksum(y)}|{origins}|{horizon}|{list(models)}|{train_start}"
    frames = cached_frame(
        "backtest",
        key,
        lambda: pd.concat(run_tasks(_monthly_task, tasks, workers), ignore_index=True),
        use_cache,
    )
    errors = score(frames).assign(window=lambda d: d["origin"].map(windows))
    return errors if detail else summarise(errors, MONTHLY_BENCHMARK, keys=("window",))


def best_model(summary: pd.DataFrame, candidates=fc.MONTHLY_MODELS) -> str:
    """Return the candidate with the lowest selection-window MAPE (no window column: all; ties: first)."""
    table = summary[summary["window"] == WINDOWS[0]] if "window" in summary.columns else summary
    table = table[table["model"].isin(candidates)]
    order = {m: i for i, m in enumerate(candidates)}
    table = table.assign(order=table["model"].map(order)).sort_values(["mape_pct", "order"])
    return str(table["model"].iloc[0])


def select_monthly_model(panel: pd.DataFrame, origins=None, train_start: str = fc.TRAIN_START) -> str:
    """Return the monthly candidate with the lowest selection-window MAPE (ties: first in MONTHLY_MODELS)."""
    return best_model(backtest_monthly(panel, origins=origins, train_start=train_start))


def default_annual_origins(y: pd.Series, horizon: int = 3, n: int = N_ANNUAL_ORIGINS) -> list[int]:
    """Return the last ``n`` first-forecast years whose ``horizon`` years are all observed."""
    last = int(y.index[-1].year)
    return list(range(last - horizon + 2 - n, last - horizon + 2))


def _annual_frames(y: pd.Series, origins, horizon: int, models) -> list[pd.DataFrame]:
    first, last = int(y.index[0].year) + 5, int(y.index[-1].year)
    bad = [int(o) for o in origins if not first <= int(o) <= last]
    if bad:
        raise ValueError(f"parameter 'origins' has {bad}: allowed {first} (5 training years) to {last}")
    frames = []
    for origin in origins:
        start = pd.Timestamp(f"{int(origin)}-01-01")
        train, actual = np.log(y[y.index < start]), y[y.index >= start].iloc[:horizon]
        labels = [str(int(origin) + k) for k in range(horizon)]
        for name in models:
            fit = fc.fit_annual(train, name)
            mu, sd = fc.log_forecast(fit, horizon)
            frames.append(_rows(name, str(origin), labels, mu, sd, actual, fit.converged))
    return frames


def _annual_task(task) -> pd.DataFrame:
    """Return one (series, economy)'s backtest frames, labelled; module-level so workers can run it."""
    code, country, y, chosen, horizon, models = task
    return pd.concat(_annual_frames(y, chosen, horizon, models), ignore_index=True).assign(
        iso3=country, series=code
    )


def backtest_annual(
    panel: pd.DataFrame,
    iso3=("PAK", "IND", "BGD", "PHL"),
    series=("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT"),
    origins=None,
    horizon: int = 3,
    model: str = "ets_damped",
    start_year: int = fc.ANNUAL_START_YEAR,
    detail: bool = False,
    n_origins: int = N_ANNUAL_ORIGINS,
    selection_share: float = SELECTION_SHARE,
    workers: int = 2,
    use_cache: bool = True,
) -> pd.DataFrame:
    """Return the annual backtest by window, iso3 and series: MAPE, coverage, interval score vs drift.

    One task per series and economy, run on ``workers`` processes and cached (see :mod:`.runner`).
    """
    if int(horizon) < 1:
        raise ValueError(f"parameter 'horizon' = {horizon}; allowed range [1, ...)")
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    series = [series] if isinstance(series, str) else list(series)
    models = list(dict.fromkeys([ANNUAL_BENCHMARK, model]))
    tasks, windows, key = [], {}, f"annual|{horizon}|{models}"
    for code in series:
        for country in iso3:
            y = fc.annual_series(panel, country, code, start_year)
            chosen = default_annual_origins(y, horizon, n_origins) if origins is None else list(origins)
            windows[(code, country)] = split_origins(chosen, selection_share)
            tasks.append((code, country, y, chosen, horizon, models))
            key += f"|{code}|{country}|{series_checksum(y)}|{chosen}"
    frames = cached_frame(
        "backtest",
        key,
        lambda: pd.concat(run_tasks(_annual_task, tasks, workers), ignore_index=True),
        use_cache,
    )
    window = [windows[(c, i)][o] for c, i, o in zip(frames["series"], frames["iso3"], frames["origin"])]
    errors = score(frames.assign(window=window))
    return errors if detail else summarise(errors, ANNUAL_BENCHMARK, keys=("window", "iso3", "series"))


def annual_coverage(
    panel: pd.DataFrame,
    iso3,
    series: str,
    n_origins: int = N_ANNUAL_ORIGINS,
    horizon: int = 3,
    start_year: int = fc.ANNUAL_START_YEAR,
) -> pd.DataFrame:
    """Return :func:`fit.annual_coverage` with the years the annual backtest needs: five training
    years before the first of ``n_origins`` origins, whose ``horizon`` years are all observed."""
    needed = fc.MIN_ANNUAL_YEARS + n_origins + horizon - 1
    return fc.annual_coverage(panel, iso3, series, start_year, min_years=needed)


def chosen_annual_models(summary: pd.DataFrame) -> dict[str, str]:
    """Return iso3 → the annual model with the lower selection-window MAPE (ties: drift, the simpler)."""
    table = summary[summary["window"] == WINDOWS[0]]
    return {
        iso3: best_model(rows, candidates=tuple(dict.fromkeys((ANNUAL_BENCHMARK, *fc.ANNUAL_MODELS))))
        for iso3, rows in table.groupby("iso3")
    }


def window_table(errors: pd.DataFrame) -> pd.DataFrame:
    """Return each backtest window's first and last origin and its number of origins."""
    g = errors.groupby("window", sort=False)["origin"]
    out = pd.DataFrame({"first_origin": g.min(), "last_origin": g.max(), "n_origins": g.nunique()})
    return out.reindex([w for w in WINDOWS if w in out.index]).reset_index()


def total_errors(errors: pd.DataFrame) -> pd.DataFrame:
    """Return the 12-month-total errors (percent, forecast vs outcome) by window and model.

    ``mae_12m_total_pct`` averages |error| of every origin's 12-month total; the fiscal-year columns
    keep the July origins only, whose 12 months are one fiscal year (July–June).
    """
    full = errors.groupby(["window", "origin", "model"]).filter(lambda g: len(g) == 12)
    totals = full.groupby(["window", "model", "origin"], sort=True)[["actual", "point"]].sum().reset_index()
    totals["abs_error_pct"] = (totals["point"] / totals["actual"] - 1).abs() * 100
    totals["fiscal_year"] = totals["origin"].str.endswith("-07")
    g = totals.groupby(["window", "model"], sort=True)
    fy = totals[totals["fiscal_year"]].groupby(["window", "model"], sort=True)["abs_error_pct"]
    out = pd.DataFrame(
        {
            "n_origins": g.size(),
            "mae_12m_total_pct": g["abs_error_pct"].mean(),
            "n_fiscal_years": fy.size(),
            "mae_fy_total_pct": fy.mean(),
        }
    )
    return out.reset_index()
