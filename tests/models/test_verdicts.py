"""The verdict rule on its own: hand-worked cases, its monotone property, and bad arguments."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.models import verdicts

ORDER = {"supported": 0, "overstated": 1, "understated": 1}


@pytest.mark.parametrize(
    "claimed, low, high, expected, distance",
    [
        (650, 533, 779, "supported", 0.0),  # inside the range (the non-monotone case)
        (500, 533, 779, "supported", (500 - 533) / 533 * 100),  # -6.19 %: within 10 %
        (110, 100, 100, "supported", 10.0),  # exactly the tolerance
        (111, 100, 100, "overstated", 11.0),
        (150, 100, 200, "supported", 0.0),
        (89, 100, 200, "understated", -11.0),
        (20, 10.87, 13.27, "overstated", (20 - 13.27) / 13.27 * 100),  # 50.7 % above
        (float("nan"), 100, 100, "not checkable", float("nan")),
        (100, float("nan"), float("nan"), "not checkable", float("nan")),
    ],
)
def test_verdict_rule(claimed, low, high, expected, distance):
    assert verdicts.verdict(claimed, low, high, 10.0) == expected
    got = verdicts.distance_pct(claimed, low, high)
    assert (math.isnan(got) and math.isnan(distance)) or got == pytest.approx(distance)


def test_inside_the_range_is_never_worse_than_outside_it():
    # the case: 650 inside 533–779 must not score worse than 500 outside it
    assert ORDER[verdicts.verdict(650, 533, 779)] <= ORDER[verdicts.verdict(500, 533, 779)]


def test_ranks_flip_direction():
    # claiming 2nd place when the evidence says 3rd-4th claims more: 33 % beyond the range
    assert verdicts.verdict(2, 3, 4, 10.0, lower_is_more=True) == "overstated"
    assert verdicts.verdict(6, 3, 4, 10.0, lower_is_more=True) == "understated"


def test_tolerance_widens_the_range_at_both_ends():
    assert verdicts.verdict(101, 100, 100, 0.0) == "overstated"
    assert verdicts.verdict(118, 100, 100, 10.0) == "overstated"
    assert verdicts.verdict(118, 100, 100, 20.0) == "supported"
    assert verdicts.verdict(82, 100, 100, 20.0) == "supported"
    assert verdicts.verdict(79, 100, 100, 20.0) == "understated"


values = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)
fractions = st.floats(min_value=0.0, max_value=1.0)


@given(values, values, values, fractions, st.floats(min_value=0.0, max_value=200.0), st.booleans())
def test_moving_a_claim_toward_the_evidence_never_worsens_its_verdict(c, a, b, step, tol, lower):
    low, high = min(a, b) + 1e-3, max(a, b) + 1e-3  # a range with a positive low end
    target = min(max(c, low), high)  # the nearest point of the evidence range
    closer = c + step * (target - c)  # a claim moved part of the way toward it
    far, near = verdicts.verdict(c, low, high, tol, lower), verdicts.verdict(closer, low, high, tol, lower)
    assert ORDER[near] <= ORDER[far]
    assert abs(verdicts.distance_pct(closer, low, high)) <= abs(verdicts.distance_pct(c, low, high)) + 1e-9
    if near != "supported":
        assert near == far  # still on the same side


@pytest.mark.parametrize("bad", [-1.0, float("nan"), -0.001])
def test_bad_tolerance_names_the_argument(bad):
    with pytest.raises(ValueError, match="tolerance_pct"):
        verdicts.verdict(100, 100, 100, bad)
    with pytest.raises(ValueError, match="tolerance_pct"):
        verdicts.rule_table(bad)


def test_bad_range_names_the_arguments():
    with pytest.raises(ValueError, match="evidence_low and evidence_high"):
        verdicts.verdict(100, 200, 100)
    with pytest.raises(ValueError, match="evidence_low and evidence_high"):
        verdicts.verdict(100, -1, 100)


def test_rule_table_states_the_tolerance():
    rule = verdicts.rule_table(5).set_index("verdict")["rule"]
    assert "widened by 5 %" in rule["supported"] and "more than 5 % above" in rule["overstated"]
