"""Freelancer earnings beside IT/ICT exports and workers' remittances: same months only.

For one fiscal year, every freelancer-earnings definition (numerator) is divided by every
denominator that covers exactly the same first and last day. A nine-month (Jul–Mar) numerator
gets a nine-month denominator — the Economic Survey's Jul–Mar ICT exports, or SBP workers'
remittances summed over the same nine months (a named conversion of the monthly series) — and is
never divided by a full-year figure. Calendar-year WDI series join only through a conversion the
caller names (:data:`analysis.core.periods.CONVERSIONS`).
"""

from __future__ import annotations

import pandas as pd

from analysis.core import periods
from analysis.core.countries import PAK
from analysis.models import compare
from analysis.models.workforce import freelancer_earnings
from analysis.panel.query import describe, primary, rows_of, source_label
from analysis.sources.series import SBP_REMITTANCES

DENOMINATORS = (
    "ITITES.EXP.SBP",
    "COMP.EXP.SBP",
    "ITITES_FL.EXP.MOITT",
    "ICT.EXP.ES_9M",
    "ICT.EXP.SBP",
    "ICT.EXP.MOITT",
    "TS_GP_BOP_WR_M.WR0340",
    "BX.GSR.CCIS.CD",
    "BX.TRF.PWKR.CD.DT",
)
RECONCILE_COLUMNS = [
    "fy",
    "numerator",
    "numerator_period",
    "numerator_usd_million",
    "months_covered",
    "against",
    "denominator",
    "denominator_period",
    "denominator_usd_million",
    "denominator_months",
    "share_pct",
    "computation",
    "note",
    "numerator_source",
    "denominator_source",
]
CALENDAR_DENOMINATORS = ("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT")
PAIR_NOTES = {
    ("FL.EARN.MOITT_REMOTE", "ITITES_FL.EXP.MOITT"): "numerator is a part of this MoITT total",
    ("FL.EARN.MOITT_REMOTE", "ITITES.EXP.SBP"): "MoITT reports the numerator beside, not inside, "
    "IT & ITeS services: a ratio, not a part of the whole",
}
NO_DENOMINATOR = "no denominator in the panel covers the same months"
EXPORTS_NOTE = "ratio of two published totals; inclusion of the numerator not stated"
REMITTANCES_NOTE = "scale comparison: freelancer inflows may be booked as remittances or as exports"
EXPORTS, REMITTANCES = "IT/ICT exports", "workers' remittances"  # values of the ``against`` column
# Reader's column names for :func:`readable` (values unchanged: USD million, months, percent).
READABLE = {
    "numerator": "freelancer earnings",
    "numerator_period": "period",
    "months_covered": "months",
    "numerator_usd_million": "earnings, USD million",
    "against": "set against",
    "denominator": "denominator",
    "denominator_period": "denominator period",
    "denominator_usd_million": "denominator, USD million",
    "share_pct": "share, percent",
    "note": "how to read the ratio",
}


def fy_bounds(fy: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day of Pakistan fiscal year ``fy`` ('FY2024-25', 'FY25', …)."""
    return periods.bounds(periods.normalise_fy(fy), periods.FY_JUL_JUN)


def _remittances_over(panel: pd.DataFrame, start, end) -> pd.DataFrame:
    """SBP workers' remittances over [start, end]: the panel's sum row, else the sum of its months."""
    rows = rows_of(panel, SBP_REMITTANCES)
    whole = rows[(rows["basis"] != periods.MONTH) & (rows["start"] == start) & (rows["end"] == end)]
    if len(whole):
        return whole.iloc[:1]
    monthly = rows[rows["basis"] == periods.MONTH]
    first, last = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    try:
        value = periods.sum_months_between(monthly[["period", "value"]], first, last)
    except ValueError:
        return rows.iloc[0:0]
    n = len(pd.period_range(first, last, freq="M"))
    label = f"{start:%b}-{end:%b}"
    source = monthly["source"].iloc[0]  # the dataset id, as for the panel's own sum rows
    return pd.DataFrame(
        [
            {
                "series": SBP_REMITTANCES,
                "period": f"{first}..{last}",
                "start": start,
                "end": end,
                "value": value,
                "breakdown": "",
                "ref": "",
                "source": source,
                "derivation": f"sum of {n} months {label} of the monthly series",
            }
        ]
    )


def _denominators(panel: pd.DataFrame, start, end, conversion: str | None) -> pd.DataFrame:
    rows = primary(rows_of(panel, [s for s in DENOMINATORS if s != SBP_REMITTANCES]))
    rows = rows[(rows["start"] == start) & (rows["end"] == end) & (rows["unit"] == "USD million")]
    parts = [rows, _remittances_over(panel, start, end)]
    if conversion is not None and _months(start, end) == 12:
        parts += [_converted(panel, code, start, end, conversion) for code in CALENDAR_DENOMINATORS]
    both = pd.concat([p for p in parts if len(p)] or [rows], ignore_index=True)
    order = both["series"].map({s: i for i, s in enumerate(DENOMINATORS)})
    return both.assign(label=source_label(both), order=order).sort_values(["order", "breakdown"])


def _converted(panel: pd.DataFrame, code: str, start, end, conversion: str) -> pd.DataFrame:
    """A calendar-year WDI series on the fiscal year by the named conversion (NaN + why if impossible)."""
    fy = periods.fy_label(end.year)
    try:
        row = compare.to_fiscal_year(panel, PAK, code, fy, conversion).iloc[0]
        value, derivation = row["value"], row["derivation"]
    except ValueError as exc:
        value, derivation = float("nan"), f"not computed: {exc}"
    ids = rows_of(panel, code)["source"]  # the dataset id (the series code if absent)
    return pd.DataFrame(
        [
            {
                "series": code,
                "period": fy,
                "start": start,
                "end": end,
                "value": value,
                "breakdown": "",
                "ref": "",
                "source": ids.iloc[0] if len(ids) else code,
                "derivation": derivation,
            }
        ]
    )


def reconcile(
    panel: pd.DataFrame, fy: str = "FY2024-25", calendar_conversion: str | None = None
) -> pd.DataFrame:
    """Return freelancer earnings as percent of IT/ICT exports and remittances, same months only.

    Numerators: every freelancer-earnings figure that falls inside fiscal year ``fy`` (whole year
    or Jul–Mar; calendar-year figures such as PAFLA's do not). Each is divided only by
    denominators covering exactly the same first and last day: a nine-month numerator gets a
    nine-month denominator (Economic Survey Jul–Mar ICT exports; SBP remittances summed over the
    same months) and is never divided by a full year. WDI calendar-year series join full-year
    numerators only when ``calendar_conversion`` names a conversion of
    :data:`analysis.core.periods.CONVERSIONS`.
    """
    fy_start, fy_end = fy_bounds(fy)
    earn = freelancer_earnings(panel)
    earn = earn[(earn["start"] >= fy_start) & (earn["end"] <= fy_end) & (earn["vintage"] == "")]
    if earn.empty:
        raise ValueError(
            f"no freelancer earnings figure inside {periods.normalise_fy(fy)} "
            f"({fy_start:%Y-%m-%d}..{fy_end:%Y-%m-%d}) in the panel"
        )
    label = periods.normalise_fy(fy)
    out = []
    for num in earn.itertuples(index=False):
        dens = _denominators(panel, num.start, num.end, calendar_conversion)
        if dens.empty:
            out.append(_pair(label, num))
        out += [_pair(label, num, den) for den in dens.itertuples(index=False)]
    return pd.DataFrame(out, columns=RECONCILE_COLUMNS)


def _months(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return float((end.year - start.year) * 12 + end.month - start.month + 1)


def _pair(fy: str, num, den=None) -> dict:
    """One row of the reconciliation: numerator, denominator (if any), share and how it was made."""
    row = {
        "fy": fy,
        "numerator": describe(num.series, short=True),
        "numerator_period": num.period,
        "numerator_usd_million": num.usd_million,
        "months_covered": num.months_covered,
        "numerator_source": num.source,
    }
    if den is None:
        return row | {
            "against": "",
            "denominator": "",
            "denominator_period": "",
            "computation": "",
            "denominator_source": "",
            "note": NO_DENOMINATOR,
        }
    vintage = f" [{den.breakdown}]" if den.breakdown else ""
    remittances = den.series in (SBP_REMITTANCES, "BX.TRF.PWKR.CD.DT")
    return row | {
        "against": REMITTANCES if remittances else EXPORTS,
        "denominator": describe(den.series, short=True) + vintage,
        "denominator_period": den.period,
        "denominator_usd_million": den.value,
        "denominator_months": _months(den.start, den.end),
        "share_pct": num.usd_million / den.value * 100,
        "computation": f"{num.series} / {den.series} × 100",
        "denominator_source": den.label,
        "note": PAIR_NOTES.get((num.series, den.series), REMITTANCES_NOTE if remittances else EXPORTS_NOTE),
    }


def readable(rec: pd.DataFrame) -> pd.DataFrame:
    """Return a :func:`reconcile` table with reader's column names (USD million, months, percent)."""
    return rec[list(READABLE)].rename(columns=READABLE)


def check_quoted_share(
    panel: pd.DataFrame,
    quoted: float | str,
    numerator: str = "FL.EARN.MOITT_IT",
    denominator: str = "ICT.EXP.MOITT",
    fy: str = "FY2021-22",
    tolerance_pp: float = 0.05,
) -> pd.DataFrame:
    """Return a published share (percent) beside the share recomputed from its two quoted figures.

    ``quoted`` is the published share in percent, or the series code of a curated row holding it.
    It reproduces when the recomputed share is within ``tolerance_pp`` percentage points.
    """
    label = periods.normalise_fy(fy)
    numbers = [_fy_value(panel, code, fy) for code in (numerator, denominator)]
    if isinstance(quoted, str):
        quoted = _fy_value(panel, quoted, fy)
    computed = numbers[0] / numbers[1] * 100
    ok = abs(computed - quoted) <= tolerance_pp
    note = (
        "reproduces"
        if ok
        else f"does not reproduce: {numbers[0]:g} / {numbers[1]:g} × 100 = {computed:.2f} %, not {quoted:g} %"
    )
    return pd.DataFrame(
        [
            {
                "fy": label,
                "numerator": numerator,
                "numerator_usd_million": numbers[0],
                "denominator": denominator,
                "denominator_usd_million": numbers[1],
                "computed_pct": computed,
                "quoted_pct": quoted,
                "difference_pp": quoted - computed,
                "reproduces": ok,
                "note": note,
            }
        ]
    )


def _fy_value(panel: pd.DataFrame, code: str, fy: str) -> float:
    """Return the primary value of ``code`` for Pakistan's fiscal year ``fy``; ValueError if absent."""
    start, end = fy_bounds(fy)
    rows = primary(rows_of(panel, code))
    rows = rows[(rows["start"] == start) & (rows["end"] == end)]
    if rows.empty:
        raise ValueError(f"no {code} value for {periods.normalise_fy(fy)} in the panel")
    return float(rows["value"].iloc[0])
