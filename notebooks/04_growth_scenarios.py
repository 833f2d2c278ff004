# %% [markdown]
# # 04 · Growth scenarios: freelancer earnings and count to the horizon
#
# **Question:** How far could Pakistan's recorded freelancer export earnings and the number of
# freelancers grow by the horizon fiscal year under low, base and high assumptions (and with policy
# reform), and how uncertain is the base path?
#
# The projection is a small driver model (`analysis.scenarios`), calibrated so that the base fiscal
# year reproduces a published earnings figure and a published count exactly:
#
# - **working-age internet users** (fiscal year) = population × internet share × share aged 15–64,
#   from WDI calendar years, each fiscal year the mean of the two calendar years it straddles;
# - **freelancers** = working-age internet users × adoption rate, the rate growing by a judged
#   percent per year;
# - **recorded earnings** = freelancers × gross earnings per freelancer (growing by a judged percent
#   per year) × (1 − cost of receiving) × share arriving through formal channels × share of those
#   recorded as services exports.
#
# Every number below comes from a panel row or from a stated judgement with its range and reason.
#
# > **Read the projections as conditional.** Earnings move one for one with working-age internet users
# > (an elasticity of exactly 1, by construction), there is no demand side, and earnings per freelancer
# > grow at a judged rate. The back-cast section tests this mechanism against history before any
# > projection is read as a forecast.

# %% tags=["parameters"]
horizon = "FY2029-30"  # last fiscal year (July–June) projected
scenario = "base"  # scenario whose Monte Carlo fan is drawn: "base" or "reform" ("low"/"high" are envelopes)
draws = 20_000  # Monte Carlo draws
seed = 20240701  # random seed of the Monte Carlo
base_earnings_series = "FL.EARN.MOITT_REMOTE"  # published earnings figure (fiscal year) the base year reproduces
count_series = "FL.COUNT.GOV"  # published freelancer count the base year reproduces
backcast_series = "FL.EARN.MOITT"  # published earnings figure the back-cast starts from
backcast_base_fy = "FY2020-21"  # fiscal year the back-cast starts in

# %%
import pandas as pd

from analysis import (charts, columns, downside, load_panel, montecarlo, plotting, report, scenarios, select,
                      validation)

panel = load_panel()
estimate_kw = {"base_earnings_series": base_earnings_series, "count_series": count_series}

# %% [markdown]
# ## The drivers and their parameters
#
# Each parameter has a central value, a plausible range (low–high, what the Monte Carlo samples) and
# a kind: **estimated** from a panel row named in `ref` (WDI trends over the last five calendar years,
# the OLI 2020 sample's shares with their sampling interval, the remittance-price survey), or
# **judgement** — an assumption stated with its reason, because no published series measures it.
# The two anchors (base earnings and count) are the published figures chosen in the parameters.

# %%
params = scenarios.parameters(panel, scenario, **estimate_kw)
plotting.show_table(params[["name", "kind", "value", "unit", "low", "high"]],
                    "The model's parameters: central value and the range the Monte Carlo samples")

# %%
plotting.show_table(params[["name", "kind", "source", "ref", "note"]],
                    "Where each parameter comes from: a panel row, or a judgement and its reason")

# %% [markdown]
# ## Four scenarios
#
# - **low** and **high** put every growth driver (population, internet and working-age trends, the
#   internet ceiling, adoption growth, earnings growth per freelancer) at the low or the high end of
#   its range at once;
# - **base** keeps every parameter at its central value;
# - **reform** is the base plus the article's four policy pillars as levers reaching their default
#   targets by the horizon (notebook 05 takes them apart).

# %%
plotting.show_table(pd.DataFrame([{"scenario": s.name, "drivers": s.drivers,
                                   "levers moved": ", ".join(s.levers) or "none"}
                                  for s in scenarios.SCENARIOS.values()]),
                    "The four scenarios: where each puts the growth drivers, and the levers it moves")

# %%
projections = pd.concat([scenarios.project(panel, name, horizon, **estimate_kw) for name in scenarios.SCENARIOS])
used = params[params["source"] != ""]
source = plotting.source_line(used) + "; model: analysis.scenarios"
plotting.show_table(projections.pivot(index="fy", columns="scenario", values="earnings_usd_million")
                    .reindex(columns=list(scenarios.SCENARIOS)).add_suffix("_usd_million").reset_index(),
                    "Recorded freelancer earnings by fiscal year under each scenario, USD million")

# %%
plotting.show_table(projections.pivot(index="fy", columns="scenario", values="freelancers_persons")
                    .reindex(columns=list(scenarios.SCENARIOS)).add_suffix("_persons").reset_index(),
                    "Freelancers (headcount) by fiscal year under each scenario")

# %% [markdown]
# ## What drives the path
#
# The chosen scenario's path, driver by driver: working-age internet users, the share of them who
# freelance, the count, gross earnings per freelancer (US dollars per year, before costs and before
# the recorded share) and recorded earnings.

# %%
path = projections[projections["scenario"] == scenario].reset_index(drop=True)
plotting.show_table(path[["fy", "working_age_internet_users_persons", "adoption_rate", "freelancers_persons",
                          "gross_earnings_per_freelancer_usd", "earnings_usd_million"]],
                    f"The {scenario} scenario's path, driver by driver")

# %% [markdown]
# ## How uncertain is the path? A Monte Carlo fan
#
# **What the bands mean.** Each of `draws` draws picks every parameter the scenario leaves open from a
# triangular distribution over its plausible range, peaked at its central value, and runs the model;
# the shaded bands hold the middle 50 and 90 percent of those runs in each fiscal year. They measure
# *parameter uncertainty around the scenario* under the stated ranges — not shocks, not model error,
# not a probability that the published anchors are right.
#
# **Drawn once per path, and independently.** Each draw fixes every rate for the whole horizon — one
# growth rate per path, not a new shock each year — and draws the parameters independently of each
# other. Both are choices. Persistent rates make the horizon bands wider than yearly shocks of the same
# size would (yearly shocks partly cancel), so in that respect the fan is conservative; independence
# makes them narrower than a world in which one cause — a slump in global demand, say — lowers adoption
# and earnings per head together. The downside cases further down move those drivers jointly.
#
# **Why low and high have no band of their own.** The low and high scenarios *set* every driver at an
# end of its range — assumptions, not uncertainties — so the library holds those parameters fixed.
# Without levers the remaining parameters cancel out in the calibration, so their bands collapse onto
# their own lines: they are deterministic envelopes, drawn as lines on the base fan. (Drawing them
# around an end of each range instead would put the low scenario's band above its own projection.)
# Because low and high move *all* drivers to one end at once, they lie further out than any single
# band: a joint extreme, not a percentile.
#
# The median of the draws can sit off the central line: some ranges are lopsided around their central
# value (adoption growth, for one) and growth compounds.

# %%
fan = montecarlo.monte_carlo(panel, scenario, draws=draws, seed=seed, horizon=horizon, **estimate_kw)
plotting.show(caption=f"Recorded earnings: the {scenario} scenario's Monte Carlo fan, the deterministic scenarios "
                      "and the published figures", data=fan,
              fig=charts.scenario_chart(projections, title=f"Recorded earnings: {scenario} fan, scenarios and "
                                    "published figures", source=source, bands=fan,
                                    history=validation.published_earnings(panel)))

# %%
plotting.show(caption=f"Freelancers: the {scenario} scenario's Monte Carlo fan and the deterministic scenarios",
              data=projections[["scenario", "fy", "freelancers_persons", "earnings_usd_million"]],
              fig=charts.scenario_chart(projections, title=f"Freelancers: {scenario} fan and deterministic scenarios",
                                        source=source, bands=fan, variable="freelancers_persons"))

# %%
plotting.show_table(fan.drop(columns=["draws_outside_bins"]),
                    f"Monte Carlo percentiles of the {scenario} scenario by fiscal year")

# %% [markdown]
# ## How the scenarios sit against the base distribution
#
# For each scenario in the horizon year: its deterministic projection, its own Monte Carlo band (what
# the `band` column says was sampled), and the share of the **base** scenario's draws that fall below
# it — where the scenario lies on the base fan.

# %%
bands = montecarlo.scenario_bands(panel, tuple(scenarios.SCENARIOS), horizon=horizon, draws=draws, seed=seed,
                                  **estimate_kw)
plotting.show_table(bands, "Where each deterministic scenario sits in the base scenario's Monte Carlo distribution")

# %% [markdown]
# ## Which base figure? The definition is uncertainty too
#
# The model is proportional to its base earnings figure, and the published figures differ by
# definition: the Economic Survey's nine-month figure (annualised ×12/9, an assumption), MoITT's
# freelancer export revenue, MoITT's broader "freelancing and remote work". Each definition is run
# through the same Monte Carlo (base fixed, every other parameter sampled); the last row pools the
# draws of all three with equal weight, so its band covers the choice of definition as well.

# %%
by_base = validation.base_uncertainty(panel, horizon, draws=draws, seed=seed, count_series=count_series)
plotting.show_table(by_base.drop(columns=["series", "base_note"]),
                    "Projected earnings at the horizon from each published base figure")

# %% [markdown]
# ## Back-cast: does the model reproduce history?
#
# The model started from MoITT's FY2020-21 figure and run to the latest fiscal year with a published
# figure, against every published earnings figure in between. Population and internet use are the
# observed ones where WDI has published them (the model's trends after that), so this tests the
# mechanism — earnings proportional to internet users, a judged growth of earnings per head — more
# than the driver forecasts. Figures of another definition are shown too: their errors mix the
# model's with the difference between definitions.

# %%
back = validation.backcast(panel, backcast_series, backcast_base_fy, draws=draws, seed=seed,
                           count_series=count_series)
plotting.show_table(back.drop(columns=["series", "ref"]),
                    "Back-cast: the model run from an earlier base against the published figures")

# %% [markdown]
# **The elasticity the model assumes, against the one history shows.** Between consecutive years of
# one definition, the growth of published earnings set against the growth of working-age internet
# users: the implied elasticity, where the model's is 1 by construction.

# %%
elasticities = validation.historical_elasticities(panel)
plotting.show_table(elasticities.drop(columns=["series"]),
                    "Elasticity of earnings to internet users: history against the model", digits={"model_elasticity": 0})

# %%
history = validation.backcast_paths(panel, back, backcast_series, backcast_base_fy, count_series=count_series)
plotting.show(caption="Back-cast paths of the model from an earlier base, against the published figures",
              data=history, fig=charts.scenario_chart(history, title="Back-cast: the model from an earlier base against the "
                                    "published figures", source=source, suffix=""))

# %% [markdown]
# ## Downside: where earnings fall
#
# Three cases in which earnings fall, each sized from a published figure by a stated judgement
# (`sized_by`): a slump of global demand (the World Bank's 2016–2023 growth reversed, fewer users
# finding work), AI substituting the low-paid work (PTA's share of freelancers in low-paid work, its
# earnings gone by the horizon) and a payment channel closing (half of the formal receipts moving to
# informal channels: recorded exports fall, income reaching Pakistan does not). Earnings per
# freelancer fall in the first two; the internet-user mechanism still adds freelancers every year,
# which is why even the slump does not fall below its base year by much.

# %%
down = downside.downside_table(panel, horizon, **estimate_kw)
plotting.show_table(down, "Downside cases: earnings at the horizon when demand slumps, AI substitutes, a channel closes")

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
anchor = select(panel, iso3="PAK", series=base_earnings_series)["series_name"].iloc[0]
first, last = path.iloc[0], path.iloc[-1]
band = fan[(fan["variable"] == "earnings_usd_million") & (fan["fy"] == horizon)].iloc[0]
ends = bands.set_index("scenario")
same = back[back["series"] == backcast_series]
missed = back[~back["in_band"]]
pooled = by_base.iloc[-1]
measured = elasticities.dropna(subset=["elasticity"])
verdict = ("fails its back-cast" if len(missed) else "passes its back-cast")
reading = ("so its projections are consequences of its assumptions, not forecasts" if len(missed) else
           "which supports reading its projections as conditional forecasts")
plotting.show_finding(
    f"The growth model {verdict}: started from {columns.relabel_codes(back['base'].iloc[0])} USD million, "
    f"it puts "
    f"{same['fy'].iloc[-1]} at {same['model_usd_million'].iloc[-1]:,.1f} against a published "
    f"{same['published_usd_million'].iloc[-1]:,.1f} ({same['error_pct'].iloc[-1]:+.1f} %), and "
    f"{len(missed)} of {len(back)} published figures lie outside its 5–95 % band, {reading}; "
    f"history's elasticity of earnings to internet users is {measured['elasticity'].iloc[0]:.2f} "
    f"({measured['from_fy'].iloc[0]}→{measured['to_fy'].iloc[0]}: earnings {measured['earnings_growth_pct'].iloc[0]:+.1f} %, "
    f"users {measured['users_growth_pct'].iloc[0]:+.1f} %) against the model's 1. "
    f"Conditional on its assumptions, the {scenario} path of recorded "
    f"earnings ({anchor}) goes from **{first['earnings_usd_million']:,.1f} USD million** in {first['fy']} to "
    f"**{last['earnings_usd_million']:,.1f} USD million** in {horizon} (parameters sampled: "
    f"{band['p5']:,.1f}–{band['p95']:,.1f}); with the choice of base definition sampled too, "
    f"{pooled['mc_p5_usd_million']:,.1f}–{pooled['mc_p95_usd_million']:,.1f} (5–95 %); the low and high "
    f"envelopes give {ends.loc['low', 'earnings_usd_million']:,.1f} and "
    f"{ends.loc['high', 'earnings_usd_million']:,.1f} USD million, and the downside cases "
    f"{down['recorded_usd_million'].min():,.1f}–{down['recorded_usd_million'].max():,.1f} USD million.")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(used)
