"""Check the source article's claims against the panel: one tolerance rule, distinct claims.

Each claim (a row of the curated ``article_claims`` table) is set against the evidence of its
metric (:mod:`analysis.models.claim_evidence`) with the monotone rule of
:mod:`analysis.models.verdicts`; a claim naming a publisher is checked against the publisher fields
of the curated figures (:mod:`analysis.models.attribution`). Repeated claims — one number about one
quantity, stated more than once — are counted once (:func:`distinct_claims`), with where they recur.
"""

from __future__ import annotations

import pandas as pd

from analysis.models import attribution, claim_evidence, verdicts
from analysis.models.claim_evidence import EVIDENCE, EVIDENCE_COLUMNS, fmt, skill_category
from analysis.sources.curated import UNITS

CLAIMS_SOURCE = "article_claims"  # the curated table of the article's claims (a sources.yml id)
DISTINCT_KEY = ["metric", "claimed_in_evidence_unit", "evidence_unit", "period", "iso3"]
CAVEATS = {
    "freelancer_count": "headcounts differ in definition and date (c.2023 to c.FY2024-25)",
    "freelancer_earnings": "Jul–Mar figures enter only as ×12/9 annualisations (named in evidence)",
    "share_of_it_exports": "the article's own earnings figure over every total IT export reading "
    "the panel holds for the year (SBP FY, Economic Survey Jul–Mar, MoITT incl. freelancing, and "
    "freelancing outside the total)",
    "skill_share": "evidence is the OLI 2020-21 sample of profiles (not workers; n small, so its 95 % "
    "binomial interval is the range) and, for software, a World Bank figure c.2019-20; the article "
    "gives no base or source and dates its shares c.2025",
    "workforce_rank": "ranks by share of online workers observed, several vintages",
}


def metric_of(claim: pd.Series) -> str:
    """Return the metric a claim measures (a key of EVIDENCE, or '' when none fits)."""
    text = str(claim["claim"]).lower()
    if claim["kind"] == "share":
        if "it export" in text:
            return "share_of_it_exports"
        return "skill_share" if skill_category(text) else ""
    return {"count": "freelancer_count", "earnings": "freelancer_earnings", "rank": "workforce_rank"}.get(
        claim["kind"], ""
    )


def evidence_of(panel: pd.DataFrame, claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Return each claim's evidence rows (EVIDENCE_COLUMNS), empty when no metric fits."""
    out = []
    for _, claim in claims.iterrows():
        metric = metric_of(claim)
        ev = EVIDENCE[metric](panel, claim, claims) if metric else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        out.append(ev.dropna(subset=["value"]))
    return out


def check_claims(
    panel: pd.DataFrame,
    claims: pd.DataFrame,
    figures: pd.DataFrame,
    tolerance_pct: float = verdicts.TOLERANCE_PCT,
) -> pd.DataFrame:
    """Return one row per claim: claimed value, evidence range, distance (%), verdicts and why.

    ``figures`` is the published_figures table (publisher fields for the attribution check).
    """
    tol = verdicts.check_tolerance(tolerance_pct)
    rows = []
    for (_, claim), ev in zip(claims.iterrows(), evidence_of(panel, claims)):
        row = _check(claim, ev, tol)
        series = claim_evidence.quantity_series(panel, row["metric"]) or sorted(set(ev["series"]))
        row |= attribution.check_attribution(panel, figures, claim["attribution"], series)
        rows.append(row)
    return pd.DataFrame(rows)


def _check(claim: pd.Series, ev: pd.DataFrame, tol: float) -> dict:
    unit, factor = UNITS.get(claim["unit"], (claim["unit"], 1))
    claimed = float(claim["value"]) * factor
    metric = metric_of(claim)
    low, high = (ev["low"].min(), ev["high"].max()) if len(ev) else (float("nan"),) * 2
    value_verdict = verdicts.verdict(claimed, low, high, tol, lower_is_more=unit == "rank")
    gap = verdicts.distance_pct(claimed, low, high)
    if value_verdict == "not checkable":
        reason = f"no {metric} evidence in the panel" if metric else "no evidence metric fits this claim"
    else:
        span = fmt(low, unit) if low == high else f"{fmt(low, unit)}–{fmt(high, unit)}"
        figures = f"{len(ev)} figure{'s' * (len(ev) != 1)}"
        reason = (
            f"claimed {fmt(claimed, unit)} vs evidence {span} {unit} ({figures}), "
            f"{gap:+.1f} % from the range: {value_verdict} at {tol:g} %; {CAVEATS[metric]}"
        )
    return {
        "claim_id": claim["claim_id"],
        "claim": claim["claim"],
        "period": claim["period"],
        "iso3": claim["iso3"],
        "attribution": str(claim["attribution"]).strip(),
        "claimed_in_evidence_unit": claimed,
        "metric": metric,
        "evidence_low": low,
        "evidence_high": high,
        "evidence_unit": unit,
        "n_evidence": len(ev),
        "evidence": "; ".join(ev["computation"]),
        "evidence_refs": "; ".join(ev["ref"]),
        "evidence_dates": ", ".join(dict.fromkeys(ev["date"])),
        "distance_pct": gap,
        "value_verdict": value_verdict,
        "reason": reason,
    }


def distinct_claims(checked: pd.DataFrame) -> pd.DataFrame:
    """Return one row per distinct claim (one number about one quantity) with its mentions.

    ``checked`` is :func:`check_claims` output; ``mentions`` counts the claims stating the same number
    about the same quantity, ``where`` lists them; a wrong attribution in any mention is named.
    """
    wrong = checked["attribution_verdict"] == "misattributed"
    note = (checked["claim_id"] + " names " + checked["attribution"]).where(wrong, "")
    keyed = checked.assign(_order=range(len(checked)), _note=note)
    groups = keyed.groupby(DISTINCT_KEY, sort=False, dropna=False)
    out = groups.agg(
        distinct_id=("claim_id", "first"),
        claim=("claim", "first"),
        mentions=("claim_id", "size"),
        where=("claim_id", ", ".join),
        evidence_low=("evidence_low", "first"),
        evidence_high=("evidence_high", "first"),
        n_evidence=("n_evidence", "first"),
        evidence_dates=("evidence_dates", "first"),
        distance_pct=("distance_pct", "first"),
        value_verdict=("value_verdict", "first"),
        misattributed=("_note", lambda s: "; ".join(x for x in s if x)),
        _order=("_order", "min"),
    ).reset_index()
    return out.sort_values("_order", ignore_index=True).drop(columns="_order")


def distinct_table(distinct: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`distinct_claims` as a reader's table: claimed and evidence as text with units."""

    def text(column: str) -> pd.Series:
        pairs = zip(distinct[column], distinct["evidence_unit"])
        return pd.Series(["" if pd.isna(v) else fmt(v, u) for v, u in pairs], index=distinct.index)

    low, high = text("evidence_low"), text("evidence_high")
    evidence = low.where(low == high, low + "–" + high)
    unit = " " + distinct["evidence_unit"]
    return pd.DataFrame(
        {
            "distinct claim": distinct["claim"],
            "claimed": text("claimed_in_evidence_unit") + unit,
            "evidence": evidence.where(evidence == "", evidence + unit),
            "evidence dates": distinct["evidence_dates"],
            "claim date": distinct["period"],
            "distance %": distinct["distance_pct"],
            "verdict": distinct["value_verdict"],
            "mentions": distinct["mentions"],
            "where": distinct["where"],
            "misattributed": distinct["misattributed"],
        }
    )


def tolerance_table(checked: pd.DataFrame, tolerances) -> pd.DataFrame:
    """Return each distinct claim's value verdict (rows) at each tolerance in percent (columns)."""
    distinct = distinct_claims(checked)
    out = {"distinct claim": distinct["claim"], "distance %": distinct["distance_pct"]}
    lower = distinct["evidence_unit"] == "rank"
    for t in tolerances:
        out[f"{verdicts.check_tolerance(t):g} %"] = [
            verdicts.verdict(c, lo, hi, t, lower_is_more=r)
            for c, lo, hi, r in zip(
                distinct["claimed_in_evidence_unit"],
                distinct["evidence_low"],
                distinct["evidence_high"],
                lower,
            )
        ]
    return pd.DataFrame(out)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Return how many distinct claims get each value verdict (rows) per tolerance (columns)."""
    cols = [c for c in table.columns if c.endswith(" %") and c != "distance %"]
    counts = {c: table[c].value_counts() for c in cols}
    return pd.DataFrame(counts).reindex(verdicts.VALUE_VERDICTS).fillna(0).astype(int).rename_axis("verdict")


def sources_used(panel: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """Return the (source, ref) pairs of the panel rows behind checked claims' evidence, plus the claims.

    ``checked`` is :func:`check_claims` output; its ``evidence_refs`` name curated figure ids,
    dataset ids or series codes (a derivation in parentheses is ignored).
    """
    refs = {ref.split(" (")[0] for text in checked["evidence_refs"] for ref in text.split("; ") if ref}
    rows = panel[panel["ref"].isin(refs) | panel["source"].isin(refs) | panel["series"].isin(refs)]
    claims_row = pd.DataFrame({"source": [CLAIMS_SOURCE], "ref": [""]})
    return pd.concat([rows[["source", "ref"]].drop_duplicates(), claims_row], ignore_index=True)


def readings_table(panel: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Return every reading (percent) of each share-of-IT-exports claim, the claimed share beside it.

    The numerator is the article's own earnings figure for the claim's year (its earnings claims);
    ``distance_pct`` is the claimed share's distance from the reading, in percent of the reading.
    """
    parts = []
    for _, claim in claims[[metric_of(c) == "share_of_it_exports" for _, c in claims.iterrows()]].iterrows():
        own = claims[(claims["kind"] == "earnings") & (claims["period"] == claim["period"])]
        for value in own.loc[own["unit"] == "USD million", "value"].drop_duplicates():
            readings = claim_evidence.share_readings(panel, value, claim["period"])
            parts.append(
                readings.assign(
                    claim_id=claim["claim_id"],
                    claimed_pct=float(claim["value"]),
                    distance_pct=(float(claim["value"]) - readings["share_pct"])
                    / readings["share_pct"]
                    * 100,
                )
            )
    columns = ["claim_id", "claimed_pct", *claim_evidence.READING_COLUMNS, "distance_pct"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def publishers_of(panel: pd.DataFrame, figures: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Return who publishes (and who reports) the curated figures of a metric's quantity."""
    return attribution.publishers(panel, figures, claim_evidence.quantity_series(panel, metric))
