"""Period labels, their bases and first/last days; named month-to-year conversions.

Pakistan and Bangladesh use July–June fiscal years, India April–March, WDI calendar years.
"FY24", "FY2024", "FY2023-24" and "2023-24" all mean July 2023 – June 2024 for Pakistan;
the panel's label is ``FY2023-24``. A fiscal year is identified by the calendar year it ends in
(pandas ``Period`` with ``Y-JUN`` / ``Y-MAR``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

CALENDAR = "calendar_year"
FY_JUL_JUN = "fiscal_year_jul_jun"
FY_APR_MAR = "fiscal_year_apr_mar"
FY_JUL_JUN_PARTIAL = "fiscal_year_jul_jun_partial"
MONTH = "month"
QUARTER = "quarter"
POINT = "point_in_time"
UNDATED = "undated_sample"

FISCAL_FREQ = {FY_JUL_JUN: "Y-JUN", FY_APR_MAR: "Y-MAR", CALENDAR: "Y-DEC"}
BASES = (CALENDAR, FY_JUL_JUN, FY_APR_MAR, FY_JUL_JUN_PARTIAL, MONTH, QUARTER, POINT, UNDATED)

# Named conversions of a calendar-year level to a July–June fiscal year.
CY_TO_FY_MEAN = "mean_of_calendar_years"
CONVERSIONS = {
    CY_TO_FY_MEAN: "FY Jul t-1–Jun t ≈ (CY t-1 + CY t) / 2: each calendar year "
    "overlaps the fiscal year by six months",
}

_FY = re.compile(r"^(?:FY)?\s*(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_FY_SHORT = re.compile(r"^FY\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH_NAMES = "|".join(_MONTHS)
_PARTIAL = re.compile(rf"^(FY\d{{4}}-\d{{2}}) ({_MONTH_NAMES})-({_MONTH_NAMES})$")


def fy_label(end_year: int) -> str:
    """Return the panel label of the fiscal year ending in ``end_year``: 2025 -> 'FY2024-25'."""
    return f"FY{end_year - 1}-{end_year % 100:02d}"


def fy_end_year(label: str) -> int:
    """Return the calendar year a fiscal-year label ends in ('FY24', 'FY2023-24', '2023-24' -> 2024)."""
    text = str(label).strip()
    m = _FY.match(text)
    if m:
        first, second = int(m.group(1)), m.group(2)
        end = int(second) if len(second) == 4 else (first + 1) // 100 * 100 + int(second)
        if end != first + 1:
            raise ValueError(
                f"fiscal-year label {label!r} must span two consecutive years "
                f"(e.g. FY{first}-{(first + 1) % 100:02d})"
            )
        return end
    m = _FY_SHORT.match(text)
    if m:
        year = int(m.group(1))
        return year if year > 999 else 2000 + year
    raise ValueError(f"not a fiscal-year label: {label!r} (expected like FY2023-24, FY24 or 2023-24)")


def normalise_fy(label: str) -> str:
    """Return the canonical label for any accepted fiscal-year spelling ('FY24' -> 'FY2023-24')."""
    return fy_label(fy_end_year(label))


def bounds(period: str, basis: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return (first day, last day) covered by ``period`` under ``basis``; ValueError if impossible."""
    text = str(period)
    if basis == CALENDAR:
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(f"calendar-year period must be YYYY, got {period!r}")
        p = pd.Period(text, "Y-DEC")
    elif basis in (FY_JUL_JUN, FY_APR_MAR):
        if not text.startswith("FY") or normalise_fy(text) != text:
            raise ValueError(f"fiscal-year period must be like FY2023-24, got {period!r}")
        p = pd.Period(str(fy_end_year(text)), FISCAL_FREQ[basis])
    elif basis == FY_JUL_JUN_PARTIAL:
        return _partial_bounds(text)
    elif basis == MONTH:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
            raise ValueError(f"month period must be YYYY-MM with month 01-12, got {period!r}")
        p = pd.Period(text, "M")
    elif basis == QUARTER:
        if not re.fullmatch(r"\d{4}Q[1-4]", text):
            raise ValueError(f"quarter period must be YYYYQn with n 1-4, got {period!r}")
        p = pd.Period(text, "Q")
    else:
        raise ValueError(f"no fixed bounds for basis {basis!r} (known: {', '.join(BASES)})")
    return p.start_time, p.end_time.normalize()


def _partial_bounds(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Bounds of 'FY2024-25 Jul-Mar': the named months inside that July-June fiscal year."""
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"partial fiscal-year period must be like 'FY2024-25 Jul-Mar', got {text!r}")
    fy = pd.Period(str(fy_end_year(m.group(1))), "Y-JUN")
    months = pd.period_range(fy.start_time, periods=12, freq="M")
    names = [_MONTHS[p.month - 1] for p in months]
    first, last = names.index(m.group(2)), names.index(m.group(3))
    if last < first:
        raise ValueError(f"partial fiscal-year months run backwards in {text!r}")
    return months[first].start_time, months[last].end_time.normalize()


def month_to_year(month: pd.Period, basis: str) -> str:
    """Return the label of the year (calendar or fiscal ``basis``) that a monthly Period falls in."""
    year = month.asfreq(FISCAL_FREQ[basis]).year
    return str(year) if basis == CALENDAR else fy_label(year)


def months_to_years(monthly: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Return sums of monthly ``value`` by year of ``basis``, complete 12-month years only.

    ``monthly`` has columns ``period`` ('YYYY-MM') and ``value``. The named conversion:
    'sum of 12 months' (Jan–Dec, Jul–Jun or Apr–Mar). Years with fewer than 12 months
    observed are left out, never passed off as whole.
    """
    months = pd.PeriodIndex(monthly["period"], freq="M")
    years = [month_to_year(m, basis) for m in months]
    grouped = (
        pd.DataFrame({"period": years, "value": monthly["value"].to_numpy()})
        .groupby("period", sort=True)["value"]
        .agg(["sum", "count"])
    )
    whole = grouped[grouped["count"] == 12]
    out = pd.DataFrame({"period": whole.index, "value": whole["sum"].to_numpy()})
    starts, ends = zip(*(bounds(p, basis) for p in out["period"])) if len(out) else ((), ())
    return out.assign(start=list(starts), end=list(ends), basis=basis)


def sum_months_between(monthly: pd.DataFrame, first: str, last: str) -> float:
    """Return the sum of monthly ``value`` from month ``first`` to ``last`` ('YYYY-MM'), all required."""
    wanted = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    have = monthly.set_index("period")["value"]
    missing = [m for m in wanted if m not in have.index]
    if missing:
        raise ValueError(f"months {missing} missing for the sum {first}..{last}")
    return float(have.loc[list(wanted)].sum())


def fy_from_calendar_years(cy_values: np.ndarray) -> np.ndarray:
    """Return fiscal-year levels from consecutive calendar-year levels along the last axis.

    The named conversion :data:`CY_TO_FY_MEAN`, 'FY t ≈ average of CY t−1 and CY t': Pakistan's
    FY2024-25 (Jul 2024 – Jun 2025) gets the mean of the CY2024 and CY2025 levels. Output has one
    element fewer.
    """
    cy = np.asarray(cy_values, dtype=float)
    return (cy[..., :-1] + cy[..., 1:]) / 2
