"""Claims check on a hand-built panel: evidence, readings of a share, attribution, distinct claims."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from panel_factory import curated_metadata, freelance_rows, make_panel

from analysis.models import claim_evidence, claims


def claim(claim_id, text, value, unit, kind, period="FY2024-25", basis="fiscal_year_jul_jun", attribution=""):
    return {
        "claim_id": claim_id,
        "quote": text,
        "claim": text,
        "value": value,
        "unit": unit,
        "period": period,
        "basis": basis,
        "iso3": "PAK",
        "attribution": attribution,
        "kind": kind,
    }


CLAIMS = pd.DataFrame(
    [
        claim(
            "count",
            "Pakistan has 2.3 million freelancers",
            2.3,
            "million persons",
            "count",
            "c.2025",
            "point_in_time",
        ),
        claim(
            "share_it",
            "Freelancers' remittances are nearly a fifth of total IT export revenue",
            20,
            "percent",
            "share",
        ),
        claim(
            "writing",
            "Writing, data entry and support services make up 20%",
            20,
            "percent",
            "share",
            "c.2025",
            "point_in_time",
        ),
        claim(
            "design",
            "Graphic design and animation makes up 25%",
            25,
            "percent",
            "share",
            "c.2025",
            "point_in_time",
        ),
        claim(
            "sbp",
            "Freelancers earned more than USD 500 million in FY2024-25",
            500,
            "USD million",
            "earnings",
            attribution="State Bank of Pakistan",
        ),
        claim(
            "payoneer",
            "Pakistan ranked 4th by freelance workforce size",
            4,
            "rank",
            "rank",
            "2020",
            "calendar_year",
            attribution="Payoneer",
        ),
        claim(
            "count_again",
            "This is Pakistan's workforce of 2.3 million freelancers",
            2.3,
            "million persons",
            "count",
            "c.2025",
            "point_in_time",
        ),
        claim("age", "Many freelancers are under 30", 50, "percent", "share", "c.2025", "point_in_time"),
        claim("old", "Freelancers earned USD 100 million", 100, "USD million", "earnings", "FY2010-11"),
    ]
)


PANEL = make_panel(freelance_rows())
FIGURES = curated_metadata(PANEL)


@pytest.fixture(scope="module")
def checked():
    return claims.check_claims(PANEL, CLAIMS, FIGURES).set_index("claim_id")


def test_value_verdicts_on_the_small_panel(checked):
    assert checked["value_verdict"].to_dict() == {
        "count": "supported",  # 2.3 m vs 2.32-3.0 m: -0.9 %
        "share_it": "overstated",  # 20 % vs 10.9-13.3 %: +50.7 %
        "writing": "overstated",  # 20 % vs 9.5-15.9 % (OLI 53 of 418 with its interval): +26.0 %
        "design": "supported",  # 25 % vs 27.4-36.3 %: -8.6 %
        "sbp": "supported",  # 500 vs 533.3-779: -6.25 %
        "payoneer": "supported",  # 4 vs ranks 3-4
        "count_again": "supported",
        "age": "not checkable",
        "old": "not checkable",
    }
    assert checked.loc["share_it", "distance_pct"] == pytest.approx((20 - 375 / 28.25) / (375 / 28.25) * 100)
    assert checked.loc["sbp", "distance_pct"] == pytest.approx((500 - 400 * 12 / 9) / (400 * 12 / 9) * 100)


def test_the_readings_of_a_fifth_use_the_articles_own_500():
    readings = claim_evidence.share_readings(PANEL, 500, "FY2024-25").set_index("reading")["share_pct"]
    assert readings.to_dict() == pytest.approx(
        {
            "SBP IT & ITeS exports": 500 / 3810 * 100,  # 13.12 %, the most direct reading
            "SBP IT & ITeS exports, freelancing outside it": 500 / (3810 + 500) * 100,  # 11.60 %
            "Economic Survey ICT exports, Jul–Mar": 375 / 2825 * 100,  # same nine months: 13.27 %
            "Economic Survey ICT exports, Jul–Mar, freelancing outside it": 375 / 3200 * 100,  # 11.72 %
            "MoITT IT, ITeS & freelancing exports": 500 / 4600 * 100,  # includes freelancing: 10.87 %
        }
    )


def test_share_claim_is_tested_with_every_reading(checked):
    row = checked.loc["share_it"]
    assert row["n_evidence"] == 5
    assert (row["evidence_low"], row["evidence_high"]) == pytest.approx((500 / 46, 375 / 28.25))
    assert "ITITES.EXP.SBP" in row["evidence"] and "500 / 3,810 × 100 = 13.1" in row["evidence"]


def test_sample_shares_carry_their_binomial_interval(checked):
    p = 53 / 418  # 12.68 %; half-width 1.96 * sqrt(p (1 - p) / 418) = 3.19 points
    half = 1.959963984540054 * math.sqrt(p * (1 - p) / 418)
    writing = checked.loc["writing"]
    assert (writing["evidence_low"], writing["evidence_high"]) == pytest.approx(
        ((p - half) * 100, (p + half) * 100)
    )
    assert "Clerical & Data Entry + Writing & Translation 53 of 418" in writing["evidence"]
    assert writing["evidence_dates"] == "2020-21" and writing["period"] == "c.2025"


def test_attribution_from_publisher_fields(checked):
    sbp = checked.loc["sbp"]
    assert sbp["attribution_verdict"] == "misattributed"
    note = sbp["attribution_note"]
    assert "no figure of this quantity has State Bank of Pakistan as its publisher" in note
    assert "Ministry of IT & Telecommunication (FL.EARN.MOITT, FL.EARN.MOITT_REMOTE)" in note
    assert "Finance Division, Pakistan Economic Survey (FL.EARN.ES_9M)" in note
    assert "ITITES.EXP.SBP" in note.split("publishes: ")[1]  # what SBP does publish
    payoneer = checked.loc["payoneer"]
    assert payoneer["attribution_verdict"] == "misattributed"
    assert payoneer["attribution_note"].endswith("Payoneer publishes: PAYONEER.EARN_GROWTH_RANK")
    assert checked.loc["count", "attribution_verdict"] == ""


def test_attribution_confirmed_when_a_figure_has_that_publisher():
    ilo = claims.check_claims(PANEL, CLAIMS.assign(attribution="International Labour Organization"), FIGURES)
    assert ilo.set_index("claim_id").loc["payoneer", "attribution_verdict"] == "publisher confirmed"
    # the same figures with the rank re-published by Payoneer: the claim becomes correctly attributed
    moved = FIGURES.assign(
        publisher=FIGURES["publisher"].where(FIGURES["series"] != "ILO.SUPPLY_RANK", "Payoneer")
    )
    again = claims.check_claims(PANEL, CLAIMS, moved).set_index("claim_id")
    assert again.loc["payoneer", "attribution_verdict"] == "publisher confirmed"


def test_distinct_claims_count_a_repeated_number_once(checked):
    distinct = claims.distinct_claims(checked.reset_index()).set_index("distinct_id")
    assert len(distinct) == len(CLAIMS) - 1  # count and count_again are one claim
    assert distinct.loc["count", "mentions"] == 2 and distinct.loc["count", "where"] == "count, count_again"
    assert distinct.loc["sbp", "misattributed"] == "sbp names State Bank of Pakistan"
    table = claims.distinct_table(distinct.reset_index())
    assert table.loc[0, "claimed"] == "2,300,000 persons"
    assert table.loc[0, "evidence"] == "2,320,000–3,000,000 persons"


def test_distinct_claims_without_any_misattribution():
    plain = claims.check_claims(PANEL, CLAIMS.assign(attribution=""), FIGURES)
    distinct = claims.distinct_claims(plain)
    assert (distinct["misattributed"] == "").all() and distinct["mentions"].sum() == len(CLAIMS)


def test_tolerance_table_at_5_10_20(checked):
    table = claims.tolerance_table(checked.reset_index(), [5, 10, 20]).set_index("distinct claim")
    design = table.loc["Graphic design and animation makes up 25%"]
    assert list(design[["5 %", "10 %", "20 %"]]) == ["understated", "supported", "supported"]
    counts = claims.verdict_counts(table.reset_index())
    assert counts.loc["supported"].tolist() == [2, 4, 4] and counts.loc["not checkable"].tolist() == [2, 2, 2]


@pytest.mark.parametrize("bad", [-5.0, float("nan")])
def test_bad_tolerance_names_the_argument(bad):
    with pytest.raises(ValueError, match="tolerance_pct"):
        claims.check_claims(PANEL, CLAIMS, FIGURES, bad)
    with pytest.raises(ValueError, match="tolerance_pct"):
        claims.tolerance_table(claims.check_claims(PANEL, CLAIMS, FIGURES), [bad])


def test_not_checkable_says_what_is_missing(checked):
    assert checked.loc["age", "reason"] == "no evidence metric fits this claim"
    assert checked.loc["old", "reason"] == "no freelancer_earnings evidence in the panel"
    assert math.isnan(checked.loc["old", "evidence_low"])


def test_sources_used_lists_the_evidence_rows_and_the_claims_table(checked):
    used = claims.sources_used(PANEL, checked.reset_index())
    assert list(used.columns) == ["source", "ref"]
    assert claims.CLAIMS_SOURCE in set(used["source"])
    named = {r for text in checked["evidence_refs"] for r in text.split("; ") if r}
    curated = set(used.loc[used["ref"] != "", "ref"])
    assert curated and curated <= named
