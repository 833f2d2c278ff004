"""Fiscal-year labels and period conversion (Pakistan Jul-Jun, India Apr-Mar, calendar years)."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core import periods


@pytest.mark.parametrize("label", ["FY24", "FY2024", "FY2023-24", "2023-24", "fy2023-2024"])
def test_every_spelling_means_july_2023_to_june_2024(label):
    assert periods.normalise_fy(label) == "FY2023-24"
    assert periods.bounds("FY2023-24", periods.FY_JUL_JUN) == (
        pd.Timestamp("2023-07-01"),
        pd.Timestamp("2024-06-30"),
    )


def test_india_fiscal_year_runs_april_to_march():
    assert periods.bounds("FY2024-25", periods.FY_APR_MAR) == (
        pd.Timestamp("2024-04-01"),
        pd.Timestamp("2025-03-31"),
    )


@pytest.mark.parametrize(
    "label,basis",
    [
        ("FY2024-26", periods.FY_JUL_JUN),
        ("2026-13", periods.MONTH),
        ("2019Q5", periods.QUARTER),
        ("24", periods.CALENDAR),
        ("FY2024-25 Mar-Jul", periods.FY_JUL_JUN_PARTIAL),
    ],
)
def test_impossible_labels_are_refused(label, basis):
    with pytest.raises(ValueError):
        periods.bounds(label, basis)


def test_nine_months_of_a_fiscal_year():
    assert periods.bounds("FY2024-25 Jul-Mar", periods.FY_JUL_JUN_PARTIAL) == (
        pd.Timestamp("2024-07-01"),
        pd.Timestamp("2025-03-31"),
    )


@given(st.integers(1950, 2100))
def test_label_round_trip(end_year):
    label = periods.fy_label(end_year)
    assert periods.fy_end_year(label) == end_year
    assert periods.normalise_fy(label[2:]) == label  # '2023-24' spelling
    start, end = periods.bounds(label, periods.FY_JUL_JUN)
    assert (start.year, start.month, end.year, end.month, end.day) == (end_year - 1, 7, end_year, 6, 30)


@given(st.integers(1990, 2040), st.integers(1, 12))
def test_month_falls_in_the_fiscal_year_that_contains_it(year, month):
    label = periods.month_to_year(pd.Period(f"{year}-{month:02d}", "M"), periods.FY_JUL_JUN)
    start, end = periods.bounds(label, periods.FY_JUL_JUN)
    assert start <= pd.Timestamp(year, month, 1) <= end
    assert periods.month_to_year(pd.Period(f"{year}-{month:02d}", "M"), periods.CALENDAR) == str(year)


@given(
    st.lists(st.floats(0, 1e4, allow_nan=False), min_size=36, max_size=36),
    st.sampled_from([periods.FY_JUL_JUN, periods.FY_APR_MAR, periods.CALENDAR]),
)
def test_year_sums_equal_their_months_and_partial_years_are_left_out(values, basis):
    months = pd.period_range("2020-03", periods=36, freq="M").strftime("%Y-%m")
    monthly = pd.DataFrame({"period": months, "value": values})
    years = periods.months_to_years(monthly, basis)
    # 36 months from March never align with a year boundary at both ends: 2 whole years, never 3
    assert len(years) == 2
    for row in years.itertuples():
        inside = pd.PeriodIndex(months, freq="M").to_timestamp()
        mask = (inside >= row.start) & (inside <= row.end)
        assert mask.sum() == 12
        assert row.value == pytest.approx(sum(v for v, m in zip(values, mask) if m))
