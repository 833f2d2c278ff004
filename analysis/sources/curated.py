"""The hand-curated tables of data/raw: published figures and the source article's claims.

One figure per row, each with its address and the sentence it was taken from (checked here), its
``publisher`` (who produced the number) and its ``reporter`` (the outlet, or who it quotes saying it);
which figures were split, merged or left out, and why, is logged in
``data/raw/published_figures.md`` beside the table.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis.core import paths, periods
from analysis.core.errors import DataError
from analysis.sources.quotes import number_forms, quote_has_number
from analysis.sources.rawio import text_file
from analysis.sources.series import CURATED_SERIES

FIGURE_COLUMNS = [
    "figure_id",
    "iso3",
    "series",
    "metric",
    "definition",
    "breakdown",
    "period",
    "basis",
    "start",
    "end",
    "value",
    "unit",
    "publisher",
    "reporter",
    "source_title",
    "url",
    "quote",
    "secondary",
]
CLAIM_COLUMNS = [
    "claim_id",
    "quote",
    "claim",
    "value",
    "unit",
    "period",
    "basis",
    "iso3",
    "attribution",
    "kind",
]
TABLES = {
    "published_figures": (FIGURE_COLUMNS, "figure_id", {"breakdown"}),
    "article_claims": (CLAIM_COLUMNS, "claim_id", {"attribution"}),
}
CLAIM_KINDS = ("count", "earnings", "share", "rank")
BASES = (
    periods.CALENDAR,
    periods.FY_JUL_JUN,
    periods.FY_APR_MAR,
    periods.FY_JUL_JUN_PARTIAL,
    periods.MONTH,
    periods.QUARTER,
    periods.POINT,
)

# unit as published -> (panel unit, factor to the panel unit)
UNITS = {
    "USD billion": ("USD million", 1000),
    "USD million": ("USD million", 1),
    "million persons": ("persons", 1_000_000),
    "persons": ("persons", 1),
    "million adults": ("persons", 1_000_000),
    "million profiles": ("profiles", 1_000_000),
    "profiles": ("profiles", 1),
    "count": ("count", 1),
    "percent": ("percent", 1),
    "percentage points": ("percentage points", 1),
    "rank": ("rank", 1),
    "USD per hour": ("USD per hour", 1),
}

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# identifiers go into the panel's ref column and every CSV export: never a spreadsheet formula (=, +, -, @)
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_BREAKDOWN = re.compile(r"[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*")


def load_curated(name: str, raw_dir: Path = paths.RAW) -> pd.DataFrame:
    """Return the validated table ``name`` with typed columns (value float; start/end Timestamps).

    ``name`` is 'published_figures' or 'article_claims'; raises DataError naming the file, its
    1-based line and the column at the first bad cell.
    """
    if name not in TABLES:
        raise ValueError(f"unknown curated table {name!r} (known: {', '.join(TABLES)})")
    columns, id_column, optional = TABLES[name]
    path = Path(raw_dir) / f"{name}.csv"
    lines, records = _read(path, columns)
    for line, rec in zip(lines, records):
        _check_required(path, line, rec, columns, optional)
        _check_row(path, line, rec)
    _check_unique(path, lines, records, id_column)
    return _typed(pd.DataFrame(records, columns=columns, dtype=str))


def normalise(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with ``value`` in the panel unit and ``unit`` set to it (USD billion -> USD million)."""
    unknown = sorted(set(df["unit"]) - set(UNITS))
    if unknown:
        raise ValueError(f"units without a panel conversion: {unknown}")
    value = [float(Decimal(repr(float(v))) * UNITS[u][1]) for v, u in zip(df["value"], df["unit"])]
    return df.assign(value=value, unit=[UNITS[u][0] for u in df["unit"]])


def period_span(period: str, basis: str) -> tuple[pd.Timestamp, pd.Timestamp, bool]:
    """Return (first day, last day, exact) of a period label; ValueError when the label is impossible.

    Exact bases use analysis.core.periods.bounds. ``point_in_time`` labels are 'c.X' (approximate,
    e.g. 'c.2024-12', 'c.2022/2023', 'c.FY2024-25') or 'X/Y' (exactly from X to Y, e.g. '2016/2023Q1').
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}")
    if basis != periods.POINT:
        first, last = periods.bounds(period, basis)
        return first, last, True
    approx = period.startswith("c.")
    parts = (period[2:] if approx else period).split("/")
    if len(parts) > 2 or (not approx and len(parts) != 2):
        raise ValueError("a point_in_time label like 'c.2024-12', 'c.2022/2023' or '2016/2023Q1'")
    first, last = _label_bounds(parts[0])[0], _label_bounds(parts[-1])[1]
    if first > last:
        raise ValueError("a point_in_time span that runs forwards")
    return first, last, not approx


def _label_bounds(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Bounds of one label inside a point_in_time period, its basis read from its shape."""
    shapes = [
        (r"\d{4}", periods.CALENDAR),
        (r"\d{4}-\d{2}", periods.MONTH),
        (r"\d{4}Q\d", periods.QUARTER),
        (r"FY\S+ \w+-\w+", periods.FY_JUL_JUN_PARTIAL),
        (r"FY\S+", periods.FY_JUL_JUN),
    ]
    for shape, basis in shapes:
        if re.fullmatch(shape, text):
            return periods.bounds(text, basis)
    raise ValueError("a year, month, quarter or fiscal-year label inside the point_in_time period")


def _read(path: Path, columns: list[str]) -> tuple[list[int], list[dict[str, str]]]:
    """Return (first line of each record, records) after checking the header and field counts."""
    if not path.exists():
        raise DataError(path, None, None, "the curated table to exist")
    with text_file(path, "utf-8", columns[0]) as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        for col in columns:
            if col not in header:
                raise DataError(path, 1, col, "this column in the header", None)
        for col in header:
            if col not in columns:
                raise DataError(path, 1, col, f"only the columns {', '.join(columns)}", col)
        lines, records, previous = [], [], reader.line_num
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if len(fields) != len(header):
                raise DataError(
                    path,
                    line,
                    header[min(len(fields), len(header) - 1)],
                    f"{len(header)} fields as in the header",
                    f"{len(fields)} fields",
                )
            lines.append(line)
            records.append({col: fields[header.index(col)] for col in columns})
    return lines, records


def _check_required(path: Path, line: int, rec: dict, columns: list[str], optional: set) -> None:
    for col in columns:
        if col not in optional and not rec[col].strip():
            raise DataError(path, line, col, "a non-empty cell", rec[col])


def _check_row(path: Path, line: int, rec: dict) -> None:
    """Check one record's cells; raise DataError at the first bad one."""

    def fail(column: str, expected: str) -> None:
        raise DataError(path, line, column, expected, rec[column])

    for key in ("figure_id", "claim_id"):
        if key in rec and not _ID.fullmatch(rec[key]):
            fail(
                key, "an identifier of lower-case letters, digits, '.', '_' and '-' (no formula: =, +, -, @)"
            )
    if not _NUMBER.fullmatch(rec["value"]):
        fail("value", "a plain decimal number (no separators or units)")
    if rec["unit"] not in UNITS:
        fail("unit", f"one of the units {', '.join(UNITS)}")
    if rec["unit"].startswith("USD") and float(rec["value"]) < 0:
        fail("value", "a non-negative money value")
    if not re.fullmatch(r"[A-Z]{3}", rec["iso3"]):
        fail("iso3", "an ISO3 or World Bank aggregate code (three capital letters)")
    if "series" in rec and rec["series"] not in CURATED_SERIES:
        fail("series", "a series code of the curated section of analysis/sources/series.yml")
    if rec.get("breakdown") and not _BREAKDOWN.fullmatch(rec["breakdown"]):
        fail("breakdown", "empty or key=value;key=value")
    if "kind" in rec and rec["kind"] not in CLAIM_KINDS:
        fail("kind", f"one of {', '.join(CLAIM_KINDS)}")
    if "url" in rec and not re.match(r"https?://\S+$", rec["url"]):
        fail("url", "an address starting with http:// or https://")
    if "secondary" in rec and rec["secondary"] not in ("true", "false"):
        fail("secondary", "true or false")
    _check_period(rec, fail)
    if not quote_has_number(rec["quote"], rec["value"], rec["unit"]):
        forms = " / ".join(repr(f) for f in number_forms(rec["value"], rec["unit"]))
        fail("quote", f"the sentence to contain the number as written ({forms})")


def _is_date(text: str) -> bool:
    """True if YYYY-MM-DD ``text`` is a day of the calendar (not 2025-02-30)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_period(rec: dict, fail) -> None:
    """Check the period label against its basis, and start/end (when present) against the label."""
    try:
        first, last, exact = period_span(rec["period"], rec["basis"])
    except ValueError as err:
        column = "basis" if rec["basis"] not in BASES else "period"
        fail(column, f"a possible {column} ({err})")
    if "start" not in rec:
        return
    for col in ("start", "end"):
        if not _DATE.fullmatch(rec[col]) or not _is_date(rec[col]):
            fail(col, "a real date YYYY-MM-DD")
    start, end = pd.Timestamp(rec["start"]), pd.Timestamp(rec["end"])
    if start > end:
        fail("start", f"a first day on or before the last day {rec['end']}")
    if exact and start != first:
        fail("start", f"{first:%Y-%m-%d}, the first day of {rec['period']}")
    if exact and end != last:
        fail("end", f"{last:%Y-%m-%d}, the last day of {rec['period']}")
    if not exact and (end < first or start > last):
        fail("start", f"a span overlapping {first:%Y-%m-%d}..{last:%Y-%m-%d} ({rec['period']})")


def _check_unique(path: Path, lines: list[int], records: list[dict], id_column: str) -> None:
    """Ids are unique; one (iso3, series, breakdown, period) holds one value (in panel units)."""
    seen_id, seen_key = {}, {}
    for line, rec in zip(lines, records):
        if rec[id_column] in seen_id:
            raise DataError(
                path, line, id_column, f"a unique id (also on line {seen_id[rec[id_column]]})", rec[id_column]
            )
        seen_id[rec[id_column]] = line
        if "series" not in rec:
            continue
        breakdown = ";".join(sorted(filter(None, rec["breakdown"].split(";"))))
        key = (rec["iso3"], rec["series"], breakdown, rec["period"])
        unit, factor = UNITS[rec["unit"]]
        value = (unit, Decimal(rec["value"]) * factor)
        if key in seen_key and seen_key[key][1] != value:
            other, (_, v) = seen_key[key][0], seen_key[key][1]
            raise DataError(
                path, line, "value", f"the value of line {other} for {key} ({v} {unit})", rec["value"]
            )
        seen_key.setdefault(key, (line, value))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Typed columns: value float, start/end Timestamps, secondary bool (when present)."""
    out = df.assign(value=df["value"].astype(float))
    for col in ("start", "end"):
        if col in out:
            out[col] = pd.to_datetime(out[col], format="%Y-%m-%d")
    if "secondary" in out:
        out["secondary"] = out["secondary"] == "true"
    return out
