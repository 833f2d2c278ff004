"""The evidence for each kind of claim: rows (value, low, high, series, ref, date, computation).

metric -> evidence (``low``/``high`` = ``value`` except for sample shares, which carry their 95 %
binomial sampling interval):

* ``freelancer_count``: latest headcount of all freelancers per source (subsets left out);
* ``freelancer_earnings``: the fiscal year's freelancer earnings, whole-year figures as published,
  Jul–Mar figures through the named conversion ×12/9;
* ``share_of_it_exports``: the article's own earnings figure for the year over every reading of
  "total IT export revenue" the panel holds (:func:`share_readings`);
* ``skill_share``: the OLI 2020-21 sample share of Pakistan's profiles in the mapped occupations,
  with its binomial interval, and for web development the World Bank's FL.SOFTWARE_SHARE.WB;
* ``workforce_rank``: Pakistan's rank by size of online workforce from every source.
"""

from __future__ import annotations

import pandas as pd

from analysis.models import reconcile, workforce
from analysis.models.intervals import binomial_interval
from analysis.panel.query import months_covered, primary, rows_of, source_label

HEADCOUNTS = [s for s, all_freelancers in workforce.COUNTS.items() if all_freelancers]
RANKS = ("OLI.SUPPLY_RANK", "ILO.SUPPLY_RANK", "PAFLA.GIG_ECONOMY_RANK")
# Readings of "total IT export revenue": (series, reading, includes freelancing, caveat).
IT_TOTALS = (
    ("ITITES.EXP.SBP", "SBP IT & ITeS exports", False, "the most direct reading: SBP's FY total"),
    (
        "ICT.EXP.ES_9M",
        "Economic Survey ICT exports, Jul–Mar",
        False,
        "nine months: the article's figure enters ×9/12 (same months); ICT includes telecom",
    ),
    (
        "ITITES_FL.EXP.MOITT",
        "MoITT IT, ITeS & freelancing exports",
        True,
        "MoITT's total already includes freelancing and remote work",
    ),
)
MIN_MONTHS = 9  # a total read as "total IT export revenue" covers the year or its first nine months
EVIDENCE_COLUMNS = ["value", "low", "high", "series", "ref", "date", "computation"]
READING_COLUMNS = ["reading", "total_series", "period", "numerator_usd_million", "total_usd_million"]
READING_COLUMNS += ["share_pct", "computation", "caveat", "ref"]


def fmt(value: float, unit: str = "") -> str:
    """Return a number as text: thousands separated, 6 significant digits; percent, USD million: 1 decimal."""
    if unit.startswith("percent") or unit == "USD million":
        return f"{value:,.1f}"
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.6g}"


def skill_category(text: str) -> str:
    """Return the article skill category named in a claim's text ('' when none)."""
    walk = workforce.skill_crosswalk()
    hits = walk[[bool(k) and k in text for k in walk["claim_keyword"]]]
    return hits["article_category"].iloc[0] if len(hits) else ""


def _points(rows: pd.DataFrame) -> pd.DataFrame:
    label = rows["series"] + " " + rows["period"] + " = " + rows["value"].map(fmt)
    return pd.DataFrame(
        {
            "value": rows["value"],
            "low": rows["value"],
            "high": rows["value"],
            "series": rows["series"],
            "ref": source_label(rows),
            "date": rows["period"],
            "computation": label.where(rows["breakdown"] == "", label + " [" + rows["breakdown"] + "]"),
        }
    )


def _in_fy(rows: pd.DataFrame, fy: str) -> pd.DataFrame:
    start, end = reconcile.fy_bounds(fy)
    return rows[(rows["start"] >= start) & (rows["end"] <= end)]


def count_evidence(panel: pd.DataFrame, claim: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Return the latest all-freelancer headcount of each source (persons)."""
    rows = primary(rows_of(panel, HEADCOUNTS))
    return _points(rows.sort_values("end").groupby("series").tail(1))


def earnings_evidence(panel: pd.DataFrame, claim: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Return the fiscal year's freelancer earnings (USD million, Jul–Mar ×12/9)."""
    earn = workforce.freelancer_earnings(panel)
    totals = (earn["vintage"] == "") & ~earn["series"].isin(workforce.EARNINGS_PARTS)
    earn = _in_fy(earn[totals], claim["period"])
    nine = earn["months_covered"] == workforce.NINE_MONTHS
    value = earn["usd_million"].where(~nine, earn["usd_million_annualised_x12_9"])
    text = earn["series"] + " " + earn["period"] + " = " + earn["usd_million"].map(fmt).astype(str)
    text = text.where(~nine, text + " ×12/9 = " + value.map("{:,.1f}".format).astype(str))
    return pd.DataFrame(
        {
            "value": value,
            "low": value,
            "high": value,
            "series": earn["series"],
            "ref": earn["source"],
            "date": earn["period"],
            "computation": text,
        }
    )


def share_readings(panel: pd.DataFrame, numerator_usd_million: float, fy: str) -> pd.DataFrame:
    """Return the article's earnings figure as percent of every reading of total IT export revenue.

    One row per total of :data:`IT_TOTALS` held for ``fy`` over at least nine months (same months: a
    nine-month total takes the numerator ×months/12; single months are left out), and for totals
    without freelancing also numerator / (total + numerator).
    """
    out = []
    for series, reading, includes, caveat in IT_TOTALS:
        rows = _in_fy(rows_of(panel, series), fy)
        for row, months in zip(rows.itertuples(), months_covered(rows)):
            if not months >= MIN_MONTHS:
                continue
            num = numerator_usd_million * months / 12
            scale = "" if months == 12 else f" ×{months:g}/12"
            base = f"{fmt(numerator_usd_million)}{scale}"
            cases = [(reading, row.value, f"{base} / {fmt(row.value)}", caveat)]
            if not includes:
                cases.append(
                    (
                        reading + ", freelancing outside it",
                        row.value + num,
                        f"{base} / ({fmt(row.value)} + {fmt(num)})",
                        "if freelancing is not part of the total, it is added to it",
                    )
                )
            for name, total, text, note in cases:
                share = num / total * 100
                out.append(
                    (
                        name,
                        series,
                        row.period,
                        num,
                        total,
                        share,
                        f"{text} × 100 = {share:.1f}",
                        note,
                        row.ref,
                    )
                )
    return pd.DataFrame(out, columns=READING_COLUMNS)


def share_evidence(panel: pd.DataFrame, claim: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Return the share readings (percent) of the article's own earnings figure for the claim's year."""
    own = claims[(claims["kind"] == "earnings") & (claims["period"] == claim["period"])]
    own = own[own["unit"] == "USD million"]["value"].drop_duplicates()
    parts = [share_readings(panel, v, claim["period"]) for v in own]
    readings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=READING_COLUMNS)
    return pd.DataFrame(
        {
            "value": readings["share_pct"],
            "low": readings["share_pct"],
            "high": readings["share_pct"],
            "series": readings["total_series"],
            "ref": readings["ref"],
            "date": readings["period"],
            "computation": readings["reading"]
            + " ("
            + readings["total_series"]
            + " "
            + readings["period"]
            + "): "
            + readings["computation"],
        }
    )


def skill_evidence(panel: pd.DataFrame, claim: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Return the OLI sample share (percent, with its 95 % binomial interval) and, for software, WB's."""
    category = skill_category(str(claim["claim"]).lower())
    mix = workforce.skill_mix(panel, iso3=claim["iso3"])
    row = mix[mix["article_category"] == category]
    bounds = [binomial_interval(p / n, n) for p, n in zip(row["oli_profiles"], row["n_profiles"])]
    low = pd.Series([b[0] * 100 for b in bounds], index=row.index, dtype=float)
    high = pd.Series([b[1] * 100 for b in bounds], index=row.index, dtype=float)
    counts = row["oli_profiles"].map("{:.0f}".format) + " of " + row["n_profiles"].map("{:.0f}".format)
    text = (
        "OLI sample: "
        + row["oli_occupations"]
        + " "
        + counts
        + " profiles = "
        + row["oli_share_pct"].map("{:.1f}".format)
        + " % (95 % binomial interval "
        + low.map("{:.1f}".format)
        + "–"
        + high.map("{:.1f}".format)
        + ")"
    )
    oli = rows_of(panel, workforce.OLI)
    date = oli["period"].iloc[0] if len(oli) else ""
    parts = [
        pd.DataFrame(
            {
                "value": row["oli_share_pct"],
                "low": low,
                "high": high,
                "series": workforce.OLI,
                "ref": workforce.OLI,
                "date": date,
                "computation": text,
            }
        )
    ]
    if category == workforce.CROSSWALK[0][0]:
        parts.append(_points(rows_of(panel, "FL.SOFTWARE_SHARE.WB", claim["iso3"])))
    return pd.concat(parts, ignore_index=True)


def rank_evidence(panel: pd.DataFrame, claim: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """Return Pakistan's rank by size of online workforce from every source and vintage."""
    return _points(rows_of(panel, list(RANKS), claim["iso3"]))


EVIDENCE = {
    "freelancer_count": count_evidence,
    "freelancer_earnings": earnings_evidence,
    "share_of_it_exports": share_evidence,
    "skill_share": skill_evidence,
    "workforce_rank": rank_evidence,
}


def quantity_series(panel: pd.DataFrame, metric: str) -> list[str]:
    """Return every series code that measures ``metric``'s quantity (for the attribution check)."""
    if metric == "freelancer_earnings":
        earn = workforce.freelancer_earnings(panel)
        return sorted(set(earn["series"]) - set(workforce.EARNINGS_PARTS))
    return {"freelancer_count": HEADCOUNTS, "workforce_rank": list(RANKS)}.get(metric, [])
