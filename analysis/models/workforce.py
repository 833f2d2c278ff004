"""Pakistan's freelance workforce from the panel: counts, earnings, women's share and skills.

Every published definition is kept side by side (never one unexplained number). Nine-month
(Jul–Mar) figures stay nine-month figures: an annualised value, where offered, sits in its own
column named after the conversion (×12/9) with a caveat. Shares of exports or remittances divide
figures that cover the same months only (:mod:`analysis.models.reconcile`).
"""

from __future__ import annotations

import pandas as pd

from analysis.core.countries import COMPARISON, PAK
from analysis.panel.query import describe, months_covered, primary, rows_of, source_label

OLI = "OLI2020.WORKER_PROFILES"
ALL_OCCUPATIONS = "ALL OCCUPATIONS"
NINE_MONTHS = 9
ANNUALISE = "×12/9 (nine-month Jul–Mar figure scaled to twelve months)"
UNSTATED = "span not stated (point in time): treated as one year"
ANNUALISE_CAVEAT = "assumes Apr–Jun earn at the Jul–Mar monthly rate; not a published figure"

# Definitions come from the series catalogue (analysis/sources/series.yml).
EARNINGS = (
    "FL.EARN.ES_9M",
    "FL.EARN.MOITT",
    "FL.EARN.MOITT_IT",
    "FL.EARN.MOITT_NONIT",
    "FL.EARN.MOITT_REMOTE",
    "FL.EARN.PAFLA",
    "FL.EARN.PSEB",
)
EARNINGS_PARTS = ("FL.EARN.MOITT_IT", "FL.EARN.MOITT_NONIT")  # components, not totals
COUNTS = {
    "FL.COUNT.GOV": True,
    "FL.COUNT.ACTIVE": True,
    "FL.COUNT.PTA": True,  # True: counts all
    "FL.COUNT.FULLTIME": False,
    "FL.COUNT.BANKED": False,
}  # False: a subset
FEMALE = ("FL.FEMALE_SHARE.PAFLA", "FL.FEMALE_SHARE.PTA", "FL.FEMALE_SHARE.GURU", "ILO.FEMALE_SHARE")
# The article's four skill categories -> OLI 2020 occupations (one explicit crosswalk).
CROSSWALK = [
    ("Web development and programming", "Software & Technology", "web development"),
    ("Graphic design and animation", "Creative & Multimedia", "graphic design"),
    ("Digital marketing and SEO", "Sales & Marketing", "digital marketing"),
    ("Writing, data entry and support services", "Clerical & Data Entry", "writing"),
    ("Writing, data entry and support services", "Writing & Translation", "writing"),
    ("unmapped (no article category)", "Professional Services", ""),
]
SKILL_CAVEAT = (
    "OLI 2020 gender-coded sample of recently active profiles on four platforms: "
    "profiles, not workers; small n; use for within-country mix only"
)


def _checked_unit(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    bad = rows[rows["unit"] != unit]
    if len(bad):
        r = bad.iloc[0]
        raise ValueError(f"{r['series']} {r['period']} is in {r['unit']!r}; expected {unit!r}")
    return rows


def freelancer_counts(panel: pd.DataFrame) -> pd.DataFrame:
    """Return every published freelancer count (persons) by source, plus a min–max summary row."""
    rows = _checked_unit(primary(rows_of(panel, list(COUNTS))), "persons")
    out = pd.DataFrame(
        {
            "series": rows["series"],
            "definition": rows["series"].map(describe),
            "all_freelancers": rows["series"].map(COUNTS).astype(bool),
            "period": rows["period"],
            "basis": rows["basis"],
            "date": rows["end"],
            "persons": rows["value"],
            "persons_low": rows["value"],
            "persons_high": rows["value"],
            "source": source_label(rows),
            "series_name": rows["series_name"],
        }
    )
    out = out.sort_values(["all_freelancers", "persons"], ascending=[False, True], ignore_index=True)
    heads = out[out["all_freelancers"]]
    if len(heads):
        low, high = heads.loc[heads["persons"].idxmin()], heads.loc[heads["persons"].idxmax()]
        summary = {
            "series": "RANGE",
            "all_freelancers": True,
            "period": "",
            "basis": "",
            "definition": f"range (min–max) of headcounts of all freelancers: low = "
            f"{low['series']}, high = {high['series']}",
            "persons_low": low["persons"],
            "persons_high": high["persons"],
            "source": ", ".join(heads["source"]),
            "series_name": "",
        }
        out = pd.concat([out, pd.DataFrame([summary])], ignore_index=True)
    return out


def freelancer_earnings(panel: pd.DataFrame) -> pd.DataFrame:
    """Return freelancer earnings (USD million) under every definition and period, months shown."""
    rows = _checked_unit(rows_of(panel, list(EARNINGS)), "USD million")
    months = months_covered(rows)
    nine = months == NINE_MONTHS
    out = pd.DataFrame(
        {
            "definition": rows["series"].map(describe),
            "series": rows["series"],
            "period": rows["period"],
            "basis": rows["basis"],
            "start": rows["start"],
            "end": rows["end"],
            "usd_million": rows["value"],
            "months_covered": months,
            "usd_million_annualised_x12_9": (rows["value"] * 12 / NINE_MONTHS).where(nine),
            "annualisation": pd.Series("", index=rows.index).where(
                ~nine, ANNUALISE + ": " + ANNUALISE_CAVEAT
            ),
            "vintage": rows["breakdown"],
            "source": source_label(rows),
        }
    )
    return out.sort_values(["series", "start", "vintage"], ignore_index=True)


def _latest(rows: pd.DataFrame, date: str) -> pd.DataFrame:
    return rows.sort_values(["series", date]).groupby("series").tail(1)


def earnings_per_freelancer(panel: pd.DataFrame, all_pairs: bool = False) -> pd.DataFrame:
    """Return the range of earnings per freelancer (USD per year and per month) and its bounds' pairs.

    Each definition's latest total (components like MoITT IT-only are left out) is divided by each
    latest headcount of all freelancers. Nine-month figures enter only through the named ×12/9
    conversion (shown in ``conversion``). low = lowest earnings / highest count, high = the reverse.
    """
    earn = freelancer_earnings(panel)
    earn = _latest(earn[~earn["series"].isin(EARNINGS_PARTS) & (earn["vintage"] == "")], "end")
    nine, unstated = earn["months_covered"] == NINE_MONTHS, earn["months_covered"].isna()
    conversion = pd.Series("", index=earn.index).where(~nine, ANNUALISE).where(~unstated, UNSTATED)
    earn = earn.assign(
        annual=earn["usd_million"].where(~nine, earn["usd_million_annualised_x12_9"]), conversion=conversion
    )
    counts = freelancer_counts(panel)
    counts = _latest(counts[counts["all_freelancers"] & (counts["series"] != "RANGE")], "date")
    if earn.empty or counts.empty:
        raise ValueError("earnings per freelancer needs FL.EARN.* and FL.COUNT.* rows in the panel")
    pairs = earn.merge(counts, how="cross", suffixes=("_earn", "_count"))
    per_year = pairs["annual"] * 1e6 / pairs["persons"]
    out = pd.DataFrame(
        {
            "usd_per_year": per_year,
            "usd_per_month": per_year / 12,
            "earnings_series": pairs["series_earn"],
            "earnings_definition": pairs["definition_earn"],
            "earnings_period": pairs["period_earn"],
            "earnings_usd_million_per_year": pairs["annual"],
            "conversion": pairs["conversion"],
            "count_series": pairs["series_count"],
            "count_definition": pairs["definition_count"],
            "count_period": pairs["period_count"],
            "count_persons": pairs["persons"],
        }
    ).sort_values("usd_per_year", ignore_index=True)
    out.insert(0, "bound", "")
    out.loc[0, "bound"], out.loc[len(out) - 1, "bound"] = "low", "high"
    return out if all_pairs else out[out["bound"] != ""].reset_index(drop=True)


def parse_breakdown(text: str) -> dict[str, str]:
    """Return {'occupation': ..., 'gender': ...} from 'occupation=…;gender=…' ('' -> {})."""
    return dict(part.split("=", 1) for part in text.split(";") if part)


def oli_profiles(panel: pd.DataFrame, iso3) -> pd.DataFrame:
    """Return OLI 2020 sample worker profiles by iso3, occupation and gender (count of profiles)."""
    rows = rows_of(panel, OLI, iso3)
    parts = pd.DataFrame(
        [parse_breakdown(b) for b in rows["breakdown"]], index=rows.index, columns=["occupation", "gender"]
    )
    return pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "occupation": parts["occupation"],
            "gender": parts["gender"],
            "profiles": rows["value"],
        }
    )


def women_share(panel: pd.DataFrame, iso3=(PAK,)) -> pd.DataFrame:
    """Return every female-share figure (percent) with its definition, incl. OLI-sample shares."""
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    rows = rows_of(panel, list(FEMALE), iso3)
    published = pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "definition": rows["series"].map(describe),
            "period": rows["period"],
            "female_share_pct": rows["value"],
            "n_profiles": float("nan"),
            "source": source_label(rows),
        }
    )
    oli = oli_profiles(panel, iso3)
    oli = oli[oli["occupation"] == ALL_OCCUPATIONS]
    by = oli.pivot_table(index="iso3", columns="gender", values="profiles", aggfunc="sum")
    by = by.reindex(columns=["female", "male"], fill_value=0.0).fillna(0.0)
    classified = by["female"] + by["male"]
    computed = pd.DataFrame(
        {
            "iso3": by.index,
            "definition": "OLI 2020 sample: female share of gender-classified "
            "profiles (female / (female + male), ALL OCCUPATIONS rows; not classified left out)",
            "period": "2020-21",
            "female_share_pct": (by["female"] / classified * 100).to_numpy(),
            "n_profiles": classified.to_numpy(),
            "source": OLI,
        }
    )
    out = pd.concat([published, computed], ignore_index=True)
    return out.sort_values(["iso3", "definition"], ignore_index=True)


def skill_crosswalk() -> pd.DataFrame:
    """Return the crosswalk from the article's four skill categories to the six OLI occupations."""
    return pd.DataFrame(CROSSWALK, columns=["article_category", "oli_occupation", "claim_keyword"])


def oli_occupation_shares(panel: pd.DataFrame, iso3) -> pd.DataFrame:
    """Return each country's OLI sample profiles by occupation (genders summed) and share (percent).

    Denominator: the sum of the six occupations (all genders, incl. not classified); the
    ``ALL OCCUPATIONS`` total is shown beside it as ``n_all_occupations_rows`` for checking.
    """
    prof = oli_profiles(panel, iso3)
    occ = (
        prof[prof["occupation"] != ALL_OCCUPATIONS]
        .groupby(["iso3", "occupation"], as_index=False)["profiles"]
        .sum()
    )
    n = occ.groupby("iso3")["profiles"].transform("sum")
    total = prof[prof["occupation"] == ALL_OCCUPATIONS].groupby("iso3")["profiles"].sum()
    return occ.assign(
        n_profiles=n, share_pct=occ["profiles"] / n * 100, n_all_occupations_rows=occ["iso3"].map(total)
    )


def oli_sample_sizes(panel: pd.DataFrame, iso3) -> pd.DataFrame:
    """Return each economy's OLI 2020 sample size (profiles of the six occupations) in ``iso3`` order, with
    a note for an economy the sample lacks ('no OLI 2020 sample profiles for …'): listed, never dropped."""
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    n = oli_occupation_shares(panel, iso3).groupby("iso3")["n_profiles"].first().reindex(iso3)
    names = panel.drop_duplicates("iso3").set_index("iso3")["country_name"].reindex(iso3).fillna("")
    note = [
        f"no OLI 2020 sample profiles for {names[c] or c} ({c})" if pd.isna(v) else "" for c, v in n.items()
    ]
    return pd.DataFrame({"iso3": iso3, "n_profiles": n.to_numpy(), "note": note})


def skill_mix(panel: pd.DataFrame, iso3=COMPARISON, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return skill shares (percent) by article category: OLI sample by country; article, WB for PAK.

    ``claims`` (the article_claims table) supplies the article's shares; without it they are NaN.
    """
    iso3 = [iso3] if isinstance(iso3, str) else list(iso3)
    walk = skill_crosswalk()
    occ = oli_occupation_shares(panel, iso3).merge(walk, left_on="occupation", right_on="oli_occupation")
    grouped = occ.groupby(["iso3", "article_category"], as_index=False).agg(
        oli_occupations=("oli_occupation", " + ".join),
        oli_profiles=("profiles", "sum"),
        n_profiles=("n_profiles", "first"),
        oli_share_pct=("share_pct", "sum"),
        n_all_occupations_rows=("n_all_occupations_rows", "first"),
    )
    keywords = walk.drop_duplicates("article_category").set_index("article_category")["claim_keyword"]
    article = _article_shares(claims, keywords)
    pak = grouped["iso3"] == PAK
    grouped["article_share_pct"] = grouped["article_category"].map(article).where(pak)
    software = rows_of(panel, "FL.SOFTWARE_SHARE.WB")["value"]
    wb = software.iloc[0] if len(software) else float("nan")
    grouped["wb_software_share_pct"] = float("nan")
    grouped.loc[pak & (grouped["article_category"] == CROSSWALK[0][0]), "wb_software_share_pct"] = wb
    grouped["denominator"] = "sum of the six OLI occupations, all genders"
    grouped["caveat"] = SKILL_CAVEAT
    order = {c: i for i, c in enumerate(keywords.index)}
    grouped = grouped.assign(_o=grouped["article_category"].map(order))
    return grouped.sort_values(["iso3", "_o"], ignore_index=True).drop(columns="_o")


def _article_shares(claims: pd.DataFrame | None, keywords: pd.Series) -> dict[str, float]:
    """Map article category -> the article's share (percent) found in the claims table, if given."""
    if claims is None:
        return {}
    shares = claims[claims["kind"] == "share"]
    found = {}
    for category, word in keywords.items():
        hit = (
            shares[shares["claim"].str.lower().str.contains(word, regex=False)] if word else shares.iloc[0:0]
        )
        if len(hit):
            found[category] = float(hit["value"].iloc[0])
    return found


def source_titles(table: pd.DataFrame, figures: pd.DataFrame, column: str = "source") -> pd.DataFrame:
    """Return ``table`` with the curated ``source_title`` and ``url`` of each figure id in ``column``.

    ``figures`` is the published_figures table (``analysis.load_curated('published_figures')``);
    rows whose ``column`` is not a figure id (published datasets, derived rows) get ''.
    """
    meta = figures.set_index("figure_id")
    ids = table[column]
    return table.assign(
        source_title=ids.map(meta["source_title"]).fillna(""), url=ids.map(meta["url"]).fillna("")
    )
