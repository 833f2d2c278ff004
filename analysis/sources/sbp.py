"""Reader of State Bank of Pakistan EasyData CSV exports (one series, monthly, newest first)."""

from __future__ import annotations

import calendar
import csv
import re
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.sources.rawio import Record, check_header, check_number, raw_frame, text_file

EASYDATA_COLUMNS = [
    "Dataset Name",
    "Observation Date",
    "Series Key",
    "Series Display Name",
    "Observation Value",
    "Unit",
    "Observation Status",
    "Observation Status Comment",
    "Sequence No.",
    "Series name",
]
MONEY_UNITS = ("Million USD",)
_MONTHS = {name: i for i, name in enumerate(calendar.month_abbr) if name}
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3}|\d{1,2})-(\d+)")


def month_end_period(text: str, file: str | Path, line: int) -> str:
    """Return 'YYYY-MM' for an EasyData month-end date such as '31-Jul-2026'; DataError otherwise."""
    match = _DATE.fullmatch(text)
    expected = "a month-end date like '31-Jul-2026'"
    if not match:
        raise DataError(file, line, "Observation Date", expected, text)
    day, month_text, year_text = match.groups()
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.title(), 0)
    if len(year_text) != 4 or not 1 <= month <= 12:
        raise DataError(file, line, "Observation Date", expected + " (4-digit year, month 1-12)", text)
    year = int(year_text)
    last_day = calendar.monthrange(year, month)[1]
    if int(day) != last_day:
        raise DataError(
            file,
            line,
            "Observation Date",
            f"the last day of the month ({last_day:02d}-{calendar.month_abbr[month]}-{year})",
            text,
        )
    return f"{year:04d}-{month:02d}"


def read_sbp_easydata(path: Path, source_id: str) -> pd.DataFrame:
    """Return an SBP EasyData CSV as raw-layout monthly rows for PAK (value and unit as published)."""
    path = Path(path)
    with text_file(path, "utf-8-sig", EASYDATA_COLUMNS[0]) as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DataError(path, 1, "Dataset Name", "the EasyData header", "empty file")
        check_header(header, EASYDATA_COLUMNS, path, 1)
        records, first = [], None
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(EASYDATA_COLUMNS):
                column = EASYDATA_COLUMNS[min(len(row), len(EASYDATA_COLUMNS) - 1)]
                raise DataError(path, line, column, f"{len(EASYDATA_COLUMNS)} fields", f"{len(row)} fields")
            fields = dict(zip(EASYDATA_COLUMNS, row))
            first = first or (line, fields)
            for column in ("Series Key", "Unit"):
                if fields[column] != first[1][column]:
                    raise DataError(
                        path, line, column, f"{first[1][column]!r} as on line {first[0]}", fields[column]
                    )
            period = month_end_period(fields["Observation Date"], path, line)
            value = fields["Observation Value"]
            if value:
                check_number(value, path, line, "Observation Value", money=fields["Unit"] in MONEY_UNITS)
                records.append(
                    Record(
                        line,
                        "Observation Value",
                        source_id,
                        fields["Series Key"],
                        "PAK",
                        "Pakistan",
                        "",
                        period,
                        "month",
                        value,
                        fields["Unit"],
                    )
                )
    if first is None:
        raise DataError(path, 2, "Observation Date", "at least one data row", "end of file")
    return raw_frame(records, path)
