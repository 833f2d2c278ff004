# %% [markdown]
# # 05 · Policy levers: what each pillar could add
#
# **Question:** Which of the article's four policy pillars — payment infrastructure, tax clarity and
# registration, skills certification, finance and inclusion — would bring new income to Pakistan by the
# horizon year, which would only move money already arriving onto the services-exports line, and which
# assumptions decide the answer?
#
# Each pillar becomes a **lever**: one or two parameters of the driver model of notebook 04 that move
# linearly from today's value to a target reached in the horizon fiscal year. Everything else follows
# the base scenario. Every effect is measured in **two accounts**: *new income* — what reaches Pakistan,
# through any channel, net of the cost of receiving it — and *recorded exports* — the part booked as
# services exports in the balance of payments rather than as workers' remittances or not at all. A
# lever that raises recorded exports without raising income is a **reclassification**: real for the
# statistics, not for anyone's income.
#
# > **Read every number here as the consequence of assumptions.** Each gain is the model's response to
# > a target that is either taken from a named data row or is a stated judgement (the `target_basis`
# > column says which). No lever effect below has been observed; the ranking ranks assumptions as much
# > as policies.

# %% tags=["parameters"]
horizon = "FY2029-30"  # fiscal year (July–June) by which every lever reaches its target
lever_targets = {  # each lever parameter's target at the horizon: a number in its unit, or "default"
    "receive_cost_pct": "default",  # payment: cost of receiving, percent of the amount received
    "formal_channel_share": "default",  # payment: fraction of gross earnings arriving through formal channels
    "export_recorded_share": "default",  # tax: fraction of formal receipts recorded as services exports
    "software_share": "default",  # skills: fraction of freelancers in software & technology
    "female_share": "default",  # finance & inclusion: fraction of freelancers who are women
}
draws = 20_000  # Monte Carlo draws for the package's uncertainty band
seed = 20240701  # random seed of the Monte Carlo

# %%
import pandas as pd

from analysis import (bars, charts, labels, lever_accounts, load_panel, montecarlo, plotting, report, scenarios,
                      select)

panel = load_panel()
targets = lever_accounts.complete_targets(lever_targets)  # a lever not given moves to its default target
package = scenarios.Scenario("package", levers=targets)

# %% [markdown]
# ## The levers: mechanism, baseline and target
#
# "default" targets come from data where data exist — for the cost of receiving, the cheapest of the
# four main corridors to Pakistan (from the USA, the UK, the UAE and Saudi Arabia) in the remittance-price
# corridor data, averaged over its last four quarters; for the software share, the median of the peers
# (India, Bangladesh, the Philippines) ahead of Pakistan in the OLI 2020 sample; for the women's share,
# the peers' representation of women among online workers relative to women's share of their labour
# force (WDI participation rates), applied to Pakistan's labour force, so the target does not ask
# Pakistani women to match the raw share of a country where twice as many women work — and from a
# stated judgement (half the gap closed) for the two shares no one measures. The `evidence` column
# sets each target against the other rows the panel holds on the same quantity. A target taken from
# peers assumes Pakistan could reach the peers' mix; none of them is an observed effect of a policy.

# %%
levers = scenarios.lever_table(panel, package)
plotting.show_table(levers[["lever", "parameter", "unit", "baseline", "default_target", "scenario_target",
                            "allowed_low", "allowed_high"]],
                    "The policy levers: baseline, targets and the range allowed")

# %%
plotting.show_table(levers[["lever", "parameter", "mechanism", "target_source", "evidence"]],
                    "How each lever works, where its target comes from, and the evidence beside it")

# %% [markdown]
# ## Each lever alone: new income apart from reclassification
#
# For each lever moved alone, the horizon-year change against the no-lever (base) path, ranked by new
# income. The change in recorded exports is split into the part that follows from the new income
# (new income × today's recorded share) and the **reclassification**: money that already reached
# Pakistan and is now booked as exports. The mechanisms decide the split by construction: the tax and
# registration lever only changes where formal receipts are booked, so it adds no new income; the
# formal-channel half of the payment lever moves money between channels; cheaper receiving, a richer
# skill mix and more women working add income. That split is itself an assumption: the model takes the
# earnings outside formal channels as already reaching Pakistan informally (hundi, cash, crypto), so
# formalising them is relabelling; to the extent they are instead held abroad, formalising them would
# bring them home and count as new income — the payment lever's new income here is a lower bound.

# %%
effects = lever_accounts.lever_effects(panel, package, horizon)
plotting.show_table(effects[["lever", "moved", "new_income_usd_million", "new_income_pct",
                             "recorded_change_usd_million", "recorded_from_new_income_usd_million",
                             "reclassification_usd_million", "recorded_change_pct"]],
                    "Each lever alone: new income apart from reclassification at the horizon")

# %%
plotting.show_table(effects[["lever", "parameters", "target_basis"]], "The parameters each lever moves, and on what basis")

# %% [markdown]
# **Contributions to the package.** Because the levers multiply, their effects together differ from
# the sum of their separate effects; each lever's Shapley contribution — its extra value averaged over
# every order in which the levers could be switched on — shares that interaction out, in each account,
# and the contributions add up exactly to the package's change.

# %%
params = scenarios.parameters(panel, package)
used = pd.concat([params[params["source"] != ""],
                  select(panel, iso3="PAK", series=["RPW.CORRIDOR_COST", "RPW.CORRIDOR.COST_200_PCT"])])
source = plotting.source_line(used) + "; model: analysis.models.scenarios, analysis.models.lever_accounts"
plotting.show(bars.waterfall_chart(effects, source=source, account="new_income"),
              "Each lever's contribution to the package's new income, USD million", data=effects)

# %%
plotting.show(bars.waterfall_chart(effects, source=source, account="recorded"),
              "Each lever's contribution to the package's recorded earnings, USD million", data=effects)

# %% [markdown]
# ## How the gain depends on the horizon
#
# The levers phase in linearly from today to their targets in the horizon year, so a nearer horizon
# means a steeper path to the same targets, not a smaller one: the package's gain in a given year is
# the share of the way its levers have moved by then, compounded with the base path's growth.

# %%
plotting.show_table(lever_accounts.by_horizon(panel, package, horizon), "The package's gain at each horizon")

# %% [markdown]
# ## The package over time, with its uncertainty
#
# Recorded exports, by fiscal year. The levers phase in linearly, so their contributions grow toward
# the horizon. The shaded band is the package's Monte Carlo 5–95 and 25–75 percent range: every
# parameter drawn over its plausible range (see notebook 04) while the lever targets stay fixed — it
# shows the uncertainty of the assumptions' consequences, not evidence that the levers work.

# %%
path = scenarios.project(panel, package, horizon)
plotting.show_table(path[["fy", "no_lever_earnings_usd_million"] + [c for c in path if c.startswith("lever_")]
                         + ["earnings_usd_million", "income_usd_million", "freelancers_persons"]],
                    "The package over time: earnings without levers, each lever's addition, and the total")

# %%
band = montecarlo.monte_carlo(panel, package, draws=draws, seed=seed, horizon=horizon)
both = pd.concat([scenarios.project(panel, "base", horizon), path])
plotting.show(caption="Recorded freelancer earnings without levers and with the package, with its Monte Carlo band",
              data=band, fig=charts.scenario_chart(both, title="Recorded freelancer earnings: no levers and the package",
                                        source=source, bands=band))

# %% [markdown]
# ## Which assumptions decide the answer: the tornado
#
# One parameter at a time goes to the low and then the high end of its plausible range, the others
# staying central; the bars show the horizon-year earnings of the package at each end, largest swing
# on top. Note the direction of the two unmeasured shares (formal channels, export recording): with
# the target fixed, a *lower* share today means more unrecorded earnings to bring in, so the package
# gains more. The size of the package therefore rests on judgements that no published series pins
# down — the first thing to measure before funding any lever.

# %%
tornado = montecarlo.tornado(panel, package, horizon)
plotting.show(bars.tornado_chart(tornado, source=source),
              "Which assumptions decide the package's earnings: each parameter at its low and high end", data=tornado)

# %%
plotting.show_table(tornado.head(10).drop(columns=["fy", "central_earnings_usd_million"]),
                    "The ten parameters that swing the package's earnings most")

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
total = effects.set_index("lever").loc["package"]
by_lever = effects[effects["lever"] != "package"].set_index("lever")
moved = by_lever[by_lever["moved"]]
top = moved["new_income_usd_million"].idxmax()
relabel = moved["reclassification_usd_million"].idxmax()
end = band[band["variable"] == "earnings_usd_million"].iloc[-1]
plotting.show_finding(
    f"By assumption, not observation: moving the {', '.join(moved.index)} levers to their targets by "
    f"{horizon} adds **{total['new_income_usd_million']:,.1f} USD million** of new income reaching "
    f"Pakistan ({total['new_income_pct']:+.1f} %) but raises recorded services exports by "
    f"**{total['recorded_change_usd_million']:,.1f} USD million** ({total['recorded_change_pct']:+.1f} %), "
    f"of which {total['reclassification_usd_million']:,.1f} is reclassification of money already arriving. "
    f"Ranked by new income the {top} lever leads ({by_lever.loc[top, 'new_income_usd_million']:,.1f}); the "
    f"{relabel} lever's {by_lever.loc[relabel, 'recorded_change_usd_million']:,.1f} of recorded exports is "
    f"{by_lever.loc[relabel, 'reclassification_usd_million'] / by_lever.loc[relabel, 'recorded_change_usd_million'] * 100:.0f} % "
    f"relabelling. Each gain follows from its target (see the basis of each target above); with parameter "
    f"uncertainty the "
    f"package's recorded exports span {end['p5']:,.1f}–{end['p95']:,.1f} USD million (5–95 %), and the "
    f"largest single swing comes from the {labels.parameter_label(tornado['parameter'].iloc[0])} "
    f"({tornado['kind'].iloc[0]}).")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(used)
