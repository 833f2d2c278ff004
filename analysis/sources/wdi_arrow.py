"""The vectorised (pyarrow) path of the wide WDI readers in analysis.sources.wdi.

:func:`tidy_wide` returns the raw-layout rows of a clean file, or None as soon as anything is not
clean; the caller then reads the file with its exact row-by-row reader, which names the line and
column of the problem. So this path never reports an error itself: it only has to be at least as
strict as the exact reader, and give the same rows when both accept a file (both are tested on
the malformed catalogue and on generated files).
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.sources.rawio import _NUMBER, RAW_COLUMNS

ID_COLUMNS = {"series": 3, "country_code": 1, "country_name": 0}  # raw column: its position in the file
_NUMBER_RE2 = f"^(?:{_NUMBER.pattern})$"


def _read_table(path: Path, data_line: int, width: int) -> pa.Table | None:
    """Return every record from physical line ``data_line`` on as a table of ``width`` text columns."""
    with open(path, "rb") as fh:
        for _ in range(data_line - 1):
            fh.readline()
        offset = fh.tell()
    names = [f"c{i}" for i in range(width)]
    source = pa.memory_map(str(path))
    source.seek(offset)
    try:
        return pacsv.read_csv(
            source, read_options=pacsv.ReadOptions(column_names=names),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:  # a row of another width, bytes that are not UTF-8, …
        return None
    finally:
        source.close()


def _all_numbers(values: pa.StringArray, money: np.ndarray) -> bool:
    """True if every value is a finite number (rawio's number syntax), not negative where ``money``.

    pyarrow releases the GIL, so the checks run on both cores: the regular expression on each half,
    the conversion to float and the sign check.
    """
    def finite() -> bool:  # 1e999 matches the syntax but is inf
        try:
            return bool(np.isfinite(pc.cast(values, pa.float64()).to_numpy()).all())
        except pa.ArrowInvalid:  # not a number at all: the regular expression says so too
            return False

    half = len(values) // 2
    checks = [lambda: pc.all(pc.match_substring_regex(values[:half], _NUMBER_RE2)).as_py(),
              lambda: pc.all(pc.match_substring_regex(values[half:], _NUMBER_RE2)).as_py(),
              lambda: not (pc.starts_with(values, "-").to_numpy(zero_copy_only=False) & money).any(),
              finite]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return all(pool.map(lambda check: check(), checks))


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """Return a text column as a pandas Categorical with sorted categories."""
    return pd.Categorical(column.to_pandas())


def tidy_wide(path: Path, data_line: int, header: list[str], source_id: str, one_indicator: bool,
              unit_of: Callable[[str], str], money_unit: str) -> pd.DataFrame | None:
    """Return the data rows of a wide WDI file as raw-layout rows with categorical text columns.

    ``data_line`` is the physical line after the header, ``header`` the parsed header (four id
    columns, then years, maybe a trailing empty name). Rows come sorted as rawio.sort_raw sorts
    them; ``value`` is text exactly as published. Returns None unless every record has the header's
    width, every country code is set, no (indicator, country) pair repeats, there is at least one
    value, every value is a finite number (not negative where the unit is ``money_unit``), and,
    with ``one_indicator``, all rows hold the same indicator.
    """
    table = _read_table(path, data_line, len(header))
    if table is None or table.num_rows == 0:
        return None
    ids = {name: _categorical(table.column(i)) for name, i in ID_COLUMNS.items()}
    indicator_name = _categorical(table.column(2))
    series_codes, country_codes = ids["series"].codes.astype(np.int64), ids["country_code"].codes
    if (ids["country_code"].categories == "").any() or (one_indicator and len(ids["series"].categories) > 1):
        return None
    if len(np.unique(series_codes * len(ids["country_code"].categories) + country_codes)) < table.num_rows:
        return None  # identical rows the exact reader collapses, or conflicting ones it names
    order = np.lexsort((ids["country_name"].codes, country_codes, series_codes))

    year_positions = [i for i, name in enumerate(header) if i >= 4 and name]
    years = [header[i] for i in year_positions]
    by_year = np.argsort(years, kind="stable")
    filled = np.empty((table.num_rows, len(years)), dtype=bool)
    for k, j in enumerate(by_year):
        filled[:, k] = pc.binary_length(table.column(year_positions[j])).to_numpy(zero_copy_only=False) > 0
    if any(pc.any(pc.not_equal(table.column(i), "")).as_py() for i, name in enumerate(header)
           if i >= 4 and not name):
        return None  # text under the trailing unnamed column
    filled = filled[order]
    cell = np.flatnonzero(filled)  # row-major: sorted rows, then years in order
    if len(cell) == 0:
        return None
    row_rank = np.repeat(np.arange(len(order)), filled.sum(axis=1))
    year_rank = cell - row_rank * len(years)  # np.divmod would take 4x as long
    rows = order[row_rank]
    cells = pa.concat_arrays([chunk for i in year_positions for chunk in table.column(i).chunks])
    values = cells.take(pa.array(by_year[year_rank] * table.num_rows + rows))
    del cells, filled

    units = pd.Categorical([unit_of(name) for name in indicator_name.categories])
    unit_codes = units.codes[indicator_name.codes]
    money = units.categories.get_indexer([money_unit])[0]
    if not _all_numbers(values, unit_codes[rows] == money):
        return None

    def constant(text: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(len(rows), dtype=np.int8), [text])

    columns = {"source": constant(source_id),
               **{name: pd.Categorical.from_codes(cat.codes[rows], cat.categories)
                  for name, cat in ids.items()},
               "breakdown": constant(""),
               "period": pd.Categorical.from_codes(year_rank, sorted(years)),
               "basis": constant("calendar_year"),
               "value": values.to_pandas(),
               "unit": pd.Categorical.from_codes(unit_codes[rows], units.categories)}
    return pd.DataFrame({name: columns[name] for name in RAW_COLUMNS})
