"""Growth-model checks: base figures by definition (×12/9 for Jul–Mar), the back-cast by hand, bad years."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from panel_factory import make_panel, oli, wdi
from test_scenarios import COST, INTERNET, PAK_OLI, POP

from analysis.models import levers as lv
from analysis.models import validation as va


def _panel() -> pd.DataFrame:
    rows = (
        wdi("PAK", "SP.POP.TOTL", POP)
        + wdi("PAK", "SP.POP.1564.TO.ZS", {y: 60.0 for y in POP})
        + wdi("PAK", "IT.NET.USER.ZS", INTERNET)
        + wdi("PAK", "SI.RMT.COST.IB.ZS", COST)
        + oli("PAK", PAK_OLI)
        + [
            {"iso3": "PAK", "series": "FL.EARN.MOITT", "period": "FY2020-21", "value": 100.0},
            {"iso3": "PAK", "series": "FL.EARN.MOITT", "period": "FY2021-22", "value": 110.0},
            {"iso3": "PAK", "series": "FL.EARN.ES_9M", "period": "FY2021-22 Jul-Mar", "value": 90.0},
            {"iso3": "PAK", "series": "FL.EARN.MOITT_REMOTE", "period": "FY2021-22", "value": 200.0},
            {
                "iso3": "PAK",
                "series": "FL.COUNT.GOV",
                "period": "2024-12",
                "basis": "point_in_time",
                "start": pd.Timestamp("2024-12-01"),
                "end": pd.Timestamp("2024-12-31"),
                "value": 2e6,
                "unit": "persons",
            },
        ]
    )
    return make_panel(rows)


PANEL = _panel()


def _fy_users(end_year: int) -> float:
    users = {y: POP[y] * INTERNET[y] / 100 * 0.6 for y in INTERNET}
    return (users[end_year - 1] + users[end_year]) / 2


def test_a_nine_month_base_is_annualised_by_the_named_conversion():
    fy, value, _, ref, conversion = lv.base_figure(PANEL, "FL.EARN.ES_9M")
    assert (fy, value) == ("FY2021-22", pytest.approx(120.0)) and "×12/9" in conversion
    assert lv.base_figure(PANEL, "FL.EARN.MOITT", "FY2020-21")[1] == 100.0
    with pytest.raises(ValueError, match=r"'base_fy' = 'FY2019-20': FL.EARN.MOITT has figures for"):
        lv.base_figure(PANEL, "FL.EARN.MOITT", "FY2019-20")


def test_backcast_by_hand_against_every_published_figure_of_the_year():
    back = va.backcast(PANEL, "FL.EARN.MOITT", "FY2020-21", "FY2021-22", draws=400, seed=1).set_index(
        "series"
    )
    model = (
        100.0 * _fy_users(2022) / _fy_users(2021) * 1.04
    )  # users' growth × judged 4 % per head, no adoption change
    assert back.loc["FL.EARN.MOITT", "model_usd_million"] == pytest.approx(model)
    assert back.loc["FL.EARN.MOITT", "error_pct"] == pytest.approx((model / 110.0 - 1) * 100)
    assert back.loc["FL.EARN.ES_9M", "published_usd_million"] == pytest.approx(120.0)  # ×12/9
    assert back.loc["FL.EARN.MOITT_REMOTE", "error_pct"] == pytest.approx((model / 200.0 - 1) * 100)
    assert not back.loc["FL.EARN.MOITT_REMOTE", "in_band"]  # 200 is far outside any band around ~123
    with pytest.raises(ValueError, match="'end_fy' = 'FY2020-21' must come after the base year"):
        va.backcast(PANEL, "FL.EARN.MOITT", "FY2020-21", "FY2020-21")


def test_base_uncertainty_shows_each_definition_and_a_pooled_band():
    table = va.base_uncertainty(PANEL, "FY2023-24", draws=400, seed=1).set_index("series")
    assert list(table.index[:3]) == list(va.BASE_DEFINITIONS)
    assert table.loc["FL.EARN.ES_9M", "base_usd_million"] == pytest.approx(120.0)
    pooled = table.iloc[-1]
    assert pooled["mc_p5_usd_million"] <= table["mc_p5_usd_million"].iloc[:3].max()
    assert pooled["mc_p95_usd_million"] >= table["mc_p95_usd_million"].iloc[:3].min()
    # the horizon value is proportional to the base: the same drivers from the same year
    ratio = (
        table.loc["FL.EARN.MOITT_REMOTE", "projection_usd_million"]
        / table.loc["FL.EARN.ES_9M", "projection_usd_million"]
    )
    assert ratio == pytest.approx(200.0 / 120.0)


def test_history_elasticity_of_earnings_to_internet_users_by_hand():
    table = va.historical_elasticities(PANEL).set_index("series")
    expected = math.log(110 / 100) / math.log(_fy_users(2022) / _fy_users(2021))
    assert table.loc["FL.EARN.MOITT", "elasticity"] == pytest.approx(expected)
    assert table.loc["FL.EARN.MOITT", "model_elasticity"] == 1.0
    assert va.working_age_internet_users(PANEL, "FY2021-22") == pytest.approx(_fy_users(2022))
    with pytest.raises(ValueError, match="IT.NET.USER.ZS for PAK has no 2024"):
        va.working_age_internet_users(PANEL, "FY2024-25")
