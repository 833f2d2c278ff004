"""Reader of Remittance Prices Worldwide corridor-quarter averages (``rpw_filtered.csv``, a third-party file).

One row per quarter × sending country × receiving country: the simple mean across providers of the
total cost of sending USD 200 and USD 500 (percent of the amount sent). Every corridor is kept; the
panel row's country is the destination, the sender is the breakdown ``from=<ISO3>``, and the
publisher's quarter ``2016_2Q`` becomes the panel period ``2016Q2`` (basis ``quarter``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.sources.rawio import Record, check_header, check_number, raw_frame, text_file

COLUMNS = [
    "period",
    "source_code",
    "source_name",
    "destination_code",
    "destination_name",
    "corridor",
    "avg_cost_pct_200usd",
    "avg_cost_pct_500usd",
    "avg_fx_margin_200usd",
    "avg_fx_margin_500usd",
    "num_providers",
]
# publisher column -> panel series (the FX margins and provider counts are not read)
SERIES = {
    "avg_cost_pct_200usd": "RPW.CORRIDOR.COST_200_PCT",
    "avg_cost_pct_500usd": "RPW.CORRIDOR.COST_500_PCT",
}
UNIT = "percent of amount sent"
# RPW writes KSV for Kosovo (corridor DEUKSV, and in some quarters DEUXKX); WDI's code is XKX.
ISO3_ALIASES = {"KSV": "XKX"}
_QUARTER = re.compile(r"(\d{4})_([1-4])Q")
_ISO3 = re.compile(r"[A-Z]{3}")


def quarter_period(text: str, file: str | Path, line: int) -> str:
    """Return the panel quarter 'YYYYQn' of an RPW period such as '2016_2Q'; DataError otherwise."""
    match = _QUARTER.fullmatch(text)
    if not match:
        raise DataError(file, line, "period", "a quarter like '2016_2Q' (year_nQ, n 1-4)", text)
    return f"{match.group(1)}Q{match.group(2)}"


def _iso3(fields: dict[str, str], column: str, file: Path, line: int) -> str:
    """Return the ISO3 code of a ``*_code`` cell (RPW aliases mapped to WDI codes); DataError otherwise."""
    code = fields[column]
    if not _ISO3.fullmatch(code):
        raise DataError(file, line, column, "an ISO3 country code (three capital letters)", code)
    return ISO3_ALIASES.get(code, code)


def _records(fields: dict[str, str], path: Path, line: int, source_id: str) -> list[Record]:
    """Return the two cost records of one corridor-quarter row after checking its cells."""
    period = quarter_period(fields["period"], path, line)
    origin = _iso3(fields, "source_code", path, line)
    destination = _iso3(fields, "destination_code", path, line)
    as_written = fields["source_code"] + fields["destination_code"]
    if fields["corridor"] not in (as_written, origin + destination):
        raise DataError(
            path, line, "corridor", f"{as_written} (source_code + destination_code)", fields["corridor"]
        )
    if not fields["destination_name"]:
        raise DataError(path, line, "destination_name", "the receiving country's name", "empty")
    records = []
    for column, series in SERIES.items():
        value = check_number(fields[column], path, line, column, money=False)
        records.append(
            Record(
                line,
                column,
                source_id,
                series,
                destination,
                fields["destination_name"],
                f"from={origin}",
                period,
                "quarter",
                value,
                UNIT,
            )
        )
    return records


def read_rpw_corridors(path: Path, source_id: str) -> pd.DataFrame:
    """Return RPW corridor-quarter average costs (percent of USD 200 / 500 sent) as raw-layout rows."""
    path = Path(path)
    with text_file(path, "utf-8", COLUMNS[0]) as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DataError(path, 1, COLUMNS[0], "the header " + ",".join(COLUMNS), "empty file")
        check_header(header, COLUMNS, path, 1)
        records: list[Record] = []
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(COLUMNS):
                column = COLUMNS[min(len(row), len(COLUMNS) - 1)]
                raise DataError(path, line, column, f"{len(COLUMNS)} fields", f"{len(row)} fields")
            records.extend(_records(dict(zip(COLUMNS, row)), path, line, source_id))
    if not records:
        raise DataError(path, 2, COLUMNS[0], "at least one data row", "end of file")
    return raw_frame(records, path)
