"""Claims check: the tolerance rule on its own, then every verdict class on a hand-built panel."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from panel_factory import freelance_rows, make_panel

from analysis.models import claims


@pytest.mark.parametrize(
    "claimed, low, high, expected",
    [
        (2.3, 2.32, 3.0, "supported"),  # 0.9 % below the low end
        (110, 100, 100, "supported"),  # exactly the 10 % tolerance
        (115, 100, 100, "roughly supported"),  # 15 %: within twice the tolerance
        (150, 100, 200, "roughly supported"),  # inside the range, 50 % / 25 % from its ends
        (125, 100, 100, "overstated"),  # 25 % above
        (75, 100, 100, "understated"),  # 25 % below
        (float("nan"), 100, 100, "not checkable"),
        (100, float("nan"), float("nan"), "not checkable"),
    ],
)
def test_verdict_rule(claimed, low, high, expected):
    assert claims.verdict(claimed, low, high, 10.0) == expected


def test_verdict_for_ranks_flips_direction():
    # claiming 2nd place when the evidence says 3rd-4th claims more than the evidence: 33 % off
    assert claims.verdict(2, 3, 4, 10.0, lower_is_more=True) == "overstated"
    assert claims.verdict(6, 3, 4, 10.0, lower_is_more=True) == "understated"


def test_verdict_tolerance_is_a_parameter():
    assert claims.verdict(101, 100, 100, 0.0) == "overstated"
    assert claims.verdict(118, 100, 100, 10.0) == "roughly supported"
    assert claims.verdict(118, 100, 100, 20.0) == "supported"


@pytest.mark.parametrize(
    "args, message",
    [
        ((100, 100, 100, -1.0), "tolerance_pct must be >= 0"),
        ((100, 200, 100, 10.0), "0 < low <= high"),
    ],
)
def test_verdict_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        claims.verdict(*args)


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
        claim("age", "Many freelancers are under 30", 50, "percent", "share", "c.2025", "point_in_time"),
        claim("old", "Freelancers earned USD 100 million", 100, "USD million", "earnings", "FY2010-11"),
    ]
)


@pytest.fixture(scope="module")
def checked():
    return claims.check_claims(make_panel(freelance_rows()), CLAIMS).set_index("claim_id")


def test_every_verdict_class_appears(checked):
    assert checked["verdict"].to_dict() == {
        "count": "supported",
        "share_it": "roughly supported",
        "writing": "overstated",
        "design": "understated",
        "sbp": "misattributed",
        "payoneer": "misattributed",
        "age": "not checkable",
        "old": "not checkable",
    }
    assert set(checked["verdict"]) == set(claims.VERDICTS)


def test_count_claim_against_headcount_range(checked):
    row = checked.loc["count"]
    assert row["claimed_in_evidence_unit"] == 2.3e6 and row["evidence_unit"] == "persons"
    assert (row["evidence_low"], row["evidence_high"]) == (2.32e6, 3.0e6)  # subsets left out
    assert "-0.9 % from 2,320,000" in row["computation"]


def test_share_of_it_exports_uses_same_month_ratios(checked):
    row = checked.loc["share_it"]
    # statement 15 %; 400 / 2,825 (both Jul–Mar) = 14.16 %; 779 / 4,600 (MoITT total) = 16.93 %
    assert row["n_evidence"] == 3
    assert row["evidence_low"] == pytest.approx(400 / 2825 * 100)
    assert row["evidence_high"] == pytest.approx(779 / 4600 * 100)
    assert "ITITES.EXP.SBP" not in row["evidence"]  # 779 is not a part of SBP's 3,810


def test_skill_claims_use_the_crosswalk(checked):
    assert checked.loc["writing", "evidence_high"] == pytest.approx(53 / 418 * 100)  # 12.68 %
    assert "Clerical & Data Entry + Writing & Translation" in checked.loc["writing", "evidence"]
    assert checked.loc["design", "evidence_low"] == pytest.approx(133 / 418 * 100)  # 31.82 %


def test_misattribution_overrides_the_value_and_says_why(checked):
    sbp = checked.loc["sbp"]
    # the value itself fits: 400 (Jul–Mar) ×12/9 = 533.3 and 779 give 533.3–779; 500 is 6.3 % below
    assert sbp["value_verdict"] == "supported"
    assert sbp["evidence_low"] == pytest.approx(400 * 12 / 9)
    assert "State Bank of Pakistan publishes none of the evidence series" in sbp["reason"]
    assert "ITITES.EXP.SBP FY2024-25 = 3,810" in sbp["reason"]
    payoneer = checked.loc["payoneer"]
    assert (payoneer["evidence_low"], payoneer["evidence_high"]) == (3, 4)
    assert "PAYONEER.EARN_GROWTH_RANK 2019Q2 = 4" in payoneer["reason"]


def test_not_checkable_says_what_is_missing(checked):
    assert checked.loc["age", "reason"] == "no evidence metric fits this claim"
    assert checked.loc["old", "reason"] == "no freelancer_earnings evidence in the panel"
    assert math.isnan(checked.loc["old", "evidence_low"])


def test_one_tolerance_for_all_claims():
    wider = claims.check_claims(make_panel(freelance_rows()), CLAIMS, tolerance_pct=20.0)
    assert wider.set_index("claim_id").loc["share_it", "verdict"] == "supported"  # 18.1 % <= 20 %


def test_rule_table_states_the_thresholds_verdict_applies():
    rule = claims.rule_table(5).set_index("verdict")["rule"]
    assert list(rule.index) == list(claims.VERDICTS)
    # 5 % tolerance: 105 vs 100 is supported, 110 (twice the tolerance) roughly supported, 111 overstated
    assert "within 5 %" in rule["supported"] and claims.verdict(105, 100, 100, 5) == "supported"
    assert (
        "within 10 %" in rule["roughly supported"] and claims.verdict(110, 100, 100, 5) == "roughly supported"
    )
    assert "more than 10 % above" in rule["overstated"] and claims.verdict(111, 100, 100, 5) == "overstated"
    with pytest.raises(ValueError, match="tolerance_pct must be >= 0"):
        claims.rule_table(-1)


def test_sources_used_lists_the_evidence_rows_and_the_claims_table(checked):
    panel = make_panel(freelance_rows())
    used = claims.sources_used(panel, checked.reset_index())
    assert list(used.columns) == ["source", "ref"]
    assert claims.CLAIMS_SOURCE in set(used["source"])
    # every curated figure named in the evidence is there, and nothing else curated
    named = {r for text in checked["evidence_refs"] for r in text.split("; ") if r}
    curated = set(used.loc[used["ref"] != "", "ref"])
    assert curated and curated <= named


def test_verdict_table_states_claim_and_evidence_in_one_unit(checked):
    table = claims.verdict_table(checked.reset_index()).set_index("claim_id")
    # 2.3 million persons claimed; headcounts 2.32 m (government) to 3.0 m (PTA)
    assert table.loc["count", "claimed"] == "2,300,000 persons"
    assert table.loc["count", "evidence"] == "2,320,000–3,000,000 persons"
    assert table.loc["design", "evidence"] == f"{133 / 418 * 100:.6g} percent"  # one figure: no range
    assert table.loc["old", "evidence"] == "" and table.loc["old", "verdict"] == "not checkable"
