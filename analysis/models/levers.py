"""Scenario parameters and policy levers for Pakistan's freelancer earnings: names, units, ranges, estimates.

Every parameter of the driver model (:mod:`analysis.models.scenarios`) is a :class:`Param` with a unit, an
allowed range (what is possible at all; ValueError outside it) and a plausible range ``low``–``high``
(what the Monte Carlo samples). ``kind='estimated'`` values come from a panel row named in ``ref``;
``kind='judgement'`` values are stated assumptions with their range and reason in ``note``.

Shares are fractions (0–1), costs and population shares percent (0–100), growth percent per year.
Calendar-year WDI levels reach fiscal years only through :func:`analysis.core.periods.fy_from_calendar_years`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.core.countries import PAK, PEERS
from analysis.models import workforce
from analysis.models.intervals import binomial_interval
from analysis.panel.query import calendar_history, required_rows, select

SHARE, PCT, GROWTH = (0.0, 1.0), (0.0, 100.0), (-100.0, math.inf)
POSITIVE, ANY = (0.0, math.inf), (-math.inf, math.inf)


@dataclass(frozen=True)
class Param:
    """One named model parameter: value in ``unit``, plausible range, allowed range and provenance."""

    name: str
    value: float
    unit: str
    low: float
    high: float
    kind: str  # 'estimated' or 'judgement'
    allowed: tuple[float, float]
    source: str = ""
    ref: str = ""
    note: str = ""


# name -> (unit, allowed range, value, low, high, note): the judgements, each with its reason.
JUDGEMENTS = {
    "internet_share_ceiling_pct": (
        "percent of population",
        PCT,
        90.0,
        80.0,
        95.0,
        "internet use saturates below 100 %; high-income countries sit at 90-95 %",
    ),
    "adoption_growth_pct_per_year": (
        "percent per year",
        GROWTH,
        0.0,
        -3.0,
        5.0,
        "change in the share of working-age internet users who freelance; "
        "no published series of counts over time to estimate it from",
    ),
    "earnings_per_freelancer_growth_pct_per_year": (
        "percent per year",
        GROWTH,
        4.0,
        0.0,
        8.0,
        "nominal USD earnings per freelancer at an unchanged skill mix; 0 = flat, 8 = strong global demand",
    ),
    "formal_channel_share": (
        "fraction of gross earnings",
        SHARE,
        0.7,
        0.5,
        0.9,
        "share reaching Pakistan through banks and licensed payment firms (rest held "
        "abroad, in crypto or informal channels); not measured",
    ),
    "export_recorded_share": (
        "fraction of formal receipts",
        SHARE,
        0.6,
        0.4,
        0.8,
        "share of formal receipts classified as services exports rather than "
        "home remittances (banks often book freelance inflows as remittances)",
    ),
    "software_earnings_premium_ratio": (
        "ratio",
        POSITIVE,
        1.6,
        1.2,
        2.5,
        "earnings of a software freelancer relative to other categories",
    ),
    "female_relative_earnings_ratio": (
        "ratio",
        POSITIVE,
        0.8,
        0.6,
        1.0,
        "earnings of a woman freelancer relative to a man's",
    ),
}
# Parameters moved together by the 'low' / 'high' driver settings of a scenario.
DRIVERS = (
    "population_growth_pct_per_year",
    "internet_share_change_pp_per_year",
    "working_age_share_change_pp_per_year",
    "internet_share_ceiling_pct",
    "adoption_growth_pct_per_year",
    "earnings_per_freelancer_growth_pct_per_year",
)
# lever -> (its parameters, mechanism). A lever's target moves its parameters from the base value.
LEVERS = {
    "payment": (
        ("receive_cost_pct", "formal_channel_share"),
        "PayPal/Stripe-style entry and low-fee fintech: cost of receiving falls toward the "
        "cheapest observed corridor (earnings × (1 − cost/100)) and more earnings arrive "
        "through formal channels",
    ),
    "tax": (
        ("export_recorded_share",),
        "tax clarity and registration: more formal receipts recorded as services exports",
    ),
    "skills": (
        ("software_share",),
        "certification shifts the mix toward software: "
        "earnings × (1 + (premium − 1)·s) / (1 + (premium − 1)·s0)",
    ),
    "finance": (
        ("female_share",),
        "finance and inclusion: women's share rises toward peers' with men's count unchanged: "
        "count × (1 − f0)/(1 − f); added women earn female_relative_earnings_ratio × a man's",
    ),
}
LEVER_ALLOWED = {
    "receive_cost_pct": PCT,
    "formal_channel_share": SHARE,
    "export_recorded_share": SHARE,
    "software_share": SHARE,
    "female_share": (0.0, 0.99),
}


def check_value(name: str, value: float, allowed: tuple[float, float], unit: str = "") -> float:
    """Return ``value`` as float; ValueError naming the parameter and its allowed range if outside."""
    v = float(value)
    lo, hi = allowed
    if not (lo <= v <= hi):  # also rejects NaN
        raise ValueError(
            f"parameter {name!r} = {value!r} is outside its allowed range [{lo:g}, {hi:g}]"
            + (f" ({unit})" if unit else "")
        )
    return v


def _trend(panel, series, name, unit, window, growth: bool) -> Param:
    """Growth (CAGR, %/yr) or mean change (pp/yr) over the last ``window`` years; range = yearly extremes."""
    hist = calendar_history(panel, series)
    last = int(hist.index.max())
    years = list(range(last - window, last + 1))
    missing = [y for y in years if y not in hist.index]
    if missing:
        raise ValueError(f"{series} for PAK lacks years {missing} needed for {name!r}")
    v = hist.loc[years].to_numpy()
    steps = (v[1:] / v[:-1] - 1) * 100 if growth else np.diff(v)
    value = ((v[-1] / v[0]) ** (1 / window) - 1) * 100 if growth else (v[-1] - v[0]) / window
    how = "compound annual growth" if growth else "mean yearly change"
    return Param(
        name,
        float(value),
        unit,
        float(steps.min()),
        float(steps.max()),
        "estimated",
        ANY,
        _source(panel, series),
        f"{series} PAK {years[0]}-{last}",
        f"{how} over {window} years (calendar years; applied to CY levels before the FY "
        f"conversion); range = smallest and largest single-year change",
    )


def _source(panel, series) -> str:
    return str(required_rows(panel, series)["source"].iloc[0])


def _level(panel, series, name, unit, allowed) -> Param:
    hist = calendar_history(panel, series)
    year = int(hist.index.max())
    v = check_value(name, hist.iloc[-1], allowed, unit)
    return Param(
        name,
        v,
        unit,
        v,
        v,
        "estimated",
        allowed,
        _source(panel, series),
        f"{series} PAK {year}",
        "last observed calendar year; later years projected with the trend parameter",
    )


NINE_MONTHS_TO_YEAR = 12 / 9  # the named conversion of a Jul–Mar figure (analysis.models.workforce.ANNUALISE)


def base_figure(panel, series: str, base_fy: str | None = None) -> tuple[str, float, str, str, str]:
    """Return (fiscal year, value in USD million per year, source, ref, conversion) of a base figure.

    The fiscal year ``base_fy`` (default: the series' latest): a whole-year figure as published, a
    Jul–Mar figure scaled ×12/9 (named in ``conversion``). ValueError when the series has no such year.
    """
    rows = required_rows(panel, series, PAK)
    rows = rows[
        (rows["breakdown"] == "") & rows["basis"].isin([periods.FY_JUL_JUN, periods.FY_JUL_JUN_PARTIAL])
    ]
    if rows.empty:
        raise ValueError(f"{series} has no fiscal-year (July–June) figure for PAK to start the model from")
    fy = rows["period"].str.slice(0, 9)
    wanted = fy.iloc[rows["end"].to_numpy().argmax()] if base_fy is None else periods.normalise_fy(base_fy)
    row = rows[fy == wanted]
    if row.empty:
        raise ValueError(f"parameter 'base_fy' = {base_fy!r}: {series} has figures for {sorted(set(fy))}")
    row = row.iloc[0]
    if row["unit"] != "USD million":
        raise ValueError(f"{series} must be in USD million, found {row['unit']!r}")
    partial = row["basis"] == periods.FY_JUL_JUN_PARTIAL
    value = float(row["value"]) * (NINE_MONTHS_TO_YEAR if partial else 1.0)
    conversion = f"{row['period']} ×12/9 (assumes Apr–Jun at the Jul–Mar rate)" if partial else ""
    return wanted, value, str(row["source"]), str(row["ref"]) or f"{series} {wanted}", conversion


def _count(panel, series, base_fy) -> Param:
    rows = required_rows(panel, series).sort_values("end")
    row = rows.iloc[-1]
    if row["unit"] != "persons":
        raise ValueError(f"{series} must be in persons, found {row['unit']!r}")
    fy = periods.month_to_year(pd.Period(row["end"], "M"), periods.FY_JUL_JUN)
    value = check_value("base_freelancers_persons", row["value"], POSITIVE, "persons")
    return Param(
        "base_freelancers_persons",
        value,
        "persons",
        value,
        value,
        "estimated",
        POSITIVE,
        str(row["source"]),
        str(row["ref"]) or f"{series} {row['period']}",
        f"{series} dated {row['period']} ({fy}), used as the {base_fy} count; other published "
        "counts: analysis.workforce.freelancer_counts",
    )


def _oli_share(panel, name, share_pct: pd.Series, n: pd.Series, what: str) -> Param:
    p, size = float(share_pct[PAK]) / 100, float(n[PAK])
    low, high = binomial_interval(p, size)
    return Param(
        name,
        p,
        "fraction",
        low,
        high,
        "estimated",
        LEVER_ALLOWED[name],
        _source(panel, workforce.OLI),
        f"{workforce.OLI} PAK {what}",
        f"OLI 2020 sample, {size:.0f} profiles; range = 95 % binomial sampling interval",
    )


def oli_shares(panel: pd.DataFrame, iso3=(PAK,) + PEERS) -> pd.DataFrame:
    """Return software and female shares (fractions) of the OLI 2020 sample by iso3, with sample sizes."""
    occ = workforce.oli_occupation_shares(panel, list(iso3))
    soft = occ[occ["occupation"] == "Software & Technology"].set_index("iso3")
    fem = workforce.women_share(panel, list(iso3))
    fem = fem[fem["source"] == workforce.OLI].set_index("iso3")
    return pd.DataFrame(
        {
            "software_share": soft["share_pct"] / 100,
            "software_n": soft["n_profiles"],
            "female_share": fem["female_share_pct"] / 100,
            "female_n": fem["n_profiles"],
        }
    )


def _growth_context(panel) -> str:
    """Context for the earnings-growth judgement: growth of the Economic Survey's Jul–Mar figure."""
    rows = select(panel, iso3=PAK, series="FL.EARN.ES_9M", basis=periods.FY_JUL_JUN_PARTIAL)
    rows = rows.sort_values("end")
    if len(rows) < 2:
        return ""
    (a, b), (pa, pb) = rows["value"].iloc[-2:], rows["period"].iloc[-2:]
    return (
        f"; context: FL.EARN.ES_9M (all freelancers, not per head) grew "
        f"{(b / a - 1) * 100:.1f} % {pa} -> {pb}"
    )


def _receive_cost(panel, window) -> Param:
    hist = calendar_history(panel, "SI.RMT.COST.IB.ZS")
    year = int(hist.index.max())
    recent = hist.loc[year - window :]
    return Param(
        "receive_cost_pct",
        float(hist.iloc[-1]),
        "percent of amount received",
        float(recent.min()),
        float(recent.max()),
        "estimated",
        PCT,
        _source(panel, "SI.RMT.COST.IB.ZS"),
        f"SI.RMT.COST.IB.ZS PAK {year}",
        f"proxy: RPW cost of sending USD 200 to Pakistan; range = PAK {year - window}-{year} extremes",
    )


def estimate(
    panel: pd.DataFrame,
    base_earnings_series: str = "FL.EARN.MOITT_REMOTE",
    count_series: str = "FL.COUNT.GOV",
    window_years: int = 5,
    base_fy: str | None = None,
) -> tuple[str, dict[str, Param]]:
    """Return (base fiscal year label, {name: Param}) estimated from the panel plus the judgements.

    The model starts in ``base_fy`` (default: the base series' latest fiscal year) from that year's
    ``base_earnings_series`` figure.
    """
    base_fy, value, source, ref, conversion = base_figure(panel, base_earnings_series, base_fy)
    e0 = check_value("base_earnings_usd_million", value, POSITIVE, "USD million")
    shares = oli_shares(panel, (PAK,))
    out = [
        Param(
            "base_earnings_usd_million",
            e0,
            "USD million per year",
            e0,
            e0,
            "estimated",
            POSITIVE,
            source,
            ref,
            f"published freelancer earnings, {base_fy} (definition of {base_earnings_series}"
            + (f"; {conversion}" if conversion else "")
            + "); the model takes it as the part recorded as services exports: an assumption",
        ),
        _count(panel, count_series, base_fy),
        _level(panel, "SP.POP.TOTL", "population_persons", "persons", POSITIVE),
        _level(panel, "IT.NET.USER.ZS", "internet_share_pct", "percent of population", PCT),
        _level(panel, "SP.POP.1564.TO.ZS", "working_age_share_pct", "percent of population", PCT),
        _trend(
            panel, "SP.POP.TOTL", "population_growth_pct_per_year", "percent per year", window_years, True
        ),
        _trend(
            panel,
            "IT.NET.USER.ZS",
            "internet_share_change_pp_per_year",
            "percentage points per year",
            window_years,
            False,
        ),
        _trend(
            panel,
            "SP.POP.1564.TO.ZS",
            "working_age_share_change_pp_per_year",
            "percentage points per year",
            window_years,
            False,
        ),
        _receive_cost(panel, window_years),
        _oli_share(
            panel,
            "software_share",
            shares["software_share"] * 100,
            shares["software_n"],
            "Software & Technology / six occupations",
        ),
        _oli_share(
            panel,
            "female_share",
            shares["female_share"] * 100,
            shares["female_n"],
            "female / (female + male)",
        ),
    ]
    for name, (unit, allowed, value, low, high, note) in JUDGEMENTS.items():
        if name == "earnings_per_freelancer_growth_pct_per_year":
            note += _growth_context(panel)
        out.append(Param(name, value, unit, low, high, "judgement", allowed, "", "", note))
    return base_fy, {p.name: p for p in out}


def with_value(param: Param, value: float) -> Param:
    """Return ``param`` set to ``value`` (checked), its low–high range widened to include it."""
    v = check_value(param.name, value, param.allowed, param.unit)
    return replace(param, value=v, low=min(param.low, v), high=max(param.high, v))
