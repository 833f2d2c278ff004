"""Checks of the growth model against what we do not know and what history shows.

- :func:`base_uncertainty`: the model is proportional to its base earnings figure, and the published
  figures differ by definition (Economic Survey Jul–Mar ×12/9, MoITT freelancers, MoITT "freelancing
  and remote work"). Each definition is run through the same Monte Carlo and shown side by side,
  then pooled with equal weight: the choice of definition is uncertainty too.
- :func:`backcast`: the model started from an earlier published figure and run to the latest year
  (population and internet use as observed where WDI has them, projected after), against every
  published earnings figure in between; :func:`historical_elasticities` sets the growth of each
  definition against the growth of working-age internet users (the model's elasticity is 1).
  A model that cannot reproduce history within its own band is not a forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.core.countries import PAK
from analysis.models import levers as lv
from analysis.models import montecarlo as mc
from analysis.models import scenarios as sc
from analysis.panel.query import calendar_history, describe, select

BASE_DEFINITIONS = ("FL.EARN.ES_9M", "FL.EARN.MOITT", "FL.EARN.MOITT_REMOTE")
EARNINGS = ("FL.EARN.ES_9M", "FL.EARN.MOITT", "FL.EARN.MOITT_REMOTE", "FL.EARN.PAFLA")
QUANTILES = (5, 50, 95)


def base_uncertainty(
    panel: pd.DataFrame,
    horizon: str = "FY2029-30",
    draws: int = 10_000,
    seed: int = 20240701,
    definitions=BASE_DEFINITIONS,
    **estimate_kw,
) -> pd.DataFrame:
    """Return horizon-year recorded earnings (USD million) by base definition, and all pooled.

    One row per definition: its base year and value (latest figure), the deterministic projection and
    the Monte Carlo 5/50/95 percentiles (parameters sampled, base fixed); then a row pooling the
    definitions' draws with equal weight, so its band covers the choice of definition as well.
    """
    rows, pooled = [], []
    for series in definitions:
        setup = sc.resolve(panel, "base", horizon, base_earnings_series=series, **estimate_kw)
        draws_h = mc.horizon_draws(setup, draws, seed)
        pooled.append(draws_h)
        base = setup.params["base_earnings_usd_million"]
        rows.append(
            {
                "definition": describe(series, short=True),
                "series": series,
                "base_fy": setup.fy_labels[0],
                "base_usd_million": base.value,
                "base_note": base.note,
                "projection_usd_million": sc.project_resolved(setup)["earnings_usd_million"].iloc[-1],
                **{f"mc_p{q}_usd_million": float(np.percentile(draws_h, q)) for q in QUANTILES},
            }
        )
    everything = np.concatenate(pooled)
    rows.append(
        {
            "definition": "all definitions, equal weight",
            "series": ", ".join(definitions),
            "base_fy": "",
            "base_usd_million": float("nan"),
            "base_note": "draws of every definition pooled",
            "projection_usd_million": float("nan"),
            **{f"mc_p{q}_usd_million": float(np.percentile(everything, q)) for q in QUANTILES},
        }
    )
    out = pd.DataFrame(rows)
    out.insert(0, "fy", periods.normalise_fy(horizon))
    return out


def published_earnings(panel: pd.DataFrame) -> pd.DataFrame:
    """Return every published whole-year (or ×12/9 annualised Jul–Mar) earnings figure by fiscal year."""
    rows = select(panel, iso3=PAK, series=list(EARNINGS))
    rows = rows[
        (rows["breakdown"] == "") & rows["basis"].isin([periods.FY_JUL_JUN, periods.FY_JUL_JUN_PARTIAL])
    ]
    out = []
    for series, fy in sorted(set(zip(rows["series"], rows["period"].str.slice(0, 9)))):
        label, value, _, ref, conversion = lv.base_figure(panel, series, fy)
        out.append(
            {
                "fy": label,
                "series": series,
                "definition": describe(series, short=True),
                "published_usd_million": value,
                "conversion": conversion,
                "ref": ref,
            }
        )
    return pd.DataFrame(out)


def backcast(
    panel: pd.DataFrame,
    base_series: str = "FL.EARN.MOITT",
    base_fy: str = "FY2020-21",
    end_fy: str | None = None,
    draws: int = 10_000,
    seed: int = 20240701,
    **estimate_kw,
) -> pd.DataFrame:
    """Return the model's path from ``base_fy`` against every published figure up to ``end_fy``.

    One row per (fiscal year, published figure): the model's recorded earnings (USD million), its
    Monte Carlo 5–95 % band, the published value, the error in percent of the published value and
    whether the figure lies inside the band. The path runs on population and internet use as observed
    where published (projected by the model's trends after): it tests the mechanism more than its drivers.
    """
    figures = published_earnings(panel)
    end = periods.normalise_fy(end_fy) if end_fy else max(figures["fy"], key=periods.fy_end_year)
    if periods.fy_end_year(end) <= periods.fy_end_year(base_fy):
        raise ValueError(f"parameter 'end_fy' = {end!r} must come after the base year {base_fy!r}")
    setup = sc.resolve(panel, "base", end, base_earnings_series=base_series, base_fy=base_fy, **estimate_kw)
    path = sc.project_resolved(setup).set_index("fy")["earnings_usd_million"]
    band = mc.monte_carlo_resolved(setup, draws=draws, seed=seed)
    band = band[band["variable"] == "earnings_usd_million"].set_index("fy")
    inside = figures[figures["fy"].isin(path.index[1:])].copy()
    inside["model_usd_million"] = inside["fy"].map(path)
    inside["model_p5_usd_million"] = inside["fy"].map(band["p5"])
    inside["model_p95_usd_million"] = inside["fy"].map(band["p95"])
    inside["error_pct"] = (inside["model_usd_million"] / inside["published_usd_million"] - 1) * 100
    inside["in_band"] = inside["published_usd_million"].between(
        inside["model_p5_usd_million"], inside["model_p95_usd_million"]
    )
    inside.insert(
        0,
        "base",
        f"{base_series} {setup.fy_labels[0]} = {setup.params['base_earnings_usd_million'].value:,.1f}",
    )
    return inside.sort_values(
        ["fy", "series"], key=lambda c: c.map(periods.fy_end_year) if c.name == "fy" else c, ignore_index=True
    )


def backcast_paths(
    panel: pd.DataFrame,
    table: pd.DataFrame,
    base_series: str = "FL.EARN.MOITT",
    base_fy: str = "FY2020-21",
    **estimate_kw,
) -> pd.DataFrame:
    """Return the back-cast path and each published definition as rows (scenario, fy, value) for a chart."""
    end = table["fy"].iloc[-1]
    setup = sc.resolve(panel, "base", end, base_earnings_series=base_series, base_fy=base_fy, **estimate_kw)
    path = sc.project_resolved(setup)[["fy", "earnings_usd_million"]].assign(scenario=f"model from {base_fy}")
    published = published_earnings(panel)
    published = published[published["fy"].isin(path["fy"])]
    shown = published.rename(
        columns={"published_usd_million": "earnings_usd_million", "definition": "scenario"}
    )
    return pd.concat([path, shown[["fy", "earnings_usd_million", "scenario"]]], ignore_index=True)


def working_age_internet_users(panel: pd.DataFrame, fy: str) -> float:
    """Return Pakistan's working-age internet users (persons) in a July–June fiscal year: population ×
    internet share × share aged 15–64 in each calendar year, the fiscal year the mean of its two."""
    end = periods.fy_end_year(fy)
    cy = []
    for year in (end - 1, end):
        values = {}
        for code in ("SP.POP.TOTL", "IT.NET.USER.ZS", "SP.POP.1564.TO.ZS"):
            history = calendar_history(panel, code)
            if year not in history.index:
                raise ValueError(
                    f"{code} for PAK has no {year}: {fy} needs calendar years {end - 1} and {end}"
                )
            values[code] = history[year]
        cy.append(values["SP.POP.TOTL"] * values["IT.NET.USER.ZS"] / 100 * values["SP.POP.1564.TO.ZS"] / 100)
    return float(periods.fy_from_calendar_years(np.array(cy))[0])


def historical_elasticities(panel: pd.DataFrame) -> pd.DataFrame:
    """Return, for each pair of consecutive years of one earnings definition, the growth of earnings and
    of working-age internet users (percent) and the implied elasticity ln(E1/E0) / ln(U1/U0).

    The model assumes an elasticity of exactly 1 (earnings proportional to internet users).
    """
    figures = published_earnings(panel)
    rows = []
    for series, group in figures.groupby("series", sort=True):
        group = group.assign(end=group["fy"].map(periods.fy_end_year)).sort_values("end")
        for a, b in zip(group.itertuples(index=False), list(group.itertuples(index=False))[1:]):
            if b.end != a.end + 1:
                continue
            e_growth, note = b.published_usd_million / a.published_usd_million, ""
            try:
                u_growth = working_age_internet_users(panel, b.fy) / working_age_internet_users(panel, a.fy)
            except ValueError as exc:  # internet use not yet published for those years: shown, not dropped
                u_growth, note = float("nan"), f"not computed: {exc}"
            rows.append(
                {
                    "definition": a.definition,
                    "series": series,
                    "from_fy": a.fy,
                    "to_fy": b.fy,
                    "earnings_growth_pct": (e_growth - 1) * 100,
                    "users_growth_pct": (u_growth - 1) * 100,
                    "elasticity": float(np.log(e_growth) / np.log(u_growth)),
                    "model_elasticity": 1.0,
                    "note": note,
                }
            )
    return pd.DataFrame(rows)
