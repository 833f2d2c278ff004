# %% [markdown]
# # 03 · Remittances and exports: trend, season and forecast
#
# **Question:** How have Pakistan's workers' remittances moved — trend, season and fiscal-year
# totals — where are they heading in the next fiscal years, how far can that forecast be trusted, and
# how do the chosen economies' ICT service exports grow and project?
#
# Freelancers' earnings reach Pakistan through two doors of the balance of payments: as services
# exports (ICT services above all) when the bank records them so, and as workers' remittances when
# it books them as money sent home. This notebook follows both series. Monthly remittances come from
# the State Bank of Pakistan (SBP); annual, calendar-year ICT service exports from the World Bank's
# WDI. Every model, backtest and chart is a library call (`analysis.forecast`, `analysis.backtest`,
# `analysis.charts`).

# %% tags=["parameters"]
countries = ["PAK", "IND", "BGD", "PHL"]  # ISO3 codes for the ICT service exports comparison
train_start = "2010-07"  # first month (YYYY-MM) the monthly models see (after the 2009 remittance initiative)
horizon_months = None  # months forecast after the last observed month; None = to the end of the next fiscal year
n_paths = 2000  # simulated paths behind the fiscal-year totals' intervals
seed = 20240701  # random seed of the simulated paths
n_origins = 5  # rolling origins in each backtest (Julys for the monthly one, years for the annual one)
season_years = 5  # years averaged in each window of the seasonal profile
horizon_years = 5  # calendar years forecast for ICT service exports

# %%
import pandas as pd

from analysis import backtest, charts, forecast, load_panel, plotting, report, select, series

panel = load_panel()
sbp = select(panel, iso3="PAK", series=series.SBP_REMITTANCES)

# %% [markdown]
# ## Workers' remittances by month: trend and season
#
# SBP publishes workers' remittances month by month since July 1972, in USD million. The models
# start in `train_start`: the Pakistan Remittance Initiative (launched 2009) moved flows from
# hundi/hawala into banks, so earlier months belong to another regime. A robust STL decomposition on
# logs splits each month into a smooth trend, a seasonal effect (percent above or below trend) and a
# remainder.

# %%
parts = forecast.decompose_monthly(panel, train_start=train_start)
plotting.show(charts.monthly_chart(panel, parts=parts, months_shown=len(parts)))

# %% [markdown]
# The seasonal effect by calendar month, averaged over the first and the last `season_years` years
# of the window (percent above or below trend). The peaks follow the two Eids, which move about
# eleven days earlier each year through the Gregorian calendar: the seasonal pattern migrates from
# summer toward spring, and what STL cannot follow ends up in the remainder.

# %%
windows = {"first years": parts.head(12 * season_years), "last years": parts.tail(12 * season_years)}
profile = pd.DataFrame({f"{name} (mean seasonal_pct)": rows.groupby("calendar_month")["seasonal_pct"].mean()
                        for name, rows in windows.items()})
plotting.show_table(profile.reindex(parts["calendar_month"].head(12)).reset_index(), digits=1)

# %% [markdown]
# ## Fiscal-year totals
#
# Pakistan's fiscal year runs July–June. The panel holds the SBP series summed to complete fiscal
# years (the `derivation` column names the conversion); growth is the change on the previous fiscal
# year. Incomplete years are never passed off as whole ones.

# %%
fiscal = select(sbp, basis="fiscal_year_jul_jun")
plotting.show(charts.line_chart(fiscal, title="Pakistan: workers' remittances by fiscal year (July–June)",
                                  ylabel="USD million per fiscal year"))

# %%
growth = select(panel, iso3="PAK", series=f"{series.SBP_REMITTANCES}:yoy", basis="fiscal_year_jul_jun")
recent = fiscal[["period", "value", "unit", "derivation"]].tail(6)
recent = recent.merge(growth[["period", "value"]].rename(columns={"value": "growth_pct"}), on="period")
plotting.show_table(recent, digits=1)

# %% [markdown]
# ## How good is a forecast? A rolling-origin backtest
#
# Before trusting a model, pretend to stand at each of the last `n_origins` Julys, fit on the months
# before it only, forecast the next twelve months (one fiscal year) and compare with what happened.
# Two candidates — SARIMA and a damped-trend ETS, both on logs — face the **seasonal-naive benchmark**
# (each month equals the same month a year earlier). MAPE is the mean absolute percentage error;
# coverage is the share of outcomes that fell inside the 80 and 95 percent intervals. The backtest
# runs once here and its winner is passed to the forecast below.

# %%
errors = backtest.backtest_monthly(panel, train_start=train_start, n_origins=n_origins, detail=True)
summary = backtest.summarise(errors, backtest.MONTHLY_BENCHMARK)
model = backtest.best_model(summary)
plotting.show_table(summary, digits=1)

# %% [markdown]
# Do the intervals hold what they promise? An interval "under-covers" when fewer outcomes fell inside
# it than its nominal level: its bands are then too narrow and understate the uncertainty. With few
# origins (and neighbouring months that err together) coverage is itself measured loosely.

# %%
coverage = backtest.coverage_check(summary)
plotting.show_table(coverage, digits=1)

# %% [markdown]
# Each origin's twelve forecast months make up one fiscal year (the origin is its first month), so the
# backtest also says how far each model's fiscal-year total was off (percent, forecast against outcome):

# %%
fy_errors = errors.groupby(["origin", "model"])[["actual", "point"]].sum()
fy_errors["error_pct"] = (fy_errors["point"] / fy_errors["actual"] - 1) * 100
plotting.show_table(fy_errors["error_pct"].unstack("model").reset_index(), digits=1)

# %% [markdown]
# ## The forecast: months and fiscal years
#
# The model the backtest chose is refitted on every month from `train_start` on. Monthly intervals
# are exact on the log scale; fiscal-year totals come from `n_paths` simulated paths, each summed over
# its months (plus the months of that fiscal year already observed), so the totals' intervals are
# percentiles of path sums — interval bounds are never added up. They carry shock uncertainty only
# (parameters held at their estimates), which is one reason intervals can come out too narrow: where
# the backtest above says the monthly intervals under-cover, the fiscal-year intervals inherit it, and
# the backtest's fiscal-year errors are the better guide to how far a total can miss.

# %%
result = forecast.forecast_monthly(panel, horizon_months=horizon_months, seed=seed, n_paths=n_paths,
                                   model=model, train_start=train_start)
plotting.show(charts.monthly_chart(panel, result))

# %%
plotting.show_table(result.fiscal_years, digits=1)

# %% [markdown]
# ## ICT service exports of the chosen economies
#
# Freelancers' earnings that banks record as exports land mostly in ICT services. WDI publishes them
# by calendar year (not Pakistan's fiscal year), in current US dollars (here USD million). The chart
# is on a log scale, so equal slopes mean equal growth rates; dashed lines are a damped-trend ETS
# forecast on logs, shaded its 80 percent interval.

# %%
ict = select(panel, iso3=countries, series="BX.GSR.CCIS.CD", basis="calendar_year")
annual = forecast.forecast_annual(panel, countries, "BX.GSR.CCIS.CD", horizon_years=horizon_years)
plotting.show(charts.annual_chart(panel, annual))

# %% [markdown]
# Does the ETS forecast beat the simplest honest benchmark, a **random walk with drift** (next year =
# this year grown at the average past growth rate)? A backtest over the last `n_origins` first
# forecast years, three years ahead each:

# %%
annual_bt = backtest.backtest_annual(panel, countries, "BX.GSR.CCIS.CD", n_origins=n_origins)
plotting.show_table(annual_bt.drop(columns=["series"]), digits=1)

# %%
plotting.show_table(backtest.coverage_check(annual_bt).drop(columns=["series"]), digits=1)

# %% [markdown]
# Where ETS does not beat drift, prefer the drift forecast. The last forecast year under both models:

# %%
both = pd.concat([forecast.forecast_annual(panel, countries, "BX.GSR.CCIS.CD", horizon_years=horizon_years,
                                           model=name) for name in forecast.ANNUAL_MODELS])
last = both.groupby(["iso3", "model"]).tail(1).merge(annual_bt[["iso3", "model", "mape_pct", "beats_naive"]])
last = last.sort_values(["iso3", "model"], ignore_index=True)
plotting.show_table(last[["iso3", "model", "train", "year", "mean_usd_million", "lo80_usd_million",
                          "hi80_usd_million", "mape_pct", "beats_naive"]], digits=1)

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
latest = recent.iloc[-1]
chosen = summary.set_index("model").loc[model]
cover80 = coverage.set_index(["model", "interval"]).loc[(model, "80 %")]
ahead = result.fiscal_years.iloc[0]
plotting.show_finding(
    f"Pakistan's workers' remittances were **{latest['value']:,.1f} USD million** in {latest['period']} "
    f"({latest['growth_pct']:+.1f} % on the year before). The {model} model, chosen by a rolling-origin "
    f"backtest (MAPE {chosen['mape_pct']:.1f} % against {chosen['naive_mape_pct']:.1f} % for seasonal "
    f"naive), puts {ahead['fy']} at **{ahead['mean_usd_million']:,.1f} USD million** (80 % interval "
    f"{ahead['lo80_usd_million']:,.1f}–{ahead['hi80_usd_million']:,.1f}); in the backtest its 80 % "
    f"intervals held {cover80['observed_pct']:.1f} % of outcomes, so they "
    + ("under-cover: treat the interval as too narrow." if cover80["verdict"] == "under-covers"
       else "held what they promised."))

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(pd.concat([sbp, growth, ict]))
