"""Eid moving-holiday regressors for monthly series: the share of each month in the days before Eid.

Gregorian dates come from ``hijridate`` (the Umm al-Qura calendar): Eid al-Fitr = 1 Shawwal,
Eid al-Adha = 10 Dhu al-Hijjah. Pakistan's Ruet-e-Hilal committee, sighting the moon locally, often
declares Eid a day after Saudi Arabia; for a monthly regressor a one-day shift moves at most one of
``PRE_EID_DAYS`` days into the neighbouring month.

Remittances are sent ahead of Eid, so a month's regressor is the fraction of the ``PRE_EID_DAYS``
days before each Eid that fall in that month (0 to 1; the two Eids are separate columns).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

PRE_EID_DAYS = 15
EID_COLUMNS = ("pre_eid_fitr", "pre_eid_adha")
_HIJRI_MONTH_DAY = {"pre_eid_fitr": ("Eid al-Fitr", 10, 1), "pre_eid_adha": ("Eid al-Adha", 12, 10)}


def eid_dates(first_year: int, last_year: int) -> pd.DataFrame:
    """Return Eid al-Fitr and Eid al-Adha Gregorian dates (Umm al-Qura) falling in the given years."""
    from hijridate import Gregorian, Hijri

    if first_year > last_year:
        raise ValueError(f"parameters 'first_year' = {first_year} > 'last_year' = {last_year}")
    h_first = Gregorian(first_year, 1, 1).to_hijri().year
    h_last = Gregorian(last_year, 12, 31).to_hijri().year
    rows = []
    for h_year in range(h_first, h_last + 1):
        for column, (name, month, day) in _HIJRI_MONTH_DAY.items():
            date = Hijri(h_year, month, day).to_gregorian()
            if first_year <= date.year <= last_year:
                rows.append(
                    {
                        "holiday": name,
                        "regressor": column,
                        "hijri_year": f"{h_year} AH",
                        "date": pd.Timestamp(date.isoformat()),
                    }
                )
    return pd.DataFrame(rows).sort_values("date", ignore_index=True)


def eid_regressors(index: pd.DatetimeIndex, pre_days: int = PRE_EID_DAYS) -> pd.DataFrame:
    """Return per month of ``index`` the fraction of the ``pre_days`` days before each Eid falling in it."""
    if pre_days < 1:
        raise ValueError(f"parameter 'pre_days' = {pre_days}; allowed range [1, ...)")
    months = pd.PeriodIndex(index, freq="M")
    dates = eid_dates(months.min().year - 1, months.max().year + 1)
    out = pd.DataFrame(0.0, index=index, columns=list(EID_COLUMNS))
    position = {m: i for i, m in enumerate(months)}
    for eid, date in zip(dates["regressor"], dates["date"], strict=True):
        days = pd.date_range(date - dt.timedelta(days=pre_days), periods=pre_days, freq="D")
        counts = pd.Series(1, index=days.to_period("M")).groupby(level=0).sum()
        for month, n in counts.items():
            if month in position:
                out.iloc[position[month], out.columns.get_loc(eid)] += n / pre_days
    return out


def future_month_starts(last: pd.Timestamp, h: int) -> pd.DatetimeIndex:
    """Return the ``h`` month starts after the month of ``last``."""
    return pd.date_range(pd.Timestamp(last) + pd.offsets.MonthBegin(1), periods=h, freq="MS")


def eid_effect_pct(coefficients: np.ndarray) -> np.ndarray:
    """Return the percent effect on a month of holding all pre-Eid days (log coefficient → 100·(e^b − 1))."""
    return 100 * np.expm1(np.asarray(coefficients, dtype=float))
