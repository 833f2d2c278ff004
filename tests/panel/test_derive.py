"""Derived series: ratios only where the denominator is positive and finite, the rest recorded."""

from __future__ import annotations

import numpy as np
import pytest
from panel_factory import make_panel, wdi

from analysis import load_panel
from analysis.panel.derive import derived

ICT = "BX.GSR.CCIS.CD"


def _published():
    return make_panel(
        wdi("PAK", ICT, {1990: 10.0, 1991: 20.0, 1992: 0.0, 1993: 30.0})
        + wdi("PAK", "SP.POP.TOTL", {1990: 1e6, 1991: 0.0, 1992: 2e6, 1993: 2e6})
        + wdi("PAK", "IT.NET.USER.ZS", {1990: 0.0, 1991: 1.0, 1992: 10.0, 1993: 10.0})
        + wdi("PAK", "NY.GDP.MKTP.CD", {1990: 100.0, 1991: 200.0, 1992: 300.0, 1993: -1.0})
    )


def test_ratios_skip_zero_or_negative_denominators_and_say_why():
    rows, left_out = derived(_published())
    assert np.isfinite(rows["value"]).all()
    per_user = rows[rows["series"] == f"{ICT}:per_internet_user"].set_index("period")["value"]
    assert sorted(per_user.index) == ["1992", "1993"]  # 1990: no internet users; 1991: no population
    assert per_user["1993"] == pytest.approx(30e6 / 200_000)  # USD 30 million / (2 million × 10 %)
    per_capita = rows[rows["series"] == f"{ICT}:per_capita"].set_index("period")["value"]
    assert "1991" not in per_capita.index and per_capita["1990"] == pytest.approx(10.0)
    gdp = rows[rows["series"] == f"{ICT}:pct_gdp"].set_index("period")["value"]
    assert "1993" not in gdp.index and gdp["1992"] == 0.0
    reasons = set(zip(left_out["series"], left_out["period"], left_out["reason"]))
    assert (f"{ICT}:per_internet_user", "1990", "internet users not positive") in reasons
    assert (f"{ICT}:per_capita", "1991", "population not positive") in reasons
    assert (f"{ICT}:pct_gdp", "1993", "GDP not positive") in reasons


def test_growth_from_a_zero_year_is_left_out_not_infinite():
    rows, left_out = derived(_published())
    yoy = rows[rows["series"] == f"{ICT}:yoy"].set_index("period")["value"]
    assert yoy["1991"] == pytest.approx(100.0) and yoy["1992"] == pytest.approx(-100.0)
    assert "1993" not in yoy.index  # from 0 to 30: no growth rate
    assert (f"{ICT}:yoy", "1993", "previous year not positive") in set(
        zip(left_out["series"], left_out["period"], left_out["reason"])
    )


def test_the_committed_panel_holds_only_finite_values():
    panel = load_panel()
    bad = panel[~np.isfinite(panel["value"])]
    assert bad.empty, bad[["series", "iso3", "period", "value"]].head().to_string()
