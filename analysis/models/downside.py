"""Downside scenarios: paths on which freelancer earnings fall, each sized from a curated figure.

- ``demand_slump``: global demand for online work reverses its 2016–2023Q1 growth (World Bank,
  +41 %), so earnings per freelancer fall at that annualised rate each year, and fewer internet users
  find work (adoption growth at the low end of its judged range);
- ``ai_substitution``: the low-paid work (data entry and writing; PTA's share of freelancers in
  low-paid work) is substituted by AI, its earnings gone by the horizon, phased evenly;
- ``channel_closure``: a payment channel closes and half of the formal receipts move to informal
  channels (by the horizon, phased in like a lever).

The sizes are judgements built on published figures, not forecasts of events: each row says which.
"""

from __future__ import annotations

import pandas as pd

from analysis.core import periods
from analysis.models import scenarios as sc
from analysis.panel.query import required_rows

DEMAND, LOW_PAID = "WB.GIG_DEMAND_GROWTH", "FL.LOWPAID_SHARE.PTA"


def demand_growth_pct_per_year(panel: pd.DataFrame) -> tuple[float, str]:
    """Return the World Bank's growth of global online-work demand, annualised over its span (% a year)."""
    row = required_rows(panel, DEMAND, "WLD").sort_values("end").iloc[-1]
    years = ((row["end"] - row["start"]).days + 1) / 365.25
    rate = ((1 + row["value"] / 100) ** (1 / years) - 1) * 100
    return rate, f"{DEMAND} {row['period']}: +{row['value']:g} % over {years:.2f} years = {rate:.2f} % a year"


def downside_scenarios(panel: pd.DataFrame, horizon: str = "FY2029-30", **estimate_kw) -> dict:
    """Return {name: (Scenario, what sizes it)} for the three downside cases."""
    base = sc.resolve(panel, "base", horizon, **estimate_kw)
    g0 = base.params["earnings_per_freelancer_growth_pct_per_year"].value
    years = base.horizon_fy_end - base.base_fy_end
    slump, slump_why = demand_growth_pct_per_year(panel)
    low_paid = required_rows(panel, LOW_PAID).sort_values("end").iloc[-1]
    s = low_paid["value"] / 100
    ai = ((1 - s) ** (1 / years) * (1 + g0 / 100) - 1) * 100
    formal = base.params["formal_channel_share"].value
    adoption_low = base.params["adoption_growth_pct_per_year"].low
    return {
        "demand_slump": (
            sc.Scenario(
                "demand_slump",
                overrides={
                    "earnings_per_freelancer_growth_pct_per_year": -slump,
                    "adoption_growth_pct_per_year": adoption_low,
                },
            ),
            f"judgement sized by {slump_why}: that growth reversed, per freelancer; adoption growth at "
            f"{adoption_low:g} % a year (the low end of its range)",
        ),
        "ai_substitution": (
            sc.Scenario("ai_substitution", overrides={"earnings_per_freelancer_growth_pct_per_year": ai}),
            f"judgement sized by {LOW_PAID} ({low_paid['value']:g} % of freelancers in low-paid work, "
            f"{low_paid['period']}): their earnings gone by {base.fy_labels[-1]}, "
            f"{g0:g} % a year growth otherwise: {ai:.2f} % a year per freelancer",
        ),
        "channel_closure": (
            sc.Scenario("channel_closure", levers={"formal_channel_share": formal / 2}),
            f"judgement: a payment channel closes; formal share {formal:g} → {formal / 2:g} by the horizon",
        ),
    }


def downside_table(panel: pd.DataFrame, horizon: str = "FY2029-30", **estimate_kw) -> pd.DataFrame:
    """Return horizon-year recorded earnings and income (USD million) of each downside case beside base."""
    base = sc.project(panel, "base", horizon, **estimate_kw)
    first, last = base.iloc[0], base.iloc[-1]
    rows = []
    for name, (scenario, why) in downside_scenarios(panel, horizon, **estimate_kw).items():
        path = sc.project(panel, scenario, horizon, **estimate_kw)
        end = path.iloc[-1]
        per_head = path["gross_earnings_per_freelancer_usd"]
        rows.append(
            {
                "scenario": name,
                "fy": end["fy"],
                "recorded_usd_million": end["earnings_usd_million"],
                "recorded_vs_base_year_pct": (end["earnings_usd_million"] / first["earnings_usd_million"] - 1)
                * 100,
                "recorded_vs_base_path_pct": (end["earnings_usd_million"] / last["earnings_usd_million"] - 1)
                * 100,
                "income_usd_million": end["income_usd_million"],
                "income_vs_base_path_pct": (end["income_usd_million"] / last["income_usd_million"] - 1) * 100,
                "per_freelancer_growth_pct_per_year": (
                    (per_head.iloc[-1] / per_head.iloc[0]) ** (1 / (len(path) - 1)) - 1
                )
                * 100,
                "sized_by": why,
            }
        )
    out = pd.DataFrame(rows)
    out.insert(1, "base_year", periods.normalise_fy(first["fy"]))
    return out
