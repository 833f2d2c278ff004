"""Derived series computed from published panel rows (each with its formula in ``derivation``).

A ratio is computed only where its denominator is positive and finite (an economy-year with 0
internet users gets no per-internet-user value, never ``inf``); the rows left out are returned with
the reason, and the build records them in the manifest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.sources.series import CATALOGUE, DERIVED, DERIVED_BASES, INTERNET_USERS, SBP_REMITTANCES

KEYS = ["iso3", "period", "basis"]
UNITS = {suffix: e["unit"] for suffix, e in CATALOGUE["derived"].items()}  # from series.yml


def _wide(panel: pd.DataFrame, codes: list[str], basis: str = periods.CALENDAR) -> pd.DataFrame:
    rows = panel[panel["series"].isin(codes) & (panel["basis"] == basis) & (panel["breakdown"] == "")]
    wide = rows.pivot_table(index=KEYS, columns="series", values="value", aggfunc="first")
    return wide.reindex(columns=codes)


def _rows(
    values: pd.Series,
    template: pd.DataFrame,
    series: str,
    name: str,
    unit: str,
    derivation: str,
    source_of: pd.Series,
) -> pd.DataFrame:
    """Turn a (iso3, period, basis)-indexed Series into panel rows, taking the rest from ``template``."""
    values = values.dropna()
    if values.empty:
        return pd.DataFrame()
    out = values.rename("value").reset_index()
    meta = template.drop_duplicates(KEYS).set_index(KEYS)[["country_name", "is_aggregate", "start", "end"]]
    out = out.join(meta, on=KEYS)
    out["source"] = source_of.reindex(pd.MultiIndex.from_frame(out[KEYS])).to_numpy()
    return out.assign(series=series, series_name=name, unit=unit, derivation=derivation, breakdown="", ref="")


def _ratio(num: pd.Series, den: pd.Series, series: str, why: str, left_out: list) -> pd.Series:
    """Return num / den where den is positive and finite; note in ``left_out`` where it is not."""
    bad = num.notna() & den.notna() & ~(np.isfinite(den) & (den > 0))
    if bad.any():
        left_out.append(pd.DataFrame({"series": series, "reason": why}, index=num.index[bad]).reset_index())
    return (num / den).where(~bad & np.isfinite(num))


def derived(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (derived rows, rows left out with the reason): internet users, per capita, % of GDP,
    per internet user, year-on-year."""
    left_out: list[pd.DataFrame] = []
    codes = ["SP.POP.TOTL", "IT.NET.USER.ZS", "NY.GDP.MKTP.CD", *DERIVED_BASES]
    wide = _wide(panel, codes)
    src = panel[panel["basis"] == periods.CALENDAR].drop_duplicates(KEYS + ["series"])
    src = src.set_index(["series"] + KEYS)["source"]
    internet = wide["SP.POP.TOTL"] * wide["IT.NET.USER.ZS"] / 100
    parts = [
        _rows(
            internet,
            panel,
            INTERNET_USERS,
            DERIVED[":persons"],
            UNITS[":persons"],
            "SP.POP.TOTL × IT.NET.USER.ZS / 100",
            src.get("IT.NET.USER.ZS"),
        )
    ]
    for code in DERIVED_BASES:
        level = wide[code] * 1e6  # USD million -> USD
        num_src = src.get(code)
        parts += [
            _rows(
                _ratio(level, wide["SP.POP.TOTL"], f"{code}:per_capita", "population not positive", left_out),
                panel,
                f"{code}:per_capita",
                DERIVED[":per_capita"],
                UNITS[":per_capita"],
                f"{code} / SP.POP.TOTL",
                num_src,
            ),
            _rows(
                _ratio(wide[code], wide["NY.GDP.MKTP.CD"], f"{code}:pct_gdp", "GDP not positive", left_out)
                * 100,
                panel,
                f"{code}:pct_gdp",
                DERIVED[":pct_gdp"],
                UNITS[":pct_gdp"],
                f"{code} / NY.GDP.MKTP.CD × 100",
                num_src,
            ),
            _rows(
                _ratio(level, internet, f"{code}:per_internet_user", "internet users not positive", left_out),
                panel,
                f"{code}:per_internet_user",
                DERIVED[":per_internet_user"],
                UNITS[":per_internet_user"],
                f"{code} / {INTERNET_USERS}",
                num_src,
            ),
        ]
    parts.append(_yoy(panel, [*DERIVED_BASES], periods.CALENDAR, left_out))
    parts.append(_yoy(panel, [SBP_REMITTANCES], periods.FY_JUL_JUN, left_out))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    names = panel.drop_duplicates("series").set_index("series")["series_name"]
    base = out["series"].str.split(":").str[0]
    out["series_name"] = base.map(names) + ", " + out["series_name"]
    out.loc[out["series"] == INTERNET_USERS, "series_name"] = DERIVED[":persons"]
    columns = ["series", "iso3", "period", "basis", "reason"]
    dropped = pd.concat(left_out, ignore_index=True)[columns] if left_out else pd.DataFrame(columns=columns)
    return out, dropped


def _yoy(panel: pd.DataFrame, codes: list[str], basis: str, left_out: list) -> pd.DataFrame:
    """Year-on-year growth in percent, between consecutive years of the same basis only (previous
    year positive)."""
    rows = panel[panel["series"].isin(codes) & (panel["basis"] == basis) & (panel["breakdown"] == "")]
    rows = rows.sort_values(["series", "iso3", "start"])
    prev = rows.groupby(["series", "iso3"])["value"].shift(1)
    prev_end = rows.groupby(["series", "iso3"])["end"].shift(1)
    consecutive = (rows["start"] - prev_end).dt.days == 1
    zero = consecutive & prev.notna() & ~(prev > 0)
    if zero.any():
        left_out.append(
            rows.loc[zero, KEYS].assign(series=rows["series"] + ":yoy", reason="previous year not positive")
        )
    out = rows.assign(value=(rows["value"] / prev - 1) * 100)[consecutive & (prev > 0)].copy()
    out["derivation"] = out["series"] + " (year t / year t-1 − 1) × 100"
    out["series_name"] = DERIVED[":yoy"]
    out["series"] = out["series"] + ":yoy"
    out["unit"] = UNITS[":yoy"]
    return out.drop(columns=[c for c in out.columns if c not in panel.columns])
