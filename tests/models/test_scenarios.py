"""Scenario engine, levers, Monte Carlo and tornado on a small hand-built panel with round numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from panel_factory import figure, make_panel, oli, wdi

from analysis.core import periods
from analysis.figures import bars, charts, labels
from analysis.models import lever_accounts as la
from analysis.models import lever_targets as lt
from analysis.models import levers as lv
from analysis.models import montecarlo as mc
from analysis.models import scenarios as sc

POP = {y: 200e6 * 1.02 ** (y - 2018) for y in range(2018, 2026)}  # grows exactly 2 % a year
INTERNET = {2018: 14.0, 2019: 15.0, 2020: 17.0, 2021: 20.0, 2022: 22.0, 2023: 24.0}  # +1, +2, +3, +2, +2
COST = {2015: 6.0, 2016: 5.5, 2017: 5.0, 2018: 5.0, 2019: 4.5, 2020: 4.0}
PAK_OLI = {
    ("Software & Technology", "male"): 20,
    ("Software & Technology", "female"): 5,
    ("Software & Technology", "not classified"): 5,
    ("Creative & Multimedia", "male"): 55,
    ("Creative & Multimedia", "female"): 10,
    ("Creative & Multimedia", "not classified"): 5,
    ("ALL OCCUPATIONS", "male"): 75,
    ("ALL OCCUPATIONS", "female"): 15,
    ("ALL OCCUPATIONS", "not classified"): 10,
}  # software 30/100, women 15/90
IND_OLI = {
    ("Software & Technology", "male"): 30,
    ("Software & Technology", "female"): 10,
    ("Creative & Multimedia", "male"): 40,
    ("Creative & Multimedia", "female"): 20,
    ("ALL OCCUPATIONS", "male"): 70,
    ("ALL OCCUPATIONS", "female"): 30,
}  # software 0.4, women 0.3
E0, N0 = 800.0, 2_000_000.0


def _panel(count: float = N0) -> pd.DataFrame:
    rows = (
        wdi("PAK", "SP.POP.TOTL", POP)
        + wdi("PAK", "SP.POP.1564.TO.ZS", {y: 60.0 for y in POP})
        + wdi("PAK", "IT.NET.USER.ZS", INTERNET)
        + wdi("PAK", "SI.RMT.COST.IB.ZS", COST)
        + oli("PAK", PAK_OLI)
        + oli("IND", IND_OLI)
        + [
            {"iso3": "PAK", "series": "FL.EARN.MOITT_REMOTE", "period": "FY2024-25", "value": E0},
            {
                "iso3": "PAK",
                "series": "FL.COUNT.GOV",
                "period": "2024-12",
                "basis": "point_in_time",
                "start": pd.Timestamp("2024-12-01"),
                "end": pd.Timestamp("2024-12-31"),
                "value": count,
                "unit": "persons",
            },
            {
                "iso3": "PAK",
                "series": "RPW.CORRIDOR_COST",
                "period": "2012-09",
                "breakdown": "from=SAU",
                "value": 3.0,
                "unit": "percent",
            },
        ]
    )
    return make_panel(rows)


PANEL = _panel()
FIXED = {"adoption_growth_pct_per_year": 0.0, "earnings_per_freelancer_growth_pct_per_year": 5.0}


def _users_ratio() -> float:
    """FY2025-26 / FY2024-25 working-age internet users, each FY the mean of its two calendar years."""
    p24, p25 = POP[2024], POP[2025]
    p26 = p25 * 1.02
    fy25 = (p24 * 0.26 + p25 * 0.28) / 2 * 0.6  # internet 24 % in 2023, +2 pp a year after
    fy26 = (p25 * 0.28 + p26 * 0.30) / 2 * 0.6
    return fy26 / fy25


def test_parameters_estimated_from_rows_with_ranges_and_refs():
    table = sc.parameters(PANEL).set_index("name")
    assert table.loc["population_growth_pct_per_year", "value"] == pytest.approx(2.0)
    internet = table.loc["internet_share_change_pp_per_year"]
    assert (internet["value"], internet["low"], internet["high"]) == pytest.approx((2.0, 1.0, 3.0))
    assert internet["ref"] == "IT.NET.USER.ZS PAK 2018-2023" and internet["kind"] == "estimated"
    assert table.loc["receive_cost_pct", ["value", "low", "high"]].tolist() == pytest.approx([4.0, 4.0, 6.0])
    assert table.loc["software_share", "value"] == pytest.approx(0.30)
    assert table.loc["female_share", "value"] == pytest.approx(15 / 90)
    assert table.loc["base_earnings_usd_million", "value"] == E0
    judgements = table[table["kind"] == "judgement"]
    assert (judgements["low"] <= judgements["value"]).all()
    assert (judgements["value"] <= judgements["high"]).all()
    assert set(table["kind"]) == {"estimated", "judgement"}


def test_default_lever_targets_come_from_peers_and_corridor():
    table = sc.lever_table(PANEL).set_index("parameter")
    assert table.loc["software_share", "default_target"] == pytest.approx(0.4)  # India, the peer ahead
    assert table.loc["female_share", "default_target"] == pytest.approx(0.3)
    assert table.loc["receive_cost_pct", "default_target"] == pytest.approx(3.0)  # cheapest corridor
    assert set(table["lever"]) == {"payment", "tax", "skills", "finance"}


def test_women_target_scales_peer_representation_to_pakistan_labour_force():
    # women's labour share F/(F+M): PAK 2020 20/(20+80) = 0.2, 2024 25/(25+75) = 0.25; IND 2020 0.3.
    # OLI female share: PAK 15/90 = 1/6 (representation 5/6), IND 0.3 (representation 1.0, ahead).
    # Target = 1.0 × Pakistan's latest labour share 0.25 (not India's raw 0.3).
    lfp = (
        wdi("PAK", lt.LFP_FEMALE, {2020: 20.0, 2024: 25.0})
        + wdi("PAK", lt.LFP_MALE, {2020: 80.0, 2024: 75.0})
        + wdi("IND", lt.LFP_FEMALE, {2020: 30.0})
        + wdi("IND", lt.LFP_MALE, {2020: 70.0})
    )
    panel = pd.concat([PANEL, make_panel(lfp)], ignore_index=True)
    assert lt.women_labour_share(panel, "PAK") == (pytest.approx(0.25), 2024)
    assert lt.women_labour_share(panel, "PAK", 2020) == (pytest.approx(0.2), 2020)
    assert lt.women_labour_share(PANEL, "PAK") is None
    table = sc.lever_table(panel).set_index("parameter")
    assert table.loc["female_share", "default_target"] == pytest.approx(0.25)
    assert "representation" in table.loc["female_share", "target_source"]
    assert "PAK 25.0 % (2024)" in table.loc["female_share", "evidence"]


def test_every_judged_target_says_so_and_gets_the_panel_evidence():
    banked = [
        figure(
            "FL.COUNT.BANKED",
            "2024-12",
            38_000.0,
            unit="persons",
            basis="point_in_time",
            start=pd.Timestamp("2024-12-01"),
            end=pd.Timestamp("2024-12-31"),
        ),
        figure("FINDEX.ACCOUNT", "2021", 21.0, unit="percent"),
    ]
    panel = pd.concat([PANEL, make_panel(banked)], ignore_index=True)
    table = sc.lever_table(panel).set_index("parameter")
    for name in ("formal_channel_share", "export_recorded_share"):
        assert table.loc[name, "target_source"].startswith("judgement")
        assert table.loc[name, "evidence"].startswith("not measured")
    # 38,000 of the 2,000,000 headcount = 1.9 %
    assert (
        "38,000 freelancers with a bank account (2024-12) = 1.9 %"
        in table.loc["formal_channel_share", "evidence"]
    )
    assert "PAK 21 (2021)" in table.loc["formal_channel_share", "evidence"]


def test_fiscal_year_is_the_mean_of_two_calendar_years():
    assert periods.fy_from_calendar_years(np.array([1.0, 3.0, 7.0])).tolist() == [2.0, 5.0]


def test_base_year_reproduces_published_figures_and_growth_by_hand():
    out = sc.project(PANEL, sc.Scenario("hand", overrides=FIXED), horizon="FY2025-26")
    assert out["fy"].tolist() == ["FY2024-25", "FY2025-26"]
    assert out.loc[0, "earnings_usd_million"] == pytest.approx(E0)
    assert out.loc[0, "freelancers_persons"] == pytest.approx(N0)
    assert out.loc[1, "freelancers_persons"] == pytest.approx(N0 * _users_ratio())
    assert out.loc[1, "earnings_usd_million"] == pytest.approx(E0 * _users_ratio() * 1.05)


def test_levers_by_hand_and_contributions_add_up():
    tax = sc.Scenario("tax", overrides=FIXED, levers={"export_recorded_share": 0.75})
    out = sc.project(PANEL, tax, horizon="FY2025-26")
    no_lever = E0 * _users_ratio() * 1.05
    assert out.loc[1, "earnings_usd_million"] == pytest.approx(no_lever * 0.75 / 0.6)
    assert out.loc[1, "lever_tax_usd_million"] == pytest.approx(no_lever * (0.75 / 0.6 - 1))
    finance = sc.Scenario("women", overrides=FIXED, levers={"female_share": 0.3})
    out = sc.project(PANEL, finance, horizon="FY2025-26")
    f0, rho = 15 / 90, 0.8  # men's count unchanged, women added earn 0.8 of a man
    assert out.loc[1, "freelancers_persons"] == pytest.approx(N0 * _users_ratio() * (1 - f0) / 0.7)
    women = (1 - f0) * (1 + rho * 0.3 / 0.7) / (1 - f0 + rho * f0)
    assert out.loc[1, "earnings_usd_million"] == pytest.approx(no_lever * women)
    reform = sc.project(PANEL, "reform")
    parts = reform.filter(regex="^lever_").sum(axis=1)
    gap = reform["earnings_usd_million"] - reform["no_lever_earnings_usd_million"]
    np.testing.assert_allclose(parts, gap, rtol=1e-12, atol=1e-9)
    assert (reform.filter(regex="^lever_").iloc[-1] > 0).all()


def test_levers_at_baseline_reproduce_base_scenario():
    base = sc.project(PANEL, "base")
    baseline = sc.parameters(PANEL).set_index("name")["value"]
    same = sc.Scenario("base", levers={n: baseline[n] for n in sc.LEVER_PARAMS})
    pd.testing.assert_frame_equal(sc.project(PANEL, same), base)


RAISES = {
    "receive_cost_pct": (-1, (0.0, 10.0)),
    "formal_channel_share": (1, (0.0, 1.0)),
    "export_recorded_share": (1, (0.0, 1.0)),
    "software_share": (1, (0.0, 1.0)),
    "female_share": (1, (0.0, 0.95)),
}  # direction that raises earnings, range tried


@settings(max_examples=12, deadline=None)
@given(name=st.sampled_from(sorted(RAISES)), a=st.floats(0, 1), b=st.floats(0, 1))
def test_raising_a_lever_never_lowers_earnings(name, a, b):
    sign, (lo, hi) = RAISES[name]
    weak, strong = sorted((lo + a * (hi - lo), lo + b * (hi - lo)), reverse=sign < 0)
    at = lambda t: sc.project(PANEL, sc.Scenario(levers={name: t}))["earnings_usd_million"]  # noqa: E731
    assert (at(strong) >= at(weak) - 1e-9).all()


@pytest.mark.parametrize(
    "scenario, horizon, match",
    [
        (
            sc.Scenario(overrides={"formal_channel_share": 1.5}),
            "FY2029-30",
            r"'formal_channel_share'.*\[0, 1\]",
        ),
        (
            sc.Scenario(overrides={"earnings_per_freelancer_growth_pct_per_year": -150}),
            "FY2029-30",
            r"'earnings_per_freelancer_growth_pct_per_year'.*\[-100, inf\]",
        ),
        (sc.Scenario(levers={"female_share": 1.0}), "FY2029-30", r"'female_share'.*\[0, 0.99\]"),
        (sc.Scenario(levers={"crypto": 1.0}), "FY2029-30", r"unknown lever 'crypto'"),
        (sc.Scenario(overrides={"gdp_growth": 1.0}), "FY2029-30", r"unknown parameter 'gdp_growth'"),
        ("base", "FY2020-21", r"'horizon'.*before the last data year FY2024-25"),
    ],
)
def test_invalid_parameters_raise_naming_them(scenario, horizon, match):
    with pytest.raises(ValueError, match=match):
        sc.project(PANEL, scenario, horizon=horizon)


def test_negative_count_raises():
    with pytest.raises(ValueError, match=r"'base_freelancers_persons'.*\[0, inf\]"):
        sc.project(_panel(count=-5.0))


def test_monte_carlo_percentiles_ordered_and_base_year_fixed():
    out = mc.monte_carlo(PANEL, "reform", draws=4000, seed=1)
    cols = [f"p{q}" for q in mc.PERCENTILES]
    assert (np.diff(out[cols].to_numpy(), axis=1) >= 0).all()
    first = out[out["fy"] == "FY2024-25"]
    np.testing.assert_allclose(first[cols].to_numpy(), [[E0] * 7, [N0] * 7], rtol=1e-9)
    assert (out["draws_outside_bins"] == 0).all() and (out["draws"] == 4000).all()


def test_monte_carlo_chunked_equals_unchunked_and_is_deterministic():
    one = mc.monte_carlo(PANEL, "reform", draws=20_000, seed=7)
    chunked = mc.monte_carlo(PANEL, "reform", draws=20_000, seed=7, chunk_size=3_000)
    pd.testing.assert_frame_equal(one, chunked, rtol=1e-9)
    other = mc.monte_carlo(PANEL, "reform", draws=20_000, seed=8)
    assert not np.allclose(one["p50"].iloc[1:6], other["p50"].iloc[1:6])


def test_monte_carlo_converges_as_draws_grow():
    def spread(draws):
        medians = [mc.monte_carlo(PANEL, "base", draws=draws, seed=s)["p50"].iloc[5] for s in (1, 2, 3, 4)]
        return np.ptp(medians)

    assert spread(40_000) < spread(400) / 3


def test_histogram_percentiles_match_exact_percentiles():
    x = np.random.default_rng(0).lognormal(7, 0.3, size=(50_000, 1))
    lo, hi = np.log([x.min() / 1.25]), np.log([x.max() * 1.25])
    hist = np.zeros((1, mc.N_BINS + 2), dtype=np.int64)
    assert mc._count(hist, x, lo, hi) == 0
    np.testing.assert_allclose(
        mc.histogram_percentiles(hist, lo, hi)[0], np.percentile(x, mc.PERCENTILES), rtol=5e-4
    )


def test_tornado_sorted_and_levers_matter_only_when_moved():
    base = mc.tornado(PANEL, "base").set_index("parameter")
    assert base["swing_usd_million"].is_monotonic_decreasing
    assert base.loc["female_relative_earnings_ratio", "swing_usd_million"] == 0
    horizon = sc.project(PANEL, "base")["earnings_usd_million"].iloc[-1]
    assert base["central_earnings_usd_million"].iloc[0] == pytest.approx(horizon)
    reform = mc.tornado(PANEL, "reform").set_index("parameter")
    assert reform.loc["female_relative_earnings_ratio", "swing_usd_million"] > 0


def test_scenario_bands_are_coherent_with_their_projections():
    out = mc.scenario_bands(PANEL, ("low", "base", "high"), draws=2000, seed=5).set_index("scenario")
    base = sc.project(PANEL, "base").iloc[-1]
    assert out.loc["base", "earnings_usd_million"] == pytest.approx(base["earnings_usd_million"])
    assert out.loc["low", "earnings_usd_million"] < out.loc["base", "earnings_usd_million"]
    band = ["mc_p10_usd_million", "mc_p50_usd_million", "mc_p90_usd_million"]
    assert (np.diff(out.loc["base", band].to_numpy(float)) > 0).all()
    lo, hi = out.loc["base", ["mc_p10_usd_million", "mc_p90_usd_million"]]
    assert lo < base["earnings_usd_million"] < hi
    # low and high fix every driver at an end; without levers nothing else moves earnings, so their
    # bands collapse onto their own paths (never a band lying above the low path)
    for name in ("low", "high"):
        np.testing.assert_allclose(
            out.loc[name, band].to_numpy(float), out.loc[name, "earnings_usd_million"], rtol=1e-9
        )
        assert out.loc[name, "band"] == f"drivers held at their {name} ends; the rest sampled"
    assert out.loc["base", "band"] == "all parameters sampled"
    below = out["base_draws_below_pct"]
    assert below["low"] <= below["base"] <= below["high"] and below.between(0, 100).all()


def test_parameters_a_scenario_sets_are_held_fixed_in_the_monte_carlo():
    fast = sc.Scenario("fast", overrides={"earnings_per_freelancer_growth_pct_per_year": 8.0})
    setup = sc.resolve(PANEL, fast)
    assert mc.held_fixed(setup) == {"earnings_per_freelancer_growth_pct_per_year"}
    assert "earnings_per_freelancer_growth_pct_per_year" not in mc.sampled_names(setup)
    assert "earnings_per_freelancer_growth_pct_per_year" in mc.sampled_names(setup, hold=False)
    assert set(lv.DRIVERS) <= mc.held_fixed(sc.resolve(PANEL, "low"))
    assert mc.held_fixed(sc.resolve(PANEL, "reform")) == set()


def test_the_tax_lever_reclassifies_and_adds_no_new_income():
    tax = sc.Scenario("tax", overrides=FIXED, levers={"export_recorded_share": 0.75})
    out = la.lever_effects(PANEL, tax, horizon="FY2025-26").set_index("lever")
    no_lever = E0 * _users_ratio() * 1.05  # recorded exports without levers
    assert out.loc["tax", "new_income_usd_million"] == pytest.approx(0.0, abs=1e-9)
    assert out.loc["tax", "recorded_change_usd_million"] == pytest.approx(no_lever * (0.75 / 0.6 - 1))
    assert out.loc["tax", "reclassification_usd_million"] == pytest.approx(no_lever * (0.75 / 0.6 - 1))
    assert out.loc["tax", "recorded_change_pct"] == pytest.approx(25.0)
    assert not out.loc["payment", "moved"] and out.loc["payment", "recorded_change_usd_million"] == 0
    assert (
        "judgement" not in out.loc["tax", "target_basis"]
        and "set by the user" in out.loc["tax", "target_basis"]
    )


def test_lever_contributions_add_up_in_both_accounts_and_rank_by_new_income():
    reform = la.lever_effects(PANEL, "reform").set_index("lever")
    levers, package = reform.drop("package"), reform.loc["package"]
    for account, total in (
        ("new_income", "new_income_usd_million"),
        ("recorded", "recorded_change_usd_million"),
    ):
        assert levers[f"contribution_{account}_usd_million"].sum() == pytest.approx(package[total])
    assert list(levers["new_income_usd_million"]) == sorted(levers["new_income_usd_million"], reverse=True)
    path = sc.project(PANEL, "reform").iloc[-1]
    assert package["recorded_usd_million"] == pytest.approx(path["earnings_usd_million"])
    assert package["income_usd_million"] == pytest.approx(path["income_usd_million"])
    split = levers["recorded_from_new_income_usd_million"] + levers["reclassification_usd_million"]
    assert np.allclose(split, levers["recorded_change_usd_million"])


def test_a_partial_lever_targets_moves_the_other_levers_to_their_defaults():
    targets = la.complete_targets({"receive_cost_pct": 2.0})
    assert targets["receive_cost_pct"] == 2.0 and set(targets.values()) == {2.0, "default"}
    assert list(targets) == list(sc.LEVER_PARAMS)
    with pytest.raises(ValueError, match="'lever_targets' names \\['tax_rate'\\]; allowed: receive_cost_pct"):
        la.complete_targets({"tax_rate": 0.1})


def test_an_override_that_changes_no_result_is_refused_with_why():
    with pytest.raises(ValueError, match="'software_earnings_premium_ratio' = 2.0 changes no result"):
        sc.resolve(PANEL, sc.Scenario("x", overrides={"software_earnings_premium_ratio": 2.0}))
    sc.resolve(
        PANEL,
        sc.Scenario(
            "x", overrides={"software_earnings_premium_ratio": 2.0}, levers={"software_share": "default"}
        ),
    )  # with the skills lever it matters


def test_package_gain_grows_as_the_levers_phase_in():
    gains = la.by_horizon(PANEL, "reform", "FY2029-30")
    assert gains["new_income_usd_million"].iloc[0] == 0 and gains["phase_in_pct"].iloc[-1] == 100
    assert (gains["new_income_usd_million"].diff().dropna() > 0).all()


def test_charts_have_titles_units_and_sources():
    projections = pd.concat([sc.project(PANEL, s) for s in ("low", "base")])
    bands = mc.monte_carlo(PANEL, "base", draws=500, seed=1)
    ax = charts.scenario_chart(projections, title="Scenarios", source="Source: test", bands=bands).axes[0]
    assert ax.get_ylabel() == "USD million per fiscal year"
    assert [t.get_text() for t in ax.get_xticklabels()] == sc.project(PANEL, "base")["fy"].tolist()
    assert "base: Monte Carlo 5–95 %" in [t.get_text() for t in ax.get_legend().get_texts()]
    fig = bars.tornado_chart(mc.tornado(PANEL, "reform"), source="Source: test", top=4)
    assert len(fig.axes[0].get_yticklabels()) == 4 and fig.get_supxlabel() == "Source: test"
    top4 = mc.tornado(PANEL, "reform").head(4)
    # labelled by parameter, largest swing at the top (last category is drawn highest)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        f"{labels.parameter_label(p)} ({k})" for p, k in zip(top4["parameter"][::-1], top4["kind"][::-1])
    ]
    assert not any("_" in t.get_text() for t in fig.axes[0].get_yticklabels())  # words, not parameter names
    for account in ("new_income", "recorded"):
        fig = bars.waterfall_chart(la.lever_effects(PANEL, "reform"), source="Source: test", account=account)
        assert [t.get_text() for t in fig.axes[0].get_xticklabels()][-1] == "package"
