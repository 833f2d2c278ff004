"""Queries of the panel: the one place for selecting rows, describing series and reading histories."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.core.countries import PAK
from analysis.core.framememo import per_frame
from analysis.sources.series import CURATED_SERIES, PUBLISHED

INDEXED_ROWS = 50_000  # a frame this long gets a position index on its first select (the panel: 260,000)


def select(panel: pd.DataFrame, iso3=None, series=None, basis=None) -> pd.DataFrame:
    """Return the rows matching each given filter (a value or a list of values), in the panel's order.

    On a long frame (the panel) the economy and series filters are answered from a position index built
    once per frame (treat the panel as read-only: the index does not see changes made in place); the
    other filters are applied to the rows those kept.
    """
    filters = [
        (column, [wanted] if isinstance(wanted, str) else list(wanted))
        for column, wanted in (("iso3", iso3), ("series", series), ("basis", basis))
        if wanted is not None
    ]
    if not filters:
        return panel[pd.Series(True, index=panel.index)]
    rows = panel
    keyed = [f for f in filters if f[0] != "basis"]
    if keyed and len(panel) >= INDEXED_ROWS:
        columns = tuple(column for column, _ in keyed)
        keys = list(itertools.product(*(dict.fromkeys(wanted) for _, wanted in keyed)))
        keys = keys if len(columns) > 1 else [k[0] for k in keys]
        index = _index(panel, columns)
        found = [index[k] for k in keys if k in index]
        rows = panel.take(np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.intp))
        filters = [f for f in filters if f[0] == "basis"]
    for column, wanted in filters:
        rows = rows[rows[column].isin(wanted)]
    return rows


def _index(frame: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    """Return {value (or tuple of values) of ``columns``: row positions} for ``frame``, built once."""
    by = list(columns) if len(columns) > 1 else columns[0]
    return per_frame(frame, ("positions", columns), lambda: frame.groupby(by, sort=False).indices)


def rows_of(panel: pd.DataFrame, series, iso3=PAK) -> pd.DataFrame:
    """Return the panel rows of ``series`` (code or list) for ``iso3`` (code, list or None = all)."""
    return select(panel, iso3=iso3, series=series)


def required_rows(
    panel: pd.DataFrame, series: str, iso3: str = PAK, basis: str | None = None
) -> pd.DataFrame:
    """Return :func:`select`'s rows; ValueError naming the series, economy and basis when there are none."""
    rows = select(panel, iso3=iso3, series=series, basis=basis)
    if rows.empty:
        raise ValueError(
            f"panel has no rows of {series!r} for {iso3}" + (f" with basis {basis!r}" if basis else "")
        )
    return rows


def calendar_history(panel: pd.DataFrame, series: str, iso3: str = PAK) -> pd.Series:
    """Return a WDI calendar-year series as values indexed by year (int), in panel units."""
    rows = required_rows(panel, series, iso3, periods.CALENDAR)
    rows = rows[rows["breakdown"] == ""]
    return pd.Series(rows["value"].to_numpy(), index=rows["period"].astype(int).to_numpy()).sort_index()


def primary(rows: pd.DataFrame) -> pd.DataFrame:
    """Return ``rows`` without secondary vintages of a figure that also has an unlabelled row."""
    key = ["series", "iso3", "period", "basis"]
    has_plain = rows.assign(plain=rows["breakdown"] == "").groupby(key)["plain"].transform("any")
    return rows[(rows["breakdown"] == "") | ~has_plain]


def describe(code: str, short: bool = False) -> str:
    """Return the definition (or, with ``short``, the name) of a curated or published series."""
    if code in CURATED_SERIES:
        return CURATED_SERIES[code][0 if short else 1]
    return PUBLISHED[code][0] if code in PUBLISHED else code


def months_covered(rows: pd.DataFrame) -> pd.Series:
    """Return whole months from ``start`` to ``end`` of each row (NaN where undated or point in time).

    A point-in-time figure's start/end only say when it was stated, not what span a flow covers.
    """
    start, end = rows["start"], rows["end"]
    months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    if "basis" in rows:
        months = months.where(rows["basis"] != periods.POINT)
    return months.astype("float64")


def source_label(rows: pd.DataFrame) -> pd.Series:
    """Return 'figure_id' for curated rows, else the dataset id (plus derivation when derived)."""
    label = rows["ref"].where(rows["ref"] != "", rows["source"])
    return label.where(rows["derivation"] == "", label + " (" + rows["derivation"] + ")")


def series_table(panel: pd.DataFrame, search: str | None = None) -> pd.DataFrame:
    """Return one row per series in the panel (code, name, unit, economies, rows, first and last day),
    those whose code or name contains ``search`` (case-insensitive) when given."""
    table = _summary(panel, "series", "series_name", search)
    day = lambda column, how: _per(panel, "series", column, how, table).dt.strftime("%Y-%m-%d").fillna("")  # noqa: E731
    return table.assign(
        unit=_per(panel, "series", "unit", "first", table).to_numpy(),
        economies=_per(panel, "series", "iso3", "nunique", table).to_numpy(),
        first=day("start", "min").to_numpy(),
        last=day("end", "max").to_numpy(),
    )[["series", "name", "unit", "economies", "rows", "first", "last"]]


def countries_table(panel: pd.DataFrame, search: str | None = None) -> pd.DataFrame:
    """Return one row per economy in the panel (iso3, name, aggregate, series, rows), by ``search``."""
    table = _summary(panel, "iso3", "country_name", search)
    return table.assign(
        aggregate=_per(panel, "iso3", "is_aggregate", "first", table).to_numpy(),
        series=_per(panel, "iso3", "series", "nunique", table).to_numpy(),
    )[["iso3", "name", "aggregate", "series", "rows"]]


def _summary(panel: pd.DataFrame, key: str, name: str, search: str | None) -> pd.DataFrame:
    """Return (key, name, rows) per value of ``key`` whose key or name contains ``search``."""
    counts = panel.groupby(key, sort=True).agg(name=(name, "first"), rows=(name, "size")).reset_index()
    if search:
        counts = counts[_contains(counts[key], search) | _contains(counts["name"], search)]
    return counts.reset_index(drop=True)


def _per(panel: pd.DataFrame, key: str, column: str, how: str, table: pd.DataFrame) -> pd.Series:
    """Return ``column`` aggregated by ``how`` per ``key``, in the order of ``table``'s keys."""
    return panel.groupby(key)[column].agg(how).reindex(table[key])


def suggest(wanted: str, known) -> str:
    """Return "; did you mean 'X'?" for the closest of ``known`` to a mistyped ``wanted`` ('' if none)."""
    import difflib

    by_lower = {str(k).lower(): str(k) for k in known}
    close = difflib.get_close_matches(wanted.lower(), list(by_lower), n=1, cutoff=0.6)
    return f"; did you mean {by_lower[close[0]]!r}?" if close else ""


def _contains(column: pd.Series, text: str) -> pd.Series:
    return column.str.contains(text, case=False, regex=False)
