"""Scenario projections of Pakistan's freelancer export earnings (USD million) and count, by fiscal year.

Driver model (all parameters named in :mod:`analysis.models.levers`; ``parameters(panel)`` shows them):

    working-age internet users (FY) = FY-average of CY [population × internet % / 100 × age 15-64 % / 100]
    freelancers       = working-age internet users × adoption rate × (1 + adoption growth)^k
                        × women factor
    recorded earnings = freelancers' gross earnings × (1 − receive cost/100) × formal share
                        × export share

calibrated so that the base fiscal year reproduces the published earnings and count exactly (adoption
rate = count / users; gross earnings per freelancer = earnings / (count × the three shares)). Policy
levers move their parameters linearly from the base value (k = 0) to the scenario's target at the
horizon (or after ``phase_in_years``). Each lever's contribution is its Shapley value: the average,
over the orders of switching levers on, of the change it makes; contributions add up to the total
difference from the no-lever path of the same scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.core import periods
from analysis.core.countries import COMPARISON
from analysis.core.framememo import per_frame
from analysis.models import lever_targets
from analysis.models import levers as lv
from analysis.panel.query import calendar_history, select

COMPONENTS = {
    "population_persons": "SP.POP.TOTL",
    "internet_share_pct": "IT.NET.USER.ZS",
    "working_age_share_pct": "SP.POP.1564.TO.ZS",
}
LEVER_PARAMS = tuple(name for names, _ in lv.LEVERS.values() for name in names)
DEFAULT = "default"
OUTPUTS = ("earnings_usd_million", "income_usd_million", "gross_earnings_usd_million", "freelancers_persons")


@dataclass(frozen=True)
class Scenario:
    """A named set of assumptions: driver setting, parameter overrides and lever targets at the horizon.

    ``drivers``: 'low' | 'base' | 'high' puts every parameter in ``levers.DRIVERS`` at that end of its
    range. ``overrides``: {parameter: value}. ``levers``: {lever parameter: target or 'default'} or
    {lever name: 'default'} (all its parameters at :func:`lever_targets.default_targets`).
    """

    name: str = "base"
    drivers: str = "base"
    overrides: Mapping[str, float] = field(default_factory=dict)
    levers: Mapping[str, float | str] = field(default_factory=dict)
    phase_in_years: int | None = None


SCENARIOS = {
    "low": Scenario("low", "low"),
    "base": Scenario("base"),
    "high": Scenario("high", "high"),
    "reform": Scenario("reform", levers={lever: DEFAULT for lever in lv.LEVERS}),
}


@dataclass(frozen=True)
class Setup:
    """A scenario resolved against the panel: parameters, lever targets, CY history and years."""

    scenario: Scenario
    base_fy_end: int
    horizon_fy_end: int
    params: dict[str, lv.Param]
    targets: dict[str, float | None]  # None: the lever stays at its (possibly sampled) base value
    history: dict[str, pd.Series]

    @property
    def fy_labels(self) -> list[str]:
        return [periods.fy_label(y) for y in range(self.base_fy_end, self.horizon_fy_end + 1)]

    def values(self) -> dict[str, float]:
        return {name: p.value for name, p in self.params.items()}


def resolve(
    panel: pd.DataFrame, scenario: Scenario | str = "base", horizon: str = "FY2029-30", **estimate_kw
) -> Setup:
    """Return the scenario resolved on the panel; ValueError naming any invalid parameter."""
    scenario = _scenario(scenario)
    panel, base_fy, estimated, history = _estimated(panel, estimate_kw)
    params = dict(estimated)  # the scenario's changes below never reach the shared estimates
    base_end, horizon_end = periods.fy_end_year(base_fy), periods.fy_end_year(horizon)
    if horizon_end < base_end:
        raise ValueError(
            f"parameter 'horizon' = {horizon!r} is before the last data year {base_fy}; "
            f"allowed range [{base_fy}, ...)"
        )
    if scenario.drivers not in ("low", "base", "high"):
        raise ValueError(f"parameter 'drivers' = {scenario.drivers!r}; allowed: 'low', 'base', 'high'")
    if scenario.phase_in_years is not None and not scenario.phase_in_years >= 1:
        raise ValueError(f"parameter 'phase_in_years' = {scenario.phase_in_years!r}; allowed range [1, ...)")
    if scenario.drivers != "base":
        for name in lv.DRIVERS:
            p = params[name]
            params[name] = lv.with_value(p, p.low if scenario.drivers == "low" else p.high)
    before = dict(params)
    for name, value in scenario.overrides.items():
        if name not in params:
            raise ValueError(f"unknown parameter {name!r}; known: {', '.join(sorted(params))}")
        params[name] = lv.with_value(params[name], value)
    setup = Setup(scenario, base_end, horizon_end, params, _targets(panel, scenario, params), history)
    _refuse_no_ops(setup, before)
    return setup


def _estimated(panel: pd.DataFrame, estimate_kw: dict) -> tuple:
    """Return (the rows the model reads, base fiscal year, {name: Param}, component histories).

    They depend on the panel and ``estimate_kw`` only, so they are estimated once per panel object and
    reused by every scenario resolved on it (a notebook resolves about twenty).
    """

    def compute():
        rows = select(panel, iso3=(*COMPARISON, "WLD"))  # all the model reads: 2% of the rows
        base_fy, params = lv.estimate(rows, **estimate_kw)
        history = {name: calendar_history(rows, code) for name, code in COMPONENTS.items()}
        return rows, base_fy, params, history

    try:
        key = ("scenario estimates", tuple(sorted(estimate_kw.items())))
        hash(key)
    except TypeError:  # an unhashable argument: estimated afresh (its error, if any, is estimate's)
        return compute()
    return per_frame(panel, key, compute)


def _refuse_no_ops(setup: Setup, before: dict[str, lv.Param]) -> None:
    """ValueError for an override that changes no path (cancelled by the calibration to the base figure)."""
    for name in setup.scenario.overrides:
        if setup.params[name].value == before[name].value:
            continue
        undone = setup.values() | {name: before[name].value}
        paths = simulate(setup, setup.values(), setup.targets)
        other = simulate(setup, undone, setup.targets)
        if all(np.allclose(paths[k], other[k], rtol=1e-12, atol=0) for k in OUTPUTS):
            raise ValueError(
                f"parameter {name!r} = {setup.params[name].value!r} changes no result of this scenario: "
                f"every path is the same without it (the model is calibrated to the base figure "
                f"{setup.params['base_earnings_usd_million'].ref}, and e.g. the software premium matters "
                f"only when the skills lever moves); leave it out or set a lever target"
            )


def _scenario(scenario: Scenario | str) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; known: {', '.join(SCENARIOS)} or a Scenario")
    return SCENARIOS[scenario]


def _targets(panel, scenario: Scenario, params) -> dict[str, float | None]:
    """Lever targets by parameter (None where the scenario sets none); checked against allowed ranges."""
    wanted: dict[str, float | str] = {}
    for key, value in scenario.levers.items():
        if key in lv.LEVERS:
            if value != DEFAULT:
                raise ValueError(
                    f"lever {key!r} takes 'default'; set its parameters {lv.LEVERS[key][0]} to give values"
                )
            wanted.update({name: DEFAULT for name in lv.LEVERS[key][0]})
        elif key in LEVER_PARAMS:
            wanted[key] = value
        else:
            raise ValueError(
                f"unknown lever {key!r}; known levers: {', '.join(lv.LEVERS)}; "
                f"lever parameters: {', '.join(LEVER_PARAMS)}"
            )
    defaults = None
    out = {}
    for name in LEVER_PARAMS:
        value = wanted.get(name)
        if value is None:
            out[name] = None
            continue
        if isinstance(value, str):
            if value != DEFAULT:
                raise ValueError(f"lever parameter {name!r} = {value!r}; give a number or 'default'")
            if defaults is None:
                defaults = lever_targets.default_targets(panel, params).set_index("parameter")[
                    "default_target"
                ]
            value = defaults[name]
        out[name] = lv.check_value(name, value, lv.LEVER_ALLOWED[name], params[name].unit)
    return out


def _col(x) -> np.ndarray:
    """A scalar or (draws,) array as a (draws, 1) column, broadcasting against fiscal years."""
    return np.asarray(x, dtype=float).reshape(-1, 1)


def _cy_levels(setup: Setup, v: Mapping[str, np.ndarray]) -> np.ndarray:
    """Working-age internet users (persons) by calendar year base−1 … horizon; shape (draws, years).

    Observed years keep their values; later years: population grows at its rate, the internet
    share rises by its pp/yr up to the ceiling, the age 15-64 share moves by its pp/yr.
    """
    cys = np.arange(setup.base_fy_end - 1, setup.horizon_fy_end + 1)
    out = np.ones((1, len(cys)))
    for name, hist in setup.history.items():
        last = int(hist.index.max())
        step = np.clip(cys - last, 0, None)
        level = _col(v[name])
        if name == "population_persons":
            proj = level * (1 + _col(v["population_growth_pct_per_year"]) / 100) ** step
        elif name == "internet_share_pct":
            ceiling = np.maximum(_col(v["internet_share_ceiling_pct"]), level)
            proj = np.minimum(ceiling, level + _col(v["internet_share_change_pp_per_year"]) * step)
        else:
            proj = level + _col(v["working_age_share_change_pp_per_year"]) * step
        level = np.where(cys <= last, hist.reindex(cys).to_numpy(), proj)
        out = out * (level if name == "population_persons" else np.clip(level, 0, 100) / 100)
    return out


def simulate(setup: Setup, v: Mapping[str, np.ndarray], targets: Mapping[str, np.ndarray | None]) -> dict:
    """Return paths (draws × fiscal years) of earnings (USD million), freelancers (persons) and drivers.

    ``v`` holds every parameter as a scalar or a (draws,) array; ``targets`` every lever parameter
    (None: no lever move).
    """
    n_years = setup.horizon_fy_end - setup.base_fy_end
    k = np.arange(n_years + 1)
    ramp = np.minimum(1.0, k / (setup.scenario.phase_in_years or n_years)) if n_years else np.zeros(1)
    lever = {
        n: _col(v[n]) if targets[n] is None else _col(v[n]) + (_col(targets[n]) - _col(v[n])) * ramp
        for n in LEVER_PARAMS
    }
    users = periods.fy_from_calendar_years(_cy_levels(setup, v))
    n0 = _col(v["base_freelancers_persons"])
    adoption = n0 / users[:, :1] * (1 + _col(v["adoption_growth_pct_per_year"]) / 100) ** k
    shares0 = (
        (1 - _col(v["receive_cost_pct"]) / 100)
        * _col(v["formal_channel_share"])
        * _col(v["export_recorded_share"])
    )
    growth = (1 + _col(v["earnings_per_freelancer_growth_pct_per_year"]) / 100) ** k
    per_head = _col(v["base_earnings_usd_million"]) / (n0 * shares0) * growth  # USD million per freelancer
    premium, s0 = _col(v["software_earnings_premium_ratio"]) - 1, _col(v["software_share"])
    mix = (1 + premium * lever["software_share"]) / (1 + premium * s0)
    rho, f0, f = _col(v["female_relative_earnings_ratio"]), _col(v["female_share"]), lever["female_share"]
    count_factor = (1 - f0) / (1 - f)
    women = (1 - f0 + rho * f * count_factor) / (1 - f0 + rho * f0)
    base_count = users * adoption
    gross = base_count * per_head * mix * women
    shares = (
        (1 - lever["receive_cost_pct"] / 100) * lever["formal_channel_share"] * lever["export_recorded_share"]
    )
    count = base_count * count_factor
    received = gross * (1 - lever["receive_cost_pct"] / 100)
    return {
        "earnings_usd_million": gross * shares,  # recorded as services exports
        "income_usd_million": received,  # reaching Pakistan, through any channel, net of receiving costs
        "gross_earnings_usd_million": gross,  # what freelancers earn abroad, before costs and channels
        "freelancers_persons": count,
        "working_age_internet_users_persons": np.broadcast_to(users, count.shape),
        "adoption_rate": np.broadcast_to(adoption, count.shape) * count_factor,
        "gross_earnings_per_freelancer_usd": gross / count * 1e6,
    }


def shapley(setup: Setup, variable: str = "earnings_usd_million") -> dict[str, np.ndarray]:
    """Return each lever's Shapley contribution to ``variable`` (USD million; default recorded exports)
    by fiscal year; the contributions add up to the package's change."""
    values, base_targets = setup.values(), {n: setup.params[n].value for n in LEVER_PARAMS}
    active = [
        lev for lev, (names, _) in lv.LEVERS.items() if any(setup.targets[n] is not None for n in names)
    ]
    subsets = [frozenset(c) for r in range(len(active) + 1) for c in combinations(active, r)]
    on = lambda n, s: setup.targets[n] is not None and any(n in lv.LEVERS[lev][0] for lev in s)  # noqa: E731
    stacked = {
        n: np.array([setup.targets[n] if on(n, s) else base_targets[n] for s in subsets])
        for n in LEVER_PARAMS
    }
    paths = simulate(setup, {n: np.full(len(subsets), x) for n, x in values.items()}, stacked)
    value = dict(zip(subsets, paths[variable]))
    size = len(active)
    out = {lev: np.zeros(setup.horizon_fy_end - setup.base_fy_end + 1) for lev in lv.LEVERS}
    for lev in active:
        for s in subsets:
            if lev not in s:
                weight = math.factorial(len(s)) * math.factorial(size - len(s) - 1) / math.factorial(size)
                out[lev] = out[lev] + weight * (value[s | {lev}] - value[s])
    return out


def project(
    panel: pd.DataFrame, scenario: Scenario | str = "base", horizon: str = "FY2029-30", **estimate_kw
) -> pd.DataFrame:
    """Return earnings (USD million), freelancers (persons) and each lever's contribution by fiscal year.

    ``lever_<name>_usd_million`` columns add up to ``earnings_usd_million − no_lever_earnings_usd_million``.
    """
    return project_resolved(resolve(panel, scenario, horizon, **estimate_kw))


def project_resolved(setup: Setup) -> pd.DataFrame:
    """:func:`project` for a scenario already resolved on the panel (see :func:`resolve`)."""
    paths = simulate(setup, setup.values(), setup.targets)
    no_lever = simulate(setup, setup.values(), dict.fromkeys(LEVER_PARAMS))
    out = pd.DataFrame(
        {
            "scenario": setup.scenario.name,
            "fy": setup.fy_labels,
            "observed": [True] + [False] * (len(setup.fy_labels) - 1),
        }
    )
    for name, path in paths.items():
        out[name] = path[0]
    out["no_lever_earnings_usd_million"] = no_lever["earnings_usd_million"][0]
    out["no_lever_freelancers_persons"] = no_lever["freelancers_persons"][0]
    for lev, contribution in shapley(setup).items():
        out[f"lever_{lev}_usd_million"] = contribution
    return out


def parameters(panel: pd.DataFrame, scenario: Scenario | str = "base", **estimate_kw) -> pd.DataFrame:
    """Return the parameter table (value in unit, low, high, kind, source, ref, note) for a scenario."""
    setup = resolve(panel, scenario, **estimate_kw)
    rows = [
        {
            "name": p.name,
            "value": p.value,
            "unit": p.unit,
            "low": p.low,
            "high": p.high,
            "kind": p.kind,
            "allowed_low": p.allowed[0],
            "allowed_high": p.allowed[1],
            "source": p.source,
            "ref": p.ref,
            "note": p.note,
        }
        for p in setup.params.values()
    ]
    return pd.DataFrame(rows)


def lever_table(panel: pd.DataFrame, scenario: Scenario | str = "reform", **estimate_kw) -> pd.DataFrame:
    """Return the levers: parameter, unit, baseline, default target, the scenario's target, mechanism."""
    setup = resolve(panel, scenario, **estimate_kw)
    table = lever_targets.default_targets(panel, setup.params)
    return table.assign(scenario_target=[setup.targets[n] for n in table["parameter"]])
