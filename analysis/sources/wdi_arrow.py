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

from analysis.sources.rawio import RAW_COLUMNS

ID_COLUMNS = {"series": 3, "country_code": 1, "country_name": 0}  # raw column: its position in the file


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
            source,
            read_options=pacsv.ReadOptions(column_names=names),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # a row of another width, bytes that are not UTF-8, …
        return None
    finally:
        source.close()


def _take_numbers(cells: pa.Array, index: np.ndarray, money: np.ndarray) -> tuple[pa.Array, bool]:
    """Return ``cells.take(index)`` and whether every value taken is a finite number in rawio's
    number syntax, not negative (nor -0) where ``money``.

    pyarrow's text-to-float conversion accepts exactly that syntax plus a leading '+' and spellings
    of inf and nan (tests/test_wdi_arrow.py checks every string of up to five characters over
    '019.eE+-' and the known extras), so the check is: it converts, the numbers are finite, and no
    text starts with '+'. It refuses Unicode digits, which Python's ``re`` accepts: such a file
    goes to the exact reader.
    """
    values = cells.take(pa.array(index))
    try:
        numbers = pc.cast(values, pa.float64()).to_numpy()
    except pa.ArrowInvalid:
        return values, False
    return values, bool(
        np.isfinite(numbers).all()
        and not (np.signbit(numbers) & money).any()
        and not pc.any(pc.starts_with(values, "+")).as_py()
    )


def _filled_cells(
    table: pa.Table, year_columns: list[int], order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (table row, year rank) of every non-empty cell: rows in ``order``, then years in the
    order of ``year_columns`` (in-place arithmetic: each new 12-million-cell array costs page faults).
    """
    filled = np.empty((len(year_columns), table.num_rows), dtype=bool)  # one contiguous row per year
    for k, i in enumerate(year_columns):
        filled[k] = pc.binary_length(table.column(i)).to_numpy(zero_copy_only=False) > 0
    filled = np.ascontiguousarray(filled[:, order].T)  # rows in order × years
    year_rank = np.flatnonzero(filled)
    rank = np.repeat(np.arange(table.num_rows), filled.sum(axis=1))
    year_rank -= rank * len(year_columns)  # np.divmod would take 4x as long
    return order[rank], year_rank


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """Return a text column as a pandas Categorical with sorted categories."""
    return pd.Categorical(column.to_pandas())


def tidy_wide(
    path: Path,
    data_line: int,
    header: list[str],
    source_id: str,
    one_indicator: bool,
    unit_of: Callable[[str], str],
    money_unit: str,
) -> pd.DataFrame | None:
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
    if (ids["country_code"].categories == "").any() or (one_indicator and len(ids["series"].categories) > 1):
        return None
    series_codes, country_codes = ids["series"].codes.astype(np.int64), ids["country_code"].codes
    order = np.lexsort((ids["country_name"].codes, country_codes, series_codes))
    pair = (series_codes * len(ids["country_code"].categories) + country_codes)[order]
    if (pair[1:] == pair[:-1]).any():
        return None  # identical rows the exact reader collapses, or conflicting ones it names
    year_positions = [i for i, name in enumerate(header) if i >= 4 and name]
    if any(
        pc.any(pc.not_equal(table.column(i), "")).as_py()
        for i, name in enumerate(header)
        if i >= 4 and not name
    ):
        return None  # text under the trailing unnamed column
    years = [header[i] for i in year_positions]
    by_year = np.argsort(years, kind="stable")
    units = pd.Categorical([unit_of(name) for name in indicator_name.categories])
    unit_codes = units.codes[indicator_name.codes]
    # Two threads (pyarrow and numpy release the GIL): the year columns are concatenated while
    # the index of filled cells is built; each half of the values is then taken and checked on
    # its own core while this thread builds the other columns.
    with ThreadPoolExecutor(max_workers=2) as pool:
        cells = pool.submit(
            pa.concat_arrays, [chunk for i in year_positions for chunk in table.column(i).chunks]
        )
        rows, year_rank = _filled_cells(table, [year_positions[j] for j in by_year], order)
        if len(rows) == 0:
            return None
        index = by_year.take(year_rank)
        index *= table.num_rows
        index += rows
        money = unit_codes[rows] == units.categories.get_indexer([money_unit])[0]
        half = len(index) // 2
        parts = [
            pool.submit(_take_numbers, cells.result(), index[part], money[part])
            for part in (slice(0, half), slice(half, None))
        ]
        del index, money

        def constant(text: str) -> pd.Categorical:
            return pd.Categorical.from_codes(np.zeros(len(rows), dtype=np.int8), [text])

        columns = {
            "source": constant(source_id),
            **{name: pd.Categorical.from_codes(cat.codes[rows], cat.categories) for name, cat in ids.items()},
            "breakdown": constant(""),
            "period": pd.Categorical.from_codes(year_rank, sorted(years)),
            "basis": constant("calendar_year"),
            "unit": pd.Categorical.from_codes(unit_codes[rows], units.categories),
        }
        if not all(part.result()[1] for part in parts):
            return None
        columns["value"] = pa.chunked_array([part.result()[0] for part in parts]).to_pandas()
    return pd.DataFrame({name: columns[name] for name in RAW_COLUMNS}, copy=False)
