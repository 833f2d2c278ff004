"""Interval score, two-sided calibration, origin windows, Eid regressors, level shift and the fit cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from panel_factory import make_panel, monthly, wdi
from scipy.stats import norm

from analysis.figures import charts
from analysis.models import forecast as fc
from analysis.models.forecast import backtest as bt
from analysis.models.forecast import calendar, calibration, runner
from analysis.models.intervals import Z80
from analysis.sources.series import SBP_REMITTANCES

START = "2015-07"


def _values(n: int = 97, seed: int = 0) -> np.ndarray:
    t = np.arange(n)
    noise = np.random.default_rng(seed).normal(0, 0.03, n)
    return np.exp(np.log(1000) + 0.008 * t + 0.1 * np.sin(2 * np.pi * t / 12) + noise)


def _panel(values: np.ndarray) -> pd.DataFrame:
    return make_panel(monthly("PAK", SBP_REMITTANCES, START, list(values)))


MONTHLY = _panel(_values())  # July 2015 … July 2023


def test_interval_score_by_hand():
    # [10, 20], α = 0.2: width 10; a miss of 5 above or below adds (2/0.2)·5 = 50
    out = calibration.interval_score([10, 10, 10], [20, 20, 20], [15, 25, 5], alpha=0.2)
    np.testing.assert_allclose(out, [10.0, 60.0, 60.0])


def test_interval_score_on_a_known_distribution():
    # the central 80 % interval of N(0, 1) is ±z; its expected score is 4·φ(z)/α = 3.5100
    y = np.random.default_rng(1).standard_normal(400_000)
    expected = 4 * norm.pdf(Z80) / 0.2
    assert expected == pytest.approx(3.5100, abs=1e-4)
    assert calibration.interval_score(-Z80, Z80, y, 0.2).mean() == pytest.approx(expected, rel=0.01)
    # a band twice as wide scores worse although it covers more: sharpness counts
    assert calibration.interval_score(-2 * Z80, 2 * Z80, y, 0.2).mean() > expected


def test_interval_score_rejects_a_bad_alpha():
    with pytest.raises(ValueError, match="'alpha' = 1.5"):
        calibration.interval_score(0, 1, 0.5, alpha=1.5)


def test_wilson_interval_and_the_too_wide_flag_by_hand():
    # 15 of 15 inside: the Wilson lower bound is n / (n + z²) = 15 / (15 + 1.2816²) = 0.9013
    lo, hi = calibration.wilson_interval(15, 15, Z80)
    assert lo == pytest.approx(15 / (15 + Z80**2)) and lo == pytest.approx(0.9013, abs=1e-4)
    assert hi == pytest.approx(1.0)
    assert calibration.coverage_verdict(80, 100.0, 15) == "too wide"  # 0.80 < 0.9013
    assert calibration.coverage_verdict(95, 100.0, 15) == "consistent"  # 0.95 inside [0.9013, 1]
    assert calibration.coverage_verdict(80, 40.0, 15) == "too narrow"
    assert calibration.coverage_verdict(80, 80.0, 15) == "consistent"
    with pytest.raises(ValueError, match="'hits' = 16"):
        calibration.wilson_interval(16, 15)


def test_split_origins_selection_before_evaluation():
    windows = bt.split_origins(["2021-07", "2020-07", "2022-07", "2023-07", "2019-07"], 0.5)
    assert [o for o, w in windows.items() if w == "selection"] == ["2019-07", "2020-07"]
    assert [o for o, w in windows.items() if w == "evaluation"] == ["2021-07", "2022-07", "2023-07"]
    assert list(bt.split_origins(["a", "b"], 0.9).values()) == ["selection", "evaluation"]
    with pytest.raises(ValueError, match="'origins'"):
        bt.split_origins(["2020-07"])


def test_best_model_is_chosen_on_the_selection_window_only():
    summary = pd.DataFrame(
        {
            "window": ["selection", "selection", "evaluation", "evaluation"],
            "model": ["sarima", "ets", "sarima", "ets"],
            "mape_pct": [9.0, 10.0, 20.0, 5.0],  # ets wins the evaluation window, sarima the selection
        }
    )
    assert bt.best_model(summary) == "sarima"
    table = pd.DataFrame(
        {
            "window": ["selection"] * 4,
            "iso3": ["IND", "IND", "PAK", "PAK"],
            "model": ["drift", "ets_damped", "drift", "ets_damped"],
            "mape_pct": [5.0, 4.0, 3.0, 3.0],
        }
    )
    assert bt.chosen_annual_models(table) == {"IND": "ets_damped", "PAK": "drift"}  # tie: drift


def test_rolling_origins_are_quarterly_and_aligned_on_july():
    y = fc.monthly_series(MONTHLY)  # last month July 2023: the last full 12-month origin is August 2022
    origins = bt.rolling_monthly_origins(y, horizon=12, every_months=3, years=2)
    assert origins == ["2020-10", "2021-01", "2021-04", "2021-07", "2021-10", "2022-01", "2022-04", "2022-07"]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"origins": ["2014-01", "2020-01"]}, r"'origins' has \['2014-01'\]"),
        ({"origins": ["2018-07", "2030-01"]}, r"'origins' has \['2030-01'\]"),
        ({"horizon": 0}, r"'horizon' = 0"),
    ],
)
def test_invalid_backtest_arguments_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bt.backtest_monthly(MONTHLY, models=("ets",), train_start=START, use_cache=False, **kwargs)


def test_invalid_annual_backtest_arguments():
    panel = make_panel(
        wdi("PAK", "BX.GSR.CCIS.CD", {y: 100.0 * 1.1 ** (y - 2000) for y in range(2000, 2025)})
    )
    with pytest.raises(ValueError, match=r"'origins' has \[1990\]"):
        bt.backtest_annual(panel, "PAK", "BX.GSR.CCIS.CD", origins=[1990, 2020])
    with pytest.raises(ValueError, match=r"'horizon' = 0"):
        bt.backtest_annual(panel, "PAK", "BX.GSR.CCIS.CD", horizon=0)


def test_eid_dates_and_regressors_by_hand():
    dates = calendar.eid_dates(2024, 2024)
    assert dates["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-10", "2024-06-16"]
    assert dates["holiday"].tolist() == ["Eid al-Fitr", "Eid al-Adha"]
    # the 15 days before 10 April 2024 are 26 March – 9 April: 6 in March, 9 in April;
    # before 16 June: 1–15 June, all in June
    out = calendar.eid_regressors(pd.date_range("2024-03-01", periods=4, freq="MS"))
    np.testing.assert_allclose(out["pre_eid_fitr"], [0.4, 0.6, 0.0, 0.0])
    np.testing.assert_allclose(out["pre_eid_adha"], [0.0, 0.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="'pre_days' = 0"):
        calendar.eid_regressors(out.index, pre_days=0)


def test_sarima_eid_forecasts_with_future_regressors_deterministically():
    kw = {"horizon_months": 11, "seed": 4, "n_paths": 200, "model": "sarima_eid", "train_start": START}
    one, two = fc.forecast_monthly(MONTHLY, **kw), fc.forecast_monthly(MONTHLY, **kw)
    assert one.model == "sarima_eid" and len(one.monthly) == 11
    pd.testing.assert_frame_equal(one.fiscal_years, two.fiscal_years)


def test_level_shift_is_found_where_there_is_one_and_not_where_there_is_none():
    shifted = _values()
    shifted[72:] *= 1.3  # July 2021 on: a 30 % step in the level
    found = fc.level_shift_test(_panel(shifted), shift_month="2021-07", train_start=START)
    assert found["p_value"] < 0.01 and found["step_pct"] == pytest.approx(30, abs=5)
    none = fc.level_shift_test(MONTHLY, shift_month="2021-07", train_start=START)
    assert none["p_value"] > 0.05 and abs(none["step_pct"]) < 5
    with pytest.raises(ValueError, match="'shift_month' = '2030-01'"):
        fc.level_shift_test(MONTHLY, shift_month="2030-01", train_start=START)


def test_level_shift_forecasts_give_both_readings():
    out = fc.level_shift_forecasts(
        MONTHLY, shift_month="2021-07", train_start=START, horizon_months=11, seed=1, n_paths=200
    )
    assert out["reading"].tolist() == ["trend", "level shift"] and out["fy"].nunique() == 1
    with pytest.raises(ValueError, match="'model' = 'ets'"):
        fc.level_shift_forecasts(MONTHLY, model="ets", shift_month="2021-07", train_start=START)


def test_cache_reuses_a_result_and_parallel_equals_serial(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CACHE_DIR", tmp_path)
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"x": [1.0, 2.0]})

    first = runner.cached_frame("t", "key", compute)
    again = runner.cached_frame("t", "key", compute)
    pd.testing.assert_frame_equal(first, again)
    assert len(calls) == 1 and len(list(tmp_path.glob("t-*.pkl"))) == 1
    runner.cached_frame("t", "other key", compute)
    assert len(calls) == 2
    assert runner.run_tasks(abs, [-3, 1, -2], workers=2) == runner.run_tasks(abs, [-3, 1, -2], workers=1)
    with pytest.raises(ValueError, match="'workers' = 0"):
        runner.run_tasks(abs, [1], workers=0)


def test_backtest_cached_equals_fresh_and_parallel_equals_serial(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CACHE_DIR", tmp_path)
    kw = {"origins": ["2021-07", "2022-01"], "horizon": 6, "models": ("ets", "sarima"), "train_start": START}
    fresh = bt.backtest_monthly(MONTHLY, detail=True, use_cache=False, workers=1, **kw)
    cold = bt.backtest_monthly(MONTHLY, detail=True, workers=2, **kw)
    warm = bt.backtest_monthly(MONTHLY, detail=True, workers=2, **kw)
    pd.testing.assert_frame_equal(fresh, cold)
    pd.testing.assert_frame_equal(cold, warm)


def test_annual_chart_and_forecast_use_each_economys_chosen_model():
    exact = {y: 100 * 1.1 ** (y - 2000) for y in range(2000, 2025)}
    wobbly = {y: 500 * 1.05 ** (y - 2000) * (1.08 if y % 2 else 0.94) for y in range(2000, 2025)}
    panel = make_panel(wdi("PAK", "BX.GSR.CCIS.CD", exact) + wdi("IND", "BX.GSR.CCIS.CD", wobbly))
    chosen = {"PAK": "drift", "IND": "ets_damped"}
    table = fc.forecast_annual(panel, ["PAK", "IND"], "BX.GSR.CCIS.CD", horizon_years=2, model=chosen)
    assert table.groupby("iso3")["model"].first().to_dict() == {"IND": "ets_damped", "PAK": "drift"}
    ax = charts.annual_chart(panel, table).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "India (damped-trend ETS)",
        "Pakistan (random walk with drift)",
    ]
    assert "chosen-model forecast" in ax.get_title(loc="left")
