"""The "what if" explorer's logic: its controls and the answer to one setting of them, from the library.

``explorer/what_if.ipynb`` (served by ``make explore`` with Voilà) draws a slider per :class:`Control`
and shows :meth:`Explorer.answer`. The scenario is resolved on the panel once
(:func:`analysis.models.scenarios.resolve`); a slider move only swaps parameter values and lever
targets in that setup (each checked against its allowed range, as ``resolve`` checks them) and reruns
the model (:func:`scenarios.project_resolved`, :func:`lever_accounts.lever_effects_resolved`), so an
answer takes milliseconds. With the controls at their defaults the answer is notebook 05's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from analysis.core import periods
from analysis.core.countries import COMPARISON, PAK
from analysis.figures import charts, plotting
from analysis.models import headcount, lever_accounts, lever_targets, validation
from analysis.models import levers as lv
from analysis.models import scenarios as sc
from analysis.panel.query import select
from analysis.sources import series

HORIZON = "FY2029-30"  # notebook 05's default
BASE = "FL.EARN.MOITT_REMOTE"  # notebook 05's base definition (the default of levers.estimate)
COUNT = "FL.COUNT.GOV"  # notebook 05's headcount (the default of levers.estimate)
HORIZON_YEARS = 15  # horizons offered: the base fiscal year + 1 … + 15
# The scenario drivers on sliders: those the 'low'/'high' settings move, and every other judgement.
DRIVERS = lv.DRIVERS + tuple(name for name in lv.JUDGEMENTS if name not in lv.DRIVERS)
LABELS = {  # parameter -> what a reader sees on its slider
    "receive_cost_pct": "Cost of receiving, % of amount",
    "formal_channel_share": "Share arriving through formal channels",
    "export_recorded_share": "Share of formal receipts recorded as exports",
    "software_share": "Share of freelancers in software & technology",
    "female_share": "Share of freelancers who are women",
    "population_growth_pct_per_year": "Population growth, % per year",
    "internet_share_change_pp_per_year": "Internet users' share, change in points per year",
    "working_age_share_change_pp_per_year": "Working-age (15-64) share, change in points per year",
    "internet_share_ceiling_pct": "Ceiling of internet use, % of population",
    "adoption_growth_pct_per_year": "Growth of the share who freelance, % per year",
    "earnings_per_freelancer_growth_pct_per_year": "Earnings per freelancer, growth % per year",
    "software_earnings_premium_ratio": "Software earnings premium, ratio to other work",
    "female_relative_earnings_ratio": "A woman's earnings relative to a man's, ratio",
}
EFFECT_COLUMNS = {  # lever_effects column -> plain header
    "lever": "Lever",
    "new_income_usd_million": "New income reaching Pakistan, USD million",
    "new_income_pct": "New income, % of the no-lever path",
    "recorded_change_usd_million": "Change in recorded services exports, USD million",
    "recorded_from_new_income_usd_million": "… of which from new income, USD million",
    "reclassification_usd_million": "… of which reclassification, USD million",
    "target_basis": "Where each target comes from (data, judgement or your setting)",
}
PATH_COLUMNS = {
    "fy": "Fiscal year (Jul–Jun)",
    "no_lever_earnings_usd_million": "Recorded earnings, no levers, USD million",
    "earnings_usd_million": "Recorded earnings, with the levers, USD million",
    "income_usd_million": "Income reaching Pakistan, with the levers, USD million",
    "freelancers_persons": "Freelancers, with the levers, persons",
}


@dataclass(frozen=True)
class Control:
    """One slider: a lever target (``group='target'``) or a scenario driver (``group='driver'``).

    ``low``–``high`` lie inside the parameter's allowed range; ``kind`` is 'from data' or 'judgement'
    and ``basis`` says which row or reason.
    """

    group: str
    name: str
    label: str
    unit: str
    value: float
    low: float
    high: float
    step: float
    kind: str
    basis: str


@dataclass(frozen=True)
class Answer:
    """What one setting of the controls gives: the path by fiscal year, the two accounts, a sentence."""

    path: pd.DataFrame  # scenarios.project columns
    effects: pd.DataFrame  # lever_accounts.lever_effects columns
    finding: str


def _step(low: float, high: float) -> float:
    """A round slider step giving at least 200 positions between ``low`` and ``high``."""
    return 10.0 ** math.floor(math.log10((high - low) / 200))


def _driver_bounds(p: lv.Param) -> tuple[float, float]:
    """The plausible range widened by max(its width, |value|) on each side, clipped to the allowed one."""
    pad = max(p.high - p.low, abs(p.value), 1e-6)
    return max(p.allowed[0], p.low - pad), min(p.allowed[1], p.high + pad)


def _kind(basis: str) -> str:
    return "judgement" if basis.startswith("judgement") else "from data"


def controls(setup: sc.Setup, table: pd.DataFrame) -> list[Control]:
    """Return the sliders: every lever target (bounded by its allowed range, at its default), then the
    scenario drivers (at their estimated or judged value)."""
    out = [
        Control(
            "target",
            row.parameter,
            LABELS[row.parameter],
            row.unit,
            float(row.default_target),
            float(row.allowed_low),
            float(row.allowed_high),
            _step(row.allowed_low, row.allowed_high),
            _kind(row.target_source),
            row.target_source,
        )
        for row in table.itertuples()
    ]
    for name in DRIVERS:
        p = setup.params[name]
        low, high = _driver_bounds(p)
        kind = "judgement" if p.kind == "judgement" else "from data"
        basis = p.note if p.kind == "judgement" else f"{p.ref}: {p.note}"
        out.append(
            Control(
                "driver",
                name,
                LABELS[name] + (", today" if name in sc.LEVER_PARAMS else ""),
                p.unit,
                p.value,
                low,
                high,
                _step(low, high),
                kind,
                basis,
            )
        )
    return out


class Explorer:
    """Notebook 05's package resolved on the panel (once per base definition, when first asked for),
    answering any setting of the controls."""

    def __init__(self, panel: pd.DataFrame, horizon: str = HORIZON):
        self.panel = select(panel, iso3=(*COMPARISON, "WLD"))  # the rows resolve reads
        self._bases: dict[str, sc.Setup] = {}
        self.base = self._base(BASE, horizon)
        self.controls = controls(self.base, lever_targets.default_targets(self.panel, self.base.params))
        first = self.base.base_fy_end + 1
        self.horizons = [periods.fy_label(y) for y in range(first, first + HORIZON_YEARS)]
        self.base_definitions = {code: series.label(code) for code in validation.BASE_DEFINITIONS}
        self.headcounts = {code: series.label(code) for code in headcount.NATIONAL}
        used = sc.parameters(self.panel, self.base.scenario)
        corridors = select(self.panel, iso3=PAK, series=[lever_targets.CORRIDOR_COST, "RPW.CORRIDOR_COST"])
        used = pd.concat([used[used["source"] != ""], corridors])
        self.source = plotting.source_line(used) + "; model: analysis.models.scenarios, lever_accounts"

    def _base(self, base_series: str, horizon: str = HORIZON, count_series: str = COUNT) -> sc.Setup:
        """The package resolved from the published earnings figure ``base_series`` and the published
        headcount ``count_series`` (cached)."""
        if base_series not in validation.BASE_DEFINITIONS:
            raise ValueError(
                f"base definition {base_series!r}; allowed: {', '.join(validation.BASE_DEFINITIONS)}"
            )
        if count_series not in headcount.NATIONAL:
            raise ValueError(f"headcount {count_series!r}; allowed: {', '.join(headcount.NATIONAL)}")
        if (base_series, count_series) not in self._bases:
            package = sc.Scenario("package", levers=lever_accounts.complete_targets({}))
            self._bases[(base_series, count_series)] = sc.resolve(
                self.panel, package, horizon, base_earnings_series=base_series, count_series=count_series
            )
        return self._bases[(base_series, count_series)]

    def setup(
        self,
        overrides: Mapping[str, float],
        targets: Mapping[str, float],
        horizon: str = HORIZON,
        base_series: str = BASE,
        count_series: str = COUNT,
    ) -> sc.Setup:
        """Return the package resolved from ``base_series`` with ``overrides`` (driver values) and lever
        ``targets`` swapped in (and its headcount from the published count ``count_series``).

        ValueError naming a parameter that is unknown or outside its allowed range, as ``resolve`` does.
        """
        base = self._base(base_series, count_series=count_series)
        params = dict(base.params)
        for name, value in overrides.items():
            if name not in params:
                raise ValueError(f"unknown parameter {name!r}; known: {', '.join(sorted(params))}")
            params[name] = lv.with_value(params[name], value)
        chosen = dict(base.targets)
        for name, value in targets.items():
            if name not in sc.LEVER_PARAMS:
                raise ValueError(f"unknown lever parameter {name!r}; known: {', '.join(sc.LEVER_PARAMS)}")
            chosen[name] = lv.check_value(name, value, lv.LEVER_ALLOWED[name], params[name].unit)
        horizon_end = periods.fy_end_year(horizon)
        if horizon_end < base.base_fy_end:
            raise ValueError(f"parameter 'horizon' = {horizon!r} is before the base year {base.fy_labels[0]}")
        scenario = sc.Scenario("what if", overrides=dict(overrides), levers=chosen)
        return replace(base, scenario=scenario, params=params, targets=chosen, horizon_fy_end=horizon_end)

    def answer(
        self,
        overrides: Mapping[str, float] | None = None,
        targets: Mapping[str, float] | None = None,
        horizon: str = HORIZON,
        base_series: str = BASE,
        count_series: str = COUNT,
    ) -> Answer:
        """Return the path, the two accounts per lever and the sentence for one setting of the controls."""
        setup = self.setup(overrides or {}, targets or {}, horizon, base_series, count_series)
        effects = lever_accounts.lever_effects_resolved(
            setup, lever_targets.default_targets(self.panel, setup.params)
        )
        return Answer(sc.project_resolved(setup), effects, finding(effects))


def finding(effects: pd.DataFrame) -> str:
    """Return the package's result in the two accounts as one sentence (USD million, horizon year)."""
    total = effects.set_index("lever").loc["package"]
    return (
        f"By assumption, not observation: with these settings the levers add "
        f"{total['new_income_usd_million']:,.1f} USD million of new income reaching Pakistan in "
        f"{total['fy']} ({total['new_income_pct']:+.1f} %) and change recorded services exports by "
        f"{total['recorded_change_usd_million']:,.1f} USD million ({total['recorded_change_pct']:+.1f} %), "
        f"of which {total['reclassification_usd_million']:,.1f} is reclassification of money already "
        "arriving."
    )


def effects_table(answer: Answer) -> pd.DataFrame:
    """The two accounts per lever, with plain headers (numbers in USD million and percent)."""
    return answer.effects[list(EFFECT_COLUMNS)].rename(columns=EFFECT_COLUMNS)


def path_table(answer: Answer) -> pd.DataFrame:
    """The earnings path by fiscal year, with plain headers."""
    return answer.path[list(PATH_COLUMNS)].rename(columns=PATH_COLUMNS)


def path_chart(answer: Answer, source: str = ""):
    """Recorded earnings by fiscal year, with and without the levers (a matplotlib Figure).

    The app shows ``source`` as text under the image: drawn in the figure, its 700 characters
    doubled the time to draw it.
    """
    path = answer.path
    no_levers = path.assign(scenario="no levers", earnings_usd_million=path["no_lever_earnings_usd_million"])
    return charts.scenario_chart(
        pd.concat([no_levers, path]),
        title=f"Recorded freelancer earnings to {path['fy'].iloc[-1]}: no levers and your levers",
        source=source,
        suffix="",
    )
