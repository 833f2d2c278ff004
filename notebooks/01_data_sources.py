# %% [markdown]
# # 01 · Data sources: what the project stands on
#
# **Question:** Which public data sets does the project use — who publishes them, in which vintage
# and under which licence — and which economies, series and years do they cover?
#
# This notebook is the map for the others. Every number in notebooks 02–07 comes from one of the
# sources listed here, through `analysis.load_panel()`, never from a number typed into a notebook.

# %% tags=["parameters"]
countries = ["PAK", "IND", "BGD", "PHL"]  # ISO3 codes of the economies to map
start_year = 2000  # first calendar year shown in the coverage chart
fiscal_year = "FY2024-25"  # a Pakistan fiscal year (July–June) for the fiscal-vs-calendar check
calendar_year = "2024"  # a calendar year for the same check

# %%
import pandas as pd

from analysis import catalogue, charts, load_panel, plotting, report, select

panel = load_panel()

# %% [markdown]
# ## Who publishes the data
#
# The project keeps one snapshot per publisher data set in `data/raw/`, values exactly as published,
# and records in `data/raw/sources.yml` where each came from: publisher, address, licence and
# vintage (the publisher's own "last updated" date where the file states one). The World Bank's
# World Development Indicators (WDI) give the annual, calendar-year cross-country series; the State
# Bank of Pakistan (SBP) gives monthly workers' remittances; the Online Labour Index (OLI) sample
# gives the occupation and gender mix of online workers' profiles.

# %%
plotting.show_table(catalogue.sources_frame()[["source", "publisher", "title", "years", "vintage", "licence"]],
                    "The data sets behind every notebook: publisher, years covered, vintage and licence")

# %% [markdown]
# What each source can and cannot carry, in the publishers' or compilers' words:

# %%
plotting.show_table(catalogue.sources_frame()[["source", "note"]].query("note != ''"),
                    "What each data set can and cannot carry, in its publisher's or compiler's words")

# %% [markdown]
# ## How much of the panel concerns the economies studied
#
# The tidy panel holds one row per observation, with an explicit period basis. Rows per source and
# basis, for the economies chosen in the parameters:

# %%
chosen = select(panel, iso3=countries)
plotting.show_table(chosen.groupby(["source", "basis"]).size().rename("rows").reset_index(),
                    "Panel rows per data set and period basis, for the economies chosen")

# %% [markdown]
# ## Coverage: which economy holds which series in which year
#
# A filled cell means at least one published observation touches that calendar year. Derived ratios
# (per capita, share of GDP, growth) are left out: they exist wherever their inputs do. The OLI
# sample is undated and so fills no year; figures quoted from web pages are counted further below.

# %%
years = chosen.dropna(subset=["start"]).assign(first_year=chosen["start"].dt.year, last_year=chosen["end"].dt.year)
spans = years.groupby(["iso3", "series"]).agg(first_year=("first_year", "min"), last_year=("last_year", "max"),
                                             observations=("value", "size")).reset_index()
plotting.show(caption="Years each economy has observations of each series (coloured: at least one)", data=spans,
              fig=charts.coverage_heatmap(panel, iso3=countries, start_year=start_year))

# %% [markdown]
# The latest calendar year published for each series and economy (blank: none):

# %%
annual = select(chosen[chosen["source"] != "published_figures"], basis="calendar_year")
latest = annual[~annual["series"].str.contains(":")].groupby(["series", "iso3"])["period"].max()
plotting.show_table(latest.unstack().reindex(columns=countries),
                    "Latest calendar year published, by series and economy")

# %% [markdown]
# ## Figures quoted from publishers' web pages
#
# Some numbers exist only in reports and on web pages (SBP press releases, the Pakistan Economic
# Survey, the Ministry of IT, ILO and OLI papers). They are curated by hand, one figure per row with
# its address and the quoted sentence, and enter the panel under the source `published_figures`
# with their own basis: nine-month figures stay nine-month figures, "about 2023" stays a point in time.

# %%
quoted = chosen[chosen["source"] == "published_figures"]
counts = quoted.groupby(["series", "basis"]).size().rename("figures").reset_index()
plotting.show_table(counts, "Figures quoted from publishers' reports and web pages, by series and period basis")

# %% [markdown]
# ## Fiscal years and calendar years are kept apart
#
# Pakistan's fiscal year runs from July to June, so FY2024-25 means July 2024 to June 2025; WDI
# values are calendar years. The build sums SBP's monthly series to both bases, for complete years
# only, and labels every row with its basis and its first and last day. A fiscal-year figure and a
# calendar-year figure are never added, divided or compared without such a named conversion.

# %%
sbp = select(panel, iso3="PAK", series="TS_GP_BOP_WR_M.WR0340")
sums = select(sbp, basis=["fiscal_year_jul_jun", "calendar_year"])
sums = sums[sums["period"].isin([fiscal_year, calendar_year])]
plotting.show_table(sums[["period", "basis", "start", "end", "value", "unit", "derivation"]],
                    f"Pakistan's workers' remittances summed to fiscal year {fiscal_year} and calendar year "
                    f"{calendar_year}")

# %%
plotting.show(caption="Monthly workers' remittances and the months each yearly sum covers",
              data=pd.concat([select(sbp, basis="month"), sums])[["period", "basis", "start", "end", "value", "unit"]],
              fig=charts.windows_chart(select(sbp, basis="month"), sums,
                                     title="Pakistan: workers' remittances by month, and the months each sum covers"))

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
fy_total = sums.loc[sums["period"] == fiscal_year, "value"].item()
cy_total = sums.loc[sums["period"] == calendar_year, "value"].item()
plotting.show_finding(
    f"Summed from SBP's monthly data, Pakistan's workers' remittances were **{fy_total:,.1f} USD million** "
    f"in {fiscal_year} (July–June) but **{cy_total:,.1f} USD million** in calendar year "
    f"{calendar_year}: the two bases differ by {fy_total - cy_total:,.1f} USD million, so every figure "
    "in this project carries its basis and is compared only on the same basis.")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(panel)
