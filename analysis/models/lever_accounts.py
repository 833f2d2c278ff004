"""Policy levers in two accounts: new income reaching Pakistan apart from relabelling between lines.

A lever can raise what reaches Pakistan (*new income*: cheaper receiving, a richer skill mix, more
women working) or only how much of it the balance of payments records as services exports rather
than as workers' remittances or not at all (*reclassification*: formal channels, tax registration).
For each lever, alone and in the package, the horizon-year change is split into

- ``new_income_usd_million``: the change in income reaching Pakistan (any channel, net of receiving
  costs; :func:`analysis.models.scenarios.simulate`);
- ``recorded_change_usd_million``: the change in earnings recorded as services exports, of which
  ``recorded_from_new_income_usd_million`` = new income × the no-lever recorded share, and
  ``reclassification_usd_million`` = the rest (money already arriving, booked on another line).

Every gain follows from the lever's target, which is either estimated from a named panel row or a
stated judgement: the ``target_basis`` column says which, and a ranking by new income ranks
assumptions as much as policies.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.models import lever_targets
from analysis.models import levers as lv
from analysis.models import scenarios as sc

DEFAULT = sc.DEFAULT


def complete_targets(lever_targets: Mapping[str, float | str] | None) -> dict[str, float | str]:
    """Return a target for every lever parameter: those given, and 'default' for the rest.

    A partial ``lever_targets`` (e.g. ``{"receive_cost_pct": 2.0}``) moves the other levers to their
    default targets, never leaves them out silently; an unknown name raises ValueError naming the
    allowed ones.
    """
    given = dict(lever_targets or {})
    unknown = sorted(set(given) - set(sc.LEVER_PARAMS))
    if unknown:
        raise ValueError(
            f"parameter 'lever_targets' names {unknown}; allowed: {', '.join(sc.LEVER_PARAMS)} "
            "(each a number in its unit, or 'default')"
        )
    return {name: given.get(name, DEFAULT) for name in sc.LEVER_PARAMS}


def _horizon(setup: sc.Setup, targets: Mapping[str, float | None]) -> dict[str, float]:
    paths = sc.simulate(setup, setup.values(), targets)
    return {k: float(paths[k][0, -1]) for k in ("income_usd_million", "earnings_usd_million")}


def _basis(table: pd.DataFrame, setup: sc.Setup, names) -> str:
    """Say where a lever's targets come from: the default's source, or the user's number."""
    rows = table.set_index("parameter")
    parts = []
    for name in names:
        target, default = setup.targets[name], rows.loc[name, "default_target"]
        if target is None:
            parts.append(f"{name}: not moved")
        elif np.isclose(target, default):
            parts.append(f"{name}: {rows.loc[name, 'target_source']}")
        else:
            parts.append(f"{name}: set by the user ({target:g})")
    return "; ".join(parts)


def lever_effects(
    panel: pd.DataFrame, scenario: sc.Scenario | str = "reform", horizon: str = "FY2029-30", **estimate_kw
) -> pd.DataFrame:
    """Return each lever's horizon-year effect on new income and on recorded exports (USD million).

    One row per lever, ranked by new income, then 'package' (all the scenario's levers; its rows'
    ``contribution_*`` columns are Shapley shares that add up to the package's change). ``moved``
    is False where the lever's targets equal today's values.
    """
    setup = sc.resolve(panel, scenario, horizon, **estimate_kw)
    return lever_effects_resolved(setup, lever_targets.default_targets(panel, setup.params))


def lever_effects_resolved(setup: sc.Setup, table: pd.DataFrame) -> pd.DataFrame:
    """:func:`lever_effects` for a scenario already resolved (:func:`scenarios.resolve`), with its
    :func:`lever_targets.default_targets` ``table`` (the ``target_basis`` column names its sources)."""
    none = dict.fromkeys(sc.LEVER_PARAMS)
    base = _horizon(setup, none)
    share0 = base["earnings_usd_million"] / base["income_usd_million"]
    income_share = {k: v[-1] for k, v in sc.shapley(setup, "income_usd_million").items()}
    recorded_share = {k: v[-1] for k, v in sc.shapley(setup, "earnings_usd_million").items()}
    rows = []
    for lever, (names, _) in lv.LEVERS.items():
        alone = _horizon(setup, {n: setup.targets[n] if n in names else None for n in sc.LEVER_PARAMS})
        moved = any(
            setup.targets[n] is not None and not np.isclose(setup.targets[n], setup.params[n].value)
            for n in names
        )
        rows.append(_row(lever, ", ".join(names), moved, alone, base, share0, _basis(table, setup, names)))
        rows[-1] |= {
            "contribution_new_income_usd_million": income_share[lever],
            "contribution_recorded_usd_million": recorded_share[lever],
        }
    out = pd.DataFrame(rows).sort_values(["new_income_usd_million", "lever"], ascending=[False, True])
    package = _row(
        "package",
        "all levers together",
        bool(out["moved"].any()),
        _horizon(setup, setup.targets),
        base,
        share0,
        "the levers above together",
    )
    package |= {
        "contribution_new_income_usd_million": sum(income_share.values()),
        "contribution_recorded_usd_million": sum(recorded_share.values()),
    }
    out = pd.concat([out, pd.DataFrame([package])], ignore_index=True)
    out.insert(0, "fy", setup.fy_labels[-1])
    return out


def _row(lever, parameters, moved, at, base, share0, basis) -> dict:
    new_income = at["income_usd_million"] - base["income_usd_million"]
    recorded = at["earnings_usd_million"] - base["earnings_usd_million"]
    return {
        "lever": lever,
        "parameters": parameters,
        "moved": moved,
        "no_lever_income_usd_million": base["income_usd_million"],
        "income_usd_million": at["income_usd_million"],
        "new_income_usd_million": new_income,
        "new_income_pct": new_income / base["income_usd_million"] * 100,
        "no_lever_recorded_usd_million": base["earnings_usd_million"],
        "recorded_usd_million": at["earnings_usd_million"],
        "recorded_change_usd_million": recorded,
        "recorded_change_pct": recorded / base["earnings_usd_million"] * 100,
        "recorded_from_new_income_usd_million": new_income * share0,
        "reclassification_usd_million": recorded - new_income * share0,
        "target_basis": basis,
    }


def by_horizon(panel: pd.DataFrame, scenario: sc.Scenario | str, horizon: str, **estimate_kw) -> pd.DataFrame:
    """Return, by fiscal year, the package's new income and recorded change (USD million, percent of the
    no-lever path) while the levers phase in linearly to their targets at ``horizon``."""
    setup = sc.resolve(panel, scenario, horizon, **estimate_kw)
    values, none = setup.values(), dict.fromkeys(sc.LEVER_PARAMS)
    with_levers, without = sc.simulate(setup, values, setup.targets), sc.simulate(setup, values, none)
    out = pd.DataFrame({"fy": setup.fy_labels})
    for key, name in (("income_usd_million", "new_income"), ("earnings_usd_million", "recorded_change")):
        gain = with_levers[key][0] - without[key][0]
        out[f"{name}_usd_million"], out[f"{name}_pct"] = gain, gain / without[key][0] * 100
    out["phase_in_pct"] = np.minimum(1.0, np.arange(len(out)) / max(len(out) - 1, 1)) * 100
    return out
