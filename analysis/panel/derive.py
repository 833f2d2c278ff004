"""Derived series computed from published panel rows (each with its formula in ``derivation``)."""

from __future__ import annotations

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


def derived(panel: pd.DataFrame) -> pd.DataFrame:
    """Return derived rows: internet users, per capita, % of GDP, per internet user, year-on-year."""
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
                level / wide["SP.POP.TOTL"],
                panel,
                f"{code}:per_capita",
                DERIVED[":per_capita"],
                UNITS[":per_capita"],
                f"{code} / SP.POP.TOTL",
                num_src,
            ),
            _rows(
                wide[code] / wide["NY.GDP.MKTP.CD"] * 100,
                panel,
                f"{code}:pct_gdp",
                DERIVED[":pct_gdp"],
                UNITS[":pct_gdp"],
                f"{code} / NY.GDP.MKTP.CD × 100",
                num_src,
            ),
            _rows(
                level / internet,
                panel,
                f"{code}:per_internet_user",
                DERIVED[":per_internet_user"],
                UNITS[":per_internet_user"],
                f"{code} / {INTERNET_USERS}",
                num_src,
            ),
        ]
    parts.append(_yoy(panel, [*DERIVED_BASES], periods.CALENDAR))
    parts.append(_yoy(panel, [SBP_REMITTANCES], periods.FY_JUL_JUN))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    names = panel.drop_duplicates("series").set_index("series")["series_name"]
    base = out["series"].str.split(":").str[0]
    out["series_name"] = base.map(names) + ", " + out["series_name"]
    out.loc[out["series"] == INTERNET_USERS, "series_name"] = DERIVED[":persons"]
    return out


def _yoy(panel: pd.DataFrame, codes: list[str], basis: str) -> pd.DataFrame:
    """Year-on-year growth in percent, between consecutive years of the same basis only."""
    rows = panel[panel["series"].isin(codes) & (panel["basis"] == basis) & (panel["breakdown"] == "")]
    rows = rows.sort_values(["series", "iso3", "start"])
    prev = rows.groupby(["series", "iso3"])["value"].shift(1)
    prev_end = rows.groupby(["series", "iso3"])["end"].shift(1)
    consecutive = (rows["start"] - prev_end).dt.days == 1
    out = rows.assign(value=(rows["value"] / prev - 1) * 100)[consecutive & prev.notna()].copy()
    out["derivation"] = out["series"] + " (year t / year t-1 − 1) × 100"
    out["series_name"] = DERIVED[":yoy"]
    out["series"] = out["series"] + ":yoy"
    out["unit"] = UNITS[":yoy"]
    return out.drop(columns=[c for c in out.columns if c not in panel.columns])
