"""The quoted-sentence check: a curated value must stand in its sentence as a whole token, with its sign."""

from __future__ import annotations

import pytest

from analysis.sources.quotes import quote_has_number


@pytest.mark.parametrize(
    "quote, value, unit",
    [
        ("exports grew in FY12 and FY13", "12", "count"),  # part of a fiscal-year label
        ("source: https://example.org/report/500/table", "500", "USD million"),  # only inside an address
        ("remittances fell -12 percent", "12", "percent"),  # the sign flipped
        ("remittances rose 12 percent", "-12", "percent"),
        ("Rs12 a unit", "12", "count"),
        ("a total of 3.812 billion", "3.81", "USD billion"),  # a longer number
    ],
)
def test_a_number_that_is_not_the_value_as_written_is_not_found(quote, value, unit):
    assert not quote_has_number(quote, value, unit)


@pytest.mark.parametrize(
    "quote, value, unit",
    [
        ("earned $500 million (www.example.org)", "500", "USD million"),
        ("remittances fell -12 percent", "-12", "percent"),
        ("a range of 8.5-9 percent", "9", "percent"),
        ("USD 3.810 billion in FY2024-25", "3.81", "USD billion"),
        ("(12%) of all", "12", "percent"),
    ],
)
def test_the_value_as_written_is_found(quote, value, unit):
    assert quote_has_number(quote, value, unit)
