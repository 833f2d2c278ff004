"""Downside cases sized from curated figures: per-freelancer earnings fall; a channel closing relabels."""

from __future__ import annotations

import pandas as pd
import pytest
from panel_factory import make_panel
from test_scenarios import _panel

from analysis.models import downside
from analysis.models import scenarios as sc


def _with_figures() -> pd.DataFrame:
    extra = make_panel(
        [
            {
                "iso3": "WLD",
                "series": "WB.GIG_DEMAND_GROWTH",
                "period": "2016/2023Q1",
                "basis": "point_in_time",
                "start": pd.Timestamp("2016-01-01"),
                "end": pd.Timestamp("2023-03-31"),
                "value": 41.0,
                "unit": "percent",
            },
            {
                "iso3": "PAK",
                "series": "FL.LOWPAID_SHARE.PTA",
                "period": "c.FY2024-25",
                "basis": "point_in_time",
                "start": pd.Timestamp("2024-07-01"),
                "end": pd.Timestamp("2025-06-30"),
                "value": 23.0,
                "unit": "percent",
            },
        ]
    )
    return pd.concat([_panel(), extra], ignore_index=True)


PANEL = _with_figures()


def test_demand_growth_is_annualised_over_its_span():
    rate, why = downside.demand_growth_pct_per_year(PANEL)
    years = (pd.Timestamp("2023-03-31") - pd.Timestamp("2016-01-01")).days / 365.25 + 1 / 365.25
    assert rate == pytest.approx((1.41 ** (1 / years) - 1) * 100) and "41" in why


def test_downside_cases_are_sized_by_hand():
    cases = downside.downside_scenarios(PANEL, "FY2029-30")
    slump = cases["demand_slump"][0].overrides
    assert slump["earnings_per_freelancer_growth_pct_per_year"] == pytest.approx(
        -downside.demand_growth_pct_per_year(PANEL)[0]
    )
    ai = cases["ai_substitution"][0].overrides["earnings_per_freelancer_growth_pct_per_year"]
    assert (1 + ai / 100) ** 5 == pytest.approx(0.77 * 1.04**5)  # 23 % of earnings gone over five years
    table = downside.downside_table(PANEL, "FY2029-30").set_index("scenario")
    assert (table.loc[["demand_slump", "ai_substitution"], "per_freelancer_growth_pct_per_year"] < 0).all()
    closure = table.loc["channel_closure"]
    assert closure["recorded_vs_base_path_pct"] == pytest.approx(-50.0)  # half of formal receipts informal
    assert closure["income_vs_base_path_pct"] == pytest.approx(0.0, abs=1e-9)  # relabelled, not lost


def test_a_downside_path_can_end_below_its_base_year():
    slump = downside.downside_scenarios(PANEL, "FY2029-30")["demand_slump"][0]
    deeper = sc.Scenario("deeper", overrides={**slump.overrides, "adoption_growth_pct_per_year": -10.0})
    path = sc.project(PANEL, deeper, "FY2029-30")
    assert path["earnings_usd_million"].iloc[-1] < path["earnings_usd_million"].iloc[0]
