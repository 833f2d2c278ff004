"""A triangulated headcount of online freelancers by tier (persons), each tier a range of named routes.

Tiers, widest first: ``registered`` profiles, ``ever_worked`` (obtained work at least once),
``active`` (doing online gig work, incl. secondary or marginal) and ``significantly_active``
(Kässi et al.: at least 10 projects or USD 1,000 earned; full-time freelancers are a subset).
Routes: global counts × the economy's share of online labour supply (one route per OLI/ILO share
vintage), platform evidence (Guru.com transacted share), published national counts, and full-time and
banked counts as lower bounds. Every input is a panel row; its date is carried into ``inputs``.

Assumptions (shown with the results, never findings): an OLI/ILO share of *observed online workers*
applies to every tier and to the World Bank's count of all online gig workers; the World Bank's range
belongs to the ``active`` tier; Guru.com's transacted share holds on every platform.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.countries import PAK
from analysis.panel.query import rows_of

TIERS = ("registered", "ever_worked", "active", "significantly_active")
KASSI, WB_GIG, GURU_SHARE, GURU_PROFILES = (
    "KASSI.PROFILES",
    "WB.GIG_WORKERS",
    "GURU.TRANSACTED_SHARE",
    "GURU.PROFILES",
)
SHARES = ("OLI.SUPPLY_SHARE", "ILO.SUPPLY_SHARE")
# published national count -> the tier its own label names (None: the label names no tier)
NATIONAL = {"FL.COUNT.GOV": None, "FL.COUNT.PTA": None, "FL.COUNT.ACTIVE": "active"}
LOWER_BOUNDS = {"FL.COUNT.FULLTIME": "significantly_active", "FL.COUNT.BANKED": "active"}
ROUTE_COLUMNS = ["tier", "route", "kind", "persons_low", "persons_high", "inputs", "assumption"]
SHARE_ASSUMPTION = "assumption: the share of observed online workers applies to this global count"
WB_ASSUMPTION = SHARE_ASSUMPTION + "; the World Bank's all-gig-worker range is the active tier"
GURU_ASSUMPTION = "assumption: Guru.com's transacted share of Pakistani profiles holds on all platforms"


def check_tier(tier: str) -> str:
    """Return ``tier`` unchanged; ValueError naming the allowed tiers otherwise."""
    if tier not in TIERS:
        raise ValueError(f"tier must be one of {', '.join(TIERS)}; got {tier!r}")
    return tier


def _date(row: pd.Series) -> str:
    """Return 'figure id (period)' of a panel row, for the ``inputs`` column."""
    return f"{row['ref'] or row['series']} ({row['period']})"


def supply_shares(panel: pd.DataFrame, iso3: str = PAK) -> pd.DataFrame:
    """Return the economy's shares of online labour supply (fraction) by vintage: low, high and dates."""
    rows = rows_of(panel, list(SHARES), iso3)
    if rows.empty:
        return pd.DataFrame(columns=["vintage", "share_low", "share_high", "inputs"])
    parts = rows["breakdown"].str.split(";").str[0].str.removeprefix("vintage=")
    vintage = rows["series"].str.split(".").str[0] + " " + parts.where(parts != "", rows["period"])
    frame = rows.assign(vintage=vintage, share=rows["value"] / 100, inputs=rows.apply(_date, axis=1))
    out = frame.groupby("vintage", sort=True).agg(
        share_low=("share", "min"), share_high=("share", "max"), inputs=("inputs", ", ".join)
    )
    return out.reset_index()


def _global(panel: pd.DataFrame, series: str, breakdown: str) -> pd.Series:
    """Return the one WLD row of ``series`` with ``breakdown``; ValueError if the panel lacks it."""
    rows = rows_of(panel, series, "WLD")
    rows = rows[rows["breakdown"] == breakdown]
    if len(rows) != 1:
        raise ValueError(
            f"panel needs one WLD row of {series} with breakdown {breakdown!r}; found {len(rows)}"
        )
    return rows.iloc[0]


def share_routes(panel: pd.DataFrame, iso3: str = PAK) -> pd.DataFrame:
    """Return tier estimates (persons) = global count × the economy's supply share, one row per vintage."""
    shares = supply_shares(panel, iso3)
    globals_ = [
        (
            tier,
            _global(panel, KASSI, f"stage={tier}"),
            _global(panel, KASSI, f"stage={tier}"),
            SHARE_ASSUMPTION,
        )
        for tier in ("registered", "ever_worked", "significantly_active")
    ]
    globals_.append(
        ("active", _global(panel, WB_GIG, "bound=low"), _global(panel, WB_GIG, "bound=high"), WB_ASSUMPTION)
    )
    rows = []
    for tier, low, high, assumption in globals_:
        source = "Kässi et al." if low["series"] == KASSI else "World Bank range"
        for share in shares.itertuples(index=False):
            inputs = _date(low) if low["ref"] == high["ref"] else f"{_date(low)}, {_date(high)}"
            rows.append(
                {
                    "tier": tier,
                    "route": f"{source} × {share.vintage} share",
                    "kind": "estimate",
                    "persons_low": low["value"] * share.share_low,
                    "persons_high": high["value"] * share.share_high,
                    "inputs": f"{inputs}; {share.inputs}",
                    "assumption": assumption,
                }
            )
    return pd.DataFrame(rows, columns=ROUTE_COLUMNS)


def guru_routes(panel: pd.DataFrame, registered: pd.DataFrame) -> pd.DataFrame:
    """Return ever-worked estimates = each registered route × Guru.com's transacted share (PAK only)."""
    rows = rows_of(panel, GURU_SHARE)
    if rows.empty or registered.empty:
        return pd.DataFrame(columns=ROUTE_COLUMNS)
    guru = rows.iloc[0]
    share = guru["value"] / 100
    return registered.assign(
        tier="ever_worked",
        route=registered["route"] + " × Guru.com transacted share",
        persons_low=registered["persons_low"] * share,
        persons_high=registered["persons_high"] * share,
        inputs=registered["inputs"] + "; " + _date(guru),
        assumption=registered["assumption"] + "; " + GURU_ASSUMPTION,
    )[ROUTE_COLUMNS]


def national_routes(panel: pd.DataFrame) -> pd.DataFrame:
    """Return Pakistan's published counts that name a tier, and the lower bounds (full-time, banked, Guru)."""
    rows = []
    for series, tier in {**NATIONAL, **LOWER_BOUNDS}.items():
        found = rows_of(panel, series)
        found = found[found["breakdown"] == ""]
        if tier is None or found.empty:
            continue
        row = found.sort_values("end").iloc[-1]
        bound = series in LOWER_BOUNDS
        rows.append(
            {
                "tier": tier,
                "route": f"published: {row['series_name']}" + (" (lower bound)" if bound else ""),
                "kind": "lower_bound" if bound else "published",
                "persons_low": row["value"],
                "persons_high": float("nan") if bound else row["value"],
                "inputs": _date(row),
                "assumption": "",
            }
        )
    profiles = rows_of(panel, GURU_PROFILES)
    if len(profiles):
        row = profiles.iloc[0]
        rows.append(
            {
                "tier": "registered",
                "route": "published: Guru.com Pakistani profiles, one platform (lower bound)",
                "kind": "lower_bound",
                "persons_low": row["value"],
                "persons_high": float("nan"),
                "inputs": _date(row),
                "assumption": "",
            }
        )
    return pd.DataFrame(rows, columns=ROUTE_COLUMNS)


def tier_routes(panel: pd.DataFrame, iso3: str = PAK) -> pd.DataFrame:
    """Return every route's estimate of each tier (persons low/high), route and input dates named."""
    shares = share_routes(panel, iso3)
    parts = [shares]
    if iso3 == PAK:
        parts += [guru_routes(panel, shares[shares["tier"] == "registered"]), national_routes(panel)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=ROUTE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    order = out["tier"].map({t: i for i, t in enumerate(TIERS)})
    return (
        out.assign(_o=order)
        .sort_values(["_o", "kind", "route"], kind="stable")
        .drop(columns="_o")[ROUTE_COLUMNS]
        .reset_index(drop=True)
    )


def tier_table(routes: pd.DataFrame) -> pd.DataFrame:
    """Return one row per tier: the range (persons) over its estimate routes, its lower bound, and checks.

    Published national counts are not in the range (they are what the tiers test, :func:`placement`).
    ``check`` names where routes disagree: a tier above the wider tier that contains it, or a lower
    bound above the tier's range.
    """
    rows, wider_high = [], float("inf")
    for tier in TIERS:
        own = routes[routes["tier"] == tier]
        ranged = own[own["kind"] == "estimate"]
        bounds = own[own["kind"] == "lower_bound"]
        low, high = ranged["persons_low"].min(), ranged["persons_high"].max()
        bound = bounds["persons_low"].max() if len(bounds) else float("nan")
        checks = []
        if low > wider_high:
            checks.append("whole range above the wider tier's high: routes inconsistent")
        elif high > wider_high:
            checks.append("high end above the wider tier's high")
        if bound > high:
            checks.append("lower bound above the range: routes inconsistent")
        rows.append(
            {
                "tier": tier,
                "persons_low": low,
                "persons_high": high,
                "lower_bound_persons": bound,
                "routes": len(ranged),
                "check": "; ".join(checks) or "nested",
            }
        )
        wider_high = min(wider_high, high)
    return pd.DataFrame(rows)


def position(persons: float, low: float, high: float) -> str:
    """Return 'below', 'within' or 'above' for a count against a tier's range (persons)."""
    return "below" if persons < low else "above" if persons > high else "within"


def placement(
    panel: pd.DataFrame, tiers: pd.DataFrame, labour_force_persons: float | None = None
) -> pd.DataFrame:
    """Return each published national count (persons; percent of a labour force if given) by tier."""
    rows = []
    for series in NATIONAL:
        found = rows_of(panel, series)
        for row in found[found["breakdown"] == ""].itertuples(index=False):
            where = {
                t.tier: position(row.value, t.persons_low, t.persons_high)
                for t in tiers.itertuples(index=False)
            }
            inside = [tier for tier, pos in where.items() if pos == "within"]
            rows.append(
                {
                    "series": row.series,
                    "period": row.period,
                    "persons": row.value,
                    "pct_labour_force": row.value / labour_force_persons * 100
                    if labour_force_persons
                    else float("nan"),
                    "label_names_tier": NATIONAL[series] or "none",
                    **where,
                    "within_tiers": ", ".join(inside) or "none",
                }
            )
    return pd.DataFrame(rows)
