# %% [markdown]
# # 05 · Policy levers: what each pillar could add
#
# **Question:** Which of the article's four policy pillars — payment infrastructure, tax clarity and
# registration, skills certification, finance and inclusion — would add most to Pakistan's recorded
# freelancer earnings by the horizon year, alone and as a package, and which assumptions decide the
# answer?
#
# Each pillar becomes a **lever**: one or two parameters of the driver model of notebook 04 that move
# linearly from today's value to a target reached in the horizon fiscal year. Everything else follows
# the base scenario. A lever's effect is measured on *recorded* earnings — what reaches Pakistan and is
# booked as services exports — so some levers raise what freelancers earn and others raise how much of
# it is recorded.

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

from analysis import bars, charts, load_panel, montecarlo, plotting, report, scenarios, select

panel = load_panel()
package = scenarios.Scenario("package", levers=lever_targets)

# %% [markdown]
# ## The levers: mechanism, baseline and target
#
# "default" targets come from data where data exist — the cheapest corridor to Pakistan observed in
# the remittance-price survey for the cost of receiving; the median of the peers (India, Bangladesh,
# the Philippines) ahead of Pakistan in the OLI 2020 sample for the software and women's shares — and
# from a stated judgement (half the gap closed) for the two shares no one measures.

# %%
levers = scenarios.lever_table(panel, package)
plotting.show_table(levers[["lever", "parameter", "unit", "baseline", "default_target", "scenario_target",
                            "allowed_low", "allowed_high"]], digits=3)

# %%
plotting.show_table(levers[["lever", "parameter", "mechanism", "target_source"]])

# %% [markdown]
# ## Each lever alone, and its share of the package
#
# **Alone**: the horizon-year earnings with only that lever moved, against the no-lever (base) path.
# **Contribution**: the lever's Shapley share of the package — its extra earnings averaged over every
# order in which the levers could be switched on. Because the levers multiply (more software work is
# worth more when more of it is recorded), levers that each raise earnings add more together than the
# sum of their separate effects; the contributions share that interaction out and add up exactly to
# the package's gain.

# %%
effects = scenarios.lever_effects(panel, package, horizon)
plotting.show_table(effects, digits=1)

# %%
params = scenarios.parameters(panel, package)
used = pd.concat([params[params["source"] != ""], select(panel, iso3="PAK", series="RPW.CORRIDOR_COST")])
source = plotting.source_line(used) + "; model: analysis.scenarios"
plotting.show(bars.waterfall_chart(effects, source=source))

# %% [markdown]
# ## The package over time, with its uncertainty
#
# The levers phase in linearly, so their contributions grow toward the horizon. The shaded band is the
# package's Monte Carlo 5–95 and 25–75 percent range: every parameter drawn over its plausible range
# (see notebook 04) while the lever targets stay fixed.

# %%
path = scenarios.project(panel, package, horizon)
plotting.show_table(path[["fy", "no_lever_earnings_usd_million"] + [c for c in path if c.startswith("lever_")]
                         + ["earnings_usd_million", "freelancers_persons"]], digits={"freelancers_persons": 0})

# %%
band = montecarlo.monte_carlo(panel, package, draws=draws, seed=seed, horizon=horizon)
both = pd.concat([scenarios.project(panel, "base", horizon), path])
plotting.show(charts.scenario_chart(both, title="Recorded freelancer earnings: no levers and the package",
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
plotting.show(bars.tornado_chart(tornado, source=source))

# %%
plotting.show_table(tornado.head(10).drop(columns=["fy", "central_earnings_usd_million"]),
                    digits={"low": 3, "value": 3, "high": 3})

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
total = effects.set_index("lever").loc["package"]
by_lever = effects[effects["lever"] != "package"].set_index("lever")
top = by_lever["contribution_usd_million"].idxmax()
end = band[band["variable"] == "earnings_usd_million"].iloc[-1]
plotting.show_finding(
    f"Moving all four levers to their targets by {horizon} raises Pakistan's recorded freelancer earnings "
    f"from **{total['no_lever_earnings_usd_million']:,.1f} USD million** (no levers) to "
    f"**{total['earnings_usd_million']:,.1f} USD million** ({total['effect_alone_pct']:+.1f} %); the {top} "
    f"lever contributes most ({by_lever.loc[top, 'contribution_usd_million']:,.1f} USD million, "
    f"{by_lever.loc[top, 'contribution_pct']:.1f} % of the gain). With parameter uncertainty the package "
    f"spans {end['p5']:,.1f}–{end['p95']:,.1f} USD million (5–95 %), and the largest single swing comes "
    f"from {tornado['parameter'].iloc[0]} ({tornado['kind'].iloc[0]}).")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(used)
