"""Headcount tiers against the economy: percent of the labour force, and earnings per freelancer per tier.

Earnings per freelancer per tier (USD a month) divide the lowest and highest annual earnings totals
(:func:`analysis.models.workforce.earnings_per_freelancer`, nine-month figures annualised ×12/9 as
named there) by the tier's high and low headcount. Hours a month divide that by PTA's published
hourly rate. Against GDP per head the ratio is the same in current USD and in PPP terms (both sides
are converted with the same exchange rate and PPP factor), so the PPP columns add levels, not a
different ratio.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.countries import PAK
from analysis.models.headcount import TIERS, check_tier, tier_routes, tier_table
from analysis.models.workforce import earnings_per_freelancer
from analysis.panel.query import calendar_history, rows_of

LABOUR_FORCE, GDP, POPULATION = "SL.TLF.TOTL.IN", "NY.GDP.MKTP.CD", "SP.POP.TOTL"
EXCHANGE_RATE, PPP = "PA.NUS.FCRF", "PA.NUS.PPP"
HOURLY = "FL.HOURLY_EARNINGS.PTA"


def _year_value(panel: pd.DataFrame, series: str, iso3: str, year: int) -> float:
    """Return a WDI calendar-year value; ValueError naming the series, economy and year if absent."""
    history = calendar_history(panel, series, iso3)
    if year not in history.index:
        raise ValueError(
            f"{series} has no {year} value for {iso3}; years {history.index.min()}–{history.index.max()}"
        )
    return float(history[year])


def labour_force(panel: pd.DataFrame, year: int, iso3: str = PAK) -> float:
    """Return the economy's labour force (persons, WDI SL.TLF.TOTL.IN) in ``year``."""
    return _year_value(panel, LABOUR_FORCE, iso3, year)


def labour_force_shares(panel: pd.DataFrame, iso3=(PAK,), year: int = 2023) -> pd.DataFrame:
    """Return each tier's range as percent of the labour force (SL.TLF.TOTL.IN of ``year``) by economy.

    Economies without a share of online labour supply in the panel are left out (no route).
    """
    frames = []
    for code in [iso3] if isinstance(iso3, str) else list(iso3):
        routes = tier_routes(panel, code)
        if routes.empty:
            continue
        force = labour_force(panel, year, code)
        tiers = tier_table(routes)
        frames.append(
            tiers.assign(
                iso3=code,
                labour_force_year=year,
                labour_force_persons=force,
                pct_low=tiers["persons_low"] / force * 100,
                pct_high=tiers["persons_high"] / force * 100,
            )
        )
    return pd.concat(frames, ignore_index=True)


def hourly_rate(panel: pd.DataFrame, iso3: str = PAK) -> pd.Series:
    """Return PTA's published average hourly earnings row (value in USD per hour)."""
    rows = rows_of(panel, HOURLY, iso3)
    if rows.empty:
        raise ValueError(f"panel has no {HOURLY} row for {iso3}")
    return rows.iloc[0]


def gdp_per_head(panel: pd.DataFrame, year: int, iso3: str = PAK) -> dict[str, float]:
    """Return GDP per head in current USD and in PPP international dollars for ``year``."""
    usd = _year_value(panel, GDP, iso3, year) * 1e6 / _year_value(panel, POPULATION, iso3, year)
    to_ppp = _year_value(panel, EXCHANGE_RATE, iso3, year) / _year_value(panel, PPP, iso3, year)
    return {"usd": usd, "ppp": usd * to_ppp, "ppp_per_usd": to_ppp}


def annual_totals(panel: pd.DataFrame) -> pd.DataFrame:
    """Return each earnings definition's latest annual total (USD million a year) with its period."""
    grid = earnings_per_freelancer(panel, all_pairs=True)
    totals = grid.drop_duplicates("earnings_series")
    return totals[
        ["earnings_series", "earnings_period", "earnings_usd_million_per_year", "conversion"]
    ].sort_values("earnings_usd_million_per_year", ignore_index=True)


def earnings_by_tier(
    panel: pd.DataFrame, gdp_year: int = 2024, tiers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return earnings per freelancer per tier: USD a month, hours a month, and percent of GDP per head.

    low = lowest annual total / the tier's highest headcount; high = highest total / lowest headcount.
    """
    tiers = tier_table(tier_routes(panel)) if tiers is None else tiers
    totals = annual_totals(panel)
    low_total, high_total = totals.iloc[0], totals.iloc[-1]
    rate = hourly_rate(panel)
    gdp = gdp_per_head(panel, gdp_year)
    month_low = low_total["earnings_usd_million_per_year"] * 1e6 / tiers["persons_high"] / 12
    month_high = high_total["earnings_usd_million_per_year"] * 1e6 / tiers["persons_low"] / 12
    return pd.DataFrame(
        {
            "tier": tiers["tier"],
            "persons_low": tiers["persons_low"],
            "persons_high": tiers["persons_high"],
            "usd_per_month_low": month_low,
            "usd_per_month_high": month_high,
            "hours_per_month_low": month_low / rate["value"],
            "hours_per_month_high": month_high / rate["value"],
            "ppp_dollars_per_month_low": month_low * gdp["ppp_per_usd"],
            "ppp_dollars_per_month_high": month_high * gdp["ppp_per_usd"],
            "pct_gdp_per_head_low": month_low * 12 / gdp["usd"] * 100,
            "pct_gdp_per_head_high": month_high * 12 / gdp["usd"] * 100,
            "earnings_low": f"{low_total['earnings_series']} {low_total['earnings_period']}",
            "earnings_high": f"{high_total['earnings_series']} {high_total['earnings_period']}",
            "hourly_rate": f"{rate['ref']} ({rate['period']}): USD {rate['value']:g} an hour",
            "gdp_year": gdp_year,
        }
    )


def tier_row(table: pd.DataFrame, tier: str) -> pd.Series:
    """Return the row of ``tier`` from a table with a ``tier`` column; ValueError naming allowed tiers."""
    check_tier(tier)
    found = table[table["tier"] == tier]
    if found.empty:
        raise ValueError(f"table has no row for tier {tier!r}; tiers: {', '.join(TIERS)}")
    return found.iloc[0]
