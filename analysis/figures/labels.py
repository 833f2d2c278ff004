"""Reader's words for what charts show: series, parameters, levers, economies; the one place for them.

Series labels come from the series catalogue (:func:`analysis.sources.series.label`), economy names
from the panel's ``country_name`` column; model parameter and lever names get their reader labels
here (``PARAMETER_LABELS``, ``LEVER_LABELS``), so a chart never shows ``export_recorded_share`` or
``BX.GSR.CCIS.CD``. Codes stay in the sources section and in the downloadable data.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from analysis.core import periods
from analysis.sources import series as catalogue

# model parameter (analysis.models.levers) -> reader's label, unit left to the axis or table
PARAMETER_LABELS = {
    "base_earnings_usd_million": "earnings in the base year",
    "base_freelancers_persons": "freelancers in the base year",
    "population_persons": "population",
    "internet_share_pct": "internet users' share of population",
    "working_age_share_pct": "working-age share of population",
    "population_growth_pct_per_year": "population growth",
    "internet_share_change_pp_per_year": "yearly change in internet users' share",
    "working_age_share_change_pp_per_year": "yearly change in the working-age share",
    "receive_cost_pct": "cost of receiving a payment",
    "software_share": "software's share of freelancers",
    "female_share": "women's share of freelancers",
    "internet_share_ceiling_pct": "ceiling of internet users' share",
    "adoption_growth_pct_per_year": "growth of freelancing among internet users",
    "earnings_per_freelancer_growth_pct_per_year": "growth of earnings per freelancer",
    "formal_channel_share": "share of earnings through formal channels",
    "export_recorded_share": "share of formal receipts recorded as exports",
    "software_earnings_premium_ratio": "software freelancers' earnings premium",
    "female_relative_earnings_ratio": "women's earnings relative to men's",
}
# policy lever (analysis.models.levers.LEVERS) -> reader's label
LEVER_LABELS = {
    "payment": "payment channels",
    "tax": "tax clarity and registration",
    "skills": "skills certification",
    "finance": "finance and inclusion for women",
}
# forecast model (analysis.models.forecast) -> reader's label
MODEL_LABELS = {
    "sarima": "SARIMA",
    "sarima_eid": "SARIMA with Eid regressors",
    "ets": "ETS",
    "ets_damped": "damped-trend ETS",
    "drift": "random walk with drift",
    "seasonal_naive": "seasonal naive",
}
# period basis (analysis.core.periods) -> words, on chart axes and in table cells
BASIS_LABELS = {
    periods.CALENDAR: "calendar year (Jan–Dec)",
    periods.FY_JUL_JUN: "fiscal year (Jul–Jun)",
    periods.FY_APR_MAR: "fiscal year (Apr–Mar)",
    periods.FY_JUL_JUN_PARTIAL: "part of a fiscal year (Jul–Jun)",
    periods.MONTH: "month",
    periods.QUARTER: "quarter",
    periods.POINT: "point in time",
    periods.UNDATED: "undated sample",
}
# World Bank names read with a definite article in a sentence ("the Philippines")
WITH_ARTICLE = ("Philippines", "Netherlands", "United States", "United Kingdom", "United Arab Emirates")


def series_label(code: str) -> str:
    """Return the catalogue's label of a series code (derived ``code:suffix`` too); the code if unknown."""
    try:
        return catalogue.label(code)
    except KeyError:
        return code


def ratio_label(computation: str) -> str:
    """Return 'label / label' for a 'CODE / CODE' ratio text (an optional ' × 100' dropped)."""
    return " / ".join(series_label(c.strip()) for c in computation.removesuffix(" × 100").split(" / "))


def parameter_label(name: str) -> str:
    """Return a model parameter's reader label (its name with spaces when it has none)."""
    return PARAMETER_LABELS.get(name, name.replace("_", " "))


def lever_label(name: str) -> str:
    """Return a policy lever's reader label (its name when it has none)."""
    return LEVER_LABELS.get(name, name.replace("_", " "))


def model_label(name: str) -> str:
    """Return a forecast model's reader label (its name when it has none)."""
    return MODEL_LABELS.get(name, name.replace("_", " "))


def country_names(panel: pd.DataFrame, iso3: Iterable[str]) -> dict[str, str]:
    """Return {iso3: the panel's country name} for ``iso3`` in order (the code where the panel has none)."""
    codes = list(dict.fromkeys(iso3))
    found = panel.loc[panel["iso3"].isin(codes), ["iso3", "country_name"]].drop_duplicates("iso3")
    names = dict(zip(found["iso3"], found["country_name"]))
    return {c: str(names.get(c) or c) for c in codes}


def in_sentence(name: str) -> str:
    """Return a country name as it reads inside a sentence ('the Philippines', 'India')."""
    return f"the {name}" if name in WITH_ARTICLE else name


def word_list(names: Iterable[str]) -> str:
    """Return 'A', 'A and B' or 'A, B and C'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def economies_sentence(panel: pd.DataFrame, iso3: Iterable[str], joiner: str = "beside") -> str:
    """Return 'Pakistan beside India, Bangladesh and the Philippines' for ``iso3`` (the first, then the
    rest), names from the panel; Markdown-safe (HTML special characters escaped)."""
    names = [in_sentence(n) for n in country_names(panel, iso3).values()]
    text = names[0] if len(names) < 2 else f"{names[0]} {joiner} {word_list(names[1:])}"
    return html.escape(text, quote=False)


def economies_heading(panel: pd.DataFrame, iso3: Iterable[str]) -> str:
    """Return the Markdown heading naming the economies compared ('## Pakistan beside India, …'), then
    which one the gaps are measured for; names from the panel, escaped."""
    codes = list(iso3)
    first = html.escape(in_sentence(country_names(panel, codes[:1])[codes[0]]), quote=False)
    return (
        f"## {economies_sentence(panel, codes)}\n\n"
        f"The economies come from the parameter `countries`; gaps are measured for {first}, the first."
    )


def show_heading(panel: pd.DataFrame, iso3: Iterable[str]) -> None:
    """Display :func:`economies_heading` as Markdown (a cell tagged ``title``: the report index appends
    the heading to the notebook's title); return None."""
    from IPython.display import display

    text = economies_heading(panel, iso3)
    display({"text/markdown": text, "text/plain": text}, raw=True)
