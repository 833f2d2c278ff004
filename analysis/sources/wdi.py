"""Readers of World Bank WDI files: the wide API_*.csv download, the datahub long CSV, country metadata.

Every reader returns values exactly as published (text) in the raw layout of analysis.sources.rawio
and raises analysis.core.errors.DataError naming file, line and column for malformed input.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.sources import wdi_arrow
from analysis.sources.rawio import (
    COUNTRY_METADATA_COLUMNS,
    Record,
    check_header,
    check_number,
    raw_frame,
    text_file,
)

WIDE_ID_COLUMNS = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
LONG_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
METADATA_COLUMNS = ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]
MONEY_UNIT = "current US$"
_YEAR = re.compile(r"\d{4}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNIT_MARKERS = ("US$", "%", "per ", "LCU")


def wdi_unit(indicator_name: str) -> str:
    """Return the unit stated in a WDI indicator name, e.g. 'current US$' for 'GDP (current US$)'.

    The unit is the first comma-separated part of a parenthesised group that names a unit
    (US$, %, 'per …', LCU); names without one (e.g. 'Population, total') are their own unit.
    """
    for group in re.findall(r"\(([^()]*)\)", indicator_name):
        for part in group.split(","):
            if any(marker in part for marker in _UNIT_MARKERS):
                return part.strip()
    return indicator_name


def _csv_rows(path: Path, header_first: str = "Country Name") -> Iterator[tuple[int, list[str]]]:
    """Yield (1-based line where the record starts, fields) for every non-blank CSV record."""
    with text_file(path, "utf-8-sig", header_first) as fh:
        reader = csv.reader(fh)
        start = 1
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 1


def _strip_trailing(row: list[str]) -> list[str]:
    """Return ``row`` without the empty field WDI writes after the final comma of each line."""
    return row[:-1] if row and row[-1] == "" else row


def _fields(row: list[str], header: list[str], path: Path, line: int) -> dict[str, str]:
    """Return the row as {column: text}; DataError if it has fewer or more fields than the header."""
    row = row + [""] if len(row) == len(header) - 1 and header[-1] == "" else row
    if len(row) != len(header):
        column = header[min(len(row), len(header) - 1)]
        raise DataError(path, line, column, f"{len(header)} fields as in the header", f"{len(row)} fields")
    return dict(zip(header, row))


def _wide_preamble(
    rows: Iterator[tuple[int, list[str]]], path: Path, bulk: bool = False
) -> tuple[str, int, list[str]]:
    """Return (Last Updated Date, header line, header) after checking the four WDI metadata lines.

    With ``bulk``, a file may also start at its header, as the bulk download's WDICSV.csv does
    (its Last Updated Date is then returned as '').
    """
    first = next(rows, (1, None))
    line, row = first
    if bulk and row is not None and row[:1] == ["Country Name"]:
        check_header(_strip_trailing(row)[:4], WIDE_ID_COLUMNS, path, line)
        return "", line, _check_years(row, path, line)
    rows, line = itertools.chain([first], rows), 0
    for key in ("Data Source", "Last Updated Date"):
        line, row = next(rows, (line + 1, None))
        if row is None:
            raise DataError(
                path, line, key, f"WDI metadata line {key!r}", "empty file" if line == 1 else "end of file"
            )
        if row[0] != key or len(row) < 2:
            raise DataError(path, line, key, f"WDI metadata line {key!r}", row[0])
        if key == "Last Updated Date":
            updated = row[1]
            if not _DATE.fullmatch(updated):
                raise DataError(path, line, key, "a date YYYY-MM-DD", updated)
    line, header = next(rows, (line + 1, None))
    if header is None:
        raise DataError(path, line, "Country Name", "the WDI column header", "end of file")
    check_header(_strip_trailing(header)[:4], WIDE_ID_COLUMNS, path, line)
    return updated, line, _check_years(header, path, line)


def _check_years(header: list[str], path: Path, line: int) -> list[str]:
    """Return ``header`` after checking that the columns after the four ids are distinct years."""
    years = _strip_trailing(header)[4:]
    for i, name in enumerate(years):
        if not _YEAR.fullmatch(name):
            raise DataError(path, line, name, "a 4-digit year as column name", name)
        if name in years[:i]:
            raise DataError(path, line, name, "each year as a column once", f"{name} twice")
    return header


@dataclass(frozen=True)
class WdiInfo:
    """What a wide WDI file says about itself: its vintage and its indicator."""

    last_updated: str  # 'Last Updated Date', YYYY-MM-DD
    indicator_code: str  # e.g. 'BX.GSR.CCIS.CD'
    indicator_name: str  # e.g. 'ICT service exports (BoP, current US$)'
    line: int = 0  # the line of the first data row, where the indicator code was read


def wdi_info(path: Path) -> WdiInfo:
    """Return the Last Updated Date and the indicator code and name of a wide WDI API_*.csv file."""
    path = Path(path)
    rows = _csv_rows(path)
    updated, header_line, header = _wide_preamble(rows, path)
    line, row = next(rows, (header_line + 1, None))
    if row is None:
        raise DataError(path, line, "Indicator Code", "a data row after the header", "end of file")
    fields = _fields(row, header, path, line)
    return WdiInfo(updated, fields["Indicator Code"], fields["Indicator Name"], line)


def wdi_last_updated(path: Path) -> str:
    """Return the 'Last Updated Date' (YYYY-MM-DD) stated in a wide WDI API_*.csv file."""
    return _wide_preamble(_csv_rows(Path(path)), Path(path))[0]


def read_wdi_wide(path: Path, source_id: str) -> pd.DataFrame:
    """Return a wide WDI API_<CODE>_DS2_*.csv as raw-layout rows (one per economy and year with data).

    The file must hold one indicator; :func:`read_wdi_bulk` reads files with many.
    """
    frame = _read_wide(Path(path), source_id, one_indicator=True)
    return frame.astype({c: str for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})


def read_wdi_bulk(path: Path, source_id: str) -> pd.DataFrame:
    """Return a wide WDI file holding any number of indicators as raw-layout rows.

    Like :func:`read_wdi_wide`, but every column except ``value`` is categorical: at the size of
    the WDI bulk download (~12.5 million values) the repeated text would otherwise take gigabytes.
    """
    frame = _read_wide(Path(path), source_id, one_indicator=False)
    text = [c for c in frame.columns if c != "value" and not isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return (
        frame.astype(dict.fromkeys(text, "category")) if text else frame
    )  # text if the exact reader read it


def _read_wide(path: Path, source_id: str, one_indicator: bool) -> pd.DataFrame:
    """Read a wide WDI file with the vectorised path; re-read it row by row if that finds it unclean.

    Only the row-by-row reader (:func:`_read_wide_rows`) reports errors, with line and column.
    """
    frame = _read_wide_fast(path, source_id, one_indicator)
    if frame is None:
        _read_wide_rows(path, source_id, one_indicator, collect=False)  # raises at the first bad row
        frame = _read_wide_rows(path, source_id, one_indicator)  # duplicates, or a file it accepts
    return frame


def _read_wide_fast(path: Path, source_id: str, one_indicator: bool) -> pd.DataFrame | None:
    """Return the rows of a clean wide WDI file read by analysis.sources.wdi_arrow, else None."""
    rows = _csv_rows(path)  # the preamble: also checks the encoding and the final line break
    _, header_line, header = _wide_preamble(rows, path, bulk=not one_indicator)
    rows.close()
    return wdi_arrow.tidy_wide(path, header_line + 1, header, source_id, one_indicator, wdi_unit, MONEY_UNIT)


def _read_wide_rows(
    path: Path, source_id: str, one_indicator: bool, collect: bool = True
) -> pd.DataFrame | None:
    """Read a wide WDI file record by record, checking every field (DataError names line and column).

    With ``collect=False`` it only checks each row (no duplicate check, returns None): a bad row at
    the end of a bulk-size file is then named without holding millions of records in memory.
    """
    rows = _csv_rows(path)
    _, header_line, header = _wide_preamble(rows, path, bulk=not one_indicator)
    years = _strip_trailing(header)[4:]
    records, code = [], None
    for line, row in rows:
        fields = _fields(row, header, path, line)
        code = code or fields["Indicator Code"]
        if one_indicator and fields["Indicator Code"] != code:
            raise DataError(
                path,
                line,
                "Indicator Code",
                f"the same code as the rows above ({code}): one indicator per file",
                fields["Indicator Code"],
            )
        if not fields["Country Code"]:
            raise DataError(path, line, "Country Code", "a country code", "")
        unit = wdi_unit(fields["Indicator Name"])
        for year in years:
            text = fields[year]
            if text:
                check_number(text, path, line, year, money=unit == MONEY_UNIT)
            if text and collect:
                records.append(
                    Record(
                        line,
                        year,
                        source_id,
                        fields["Indicator Code"],
                        fields["Country Code"],
                        fields["Country Name"],
                        "",
                        year,
                        "calendar_year",
                        text,
                        unit,
                    )
                )
    if code is None:
        raise DataError(
            path, header_line + 1, "Country Name", "a data row after the header", "end of file (truncated?)"
        )
    return raw_frame(records, path) if collect else None


def read_wdi_long(
    path: Path, source_id: str, series_code: str, series_name: str, unit: str | None = None
) -> pd.DataFrame:
    """Return a datahub long WDI data.csv (Country Name,Country Code,Year,Value) as raw-layout rows.

    ``unit`` defaults to the unit stated in ``series_name`` (see :func:`wdi_unit`).
    """
    path = Path(path)
    unit = unit if unit is not None else wdi_unit(series_name)
    rows = _csv_rows(path)
    line, header = next(rows, (1, None))
    if header is None:
        raise DataError(path, 1, "Country Name", "header " + ",".join(LONG_COLUMNS), "empty file")
    check_header(header, LONG_COLUMNS, path, line)
    records = []
    for line, row in rows:
        fields = _fields(row, LONG_COLUMNS, path, line)
        if not fields["Country Code"]:
            raise DataError(path, line, "Country Code", "a country code", "")
        if not _YEAR.fullmatch(fields["Year"]):
            raise DataError(path, line, "Year", "a 4-digit year", fields["Year"])
        if fields["Value"]:
            check_number(fields["Value"], path, line, "Value", money=unit == MONEY_UNIT)
            records.append(
                Record(
                    line,
                    "Value",
                    source_id,
                    series_code,
                    fields["Country Code"],
                    fields["Country Name"],
                    "",
                    fields["Year"],
                    "calendar_year",
                    fields["Value"],
                    unit,
                )
            )
    if not records:
        raise DataError(path, line + 1, "Country Name", "at least one data row", "end of file")
    return raw_frame(records, path)


def read_wdi_country_metadata(path: Path) -> pd.DataFrame:
    """Return Metadata_Country_*.csv as columns country_code, region, income_group, table_name (text)."""
    path = Path(path)
    rows = _csv_rows(path, "Country Code")
    line, header = next(rows, (1, None))
    if header is None:
        raise DataError(path, 1, "Country Code", "header " + ",".join(METADATA_COLUMNS), "empty file")
    check_header(_strip_trailing(header), METADATA_COLUMNS, path, line)
    seen: dict[str, tuple[int, tuple[str, ...]]] = {}
    for line, row in rows:
        fields = _fields(row, header, path, line)
        code = fields["Country Code"]
        if not code:
            raise DataError(path, line, "Country Code", "a country code", "")
        entry = (code, fields["Region"], fields["IncomeGroup"], fields["TableName"])
        if code in seen and seen[code][1] != entry:
            raise DataError(
                path, line, "Country Code", f"one row per country code (also on line {seen[code][0]})", code
            )
        seen.setdefault(code, (line, entry))
    if not seen:
        raise DataError(path, line + 1, "Country Code", "at least one data row", "end of file")
    frame = pd.DataFrame([e for _, e in seen.values()], columns=list(COUNTRY_METADATA_COLUMNS), dtype=str)
    return frame.sort_values("country_code", ignore_index=True)
