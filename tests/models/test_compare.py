"""Peer comparison on a hand-built panel: units, growth arithmetic, gaps, missing cells, errors."""

from __future__ import annotations

import math

import pytest
from panel_factory import make_panel, wdi

from analysis.models import compare, reconcile

ICT = "BX.GSR.CCIS.CD"
ROWS = (
    # Pakistan: ICT exports grow 10 % a year; 200 m people, 25 % online (50 m users), GDP 300 bn
    wdi("PAK", ICT, {2019: 1000, 2020: 1100, 2021: 1210})
    + wdi("PAK", "SP.POP.TOTL", {2019: 200e6, 2020: 200e6, 2021: 200e6})
    + wdi("PAK", "NY.GDP.MKTP.CD", {2019: 300_000, 2020: 300_000, 2021: 300_000})
    + wdi("PAK", "IT.NET.USER.ZS", {2019: 25, 2020: 25, 2021: 25})
    + wdi("PAK", "SI.RMT.COST.IB.ZS", {2011: 6.59, 2020: 4.02})
    # India: no ICT value for 2021 (a peer with a missing year)
    + wdi("IND", ICT, {2019: 100_000, 2020: 110_000})
    + wdi("IND", "SP.POP.TOTL", {2019: 1000e6, 2020: 1000e6, 2021: 1000e6})
    + wdi("IND", "NY.GDP.MKTP.CD", {2019: 2_000_000, 2020: 2_000_000, 2021: 2_000_000})
    + wdi("IND", "IT.NET.USER.ZS", {2019: 40, 2020: 40, 2021: 40})
    # Bangladesh: internet share missing in 2021, so per internet user cannot be computed
    + wdi("BGD", ICT, {2019: 500, 2020: 600, 2021: 700})
    + wdi("BGD", "SP.POP.TOTL", {2019: 150e6, 2020: 150e6, 2021: 150e6})
    + wdi("BGD", "NY.GDP.MKTP.CD", {2019: 300_000, 2020: 300_000, 2021: 300_000})
    + wdi("BGD", "IT.NET.USER.ZS", {2019: 20, 2020: 20})
    # Viet Nam: in the panel but without any ICT service exports
    + wdi("VNM", "SP.POP.TOTL", {2021: 98e6})
)


@pytest.fixture(scope="module")
def panel():
    return make_panel(list(ROWS), derive=True)


def test_peer_metrics_units(panel):
    m = compare.peer_metrics(panel, iso3=["PAK", "IND"], start=2019, series=ICT)
    pak = m[(m["iso3"] == "PAK") & (m["year"] == 2019)].iloc[0]
    assert pak["usd_million"] == 1000
    assert pak["usd_per_capita"] == pytest.approx(5.0)  # 1,000 m USD / 200 m people
    assert pak["pct_of_gdp"] == pytest.approx(1000 / 300_000 * 100)  # 0.333 %
    assert pak["usd_per_internet_user"] == pytest.approx(20.0)  # 1,000 m USD / 50 m users
    assert pak["note"] == ""


def test_peer_metrics_missing_cells_are_kept_with_a_note(panel):
    m = compare.peer_metrics(panel, iso3=("PAK", "IND", "BGD", "VNM"), start=2019, series=ICT)
    assert len(m) == 4 * 3  # every economy x year, nothing dropped
    ind = m[(m["iso3"] == "IND") & (m["year"] == 2021)].iloc[0]
    assert math.isnan(ind["usd_million"]) and ind["note"] == f"no WDI value for IND {ICT} in 2021"
    bgd = m[(m["iso3"] == "BGD") & (m["year"] == 2021)].iloc[0]
    assert bgd["usd_million"] == 700 and math.isnan(bgd["usd_per_internet_user"])
    assert "no IT.NET.USER.ZS for BGD in 2021" in bgd["note"]
    assert (m.loc[m["iso3"] == "VNM", "note"].str.startswith("no WDI value for VNM")).all()


def test_cagr_and_index_arithmetic(panel):
    growth = compare.cagr(panel, "PAK", ICT, 2019, 2021).iloc[0]
    assert growth["cagr_pct"] == pytest.approx(10.0)  # 1000 -> 1210 in two years: 1.1^2
    bgd = compare.cagr(panel, ["BGD"], ICT, 2019, 2021).iloc[0]
    assert bgd["cagr_pct"] == pytest.approx(((700 / 500) ** 0.5 - 1) * 100)  # 18.32 %
    idx = compare.index_to_base(panel, "PAK", ICT, 2019).set_index("year")["index_base_100"]
    assert idx.to_dict() == pytest.approx({2019: 100.0, 2020: 110.0, 2021: 121.0})


def test_ranks_latest_common_year_and_coverage(panel):
    peers = ["PAK", "IND", "BGD"]
    assert compare.latest_common_year(panel, peers, ICT) == 2020  # India stops in 2020
    r = compare.ranks(panel, peers, ICT, 2021).set_index("iso3")
    assert (r.loc["PAK", "rank"], r.loc["BGD", "rank"]) == (1, 2)
    assert math.isnan(r.loc["IND", "rank"]) and "not ranked" in r.loc["IND", "note"]
    assert set(r["n_ranked"]) == {2}
    cov = compare.coverage(panel, peers + ["VNM"], ICT).set_index("iso3")
    assert cov.loc["IND", "last_year"] == 2020 and math.isnan(cov.loc["VNM", "last_year"])


def test_gap_to_peers_at_india_ratios(panel):
    gap = compare.gap_to_peers(panel, base="PAK", peers=("IND",)).set_index("metric")
    assert set(gap["year"]) == {2020}  # latest year both have all three ratios
    # India 2020: 110,000 m USD / 400 m users = USD 275 per user; x Pakistan's 50 m users
    per_user = gap.loc[ICT + ":per_internet_user"]
    assert per_user["implied_usd_million"] == pytest.approx(13_750)
    assert per_user["gap_usd_million"] == pytest.approx(13_750 - 1100)
    assert gap.loc[ICT + ":per_capita", "implied_usd_million"] == pytest.approx(110 * 200e6 / 1e6)
    assert gap.loc[ICT + ":pct_gdp", "implied_usd_million"] == pytest.approx(5.5 / 100 * 300_000)
    assert "IND's" in per_user["assumption"] and "as observed" in per_user["assumption"]


def test_gap_to_peers_takes_each_ratios_latest_common_year(panel):
    gap = compare.gap_to_peers(panel, peers="BGD").set_index("metric")["year"]
    # Bangladesh has no internet share for 2021: per internet user falls back to 2020, shown
    assert gap.to_dict() == {
        ICT + ":per_internet_user": 2020,
        ICT + ":per_capita": 2021,
        ICT + ":pct_gdp": 2021,
    }


def test_context_says_remittance_cost_years(panel):
    assert set(compare.context(panel, ["PAK", "BGD"])["year"]) == {2021}  # latest common ICT year
    ctx = compare.context(panel, "PAK", 2021).set_index("series")
    cost = ctx.loc["SI.RMT.COST.IB.ZS"]
    assert math.isnan(cost["value"]) and cost["latest_value"] == 4.02
    assert cost["note"] == "no value in 2021; latest 2020; series covers 2011–2020 only"
    assert ctx.loc["IT.NET.USER.ZS:persons", "value"] == pytest.approx(50e6)


def test_fiscal_year_meets_calendar_year_only_through_a_named_conversion(panel):
    with pytest.raises(
        ValueError, match="calendar-year data and FY2020-21 is a July–June fiscal year.*named conversion"
    ):
        compare.to_fiscal_year(panel, "PAK", ICT, "FY2020-21")
    fy = compare.to_fiscal_year(panel, "PAK", ICT, "FY21", "mean_of_calendar_years").iloc[0]
    assert fy["value"] == pytest.approx((1100 + 1210) / 2) and fy["period"] == "FY2020-21"
    assert "CY2020 + CY2021" in fy["derivation"]


def test_fiscal_earnings_against_calendar_exports_in_reconcile():
    earn = [{"iso3": "PAK", "series": "FL.EARN.MOITT", "period": "FY2020-21", "value": 396.243}]
    panel = make_panel(earn + list(ROWS), derive=True)
    rec = reconcile.reconcile(panel, "FY2020-21")
    assert not rec["computation"].str.contains(ICT).any()  # no conversion named: not compared
    rec = reconcile.reconcile(panel, "FY2020-21", calendar_conversion="mean_of_calendar_years")
    row = rec[rec["computation"] == f"FL.EARN.MOITT / {ICT} × 100"].iloc[0]
    assert row["denominator_usd_million"] == pytest.approx(1155)
    assert row["share_pct"] == pytest.approx(396.243 / 1155 * 100)  # 34.31 %


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda p: compare.peer_metrics(p, iso3=["PAK", "XXX"]), "unknown ISO3 code.*'XXX'"),
        (
            lambda p: compare.peer_metrics(p, "PAK", start=2022, end=2019),
            "empty window: start 2022 is after end 2019",
        ),
        (lambda p: compare.cagr(p, "PAK", ICT, 2021, 2019), "empty window"),
        (
            lambda p: compare.index_to_base(p, "PAK", ICT, 1990),
            "year 1990 is outside the data for PAK BX.GSR.CCIS.CD \\(data cover 2019–2021\\)",
        ),
        (lambda p: compare.cagr(p, "IND", ICT, 2019, 2021), "year 2021 is outside the data for IND"),
    ],
)
def test_invalid_arguments_say_what_was_wrong(panel, call, message):
    with pytest.raises(ValueError, match=message):
        call(panel)


def test_gap_assumption_names_the_denominator_unit(panel):
    gap = compare.gap_to_peers(panel, base="PAK", peers=("IND",)).set_index("metric")
    # Pakistan's GDP 300,000 USD million, 200 m people: the unit is printed beside the number
    assert gap.loc[ICT + ":pct_gdp", "assumption"].endswith("(300,000 USD million)")
    assert gap.loc[ICT + ":per_capita", "assumption"].endswith("(200,000,000 persons)")


def test_small_multiples_one_panel_per_key_in_house_colours(panel):
    from analysis.figures import charts, labels, plotting

    m = compare.peer_metrics(panel, iso3=["PAK", "BGD"], start=2019, series=ICT)
    long = m.melt(id_vars=["iso3", "year"], value_vars=list(compare.METRICS), var_name="metric")
    fig = charts.small_multiples(
        long,
        panel_by="metric",
        line_by="iso3",
        title="ICT exports",
        ylabel=compare.METRIC_UNITS,
        source="Source: test",
        titles=compare.METRIC_TITLES,
        log=["usd_million"],
        names=labels.country_names(panel, ["PAK", "BGD"]),
    )
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in shown] == [
        "Level (log scale)",
        "Per person",
        "Share of GDP",
        "Per internet user",
    ]
    assert shown[0].get_yscale() == "log" and shown[1].get_yscale() == "linear"
    assert shown[2].get_ylabel() == "percent of GDP"
    colours = {line.get_label(): line.get_color() for line in shown[0].get_lines()}
    # lines named by the panel's country names, in the house colours
    assert colours == {
        "Pakistan": plotting.country_colour("PAK"),
        "Bangladesh": plotting.country_colour("BGD"),
    }
    # one panel per economy, series told apart by line style in the economy's colour
    idx = compare.index_to_base(panel, ["PAK", "BGD"], ICT, 2019)
    fig = charts.small_multiples(
        idx,
        panel_by="iso3",
        line_by="series",
        title="Index",
        ylabel="index, 2019 = 100",
        source="Source: test",
        value="index_base_100",
        columns=3,
        order=["PAK", "IND", "BGD"],
        names=labels.country_names(panel, ["PAK", "BGD"]),
    )
    assert [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()] == ["Pakistan", "Bangladesh"]
    assert len(fig.axes) == 3 and not fig.axes[2].get_visible()


def test_comparison_set_keeps_economies_with_data_and_lists_the_rest(panel):
    year, kept, missing = compare.comparison_set(panel, ["PAK", "IND", "BGD", "VNM"], ICT, 2019)
    # Viet Nam has no ICT exports at all, so it does not hold the year back; India stops in 2020
    assert year == 2020 and kept == ["PAK", "IND", "BGD"]
    assert missing.to_dict("records") == [
        {
            "iso3": "VNM",
            "series": ICT,
            "year": 2019,
            "note": f"no value for VNM {ICT} in 2019 (none in any year)",
        },
        {
            "iso3": "VNM",
            "series": ICT,
            "year": 2020,
            "note": f"no value for VNM {ICT} in 2020 (none in any year)",
        },
    ]
    year, kept, missing = compare.comparison_set(panel, ["PAK", "IND"], ICT, 2019, end=2021, base_year=2020)
    assert (year, kept) == (2021, ["PAK"]) and missing["note"].tolist() == [f"no value for IND {ICT} in 2021"]
    # Viet Nam has population (2021 only) but no ICT exports: only the series it lacks is "none in any year"
    _, _, missing = compare.comparison_set(panel, ["PAK", "VNM"], [ICT, "SP.POP.TOTL"], 2019, end=2021)
    notes = missing.set_index(["series", "year"])["note"]
    assert notes[(ICT, 2021)].endswith("(none in any year)")
    assert notes[("SP.POP.TOTL", 2019)] == "no value for VNM SP.POP.TOTL in 2019"


def test_coverage_table_shows_years_as_years(panel):
    from analysis.figures import plotting

    cov = compare.coverage(panel, ["PAK", "VNM"], ICT)
    text = plotting.format_frame(cov, digits=0).set_index("iso3")
    # a year is a label, not a quantity: no thousands separator, blank when missing (VNM has no ICT)
    assert text.loc["PAK", "first_year"] == "2019" and text.loc["VNM", "last_year"] == ""
    assert text.loc["PAK", "n_years"] == "3" and cov["n_years"].max() == 3  # counts stay numbers


def test_gap_to_peers_without_a_peer_is_empty_with_its_columns(panel):
    # countries=["PAK", "VNM"]: VNM has no ICT exports, so no peer is left to compare with
    gap = compare.gap_to_peers(panel, base="PAK", peers=[])
    assert gap.empty and list(gap.columns) == compare.GAP_COLUMNS
