"""Monthly and annual forecasts and their backtests on small synthetic panels (few origins, fast)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from panel_factory import make_panel, monthly, wdi

from analysis.figures import charts
from analysis.models import forecast as fc
from analysis.models.forecast import backtest as bt
from analysis.sources.series import SBP_REMITTANCES

START, N_MONTHS = "2015-07", 97  # July 2015 … July 2023: FY2023-24 has one observed month


def _monthly_values(n: int = N_MONTHS, seed: int = 0) -> np.ndarray:
    t = np.arange(n)
    noise = np.random.default_rng(seed).normal(0, 0.03, n)
    return np.exp(np.log(1000) + 0.008 * t + 0.1 * np.sin(2 * np.pi * t / 12) + noise)


def _panel(values: np.ndarray) -> pd.DataFrame:
    return make_panel(monthly("PAK", SBP_REMITTANCES, START, list(values)))


MONTHLY = _panel(_monthly_values())
ETS23 = {"horizon_months": 23, "seed": 3, "n_paths": 500, "model": "ets", "train_start": START}
BANDS = ["lo95_usd_million", "lo80_usd_million", "median_usd_million", "hi80_usd_million", "hi95_usd_million"]


@pytest.fixture(scope="module")
def ets_forecast():
    return fc.forecast_monthly(MONTHLY, **ETS23)


def test_monthly_forecast_months_and_bands(ets_forecast):
    m = ets_forecast.monthly
    assert m["month"].iloc[0] == "2023-08" and m["month"].iloc[-1] == "2025-06" and len(m) == 23
    assert (np.diff(m[BANDS].to_numpy(), axis=1) > 0).all()
    assert ets_forecast.train_end == "2023-07" and ets_forecast.model == "ets"


def test_fiscal_year_totals_are_sums_of_their_months(ets_forecast):
    fy, m = ets_forecast.fiscal_years.set_index("fy"), ets_forecast.monthly
    july_2023 = _monthly_values()[-1]
    assert fy.loc["FY2023-24", ["months_observed", "months_forecast"]].tolist() == [1, 11]
    assert fy.loc["FY2023-24", "observed_usd_million"] == pytest.approx(july_2023)
    first_11 = m["mean_usd_million"][:11].sum()
    assert fy.loc["FY2023-24", "mean_usd_million"] == pytest.approx(july_2023 + first_11)
    assert fy.loc["FY2024-25", "mean_usd_million"] == pytest.approx(m["mean_usd_million"][11:].sum())
    assert "observed" in fy.loc["FY2023-24", "composition"]
    assert (np.diff(fy[BANDS].to_numpy(), axis=1) > 0).all()
    # the interval of a sum is narrower than the sum of the monthly intervals (bounds are not added)
    assert fy.loc["FY2024-25", "hi95_usd_million"] < m["hi95_usd_million"][11:].sum()


def test_monthly_forecast_is_deterministic(ets_forecast):
    again = fc.forecast_monthly(MONTHLY, **ETS23)
    pd.testing.assert_frame_equal(again.fiscal_years, ets_forecast.fiscal_years)
    pd.testing.assert_frame_equal(again.monthly, ets_forecast.monthly)


def test_horizon_ending_inside_a_fiscal_year_is_not_reported_as_a_whole_year():
    out = fc.forecast_monthly(MONTHLY, horizon_months=5, seed=1, n_paths=200, model="ets", train_start=START)
    assert out.fiscal_years.empty
    assert fc.default_horizon_months(pd.Timestamp("2026-07-01")) == 23  # Aug 2026 … Jun 2028


def test_sarima_fits_without_warnings_and_simulates():
    out = fc.forecast_monthly(
        MONTHLY, horizon_months=11, seed=2, n_paths=200, model="sarima", train_start=START
    )
    assert out.fiscal_years["fy"].tolist() == ["FY2023-24"] and out.converged


def test_backtest_uses_no_data_after_the_origin():
    kw = {"origins": ["2021-07", "2022-01"], "horizon": 6, "models": ("ets",), "train_start": START}
    kw |= {"detail": True, "use_cache": False}
    clean = bt.backtest_monthly(MONTHLY, **kw)
    values = _monthly_values()
    values[78:] *= 3  # month 78 = January 2022: corrupt the origin month and everything after
    dirty = bt.backtest_monthly(_panel(values), **kw)
    cols = ["model", "period", "point", "lo95", "lo80", "hi80", "hi95"]
    pd.testing.assert_frame_equal(clean[cols], dirty[cols])
    assert not np.allclose(clean["actual"], dirty["actual"])


def test_backtest_summary_reports_benchmark_and_beats_naive():
    out = bt.backtest_monthly(
        MONTHLY, origins=["2021-01", "2021-07", "2022-07"], horizon=12, models=("ets",), train_start=START
    )
    assert out.groupby("window")["n_origins"].first().to_dict() == {"evaluation": 2, "selection": 1}
    out = out[out["window"] == "evaluation"].set_index("model")
    assert set(out.index) == {"ets", bt.MONTHLY_BENCHMARK}
    assert out.loc["ets", "n_origins"] == 2 and out.loc["ets", "n_forecasts"] == 24
    assert out.loc["ets", "naive_mape_pct"] == out.loc[bt.MONTHLY_BENCHMARK, "mape_pct"]
    assert out.loc["ets", "beats_naive"] == (out.loc["ets", "mape_pct"] < out.loc["ets", "naive_mape_pct"])
    assert pd.isna(out.loc[bt.MONTHLY_BENCHMARK, "beats_naive"])
    assert out[["coverage_80_pct", "coverage_95_pct"]].stack().between(0, 100).all()


def test_seasonal_naive_by_hand():
    log_y = pd.Series(np.log(np.arange(1.0, 25.0)))  # two years: months 1..24
    mu, sd = bt.seasonal_naive_log(log_y, 13)
    assert np.exp(mu[0]) == pytest.approx(13.0) and np.exp(mu[11]) == pytest.approx(24.0)
    assert np.exp(mu[12]) == pytest.approx(13.0)  # step 13 = month 37: two years back is month 13
    assert sd[12] == pytest.approx(sd[0] * np.sqrt(2))


def _annual_panel() -> pd.DataFrame:
    exact = {y: 100 * 1.1 ** (y - 2000) for y in range(2000, 2025)}  # grows exactly 10 % a year
    wobbly = {y: 500 * 1.05 ** (y - 2000) * (1.08 if y % 2 else 0.94) for y in range(2000, 2025)}
    return make_panel(wdi("PAK", "BX.GSR.CCIS.CD", exact) + wdi("IND", "BX.GSR.CCIS.CD", wobbly))


def test_annual_drift_by_hand_and_ets_bands():
    panel = _annual_panel()
    drift = fc.forecast_annual(panel, "PAK", "BX.GSR.CCIS.CD", horizon_years=2, model="drift")
    last = 100 * 1.1**24
    assert drift["year"].tolist() == ["2025", "2026"]
    np.testing.assert_allclose(drift["median_usd_million"], [last * 1.1, last * 1.21], rtol=1e-9)
    ets = fc.forecast_annual(panel, ["PAK", "IND"], "BX.GSR.CCIS.CD", horizon_years=3)
    assert ets.groupby("iso3").size().to_dict() == {"IND": 3, "PAK": 3}
    assert (np.diff(ets[BANDS].to_numpy(), axis=1) >= 0).all()


def test_annual_backtest_against_drift():
    out = bt.backtest_annual(
        _annual_panel(), iso3=["IND"], series="BX.GSR.CCIS.CD", origins=[2018, 2019, 2020, 2021], horizon=2
    )
    out = out[out["window"] == "evaluation"]
    assert out["model"].tolist() == ["drift", "ets_damped"]
    assert out["n_forecasts"].tolist() == [4, 4]
    assert pd.isna(out["beats_naive"].iloc[0]) and isinstance(bool(out["beats_naive"].iloc[1]), bool)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"model": "prophet"}, r"'model' = 'prophet'"),
        ({"horizon_months": 0}, r"'horizon_months' = 0"),
    ],
)
def test_invalid_forecast_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fc.forecast_monthly(MONTHLY, train_start=START, **({"model": "ets"} | kwargs))


def test_stl_decomposition_multiplies_back_and_finds_the_seasonal_peak():
    out = fc.decompose_monthly(MONTHLY, train_start=START)
    assert out["month"].iloc[0] == START and len(out) == N_MONTHS
    rebuilt = out["trend_usd_million"] * (1 + out["seasonal_pct"] / 100) * (1 + out["remainder_pct"] / 100)
    np.testing.assert_allclose(rebuilt, out["observed_usd_million"], rtol=1e-9)
    # the synthetic seasonality is 0.1·sin(2πt/12) on logs with t = 0 in July, i.e. 100·(e^(0.1·sin) − 1)
    # percent: +10.5 % in October, −9.5 % in April, 0 in July and January; noise sd 3 %
    profile = out.groupby("calendar_month", sort=False)["seasonal_pct"].mean()
    true = 100 * np.expm1(0.1 * np.sin(2 * np.pi * np.arange(12) / 12))
    assert profile.index.tolist()[:4] == ["Jul", "Aug", "Sep", "Oct"]
    np.testing.assert_allclose(profile.to_numpy(), true, atol=4.0)
    assert profile.idxmax() in ("Sep", "Oct", "Nov") and profile.idxmin() in ("Mar", "Apr", "May")


def test_best_model_ignores_the_benchmark_and_breaks_ties_by_order():
    summary = pd.DataFrame({"model": ["ets", "sarima", bt.MONTHLY_BENCHMARK], "mape_pct": [10.0, 10.0, 5.0]})
    assert bt.best_model(summary) == "sarima"  # tie: first in MONTHLY_MODELS; naive is no candidate
    assert bt.best_model(summary.assign(mape_pct=[9.0, 10.0, 5.0])) == "ets"


def test_coverage_check_flags_too_narrow_and_too_wide():
    # 200 forecasts: an 80 % band holding 60 % is too narrow; a 95 % band holding 100 % too wide
    summary = pd.DataFrame(
        {
            "model": ["ets"],
            "n_forecasts": [200],
            "coverage_80_pct": [60.0],
            "coverage_95_pct": [100.0],
            "interval_score_80_pct": [1.0],
            "interval_score_95_pct": [2.0],
        }
    )
    out = bt.coverage_check(summary)
    assert out["interval"].tolist() == ["80 %", "95 %"]
    assert out["gap_pp"].tolist() == [-20.0, 5.0]
    assert out["verdict"].tolist() == ["too narrow", "too wide"]


def test_backtest_takes_the_origin_spacing_and_the_number_of_annual_origins():
    out = bt.backtest_monthly(
        MONTHLY, horizon=12, models=("ets",), train_start=START, every_months=6, years=2, use_cache=False
    )
    assert out["n_origins"].tolist() == [2, 2, 2, 2] and out["n_forecasts"].tolist() == [24] * 4
    annual = bt.backtest_annual(
        _annual_panel(), iso3="PAK", series="BX.GSR.CCIS.CD", horizon=2, n_origins=3, detail=True
    )
    assert sorted(annual["origin"].unique()) == ["2021", "2022", "2023"]  # last year observed: 2024
    assert annual.groupby("window")["origin"].unique().map(list).to_dict() == {
        "selection": ["2021"],
        "evaluation": ["2022", "2023"],
    }


def test_forecast_charts_carry_title_units_and_source(ets_forecast):
    fig = charts.monthly_chart(MONTHLY, ets_forecast, months_shown=12)
    ax = fig.axes[0]
    assert "ETS forecast" in ax.get_title(loc="left") and ax.get_ylabel() == "USD million per month"
    assert "State Bank of Pakistan" in fig.get_supxlabel()
    parts = fc.decompose_monthly(MONTHLY, train_start=START)
    ax = charts.monthly_chart(MONTHLY, parts=parts, months_shown=len(parts)).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["observed", "trend (STL)"]
    annual = fc.forecast_annual(_annual_panel(), ["PAK", "IND"], "BX.GSR.CCIS.CD", horizon_years=2)
    ax = charts.annual_chart(_annual_panel(), annual).axes[0]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "USD million (log scale)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["India", "Pakistan"]  # names, not codes


def test_the_fit_cache_folder_can_be_moved_by_the_environment(tmp_path):
    import subprocess
    import sys

    code = "from analysis.models.forecast import runner; print(runner.CACHE_DIR)"
    env = {**os.environ, "GIGS_FORECAST_CACHE": str(tmp_path / "fits")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(tmp_path / "fits")
