"""Effects in the monthly SARIMA: a FY2024-25 level shift (step dummy, LR test, both forecasts) and Eid.

Reading 1 (**trend**): the model without a step; the FY2024-25 jump enters the ARIMA dynamics, so
part of it is carried forward as growth. Reading 2 (**level shift**): SARIMA with a regression step
``step`` = 1 from ``shift_month`` on (regression with SARIMA errors); the jump is a one-off rise in
the level that persists, and only the remaining dynamics are extrapolated. The test compares the
two fits' log-likelihoods: LR = 2·(ℓ₁ − ℓ₀) ~ χ²(1) under "no step". The step month is an
assumption (the first month of FY2024-25), not estimated: a break date chosen by looking at the
data would need a sup-LR (Andrews) critical value instead of χ²(1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.models.forecast.calendar import EID_COLUMNS, PRE_EID_DAYS, eid_effect_pct
from analysis.models.forecast.fit import TRAIN_START, fit_monthly, monthly_series
from analysis.models.forecast.forecast import forecast_monthly

SHIFT_MONTH = "2024-07"


def level_shift_test(
    panel: pd.DataFrame, shift_month: str = SHIFT_MONTH, train_start: str = TRAIN_START
) -> dict:
    """Return the step's size (percent on the level), LR statistic and χ²(1) p-value of a level shift."""
    from scipy.stats import chi2

    y = monthly_series(panel)
    if not pd.Timestamp(train_start) < pd.Timestamp(shift_month) <= y.index[-1]:
        raise ValueError(
            f"parameter 'shift_month' = {shift_month!r}; allowed after train_start {train_start} "
            f"up to the last observed month {y.index[-1]:%Y-%m}"
        )
    log_y = np.log(y[train_start:])
    without, with_step = fit_monthly(log_y, "sarima"), fit_monthly(log_y, "sarima", step_from=shift_month)
    lr = max(0.0, 2 * (float(with_step.results.llf) - float(without.results.llf)))
    step = float(with_step.results.params["step"])
    return {
        "shift_month": shift_month,
        "step_pct": 100 * np.expm1(step),
        "lr_statistic": lr,
        "p_value": float(chi2.sf(lr, 1)),
        "converged": without.converged and with_step.converged,
    }


def level_shift_forecasts(
    panel: pd.DataFrame,
    model: str = "sarima",
    shift_month: str = SHIFT_MONTH,
    train_start: str = TRAIN_START,
    **kwargs,
) -> pd.DataFrame:
    """Return fiscal-year totals (USD million) under each reading: 'trend' (no step) and 'level shift'.

    ``model`` must be a SARIMA model ('ets' takes no step); ``kwargs`` go to :func:`forecast_monthly`.
    """
    frames = []
    for reading, step in {"trend": None, "level shift": shift_month}.items():
        result = forecast_monthly(panel, model=model, train_start=train_start, step_from=step, **kwargs)
        frames.append(result.fiscal_years.assign(reading=reading, model=model, step_from=step or "none"))
    out = pd.concat(frames, ignore_index=True)
    first = ["reading", "model", "step_from", "fy"]
    return out[first + [c for c in out.columns if c not in first]]


def eid_effects(panel: pd.DataFrame, train_start: str = TRAIN_START) -> pd.DataFrame:
    """Return the pre-Eid regressors' coefficients (log) and effects (percent on a month) in ``sarima_eid``.

    The effect is that of a month holding all ``PRE_EID_DAYS`` days before the Eid, against none.
    """
    fit = fit_monthly(np.log(monthly_series(panel)[train_start:]), "sarima_eid")
    coefficients = fit.results.params[list(EID_COLUMNS)].to_numpy()
    return pd.DataFrame(
        {
            "regressor": list(EID_COLUMNS),
            "pre_eid_days": PRE_EID_DAYS,
            "coefficient_log": coefficients,
            "effect_pct": eid_effect_pct(coefficients),
        }
    )
