"""Check the source article's claims against the panel: one tolerance rule, one evidence map.

The rule (:func:`verdict`), for a claimed value c and the evidence range [low, high] (the min and
max of every figure that measures the same thing, in the panel's unit; low = high for one figure)
and a tolerance t (percent, default 10):

1. supported — c is within t % of low or of high (|c − e| / e ≤ t/100 for e = low or high);
2. roughly supported — otherwise, c lies inside [low, high], or within 2t % of the nearer end;
3. overstated / understated — c is further than 2t % above high / below low.
   For ranks (1 = first) a smaller number is the bigger claim, so the direction flips.

Then, over the value verdict: **misattributed** when the claim names a publisher whose figures
in the panel do not include the evidence series (the publisher's tag, e.g. ``SBP``, is not part
of any evidence series code) — e.g. freelancer earnings "according to the State Bank", or
Payoneer's 2019 ranking (4th fastest *growth of earnings*, not workforce size); **not checkable**
when the claim's metric is unknown or the panel has no evidence for it.

The evidence map (:data:`EVIDENCE`), metric -> evidence:

* ``freelancer_count`` (kind count): latest headcount of all freelancers per source
  (FL.COUNT.GOV, FL.COUNT.ACTIVE, FL.COUNT.PTA; subsets such as full-time are left out);
* ``freelancer_earnings`` (kind earnings, a fiscal year): that year's freelancer earnings, whole-
  year figures as published, Jul–Mar figures through the named conversion ×12/9;
* ``share_of_it_exports`` (kind share, claim mentions IT exports): the published statement
  FL.SHARE_IT_EXPORTS.GOV within the year, and the year's same-months ratios of freelancer
  earnings to IT export totals: MoITT's total that includes freelancing (ITITES_FL.EXP.MOITT) and
  the Economic Survey's Jul–Mar ICT exports (ICT.EXP.ES_9M) — not SBP's IT & ITeS total, beside
  which MoITT reports its freelancing figure;
* ``skill_share`` (kind share, claim names an article skill category): the OLI 2020 sample share
  of Pakistan's profiles in the mapped occupations (:func:`analysis.models.workforce.skill_crosswalk`)
  and, for web development, the World Bank's FL.SOFTWARE_SHARE.WB;
* ``workforce_rank`` (kind rank): Pakistan's rank by size of online workforce from every source
  (OLI.SUPPLY_RANK all vintages, ILO.SUPPLY_RANK, PAFLA.GIG_ECONOMY_RANK).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core import periods
from analysis.models import reconcile, workforce
from analysis.panel.query import describe, primary, rows_of, source_label
from analysis.sources.curated import UNITS

TOLERANCE_PCT = 10.0
VERDICTS = ("supported", "roughly supported", "overstated", "understated", "misattributed", "not checkable")
HEADCOUNTS = [s for s, all_freelancers in workforce.COUNTS.items() if all_freelancers]
RANKS = ("OLI.SUPPLY_RANK", "ILO.SUPPLY_RANK", "PAFLA.GIG_ECONOMY_RANK")
# IT export totals a freelancer figure is set against: MoITT's total that includes freelancing,
# and the Economic Survey's Jul–Mar ICT exports (same publication and months as its freelancer figure).
IT_TOTALS = ("ITITES_FL.EXP.MOITT", "ICT.EXP.ES_9M")
SHARE_STATEMENT = "FL.SHARE_IT_EXPORTS.GOV"
# Publisher named in an attribution -> the tag its figures carry in series codes.
PUBLISHER_TAGS = {
    "State Bank of Pakistan": "SBP",
    "SBP": "SBP",
    "Payoneer": "PAYONEER",
    "PTA": "PTA",
    "PAFLA": "PAFLA",
    "MoITT": "MOITT",
    "PSEB": "PSEB",
    "World Bank": "WB",
    "ILO": "ILO",
    "Online Labour Index": "OLI",
}
EVIDENCE_COLUMNS = ["value", "series", "ref", "computation"]
CLAIMS_SOURCE = "article_claims"  # the curated table of the article's claims (a sources.yml id)
CAVEATS = {
    "freelancer_count": "headcounts differ in definition and date (c.2023 to c.FY2024-25)",
    "freelancer_earnings": "Jul–Mar figures enter only as ×12/9 annualisations (named in evidence)",
    "share_of_it_exports": "same-months ratios only; SBP's IT & ITeS total is left out because "
    "MoITT reports its freelancing figure beside it, not inside it",
    "skill_share": "evidence is the OLI 2020-21 sample of profiles (not workers; small n) and, for "
    "software, a World Bank figure c.2019-20; the article gives no base or source",
    "workforce_rank": "ranks by share of online workers observed, several vintages",
}


def verdict(
    claimed: float,
    evidence_low: float,
    evidence_high: float,
    tolerance_pct: float = TOLERANCE_PCT,
    lower_is_more: bool = False,
) -> str:
    """Return the value verdict of a claim against an evidence range (rule: module docstring)."""
    if tolerance_pct < 0:
        raise ValueError(f"tolerance_pct must be >= 0, got {tolerance_pct}")
    if any(pd.isna(v) for v in (claimed, evidence_low, evidence_high)):
        return "not checkable"
    if evidence_low <= 0 or evidence_high < evidence_low:
        raise ValueError(f"evidence range must satisfy 0 < low <= high, got {evidence_low}..{evidence_high}")
    tol = tolerance_pct / 100
    if any(abs(claimed - e) / e <= tol for e in (evidence_low, evidence_high)):
        return "supported"
    if evidence_low <= claimed <= evidence_high:
        return "roughly supported"
    nearest = evidence_high if claimed > evidence_high else evidence_low
    if abs(claimed - nearest) / nearest <= 2 * tol:
        return "roughly supported"
    above = claimed > evidence_high
    return "overstated" if above != lower_is_more else "understated"


def rule_table(tolerance_pct: float = TOLERANCE_PCT) -> pd.DataFrame:
    """Return the verdict rule of :func:`verdict` as a table (verdict, rule) for a tolerance in percent."""
    if tolerance_pct < 0:
        raise ValueError(f"tolerance_pct must be >= 0, got {tolerance_pct}")
    t, t2 = f"{tolerance_pct:g} %", f"{2 * tolerance_pct:g} %"
    rules = [
        ("supported", f"the claim is within {t} of the lowest or of the highest evidence figure"),
        (
            "roughly supported",
            f"otherwise, the claim lies inside the evidence range or within {t2} of its nearer end",
        ),
        (
            "overstated",
            f"the claim is more than {t2} above the highest evidence figure "
            "(ranks: a smaller number is the bigger claim)",
        ),
        ("understated", f"the claim is more than {t2} below the lowest evidence figure (ranks: reversed)"),
        (
            "misattributed",
            "over the value verdict: the publisher the claim names publishes none of the evidence series",
        ),
        ("not checkable", "no evidence metric fits the claim, or the panel holds no evidence for it"),
    ]
    return pd.DataFrame(rules, columns=["verdict", "rule"])


def sources_used(panel: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """Return the (source, ref) pairs of the panel rows behind checked claims' evidence, plus the claims.

    ``checked`` is :func:`check_claims` output; its ``evidence_refs`` name curated figure ids,
    dataset ids or series codes (a derivation in parentheses is ignored).
    """
    refs = {ref.split(" (")[0] for text in checked["evidence_refs"] for ref in text.split("; ") if ref}
    rows = panel[panel["ref"].isin(refs) | panel["source"].isin(refs) | panel["series"].isin(refs)]
    claims_row = pd.DataFrame({"source": [CLAIMS_SOURCE], "ref": [""]})
    return pd.concat([rows[["source", "ref"]].drop_duplicates(), claims_row], ignore_index=True)


def verdict_table(checked: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`check_claims` output as a reader's table: claimed value and evidence as text, verdict.

    Both numbers are in the evidence unit (e.g. '2,300,000 persons'); the evidence is its range, or
    its one figure; '' where there is none.
    """

    def text(v: float) -> str:
        return "" if pd.isna(v) else fmt(v)

    low, high = checked["evidence_low"].map(text), checked["evidence_high"].map(text)
    evidence = low.where(low == high, low + "–" + high)
    unit = " " + checked["evidence_unit"]
    return pd.DataFrame(
        {
            "claim_id": checked["claim_id"],
            "claim": checked["claim"],
            "claimed": checked["claimed_in_evidence_unit"].map(text) + unit,
            "evidence": evidence.where(evidence == "", evidence + unit),
            "n_evidence": checked["n_evidence"],
            "verdict": checked["verdict"],
        }
    )


def metric_of(claim: pd.Series) -> str:
    """Return the metric a claim measures (a key of EVIDENCE, or '' when none fits)."""
    text = str(claim["claim"]).lower()
    if claim["kind"] == "share":
        if "it export" in text:
            return "share_of_it_exports"
        return "skill_share" if _skill_category(text) else ""
    return {"count": "freelancer_count", "earnings": "freelancer_earnings", "rank": "workforce_rank"}.get(
        claim["kind"], ""
    )


def _skill_category(text: str) -> str:
    walk = workforce.skill_crosswalk()
    hits = walk[[bool(k) and k in text for k in walk["claim_keyword"]]]
    return hits["article_category"].iloc[0] if len(hits) else ""


def fmt(value: float) -> str:
    """Return a number as text: thousands separated, up to six significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.6g}"


def _figures(rows: pd.DataFrame) -> pd.DataFrame:
    label = rows["series"] + " " + rows["period"] + " = " + rows["value"].map(fmt)
    return pd.DataFrame(
        {
            "value": rows["value"],
            "series": rows["series"],
            "ref": source_label(rows),
            "computation": label.where(rows["breakdown"] == "", label + " [" + rows["breakdown"] + "]"),
        }
    )


def _in_fy(rows: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    start, end = reconcile.fy_bounds(claim["period"])
    return rows[(rows["start"] >= start) & (rows["end"] <= end)]


def _count_evidence(panel: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    rows = primary(rows_of(panel, HEADCOUNTS))
    return _figures(rows.sort_values("end").groupby("series").tail(1))


def _earnings_evidence(panel: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    earn = workforce.freelancer_earnings(panel)
    totals = (earn["vintage"] == "") & ~earn["series"].isin(workforce.EARNINGS_PARTS)
    earn = _in_fy(earn[totals], claim)
    nine = earn["months_covered"] == workforce.NINE_MONTHS
    value = earn["usd_million"].where(~nine, earn["usd_million_annualised_x12_9"])
    text = earn["series"] + " " + earn["period"] + " = " + earn["usd_million"].map(fmt).astype(str)
    text = text.where(~nine, text + " ×12/9 = " + value.map("{:,.1f}".format).astype(str))
    return pd.DataFrame(
        {"value": value, "series": earn["series"], "ref": earn["source"], "computation": text}
    )


def _share_evidence(panel: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    statement = _in_fy(rows_of(panel, SHARE_STATEMENT), claim)
    try:
        rec = reconcile.reconcile(panel, claim["period"])
    except ValueError:
        rec = pd.DataFrame(columns=reconcile.RECONCILE_COLUMNS)
    codes = rec["computation"].str.removesuffix(" × 100")
    rec = rec[codes.str.split(" / ").str[1].isin(IT_TOTALS)]
    arithmetic = (
        rec["numerator_usd_million"].map(fmt)
        + " / "
        + rec["denominator_usd_million"].map(fmt)
        + " × 100 = "
        + rec["share_pct"].map("{:.2f}".format)
    )
    ratios = pd.DataFrame(
        {
            "value": rec["share_pct"],
            "series": codes[rec.index],
            "ref": rec["numerator_source"] + "; " + rec["denominator_source"],
            "computation": rec["computation"] + ": " + arithmetic,
        }
    )
    return pd.concat([_figures(statement), ratios], ignore_index=True)


def _skill_evidence(panel: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    category = _skill_category(str(claim["claim"]).lower())
    mix = workforce.skill_mix(panel, iso3=claim["iso3"])
    row = mix[mix["article_category"] == category]
    counts = (
        row["oli_profiles"].map("{:.0f}".format)
        + " of "
        + row["n_profiles"].map("{:.0f}".format)
        + " profiles"
    )
    parts = [
        pd.DataFrame(
            {
                "value": row["oli_share_pct"],
                "series": workforce.OLI,
                "ref": workforce.OLI,
                "computation": "OLI 2020 sample: " + row["oli_occupations"] + " " + counts,
            }
        )
    ]
    if category == workforce.CROSSWALK[0][0]:
        parts.append(_figures(rows_of(panel, "FL.SOFTWARE_SHARE.WB", claim["iso3"])))
    return pd.concat(parts, ignore_index=True)


def _rank_evidence(panel: pd.DataFrame, claim: pd.Series) -> pd.DataFrame:
    return _figures(rows_of(panel, list(RANKS), claim["iso3"]))


EVIDENCE = {
    "freelancer_count": _count_evidence,
    "freelancer_earnings": _earnings_evidence,
    "share_of_it_exports": _share_evidence,
    "skill_share": _skill_evidence,
    "workforce_rank": _rank_evidence,
}


def check_claims(
    panel: pd.DataFrame, claims: pd.DataFrame, tolerance_pct: float = TOLERANCE_PCT
) -> pd.DataFrame:
    """Return one row per claim: claimed value, evidence range and refs, rule applied, verdict, why."""
    return pd.DataFrame(
        [
            _check(panel, claim, tolerance_pct, ev)
            for (_, claim), ev in zip(claims.iterrows(), _evidence(panel, claims))
        ]
    )


def verdict_counts(panel: pd.DataFrame, claims: pd.DataFrame, tolerances) -> pd.DataFrame:
    """Return how many claims get each verdict (rows) at each tolerance in percent (columns).

    The same as counting :func:`check_claims` verdicts once per tolerance, with the evidence
    gathered once.
    """
    evidence = _evidence(panel, claims)
    counts = {
        f"tolerance {t:g} %": pd.Series(
            [_check(panel, claim, t, ev)["verdict"] for (_, claim), ev in zip(claims.iterrows(), evidence)]
        ).value_counts()
        for t in tolerances
    }
    return pd.DataFrame(counts).reindex(VERDICTS).fillna(0).astype(int).rename_axis("verdict")


def _evidence(panel: pd.DataFrame, claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Return each claim's evidence rows (value, series, ref, computation), empty if none fits."""
    out = []
    for _, claim in claims.iterrows():
        metric = metric_of(claim)
        ev = EVIDENCE[metric](panel, claim) if metric else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        out.append(ev.dropna(subset=["value"]))
    return out


def _check(panel: pd.DataFrame, claim: pd.Series, tol: float, ev: pd.DataFrame) -> dict:
    unit, factor = UNITS.get(claim["unit"], (claim["unit"], 1))
    claimed = float(claim["value"]) * factor
    metric = metric_of(claim)
    low, high = (ev["value"].min(), ev["value"].max()) if len(ev) else (float("nan"),) * 2
    value_verdict = verdict(claimed, low, high, tol, lower_is_more=unit == "rank")
    out = {
        "claim_id": claim["claim_id"],
        "claim": claim["claim"],
        "claimed_value": claim["value"],
        "claimed_unit": claim["unit"],
        "claimed_in_evidence_unit": claimed,
        "metric": metric,
        "evidence_low": low,
        "evidence_high": high,
        "evidence_unit": unit,
        "n_evidence": len(ev),
        "evidence": "; ".join(ev["computation"]),
        "evidence_refs": "; ".join(ev["ref"]),
        "computation": _rule_text(claimed, low, high, tol),
        "value_verdict": value_verdict,
    }
    if value_verdict == "not checkable":
        why = f"no {metric} evidence in the panel" if metric else "no evidence metric fits this claim"
        return out | {"verdict": value_verdict, "reason": why}
    span = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    reason = (
        f"claimed {fmt(claimed)} vs evidence {span} {unit} "
        f"({len(ev)} figure{'s' * (len(ev) != 1)}): {value_verdict}; {CAVEATS[metric]}"
    )
    who = str(claim["attribution"]).strip()
    if who and who not in PUBLISHER_TAGS:
        reason += f"; attribution to {who!r} not checked (not in claims.PUBLISHER_TAGS)"
    wrong = _misattribution(panel, claim, ev, unit)
    if wrong:
        return out | {"verdict": "misattributed", "reason": f"{wrong}; value alone: {reason}"}
    return out | {"verdict": value_verdict, "reason": reason}


def _rule_text(claimed: float, low: float, high: float, tol: float) -> str:
    if pd.isna(low):
        return ""
    ends = " and ".join(f"{(claimed - e) / e * 100:+.1f} % from {fmt(e)}" for e in sorted({low, high}))
    return f"{ends}; tolerance {tol:g} % (supported), {2 * tol:g} % (roughly supported)"


def _tokens(code: str) -> set[str]:
    return set(re.split(r"[._/: ]+", code))


def _misattribution(panel: pd.DataFrame, claim: pd.Series, ev: pd.DataFrame, unit: str) -> str:
    """Return why the named publisher is not the evidence's source ('' if it is, or is unknown)."""
    who = str(claim["attribution"]).strip()
    tag = PUBLISHER_TAGS.get(who)
    if tag is None or any(tag in _tokens(s) for s in ev["series"]):
        return ""
    mine = [code for code in panel["series"].unique() if tag in _tokens(code)]
    own = panel[panel["series"].isin(mine) & (panel["unit"] == unit)]
    if claim["basis"] in (periods.FY_JUL_JUN, periods.FY_JUL_JUN_PARTIAL):
        own = _in_fy(own, claim)
    listed = "; ".join(
        f"{r.series} {r.period} = {fmt(r.value)} ({describe(r.series)})"
        for r in own.drop_duplicates("series").itertuples()
    )
    evidence = ", ".join(sorted(set(ev["series"])))
    return (
        f"{who} publishes none of the evidence series ({evidence}); "
        f"its figures in the panel in {unit}: {listed or 'none'}"
    )
