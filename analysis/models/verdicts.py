"""The verdict rule of the claims check: a claim against an evidence range, monotone by construction.

For a claimed value c, the evidence range [low, high] (the lowest and highest figure that measures
the same quantity; low = high for one figure) and a tolerance t (percent, one stated number for all
claims):

1. **supported** — c lies inside the range widened by t % at both ends, [low·(1 − t/100),
   high·(1 + t/100)] (inside [low, high] itself the distance is 0);
2. **overstated** / **understated** — c lies above / below the widened range; the margin is the
   claim's distance from the nearer end of the evidence range, in percent of that end.
   For ranks (1 = first) a smaller number is the bigger claim, so the direction flips.

Moving a claim toward the evidence never worsens its verdict: the distance to the range shrinks
or stays, and "supported" is a band around the range (tested as a property with hypothesis).
"""

from __future__ import annotations

import math

import pandas as pd

TOLERANCE_PCT = 10.0
VALUE_VERDICTS = ("supported", "overstated", "understated", "not checkable")


def check_tolerance(tolerance_pct: float) -> float:
    """Return ``tolerance_pct`` as a float; ValueError naming it when NaN or below 0."""
    value = float(tolerance_pct)
    if math.isnan(value) or value < 0:
        raise ValueError(f"tolerance_pct must be a number >= 0 (percent), got {tolerance_pct!r}")
    return value


def distance_pct(claimed: float, evidence_low: float, evidence_high: float) -> float:
    """Return the claim's signed distance (percent) from the nearer end of [low, high]; 0 inside it."""
    if any(pd.isna(v) for v in (claimed, evidence_low, evidence_high)):
        return float("nan")
    if evidence_low < 0 or evidence_high < evidence_low:
        raise ValueError(
            f"evidence_low and evidence_high must satisfy 0 <= evidence_low <= evidence_high, "
            f"got {evidence_low}..{evidence_high}"
        )
    if claimed > evidence_high:
        return (claimed - evidence_high) / evidence_high * 100 if evidence_high else math.inf
    if claimed < evidence_low:
        return (claimed - evidence_low) / evidence_low * 100
    return 0.0


def verdict(
    claimed: float,
    evidence_low: float,
    evidence_high: float,
    tolerance_pct: float = TOLERANCE_PCT,
    lower_is_more: bool = False,
) -> str:
    """Return the value verdict of a claim against an evidence range (rule: module docstring)."""
    tol = check_tolerance(tolerance_pct)
    gap = distance_pct(claimed, evidence_low, evidence_high)
    if math.isnan(gap):
        return "not checkable"
    if abs(gap) <= tol:
        return "supported"
    return "overstated" if (gap > 0) != lower_is_more else "understated"


def rule_table(tolerance_pct: float = TOLERANCE_PCT) -> pd.DataFrame:
    """Return the verdict rule of :func:`verdict` as a table (verdict, rule) for a tolerance in percent."""
    t = f"{check_tolerance(tolerance_pct):g} %"
    rules = [
        ("supported", f"the claim lies inside the evidence range widened by {t} at both ends"),
        (
            "overstated",
            f"the claim is more than {t} above the highest evidence figure; margin = its distance "
            "from that figure (ranks: a smaller number is the bigger claim)",
        ),
        ("understated", f"the claim is more than {t} below the lowest evidence figure (ranks: reversed)"),
        (
            "misattributed",
            "the claim names a publisher that publishes no figure of the quantity (publisher fields "
            "of the curated figures); shown beside the value verdict",
        ),
        ("not checkable", "no evidence metric fits the claim, or the panel holds no evidence for it"),
    ]
    return pd.DataFrame(rules, columns=["verdict", "rule"])
