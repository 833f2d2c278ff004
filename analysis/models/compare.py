"""Pakistan beside its peers on calendar-year WDI series: levels, ratios, growth, ranks and gaps.

Every function takes the panel first and any list of ISO3 codes in it (PAK, IND, BGD, PHL, LKA,
EGY, NGA, VNM, KEN, UKR, …). A missing value is never dropped or filled: it stays NaN with a
``note`` saying what is missing. Years are WDI calendar years; a fiscal-year figure meets a
calendar-year series only through :func:`to_fiscal_year` and a conversion named by the caller.
"""

from __future__ import annotations

import pandas as pd

from analysis.core import periods
from analysis.core.countries import COMPARISON

NAN = float("nan")
ICT = "BX.GSR.CCIS.CD"
REMITTANCES = "BX.TRF.PWKR.CD.DT"
USERS = "IT.NET.USER.ZS:persons"
METRICS = {  # output column -> (series suffix, input series the ratio needs)
    "usd_million": ("", ()),
    "usd_per_capita": (":per_capita", ("SP.POP.TOTL",)),
    "pct_of_gdp": (":pct_gdp", ("NY.GDP.MKTP.CD",)),
    "usd_per_internet_user": (":per_internet_user", ("SP.POP.TOTL", "IT.NET.USER.ZS")),
}
METRIC_UNITS = {
    "usd_million": "USD million",
    "usd_per_capita": "USD per person",
    "pct_of_gdp": "percent of GDP",
    "usd_per_internet_user": "USD per internet user",
}
METRIC_TITLES = {
    "usd_million": "Level",
    "usd_per_capita": "Per person",
    "pct_of_gdp": "Share of GDP",
    "usd_per_internet_user": "Per internet user",
}
GAP_METRICS = {  # ratio suffix -> (denominator series, factor from ratio × denominator to USD million)
    ":per_internet_user": (USERS, 1e-6),
    ":per_capita": ("SP.POP.TOTL", 1e-6),
    ":pct_gdp": ("NY.GDP.MKTP.CD", 1e-2),
}
CONTEXT = [
    ("Internet users, share of population", "IT.NET.USER.ZS"),
    ("Internet users", USERS),
    ("Mobile cellular subscriptions", "IT.CEL.SETS.P2"),
    ("Fixed broadband subscriptions", "IT.NET.BBND.P2"),
    ("Access to electricity", "EG.ELC.ACCS.ZS"),
    ("Labour force", "SL.TLF.TOTL.IN"),
    ("Youth unemployment, male 15-24 (ILO est.)", "SL.UEM.1524.MA.ZS"),
    ("Youth unemployment, female 15-24 (ILO est.)", "SL.UEM.1524.FE.ZS"),
    ("Cost of sending USD 200 to the country", "SI.RMT.COST.IB.ZS"),
]


def _codes(panel: pd.DataFrame, iso3) -> list[str]:
    """Return ``iso3`` as a list, checked against the panel; ValueError names unknown codes."""
    codes = [iso3] if isinstance(iso3, str) else list(iso3)
    known = set(panel["iso3"].unique())  # not set(column): that iterates 200,000 cells in Python
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(
            f"unknown ISO3 code(s) {', '.join(map(repr, unknown))}: not in the panel. "
            f"Valid codes are the panel's iso3 values (sorted(panel['iso3'].unique())); "
            f"names are in panel['country_name']"
        )
    if not codes:
        raise ValueError("no ISO3 code given")
    return codes


def annual(panel: pd.DataFrame, iso3, series) -> pd.DataFrame:
    """Return calendar-year rows (iso3, series, year, value, unit) of ``series`` for ``iso3``."""
    codes = [series] if isinstance(series, str) else list(series)
    rows = panel[
        panel["iso3"].isin(_codes(panel, iso3))
        & panel["series"].isin(codes)
        & (panel["basis"] == periods.CALENDAR)
        & (panel["breakdown"] == "")
    ]
    return pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "series": rows["series"],
            "year": rows["period"].astype(int),
            "value": rows["value"],
            "unit": rows["unit"],
        }
    ).sort_values(["series", "iso3", "year"], ignore_index=True)


def _lookup(table: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    """Return {(iso3, series, year): value} for fast cell look-ups (missing cells absent)."""
    return dict(zip(zip(table["iso3"], table["series"], table["year"]), table["value"]))


def _window(start: int, end: int) -> None:
    if start > end:
        raise ValueError(f"empty window: start {start} is after end {end}")


def peer_metrics(
    panel: pd.DataFrame, iso3=COMPARISON, start: int = 2015, end: int | None = None, series=(ICT, REMITTANCES)
) -> pd.DataFrame:
    """Return level (USD million), per capita, % of GDP and per internet user (USD) by economy × year."""
    codes, series = _codes(panel, iso3), [series] if isinstance(series, str) else list(series)
    wanted = [s + suffix for s in series for suffix, _ in METRICS.values()]
    inputs = sorted({i for _, needs in METRICS.values() for i in needs})
    table = annual(panel, codes, wanted + inputs)
    if end is None:
        levels = table[table["series"].isin(series)]
        if levels.empty:
            raise ValueError(f"no calendar-year values of {series} for {codes} in the panel")
        end = int(levels["year"].max())
    _window(start, end)
    values, out = _lookup(table), []
    for code in codes:
        for s in series:
            for year in range(start, end + 1):
                row = {"iso3": code, "year": year, "series": s}
                row.update(
                    {col: values.get((code, s + suffix, year), NAN) for col, (suffix, _) in METRICS.items()}
                )
                row["note"] = _note(values, row, code, s, year)
                out.append(row)
    frame = pd.DataFrame(out)
    names = panel.drop_duplicates("iso3").set_index("iso3")["country_name"]
    frame.insert(1, "country_name", frame["iso3"].map(names))
    return frame.sort_values(["series", "iso3", "year"], ignore_index=True)


def _note(values: dict, row: dict, iso3: str, series: str, year: int) -> str:
    if pd.isna(row["usd_million"]):
        return f"no WDI value for {iso3} {series} in {year}"
    notes = []
    for col, (_, needs) in METRICS.items():
        if pd.isna(row[col]):
            lacking = [n for n in needs if (iso3, n, year) not in values]
            notes.append(f"{col} missing: no {' or '.join(lacking) or 'derived value'} for {iso3} in {year}")
    return "; ".join(notes)


def coverage(panel: pd.DataFrame, iso3, series) -> pd.DataFrame:
    """Return first and last calendar year with data (and count of years) per economy × series."""
    codes, series = _codes(panel, iso3), [series] if isinstance(series, str) else list(series)
    table = annual(panel, codes, series)
    grid = pd.MultiIndex.from_product([series, codes], names=["series", "iso3"]).to_frame(index=False)
    stats = table.groupby(["series", "iso3"], as_index=False)["year"].agg(
        first_year="min", last_year="max", n_years="count"
    )
    return grid.merge(stats, how="left", on=["series", "iso3"])


def latest_common_year(panel: pd.DataFrame, iso3, series) -> int:
    """Return the latest calendar year in which every economy has a value of every series."""
    codes, series = _codes(panel, iso3), [series] if isinstance(series, str) else list(series)
    return _latest_common(annual(panel, codes, series), codes, series)


def _latest_common(table: pd.DataFrame, codes: list[str], series: list[str]) -> int:
    table = table[table["iso3"].isin(codes) & table["series"].isin(series)]
    counts = table.drop_duplicates(["year", "iso3", "series"]).groupby("year").size()
    full = counts[counts == len(codes) * len(series)]
    if full.empty:
        raise ValueError(
            f"no calendar year in which all of {codes} have {series}; "
            f"see compare.coverage(panel, iso3, series)"
        )
    return int(full.index.max())


def comparison_set(
    panel: pd.DataFrame, iso3, series, start: int, end: int | None = None, base_year: int | None = None
) -> tuple[int, list[str], pd.DataFrame]:
    """Return (comparison year, economies with every series in every year needed, missing cells).

    ``end=None`` takes the latest year in which every economy that has all ``series`` at all has
    them all (economies without a series never hold the year back). The years needed are ``start``,
    the comparison year and ``base_year``; each missing cell is one row (iso3, series, year, note).
    """
    codes, series = _codes(panel, iso3), [series] if isinstance(series, str) else list(series)
    table = annual(panel, codes, series)
    have = [c for c in codes if set(table.loc[table["iso3"] == c, "series"]) >= set(series)]
    end = _latest_common(table, have, series) if end is None else end
    _window(start, end)
    cells, held = _lookup(table), set(zip(table["iso3"], table["series"]))
    missing = [
        {
            "iso3": c,
            "series": s,
            "year": y,
            "note": f"no value for {c} {s} in {y}" + ("" if (c, s) in held else " (none in any year)"),
        }
        for c in codes
        for s in series
        for y in sorted({start, end, base_year or start})
        if (c, s, y) not in cells
    ]
    gaps = pd.DataFrame(missing, columns=["iso3", "series", "year", "note"])
    return end, [c for c in codes if c not in set(gaps["iso3"])], gaps


def cagr(panel: pd.DataFrame, iso3, series: str, start: int, end: int) -> pd.DataFrame:
    """Return compound annual growth in percent a year between two calendar years, per economy."""
    if start >= end:
        raise ValueError(f"empty window: start {start} must be before end {end}")
    codes = _codes(panel, iso3)
    table = annual(panel, codes, series)
    out = []
    for code in codes:
        first, last = _required(table, code, series, start), _required(table, code, series, end)
        if first <= 0:
            raise ValueError(f"growth needs a positive start value: {code} {series} {start} = {first}")
        out.append(
            {
                "iso3": code,
                "series": series,
                "start_year": start,
                "end_year": end,
                "start_value": first,
                "end_value": last,
                "unit": table["unit"].iloc[0],
                "cagr_pct": ((last / first) ** (1 / (end - start)) - 1) * 100,
            }
        )
    return pd.DataFrame(out)


def _required(table: pd.DataFrame, iso3: str, series: str, year: int) -> float:
    """Return one cell; ValueError naming the cell and the years covered when it is missing."""
    hit = table.loc[(table["iso3"] == iso3) & (table["series"] == series) & (table["year"] == year), "value"]
    if hit.empty:
        years = table.loc[(table["iso3"] == iso3) & (table["series"] == series), "year"]
        span = f"{years.min()}–{years.max()}" if len(years) else "no years"
        where = "is a gap in" if len(years) and years.min() < year < years.max() else "is outside"
        raise ValueError(f"year {year} {where} the data for {iso3} {series} (data cover {span})")
    return float(hit.iloc[0])


def index_to_base(panel: pd.DataFrame, iso3, series: str, base_year: int) -> pd.DataFrame:
    """Return the series as an index with ``base_year`` = 100, per economy (all years)."""
    table = annual(panel, iso3, series)
    base = {code: _required(table, code, series, base_year) for code in _codes(panel, iso3)}
    return table.assign(base_year=base_year, index_base_100=table["value"] / table["iso3"].map(base) * 100)


def ranks(panel: pd.DataFrame, iso3, series: str, year: int) -> pd.DataFrame:
    """Return the rank (1 = highest value) of each economy among the chosen set in ``year``."""
    codes = _codes(panel, iso3)
    table = annual(panel, codes, series)
    cells = _lookup(table)
    values = pd.Series({c: cells.get((c, series, year), NAN) for c in codes}, name="value")
    out = values.rename_axis("iso3").reset_index()
    out["rank"] = out["value"].rank(ascending=False, method="min")
    out["n_ranked"] = int(out["value"].notna().sum())
    out["note"] = [
        f"no value for {c} {series} in {year}: not ranked" if pd.isna(v) else ""
        for c, v in zip(out["iso3"], out["value"])
    ]
    return out.assign(series=series, year=year).sort_values(["rank", "iso3"], ignore_index=True)


def context(panel: pd.DataFrame, iso3=COMPARISON, year: int | None = None) -> pd.DataFrame:
    """Return digital and labour-market context indicators in ``year``, with each one's latest year.

    ``year=None`` takes the latest year in which every chosen economy has ICT service exports
    (the comparison year of :func:`peer_metrics`). Missing cells stay NaN with a note.
    """
    codes = _codes(panel, iso3)
    table = annual(panel, codes, [s for _, s in CONTEXT])
    year = latest_common_year(panel, codes, ICT) if year is None else year
    cells = _lookup(table)
    out = []
    for code in codes:
        for label, s in CONTEXT:
            own = table[(table["iso3"] == code) & (table["series"] == s)]
            latest = own.iloc[-1] if len(own) else None
            value = cells.get((code, s, year), NAN)
            note = (
                []
                if not pd.isna(value)
                else [
                    f"no value in {year}"
                    + (f"; latest {int(latest['year'])}" if latest is not None else "; no data")
                ]
            )
            if s == "SI.RMT.COST.IB.ZS" and len(own):
                note.append(f"series covers {own['year'].min()}–{own['year'].max()} only")
            out.append(
                {
                    "iso3": code,
                    "indicator": label,
                    "series": s,
                    "year": year,
                    "value": value,
                    "unit": latest["unit"] if latest is not None else "",
                    "latest_year": float(latest["year"]) if latest is not None else float("nan"),
                    "latest_value": latest["value"] if latest is not None else float("nan"),
                    "note": "; ".join(note),
                }
            )
    return pd.DataFrame(out)


GAP_COLUMNS = [
    "base",
    "peer",
    "year",
    "metric",
    "peer_ratio",
    "ratio_unit",
    "base_denominator",
    "denominator",
    "implied_usd_million",
    "actual_usd_million",
    "gap_usd_million",
    "assumption",
]


def gap_to_peers(
    panel: pd.DataFrame,
    base: str = "PAK",
    peers=("IND", "BGD", "PHL"),
    year: int | None = None,
    series: str = ICT,
) -> pd.DataFrame:
    """Return Pakistan's exports (USD million) at each peer's ratio and the gap to actual.

    ``year=None`` takes, for each peer and ratio, the latest year in which both economies have
    the ratio (shown in ``year``); an explicit year applies to every row.
    """
    codes = _codes(panel, [base, *([peers] if isinstance(peers, str) else peers)])
    needed = [series, *(series + s for s in GAP_METRICS), *(d for d, _ in GAP_METRICS.values())]
    table = annual(panel, codes, needed)
    out = []
    for peer in codes[1:]:
        for suffix, (denominator, factor) in GAP_METRICS.items():
            pair = [series, series + suffix]
            when = _latest_common(table, [base, peer], pair) if year is None else year
            actual = _required(table, base, series, when)
            ratio = _required(table, peer, series + suffix, when)
            den = _required(table, base, denominator, when)
            unit = table.loc[table["series"] == series + suffix, "unit"].iloc[0]
            den_unit = table.loc[table["series"] == denominator, "unit"].iloc[0]
            implied = ratio * den * factor
            out.append(
                {
                    "base": base,
                    "peer": peer,
                    "year": when,
                    "metric": series + suffix,
                    "peer_ratio": ratio,
                    "ratio_unit": unit,
                    "base_denominator": den,
                    "denominator": denominator,
                    "implied_usd_million": implied,
                    "actual_usd_million": actual,
                    "gap_usd_million": implied - actual,
                    "assumption": f"{base} at {peer}'s {ratio:,.2f} {unit} in {when}, "
                    f"{base}'s {denominator} as observed ({den:,.0f} {den_unit})",
                }
            )
    return pd.DataFrame(out, columns=GAP_COLUMNS)  # no peer: no rows, the same columns


def to_fiscal_year(
    panel: pd.DataFrame, iso3: str, series: str, fy: str, conversion: str | None = None
) -> pd.DataFrame:
    """Return a calendar-year series on a July–June fiscal year via a named conversion (one row)."""
    label = periods.normalise_fy(fy)
    if conversion not in periods.CONVERSIONS:
        named = "; ".join(f"{k!r} ({v})" for k, v in periods.CONVERSIONS.items())
        raise ValueError(
            f"{series} is calendar-year data and {label} is a July–June fiscal year: "
            f"they meet only through a named conversion; pass conversion= {named}"
        )
    end = periods.fy_end_year(label)
    table = annual(panel, iso3, series)
    first, last = _required(table, iso3, series, end - 1), _required(table, iso3, series, end)
    return pd.DataFrame(
        [
            {
                "iso3": iso3,
                "series": series,
                "period": label,
                "basis": periods.FY_JUL_JUN,
                "value": float(periods.fy_from_calendar_years([first, last])[0]),
                "unit": table["unit"].iloc[0],
                "derivation": f"({series} CY{end - 1} + CY{end}) / 2: " + periods.CONVERSIONS[conversion],
            }
        ]
    )
