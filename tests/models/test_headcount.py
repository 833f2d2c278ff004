"""Headcount tiers: each tier's arithmetic by hand on a small panel, placement, ratios, bad tier names."""

from __future__ import annotations

import pandas as pd
import pytest
from panel_factory import figure, make_panel, wdi

from analysis.models import headcount, headcount_ratios


def _wld(series, breakdown, value, unit):
    return figure(series, "2021", value, iso3="WLD", breakdown=breakdown, unit=unit)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rows = [
        _wld("KASSI.PROFILES", "stage=registered", 100e6, "profiles"),
        _wld("KASSI.PROFILES", "stage=ever_worked", 10e6, "profiles"),
        _wld("KASSI.PROFILES", "stage=significantly_active", 2e6, "profiles"),
        _wld("WB.GIG_WORKERS", "bound=low", 50e6, "persons"),
        _wld("WB.GIG_WORKERS", "bound=high", 150e6, "persons"),
        figure("OLI.SUPPLY_SHARE", "2019", 10, breakdown="vintage=A", unit="percent"),
        figure("OLI.SUPPLY_SHARE", "2017", 5, breakdown="vintage=B;bound=low", unit="percent"),
        figure("OLI.SUPPLY_SHARE", "2017", 8, breakdown="vintage=B;bound=high", unit="percent"),
        figure("OLI.SUPPLY_SHARE", "2019", 20, iso3="IND", breakdown="vintage=A", unit="percent"),
        figure("GURU.TRANSACTED_SHARE", "2023", 2, unit="percent"),
        figure("GURU.PROFILES", "2023", 50_000, unit="profiles"),
        figure("FL.COUNT.GOV", "2024", 3e6, unit="persons"),
        figure("FL.COUNT.ACTIVE", "2023", 2e6, unit="persons"),
        figure("FL.COUNT.FULLTIME", "2023", 300_000, unit="persons"),
        figure("FL.COUNT.BANKED", "2024", 40_000, unit="persons"),
        figure("FL.EARN.PAFLA", "2023", 120),
        figure("FL.EARN.MOITT", "FY2021-22", 240),
        figure("FL.HOURLY_EARNINGS.PTA", "2024", 4, unit="USD per hour"),
        *wdi("PAK", "SL.TLF.TOTL.IN", {2023: 80e6}),
        *wdi("IND", "SL.TLF.TOTL.IN", {2023: 500e6}),
        *wdi("PAK", "NY.GDP.MKTP.CD", {2024: 300_000}),
        *wdi("PAK", "SP.POP.TOTL", {2024: 200e6}),
        *wdi("PAK", "PA.NUS.FCRF", {2024: 280}),
        *wdi("PAK", "PA.NUS.PPP", {2024: 70}),
    ]
    return make_panel(rows)


def _tier(table, tier):
    return headcount_ratios.tier_row(table, tier)


def test_supply_shares_by_vintage(panel):
    shares = headcount.supply_shares(panel).set_index("vintage")
    assert shares.loc["OLI A", ["share_low", "share_high"]].tolist() == pytest.approx([0.10, 0.10])
    assert shares.loc["OLI B", ["share_low", "share_high"]].tolist() == pytest.approx([0.05, 0.08])


def test_each_tier_by_hand(panel):
    routes = headcount.tier_routes(panel)
    tiers = headcount.tier_table(routes)
    # registered: Kässi 100 M x 10 % = 10 M; x 5-8 % = 5-8 M -> 5-10 M; Guru's 50,000 profiles a lower bound
    reg = _tier(tiers, "registered")
    assert (reg.persons_low, reg.persons_high, reg.lower_bound_persons) == pytest.approx((5e6, 10e6, 50_000))
    # ever worked: Kässi 10 M x 5-10 % = 0.5-1 M; registered x Guru 2 %: 10 M -> 200k, 5-8 M -> 100-160k
    ever = _tier(tiers, "ever_worked")
    assert (ever.persons_low, ever.persons_high, ever.routes) == pytest.approx((100_000, 1e6, 4))
    guru = routes[routes["route"].str.endswith("Guru.com transacted share")]
    assert sorted(guru["persons_high"]) == pytest.approx([160_000, 200_000])
    # active: World Bank 50-150 M x 5-10 % = 2.5-15 M, above the ever-worked tier's 1 M: flagged
    active = _tier(tiers, "active")
    assert (active.persons_low, active.persons_high) == pytest.approx((2.5e6, 15e6))
    assert active.check.startswith("whole range above the wider tier")
    assert active.lower_bound_persons == 40_000  # banked freelancers
    # significantly active: Kässi 2 M x 5-10 % = 100-200k; the 300k full-time count exceeds it
    sig = _tier(tiers, "significantly_active")
    assert (sig.persons_low, sig.persons_high, sig.lower_bound_persons) == pytest.approx(
        (100_000, 200_000, 300_000)
    )
    assert "lower bound above the range" in sig.check
    assert _tier(tiers, "registered").check == "nested"
    # the published 'active' count is shown but not inside the range it is tested against
    published = routes[routes["kind"] == "published"]
    assert published[["tier", "persons_low"]].values.tolist() == [["active", 2e6]]


def test_placement_of_national_counts(panel):
    tiers = headcount.tier_table(headcount.tier_routes(panel))
    placed = headcount.placement(panel, tiers, labour_force_persons=80e6).set_index("series")
    gov = placed.loc["FL.COUNT.GOV"]
    assert [gov[t] for t in headcount.TIERS] == ["below", "above", "within", "above"]
    assert gov["within_tiers"] == "active" and gov["pct_labour_force"] == pytest.approx(3.75)
    assert placed.loc["FL.COUNT.ACTIVE", "label_names_tier"] == "active"


def test_labour_force_shares_for_peers_with_shares(panel):
    shares = headcount_ratios.labour_force_shares(panel, ["PAK", "IND", "BGD"], year=2023)
    assert set(shares["iso3"]) == {"PAK", "IND"}  # BGD has no supply share: no route
    pak = shares[(shares.iso3 == "PAK") & (shares.tier == "registered")].iloc[0]
    assert (pak.pct_low, pak.pct_high) == pytest.approx((6.25, 12.5))  # 5-10 M of 80 M
    ind = shares[(shares.iso3 == "IND") & (shares.tier == "significantly_active")].iloc[0]
    assert ind.pct_low == pytest.approx(2e6 * 0.20 / 500e6 * 100)  # 400k of 500 M = 0.08 %
    assert headcount_ratios.labour_force(panel, 2023) == 80e6
    with pytest.raises(ValueError, match="SL.TLF.TOTL.IN has no 2019 value for PAK"):
        headcount_ratios.labour_force_shares(panel, "PAK", year=2019)


def test_earnings_per_freelancer_per_tier(panel):
    earn = headcount_ratios.earnings_by_tier(panel, gdp_year=2024)
    sig = _tier(earn, "significantly_active")
    # 120 M / 200k / 12 = 50 a month; 240 M / 100k / 12 = 200 a month
    assert (sig.usd_per_month_low, sig.usd_per_month_high) == pytest.approx((50, 200))
    assert (sig.hours_per_month_low, sig.hours_per_month_high) == pytest.approx((12.5, 50))  # at USD 4
    # GDP per head 300,000 M / 200 M = USD 1,500; PPP factor 280 / 70 = 4 international $ per USD
    assert (sig.ppp_dollars_per_month_low, sig.ppp_dollars_per_month_high) == pytest.approx((200, 800))
    assert (sig.pct_gdp_per_head_low, sig.pct_gdp_per_head_high) == pytest.approx((40, 160))
    gdp = headcount_ratios.gdp_per_head(panel, 2024)
    assert (gdp["usd"], gdp["ppp"]) == pytest.approx((1500, 6000))
    assert sig.earnings_low.startswith("FL.EARN.PAFLA") and sig.earnings_high.startswith("FL.EARN.MOITT")


def test_bad_tier_names_the_allowed_tiers(panel):
    earn = headcount_ratios.earnings_by_tier(panel, gdp_year=2024)
    with pytest.raises(
        ValueError, match="tier must be one of registered, ever_worked, active, significantly_active"
    ):
        headcount_ratios.tier_row(earn, "full_time")
    assert headcount.check_tier("active") == "active"


def test_missing_global_count_is_named(panel):
    small = panel[panel["series"] != "WB.GIG_WORKERS"]
    with pytest.raises(ValueError, match="WB.GIG_WORKERS with breakdown 'bound=low'"):
        headcount.tier_routes(small)
