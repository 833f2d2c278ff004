"""The synthetic WDI bulk file of `make bench` (at a small size): every value read, the bad copy refused."""

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.sources.wdi import read_wdi_bulk
from benchmarks.bench_wdi import BAD_VALUE, make_wdi_bulk


def test_bulk_file_is_read_whole_and_its_bad_copy_is_named(tmp_path):
    made = make_wdi_bulk(tmp_path, economies=30, indicators=4, first_year=1960, last_year=2025)
    frame = read_wdi_bulk(made["bulk"], "wdi_bulk")
    assert len(frame) == made["values"]
    assert frame["series"].nunique() == 4 and frame["country_code"].nunique() == 30
    floor = pd.read_csv(made["bulk"])  # the benchmark's floor reads the same cells
    assert int(floor.iloc[:, 4:].notna().sum().sum()) == made["values"]
    with pytest.raises(DataError) as info:
        read_wdi_bulk(made["bad"], "wdi_bulk")
    err = info.value
    assert (err.row, err.column, err.found) == (made["bad_line"], made["bad_column"], BAD_VALUE)
