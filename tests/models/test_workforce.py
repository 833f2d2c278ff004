"""Workforce profile on a small hand-built panel (published figures as in the vocabulary)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from panel_factory import freelance_rows, make_panel

from analysis.models import reconcile, workforce
from analysis.sources.series import SBP_REMITTANCES


@pytest.fixture(scope="module")
def panel():
    return make_panel(freelance_rows())


def test_counts_show_every_source_and_a_headcount_range(panel):
    counts = workforce.freelancer_counts(panel)
    assert len(counts) == 6  # five sources + the summary row
    summary = counts[counts["series"] == "RANGE"].iloc[0]
    # subsets (full-time 0.55 m, banked 38,000) are listed but kept out of the headcount range
    assert (summary["persons_low"], summary["persons_high"]) == (2.32e6, 3.0e6)
    assert "FL.COUNT.GOV" in summary["definition"] and "FL.COUNT.PTA" in summary["definition"]
    banked = counts[counts["series"] == "FL.COUNT.BANKED"].iloc[0]
    assert not banked["all_freelancers"] and banked["persons"] == 38000


def test_earnings_keep_nine_months_as_nine_months(panel):
    earn = workforce.freelancer_earnings(panel)
    es = earn[earn["period"] == "FY2024-25 Jul-Mar"].iloc[0]
    assert es["usd_million"] == 400 and es["months_covered"] == 9
    assert es["usd_million_annualised_x12_9"] == pytest.approx(400 * 12 / 9)  # 533.33
    assert "×12/9" in es["annualisation"]
    remote = earn[earn["series"] == "FL.EARN.MOITT_REMOTE"].iloc[0]
    assert remote["months_covered"] == 12 and math.isnan(remote["usd_million_annualised_x12_9"])
    assert earn[earn["series"] == "FL.EARN.PAFLA"].iloc[0]["basis"] == "calendar_year"


def test_earnings_per_freelancer_bounds_name_their_pairs(panel):
    per = workforce.earnings_per_freelancer(panel)
    low, high = per.iloc[0], per.iloc[1]
    # low: lowest earnings (PSEB 150 m) / highest count (PTA 3.0 m) = USD 50 a year
    assert low["bound"] == "low" and low["usd_per_year"] == pytest.approx(50.0)
    assert low["usd_per_month"] == pytest.approx(50 / 12)
    assert (low["earnings_series"], low["count_series"]) == ("FL.EARN.PSEB", "FL.COUNT.PTA")
    assert low["conversion"] == workforce.UNSTATED  # PSEB's span is not stated: said so
    # high: highest earnings (MoITT remote 779 m) / lowest count (2.32 m) = USD 335.78 a year
    assert high["usd_per_year"] == pytest.approx(779e6 / 2.32e6)
    assert (high["earnings_series"], high["count_series"]) == ("FL.EARN.MOITT_REMOTE", "FL.COUNT.GOV")


def test_earnings_per_freelancer_annualises_only_by_name(panel):
    grid = workforce.earnings_per_freelancer(panel, all_pairs=True)
    es = grid[grid["earnings_series"] == "FL.EARN.ES_9M"]
    assert set(es["conversion"]) == {workforce.ANNUALISE}
    assert es["earnings_usd_million_per_year"].iloc[0] == pytest.approx(533.333, abs=1e-3)
    assert len(grid) == 5 * 3  # five total definitions (parts left out) x three headcounts


def test_women_share_lists_published_and_oli_sample(panel):
    women = workforce.women_share(panel)
    oli_row = women[women["source"] == workforce.OLI].iloc[0]
    assert oli_row["female_share_pct"] == pytest.approx(52 / (52 + 304) * 100)  # 14.61 %
    assert oli_row["n_profiles"] == 356
    assert sorted(women["female_share_pct"].round(2)) == [14.61, 15.0, 21.0]


def test_crosswalk_shows_professional_services_as_unmapped():
    walk = workforce.skill_crosswalk()
    assert len(walk) == 6 and walk["oli_occupation"].is_unique
    prof = walk[walk["oli_occupation"] == "Professional Services"].iloc[0]
    assert prof["article_category"].startswith("unmapped")
    assert walk["article_category"].nunique() == 5  # four article categories + unmapped


def test_skill_mix_maps_oli_and_article_shares(panel):
    claims = pd.DataFrame(
        {
            "claim_id": ["s1", "s2", "s3", "s4"],
            "kind": ["share"] * 4,
            "claim": [
                "Web development and programming",
                "Graphic design and animation",
                "Digital marketing and SEO",
                "Writing, data entry, and support",
            ],
            "value": [40.0, 25.0, 15.0, 20.0],
        }
    )
    mix = workforce.skill_mix(panel, iso3="PAK", claims=claims).set_index("article_category")
    assert mix["oli_share_pct"].sum() == pytest.approx(100)
    # 117 software profiles of 418 = 27.99 %; clerical 41 + writing 12 = 53 of 418 = 12.68 %
    web = mix.loc["Web development and programming"]
    assert web["oli_share_pct"] == pytest.approx(117 / 418 * 100)
    assert (web["article_share_pct"], web["wb_software_share_pct"]) == (40.0, 42.2)
    writing = mix.loc["Writing, data entry and support services"]
    assert writing["oli_share_pct"] == pytest.approx(53 / 418 * 100)
    assert writing["oli_occupations"] == "Clerical & Data Entry + Writing & Translation"
    unmapped = mix.loc["unmapped (no article category)"]
    assert unmapped["oli_profiles"] == 47 and math.isnan(unmapped["article_share_pct"])
    assert (mix["n_profiles"] == 418).all() and (mix["n_all_occupations_rows"] == 418).all()


def test_reconcile_divides_same_months_only(panel):
    rec = reconcile.reconcile(panel, "FY2024-25")
    assert (rec["months_covered"] == rec["denominator_months"]).all()
    nine = rec[rec["months_covered"] == 9].set_index("computation")
    assert nine.loc["FL.EARN.ES_9M / ICT.EXP.ES_9M × 100", "share_pct"] == pytest.approx(400 / 2825 * 100)
    # Jul–Mar remittances: the named sum of nine months 3000..3080 = 27,360
    wr9 = nine.loc[f"FL.EARN.ES_9M / {SBP_REMITTANCES} × 100"]
    assert wr9["denominator_usd_million"] == pytest.approx(27360)
    assert "sum of 9 months Jul-Mar" in wr9["denominator_source"]
    full = rec[rec["months_covered"] == 12].set_index("computation")
    assert full.loc["FL.EARN.MOITT_REMOTE / ITITES.EXP.SBP × 100", "share_pct"] == pytest.approx(
        779 / 3810 * 100
    )
    assert full.loc[f"FL.EARN.MOITT_REMOTE / {SBP_REMITTANCES} × 100", "denominator_usd_million"] == 36660
    assert full.loc["FL.EARN.MOITT_REMOTE / ITITES_FL.EXP.MOITT × 100", "share_pct"] == pytest.approx(
        16.935, abs=1e-3
    )
    assert len(nine) == 2 and len(full) == 4  # ITITES, COMP, MoITT total, remittances


def test_reconcile_fy2023_24_has_no_full_year_pairs_for_nine_months(panel):
    rec = reconcile.reconcile(panel, "FY24")
    # only the Jul–Mar ICT figures of both vintages; SBP months for FY24 are not in this panel
    assert list(rec["denominator_usd_million"]) == [2283, 2284]
    assert rec["share_pct"].round(2).tolist() == [15.34, 15.33]


def test_reconcile_unknown_year_says_what_is_missing(panel):
    with pytest.raises(ValueError, match="no freelancer earnings figure inside FY2010-11"):
        reconcile.reconcile(panel, "FY2010-11")


def test_moitt_quoted_share_does_not_reproduce(panel):
    check = reconcile.check_quoted_share(panel, 14.77).iloc[0]
    assert check["computed_pct"] == pytest.approx(265.444 / 2616 * 100)  # 10.147 %
    assert not check["reproduces"] and "10.15 %" in check["note"]
    shares = reconcile.reconcile(panel, "FY2021-22").set_index(["computation"])
    assert shares.loc["FL.EARN.MOITT_IT / ICT.EXP.MOITT × 100", "share_pct"] == pytest.approx(
        10.147, abs=1e-3
    )


def test_quoted_share_can_come_from_a_curated_row():
    quoted = {
        "iso3": "PAK",
        "series": "FL.SHARE_ICT.MOITT",
        "period": "FY2021-22",
        "value": 14.77,
        "unit": "percent",
    }
    panel = make_panel(freelance_rows() + [quoted])
    check = reconcile.check_quoted_share(panel, "FL.SHARE_ICT.MOITT").iloc[0]
    assert check["quoted_pct"] == 14.77 and check["difference_pp"] == pytest.approx(14.77 - 10.147, abs=1e-3)
    with pytest.raises(ValueError, match="no FL.EARN.MOITT_IT value for FY2019-20"):
        reconcile.check_quoted_share(panel, 14.77, fy="FY2019-20")


def test_source_titles_join_curated_metadata(panel):
    figures = pd.DataFrame(
        {
            "figure_id": ["FL.COUNT.GOV|PAK|2024-12"],
            "source_title": ["CW Pakistan"],
            "url": ["https://example.org/a"],
        }
    )
    counts = workforce.source_titles(workforce.freelancer_counts(panel), figures)
    titled = counts.set_index("series")["source_title"]
    assert titled["FL.COUNT.GOV"] == "CW Pakistan" and titled["FL.COUNT.PTA"] == ""


def test_reconcile_says_what_each_ratio_is_set_against(panel):
    rec = reconcile.reconcile(panel, "FY2024-25")
    against = rec.set_index("computation")["against"]
    assert against[f"FL.EARN.MOITT_REMOTE / {SBP_REMITTANCES} × 100"] == reconcile.REMITTANCES
    assert against["FL.EARN.MOITT_REMOTE / ITITES.EXP.SBP × 100"] == reconcile.EXPORTS
    # the Jul–Mar remittance sum names its dataset, as the panel's own sum rows do
    wr9 = rec[(rec["months_covered"] == 9) & (rec["against"] == reconcile.REMITTANCES)].iloc[0]
    assert wr9["denominator_source"].startswith("sbp")
    table = reconcile.readable(rec)
    assert list(table.columns) == list(reconcile.READABLE.values())
    assert table["share, percent"].tolist() == rec["share_pct"].tolist()
