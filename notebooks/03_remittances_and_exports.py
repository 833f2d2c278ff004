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
# `analysis.charts`). The backtests choose each model on an earlier window of forecast origins and
# report its errors on a later window it was not chosen on.

# %% tags=["parameters"]
countries = ["PAK", "IND", "BGD", "PHL"]  # ISO3 codes for the ICT service exports comparison
train_start = "2010-07"  # first month (YYYY-MM) the monthly models see (after the 2009 remittance initiative)
horizon_months = None  # months forecast after the last observed month; None = to the end of the next fiscal year
n_paths = 2000  # simulated paths behind the fiscal-year totals' intervals
seed = 20240701  # random seed of the simulated paths
origin_every_months = 3  # months between rolling origins of the monthly backtest (aligned on July)
backtest_years = 5  # years of monthly origins, ending at the last origin whose 12 months are observed
selection_share = 0.5  # earlier share of origins on which a model is chosen; the rest evaluate it
n_origins = 10  # first forecast years in the annual backtest (split the same way)
shift_month = "2024-07"  # first month of the level shift tested (FY2024-25 starts in July 2024)
season_years = 5  # years averaged in each window of the seasonal profile
horizon_years = 5  # calendar years forecast for ICT service exports

# %%
import pandas as pd

from analysis import backtest, charts, forecast, labels, load_panel, plotting, report, select, series

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
plotting.show(charts.monthly_chart(panel, parts=parts, months_shown=len(parts)),
              "Pakistan's monthly workers' remittances split into trend and seasonal pattern", data=parts)

# %% [markdown]
# The seasonal effect by calendar month, averaged over the first and the last `season_years` years
# of the window (percent above or below trend). The peaks follow the two Eids, which move about
# eleven days earlier each year through the Gregorian calendar: the seasonal pattern migrates from
# summer toward spring, and what STL cannot follow ends up in the remainder.

# %%
windows = {"first years": parts.head(12 * season_years), "last years": parts.tail(12 * season_years)}
profile = pd.DataFrame({f"{name}: mean seasonal effect, percent": rows.groupby("calendar_month")["seasonal_pct"].mean()
                        for name, rows in windows.items()})
plotting.show_table(profile.reindex(parts["calendar_month"].head(12)).reset_index(),
                    f"Mean seasonal effect of each calendar month, percent, in the first and last {season_years} "
                    "years")

# %% [markdown]
# ## Fiscal-year totals
#
# Pakistan's fiscal year runs July–June. The panel holds the SBP series summed to complete fiscal
# years (the `derivation` column names the conversion); growth is the change on the previous fiscal
# year. Incomplete years are never passed off as whole ones.

# %%
fiscal = select(sbp, basis="fiscal_year_jul_jun")
plotting.show(caption="Pakistan's workers' remittances by fiscal year (July–June), USD million",
              data=fiscal[["period", "basis", "start", "end", "value", "unit", "derivation"]],
              fig=charts.line_chart(fiscal, title="Pakistan: workers' remittances by fiscal year (July–June)",
                                  ylabel="USD million per fiscal year"))

# %%
growth = select(panel, iso3="PAK", series=f"{series.SBP_REMITTANCES}:yoy", basis="fiscal_year_jul_jun")
recent = fiscal[["period", "value", "unit", "derivation"]].tail(6)
recent = recent.merge(growth[["period", "value"]].rename(columns={"value": "growth_pct"}), on="period")
plotting.show_table(recent, "Workers' remittances in the latest six fiscal years, and growth on the year before")

# %% [markdown]
# ## How good is a forecast? A rolling-origin backtest with separate selection and evaluation
#
# Pretend to stand at a month (the *origin*), fit on the months before it only, forecast the next
# twelve and compare with what happened. Origins fall every `origin_every_months` months over the
# last `backtest_years` years whose twelve months are observed. The earlier `selection_share` of the
# origins form the **selection window**: the model with the lowest MAPE there is chosen. The later
# origins form the **evaluation window**: the chosen model's errors are reported there, on origins it
# was not chosen on. Three candidates on logs — SARIMA, a damped-trend ETS, and SARIMA with two Eid
# regressors (`sarima_eid`, below) — face the **seasonal-naive benchmark** (each month equals the
# same month a year earlier). MAPE is the mean absolute percentage error; coverage is the share of
# outcomes inside the 80 and 95 percent intervals; the **interval score** (Winkler) adds to each
# interval's width a penalty for every outcome outside it (2/α times the miss), here in percent of
# the outcome, so a model wins only by being narrow *and* right (lower is better). Fits run on two
# processes and are cached under `.cache/` by a checksum of the data and code.

# %%
errors = backtest.backtest_monthly(panel, train_start=train_start, every_months=origin_every_months,
                                   years=backtest_years, selection_share=selection_share, detail=True)
summary = backtest.summarise(errors, backtest.MONTHLY_BENCHMARK, keys=["window"])
model = backtest.best_model(summary)
plotting.show_table(backtest.window_table(errors),
                    "Backtest windows: the origins on which a model is chosen, and those on which it is evaluated")

# %%
plotting.show_table(summary, "Forecast errors of each model on the selection and the evaluation window")

# %% [markdown]
# The model chosen on the selection window, and its errors on both windows (the evaluation row is the
# honest one: a model's errors on the origins it was chosen on flatter it):

# %%
plotting.show_table(summary[summary["model"] == model], f"The chosen model ({labels.model_label(model)}) on both windows")

# %% [markdown]
# How far each model's twelve-month total was off (mean absolute error, percent), over every origin
# and over the July origins only, whose twelve months are one fiscal year:

# %%
plotting.show_table(backtest.total_errors(errors),
                    "Error of each model's twelve-month total, over every origin and over July origins only")

# %% [markdown]
# ### Calibration, both ways
#
# Do the intervals hold what they promise — no more, no less? An interval is **too narrow** when the
# nominal level lies above an 80 percent Wilson interval of its observed coverage (it understates the
# uncertainty) and **too wide** when it lies below it (an 80 percent band that holds every outcome is
# uninformative, not good); else **consistent**. The 80 percent level of that check is our choice, and the
# Wilson interval counts each forecast month as an independent draw although months of one origin
# err together: the flags are hints on the liberal side. The interval score ranks the models on
# width and misses together.

# %%
coverage = backtest.coverage_check(summary)
plotting.show_table(coverage, "Calibration: share of outcomes inside each model's 80 and 95 percent intervals")

# %% [markdown]
# ### Eid: moving-holiday regressors
#
# Remittance peaks follow the two Eids, which move about eleven days earlier each year. `sarima_eid`
# adds, for each month, the fraction of the 15 days before Eid al-Fitr and before Eid al-Adha that
# fall in it. The Gregorian dates come from the `hijridate` library (Umm al-Qura calendar; Pakistan's
# moon sighting often lands a day later, which moves at most one of 15 days). The Eid model is kept
# only if the selection window chose it. The dates behind the evaluation window, and the estimated
# effects on the whole training sample (a month holding all 15 pre-Eid days, against none):

# %%
first_year = int(backtest.window_table(errors)["first_origin"].iloc[-1][:4])
plotting.show_table(forecast.eid_dates(first_year, first_year + 2),
                    "Gregorian dates of Eid al-Fitr and Eid al-Adha (Umm al-Qura calendar)")

# %%
plotting.show_table(forecast.eid_effects(panel, train_start=train_start),
                    "Estimated effect of the Eid regressors on monthly remittances")

# %% [markdown]
# ### Level shift or trend?
#
# FY2024-25 remittances rose by more than a quarter. Was that a one-off **level shift** or part of the
# **trend**? A step dummy (0 before `shift_month`, 1 from it on) enters the SARIMA as a regressor, and
# a likelihood-ratio test compares the fits with and without it (χ²(1) under "no step"). The step
# month is an assumption (the start of FY2024-25), not estimated from the data. The SARIMA errors
# already carry a unit root, so without the step a jump persists too; the step asks whether July 2024
# saw a shift beyond the usual shocks.

# %%
shift = forecast.level_shift_test(panel, shift_month=shift_month, train_start=train_start)
plotting.show_table(pd.DataFrame([shift]), f"Test of a level shift in remittances from {shift_month}")

# %% [markdown]
# How the fiscal-year forecast changes under each reading (SARIMA, since ETS takes no regressor;
# same seed and paths):

# %%
readings = forecast.level_shift_forecasts(panel, model="sarima", shift_month=shift_month,
                                          train_start=train_start, horizon_months=horizon_months,
                                          seed=seed, n_paths=n_paths)
plotting.show_table(readings[["reading", "step_from", "fy", "mean_usd_million", "lo80_usd_million",
                              "hi80_usd_million", "lo95_usd_million", "hi95_usd_million"]],
                    "Fiscal-year forecasts of remittances read as trend and as a level shift, USD million")

# %% [markdown]
# ## The forecast: months and fiscal years
#
# The model the backtest chose is refitted on every month from `train_start` on. Monthly intervals
# are exact on the log scale; fiscal-year totals come from `n_paths` simulated paths, each summed over
# its months (plus the months of that fiscal year already observed), so the totals' intervals are
# percentiles of path sums — interval bounds are never added up. They carry shock uncertainty only
# (parameters held at their estimates), which is one reason intervals can come out too narrow: where
# the backtest above flags the monthly intervals too narrow, the fiscal-year intervals inherit it, and
# the backtest's fiscal-year errors are the better guide to how far a total can miss.

# %%
result = forecast.forecast_monthly(panel, horizon_months=horizon_months, seed=seed, n_paths=n_paths,
                                   model=model, train_start=train_start)
plotting.show(charts.monthly_chart(panel, result),
              f"Monthly remittances observed and forecast by the {labels.model_label(model)} model, with 80 and 95 "
              "percent intervals",
              data=result.monthly)

# %%
plotting.show_table(result.fiscal_years, "Fiscal-year totals of remittances: observed months plus the forecast")

# %% [markdown]
# ## ICT service exports of the chosen economies
#
# Freelancers' earnings that banks record as exports land mostly in ICT services. WDI publishes them
# by calendar year (not Pakistan's fiscal year), in current US dollars (here USD million). Two models
# on logs compete for each economy: a damped-trend ETS and a **random walk with drift** (next year =
# this year grown at the average past growth rate). The backtest runs over the last `n_origins` first
# forecast years, three years ahead each; the earlier `selection_share` of them choose the model, the
# later ones evaluate it.

# %%
ict = select(panel, iso3=countries, series="BX.GSR.CCIS.CD", basis="calendar_year")
ict_cover = backtest.annual_coverage(panel, countries, "BX.GSR.CCIS.CD", n_origins=n_origins)
modelled = ict_cover.loc[ict_cover["modelled"], "iso3"].tolist()  # economies with enough years to model
plotting.show_table(ict_cover.drop(columns=["series"]), "ICT service exports: which economies have enough years to model, and why not")

# %% [markdown]
# An economy the table marks as not modelled (its note says why: no data in WDI, or too few years for
# the backtest) stays in the table above and is left out of the backtest, the forecasts and the chart.

# %%
annual_bt = backtest.backtest_annual(panel, modelled, "BX.GSR.CCIS.CD", n_origins=n_origins,
                                     selection_share=selection_share)
chosen_annual = backtest.chosen_annual_models(annual_bt)
plotting.show_table(annual_bt.drop(columns=["series"]),
                    "Annual backtest of ICT service exports: each model's errors by economy and window")

# %%
plotting.show_table(backtest.coverage_check(annual_bt).drop(columns=["series"]),
                    "Calibration of the annual forecasts' intervals, by economy and window")

# %% [markdown]
# Each economy's forecast uses the model its selection window chose (the legend names it; dashed lines
# are the forecast mean, shaded its 80 percent interval). The chart is on a log scale, so equal slopes
# mean equal growth rates.

# %%
annual = forecast.forecast_annual(panel, modelled, "BX.GSR.CCIS.CD", horizon_years=horizon_years,
                                  model=chosen_annual)
plotting.show(charts.annual_chart(panel, annual),
              "ICT service exports by calendar year, observed and forecast by each economy's chosen model",
              data=annual)

# %% [markdown]
# The last forecast year under both models, with each model's evaluation-window MAPE and whether it was
# chosen:

# %%
both = pd.concat([forecast.forecast_annual(panel, modelled, "BX.GSR.CCIS.CD", horizon_years=horizon_years,
                                           model=name) for name in forecast.ANNUAL_MODELS])
evaluation = annual_bt[annual_bt["window"] == "evaluation"][["iso3", "model", "mape_pct"]]
last = both.groupby(["iso3", "model"]).tail(1).merge(evaluation)
last["chosen"] = last["model"] == last["iso3"].map(chosen_annual)
last = last.sort_values(["iso3", "model"], ignore_index=True)
plotting.show_table(last[["iso3", "model", "chosen", "train", "year", "mean_usd_million", "lo80_usd_million",
                          "hi80_usd_million", "mape_pct"]],
                    "ICT service exports at the forecast horizon under each model, with its evaluation error")

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
latest = recent.iloc[-1]
scores = summary.set_index(["window", "model"])
chosen, chosen_sel = scores.loc[("evaluation", model)], scores.loc[("selection", model)]
cover80 = coverage.set_index(["window", "model", "interval"]).loc[("evaluation", model, "80 %")]
ahead = result.fiscal_years.iloc[0]
by_reading = readings.set_index(["reading", "fy"])["mean_usd_million"]
plotting.show_finding(
    f"Pakistan's workers' remittances were **{latest['value']:,.1f} USD million** in {latest['period']} "
    f"({latest['growth_pct']:+.1f} % on the year before). Chosen on {int(chosen_sel['n_origins'])} earlier "
    f"origins (MAPE {chosen_sel['mape_pct']:.1f} %), the {labels.model_label(model)} model scored MAPE "
    f"{chosen['mape_pct']:.1f} % on {int(chosen['n_origins'])} later origins it was not chosen on, against "
    f"{chosen['naive_mape_pct']:.1f} % for seasonal naive; there its 80 % intervals held "
    f"{cover80['observed_pct']:.1f} % of outcomes ({cover80['verdict']}). It puts {ahead['fy']} at "
    f"**{ahead['mean_usd_million']:,.1f} USD million** (80 % interval {ahead['lo80_usd_million']:,.1f}–"
    f"{ahead['hi80_usd_million']:,.1f}). The Eid regressors are "
    + ("kept: the selection window chose them" if model == "sarima_eid"
       else "left out: the selection window did not choose them")
    + f" ({labels.model_label('sarima_eid')}: MAPE {scores.loc[('selection', 'sarima_eid'), 'mape_pct']:.1f} % on the selection and "
    f"{scores.loc[('evaluation', 'sarima_eid'), 'mape_pct']:.1f} % on the evaluation window). "
    + f"A step from {shift['shift_month']} is {shift['step_pct']:+.1f} % (LR p = {shift['p_value']:.2f}); "
    f"the SARIMA forecast of {ahead['fy']} is {by_reading[('trend', ahead['fy'])]:,.1f} USD million read as "
    f"trend and {by_reading[('level shift', ahead['fy'])]:,.1f} read as a level shift.")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(pd.concat([sbp, growth, ict]))
