"""Any economy works: an economy lacking a series (or with too few years) is listed with a note saying
why, and the annual backtest, forecast and chart run on the others instead of crashing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from panel_factory import make_panel, oli, wdi

from analysis.figures import bars, charts
from analysis.models import forecast as fc
from analysis.models import workforce
from analysis.models.forecast import backtest as bt

ICT = "BX.GSR.CCIS.CD"
YEARS = range(2000, 2025)


def _growing(first: float, rate: float, seed: int) -> dict[int, float]:
    noise = np.random.default_rng(seed).normal(0, 0.02, len(YEARS))
    return {y: first * (1 + rate) ** i * np.exp(e) for i, (y, e) in enumerate(zip(YEARS, noise))}


ROWS = (
    wdi("PAK", ICT, _growing(300.0, 0.12, 1))
    + wdi("LKA", ICT, _growing(200.0, 0.08, 2))
    # Kenya: seven years only, enough to fit a model but too few for four backtest origins
    + wdi("KEN", ICT, {y: 100.0 + 10 * (y - 2018) for y in range(2018, 2025)})
    # Viet Nam: in the panel (its population) but without any ICT service exports or OLI sample
    + wdi("VNM", "SP.POP.TOTL", {2024: 100e6})
    + oli(
        "PAK",
        {("Software & Technology", "female"): 30, ("Writing & Translation", "male"): 70},
    )
)


@pytest.fixture(scope="module")
def panel():
    return make_panel(list(ROWS))


def test_coverage_names_the_missing_economy_and_the_short_one(panel):
    cover = bt.annual_coverage(panel, ["PAK", "LKA", "KEN", "VNM"], ICT, n_origins=4, horizon=3)
    assert cover["iso3"].tolist() == ["PAK", "LKA", "KEN", "VNM"]  # nothing dropped, order kept
    assert cover["modelled"].tolist() == [True, True, False, False]
    notes = cover.set_index("iso3")["note"]
    assert notes["PAK"] == "" and notes["LKA"] == ""
    assert notes["VNM"] == "no data in WDI for Viet Nam (VNM) since 2000"  # named from the panel
    # 4 origins of 3 years need 5 training years before them: 11 years; Kenya has 7
    assert notes["KEN"] == "only 7 years (2018–2024); the models need 11"
    vnm = cover.set_index("iso3").loc["VNM"]
    assert vnm["n_years"] == 0 and pd.isna(vnm["first_year"]) and pd.isna(vnm["last_year"])


def test_seven_years_are_enough_to_forecast_but_not_to_backtest(panel):
    fit_only = fc.annual_coverage(panel, ["KEN", "VNM"], ICT)
    assert fit_only["modelled"].tolist() == [True, False]
    assert fc.forecast_annual(panel, ["KEN"], ICT, horizon_years=2)["iso3"].tolist() == ["KEN", "KEN"]


def test_backtest_forecast_and_chart_run_on_the_economies_modelled(panel):
    cover = bt.annual_coverage(panel, ["PAK", "LKA", "KEN", "VNM"], ICT, n_origins=4)
    modelled = cover.loc[cover["modelled"], "iso3"].tolist()
    summary = bt.backtest_annual(panel, modelled, ICT, n_origins=4)
    assert set(summary["iso3"]) == {"PAK", "LKA"}
    annual = fc.forecast_annual(panel, modelled, ICT, horizon_years=3, model=bt.chosen_annual_models(summary))
    assert sorted(set(annual["iso3"])) == ["LKA", "PAK"] and len(annual) == 6
    fig = charts.annual_chart(panel, annual)
    assert len(fig.axes[0].get_legend().get_texts()) == 2
    # without the coverage check the missing economy is the crash the report used to end in
    with pytest.raises(ValueError, match="no rows of 'BX.GSR.CCIS.CD' for VNM"):
        bt.backtest_annual(panel, ["PAK", "VNM"], ICT, n_origins=4)


def test_an_economy_outside_the_oli_sample_is_listed_with_a_note(panel):
    sizes = workforce.oli_sample_sizes(panel, ["VNM", "PAK"])
    assert sizes["iso3"].tolist() == ["VNM", "PAK"]
    assert pd.isna(sizes["n_profiles"].iloc[0]) and sizes["n_profiles"].iloc[1] == 100
    assert sizes["note"].tolist() == ["no OLI 2020 sample profiles for Viet Nam (VNM)", ""]
    # the skill-mix chart of notebook 02 keeps the economy as a blank column: no bar, no crash
    mix = workforce.skill_mix(panel, iso3=["PAK", "VNM"])
    wide = mix.pivot(index="article_category", columns="iso3", values="oli_share_pct").reindex(
        columns=["PAK", "VNM"]
    )
    fig = bars.grouped_hbar(wide, title="t", ylabel="category", xlabel="percent", source="Source: test")
    assert len(fig.axes[0].patches) == wide["PAK"].notna().sum() > 0
