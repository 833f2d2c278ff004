# %% [markdown]
# # 06 · Peer comparison
#
# **Question:** How do an economy's ICT service exports and remittance receipts compare with its
# peers' — in level, per person, as a share of GDP and per internet user, in growth and rank — and
# how much larger would its ICT exports be at each peer's ratio? (By default: Pakistan beside India,
# Bangladesh and the Philippines; the heading below names the economies of this run.)
#
# The article says that India, Bangladesh and the Philippines have formalised their gig sectors and
# that Pakistan risks falling behind. No cross-country series measures freelancing itself, so this
# notebook compares what every economy reports in the same way: the World Bank's WDI series of ICT
# service exports (balance of payments; they include freelancers' earnings only insofar as these are
# booked as ICT services) and of personal remittances received, both in calendar years and current
# US dollars, with the digital and labour-market context beside them. Any economy can be added in
# the parameters; the first one is the economy whose gaps are measured.

# %% tags=["parameters"]
countries = ["PAK", "IND", "BGD", "PHL"]  # ISO3 codes; the first is the economy the gaps are measured for
start_year = 2015  # first calendar year of the window (growth, charts)
end_year = None  # last calendar year of the window; None: the latest year every economy with data has
base_year = 2015  # calendar year set to 100 in the index chart
gap_year = None  # year of the peer ratios for the gaps; None: each ratio's latest year both economies have

# %%
import pandas as pd

from analysis import bars, charts, compare, labels, load_panel, plotting, query, report, select, workforce

panel = load_panel()
series = [compare.ICT, compare.REMITTANCES]
names = {s: query.describe(s, short=True) for s in series}
country = labels.country_names(panel, countries)  # iso3 -> the panel's country name

# %% tags=["title"]
labels.show_heading(panel, countries)

# %% [markdown]
# ## Which years can be compared
#
# WDI publishes each economy's series with its own lags and gaps. The comparison year is chosen
# explicitly: unless set in the parameters, it is the latest calendar year in which every economy
# that has both series at all has a value of both. Economies missing a value in the first year of
# the window, the comparison year or the base year are listed below and left out of growth rates
# and the index; they stay in every table, with blanks and a note.

# %%
plotting.show_table(compare.coverage(panel, countries, series),
                    "Years of ICT service exports and remittances each economy has")

# %%
year, kept, missing = compare.comparison_set(panel, countries, series, start_year, end_year, base_year)
how = "set in the parameters" if end_year else "the latest year every economy with data has both series"
print(f"Comparison year: {year} ({how}). Window: {start_year}–{year}. "
      f"Compared over the window: {', '.join(kept)}. Missing cells: {len(missing)}.")
if len(missing):  # economies without a value in a year the comparison needs
    plotting.show_table(missing, "Economies without a value in a year the comparison needs, and why")

# %% [markdown]
# ## Levels and ratios in the comparison year
#
# Level in USD million; per person and per internet user in USD; share of GDP in percent. A blank
# cell is a value WDI does not (yet) publish; the note says which input is missing.

# %%
metrics = compare.peer_metrics(panel, countries, start_year, year)
latest = metrics[metrics["year"] == year]
plotting.show_table(latest[["series", "iso3", "country_name", "year", *compare.METRICS, "note"]],
                    f"ICT service exports and remittances in {year}: level, per person, share of GDP and per "
                    "internet user")

# %% [markdown]
# The same four measures over the window, one panel per measure and one line per economy (fixed
# colours). The level panel uses a log scale, so that economies of very different size fit.

# %%
for code in series:
    long = metrics[metrics["series"] == code].melt(id_vars=["iso3", "year"], value_vars=list(compare.METRICS),
                                                    var_name="metric")
    plotting.show(caption=f"{names[code]}, {start_year}–{year}: level, per person, share of GDP and per "
                          "internet user, by economy", data=long,
                  fig=charts.small_multiples(
        long, panel_by="metric", line_by="iso3", title=f"{names[code]}: four measures, {start_year}–{year}", ylabel=compare.METRIC_UNITS,
        source=plotting.source_line(select(panel, iso3=countries, series=[code, "SP.POP.TOTL", "NY.GDP.MKTP.CD",
                                                                    "IT.NET.USER.ZS"])),
        titles=compare.METRIC_TITLES, log=["usd_million"], names=country))

# %% [markdown]
# ## Growth over the window
#
# Compound annual growth between the first year of the window and the comparison year, in percent a
# year (current US dollars, so exchange-rate movements and inflation are inside the figure).

# %%
growth = pd.concat([compare.cagr(panel, kept, code, start_year, year) for code in series], ignore_index=True)
plotting.show_table(growth, f"Compound annual growth of ICT service exports and remittances, {start_year}–{year}")

# %% [markdown]
# Each series as an index with the base year set to 100, one panel per economy (solid: ICT service
# exports; dashed: personal remittances):

# %%
index = pd.concat([compare.index_to_base(panel, kept, code, base_year) for code in series], ignore_index=True)
index = index[index["year"].between(min(start_year, base_year), year)]
plotting.show(caption=f"ICT service exports and remittances as an index, {base_year} = 100, by economy",
              data=index, fig=charts.small_multiples(
    index.assign(series=index["series"].map(names)), panel_by="iso3", line_by="series",
    title=f"Index of ICT service exports and remittances, {base_year} = 100", ylabel=f"index, {base_year} = 100",
    source=plotting.source_line(select(panel, iso3=kept, series=series)), value="index_base_100", order=kept,
    names=country))

# %% [markdown]
# ## Ranks among the chosen economies
#
# Rank 1 is the highest value among the economies chosen, in the comparison year; a blank rank
# means no value (see the notes).

# %%
codes = [code + suffix for code in series for suffix, _ in compare.METRICS.values()]
ranks = pd.concat([compare.ranks(panel, countries, code, year) for code in codes], ignore_index=True)
plotting.show_table(ranks.pivot(index="series", columns="iso3", values="rank").reindex(codes)[countries]
                    .reset_index(), f"Rank of each economy on each measure in {year} (1: highest)")
plotting.show_table(ranks.loc[ranks["note"] != "", ["series", "iso3", "note"]].reset_index(drop=True),
                    "Why a rank is blank")

# %% [markdown]
# ## Context: connectivity, power and labour markets
#
# Internet use, mobile and fixed broadband subscriptions, access to electricity, the size of the
# labour force, youth unemployment by sex (ILO modelled estimates) and the cost of sending money home
# set the scene for online work. Where a value is missing in the comparison year, the table gives
# the latest year and value published. The remittance-cost series (World Bank Remittance Prices
# Worldwide, via WDI) stops years before the others: its note says which years it covers, and its
# latest value is older than the comparison year.

# %%
context = compare.context(panel, countries, year)
columns = ["indicator", "iso3", "year", "value", "unit", "latest_year", "latest_value", "note"]
counts = context["unit"] == "persons"  # head counts in whole persons, rates to one decimal
plotting.show_table(context.loc[~counts, columns], f"Context indicators in {year}: rates and shares")
plotting.show_table(context.loc[counts, columns], f"Context indicators in {year}: head counts")

# %%
context_series = [code for _, code in compare.CONTEXT if code != "IT.NET.USER.ZS:persons"]
history = compare.annual(panel, countries, context_series)
history = history[history["year"] >= start_year]
plotting.show(caption=f"Context indicators by economy, {start_year} onwards", data=history,
              fig=charts.small_multiples(
    history, panel_by="series", line_by="iso3", title=f"Context indicators, {start_year} onwards",
    ylabel=dict(zip(history["series"], history["unit"])),
    source=plotting.source_line(select(panel, iso3=countries, series=context_series)),
    titles={code: label for label, code in compare.CONTEXT}, log=["SL.TLF.TOTL.IN"], names=country))

# %% [markdown]
# ## The gap to each peer, in US dollars
#
# What would the first economy's ICT service exports (Pakistan's, by default) be if it matched a peer's
# ratio — per internet user, per person, or as a share of GDP — with its own internet users,
# population or GDP as observed? The gap is that implied value minus the actual one (negative: it
# already exceeds the peer's ratio).
# The assumption column prints every input beside the result; ratios are taken in the latest year
# both economies have them unless a gap year is set in the parameters. These are arithmetic
# benchmarks, not forecasts: they assume nothing about how the ratio could be reached.

# %%
peers = [c for c in kept if c != countries[0]]
gap = compare.gap_to_peers(panel, base=countries[0], peers=peers, year=gap_year)
plotting.show_table(gap[["peer", "year", "metric", "peer_ratio", "ratio_unit", "implied_usd_million",
                         "actual_usd_million", "gap_usd_million", "assumption"]],
                    f"{countries[0]}'s ICT service exports at each peer's ratio, and the gap to its actual exports"
                    + (" (empty: no peer has the data over the window, see the missing cells above)" if gap.empty
                       else ""))

# %%
gap_rows = select(panel, iso3=[countries[0], *peers],
                  series=[compare.ICT, "SP.POP.TOTL", "NY.GDP.MKTP.CD", "IT.NET.USER.ZS"])
if not gap.empty:  # no peer with the data: the table above says so, there is nothing to draw
    plotting.show(
        caption=f"Gap between {countries[0]}'s ICT service exports at each peer's ratio and its actual "
                "exports, USD million", data=gap,
        fig=bars.grouped_hbar(
            gap.pivot(index="ratio_unit", columns="peer", values="gap_usd_million")[peers],
            title=f"{country[countries[0]]}'s ICT service exports at each peer's ratio: the gap",
            ylabel="ratio matched",
            xlabel="implied minus actual exports, USD million (negative: already above the peer's ratio)",
            source=plotting.source_line(gap_rows), zero_line=True, labels=country, legend_title="peer"))

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
share = gap[gap["metric"] == compare.ICT + ":pct_gdp"]
own = growth[(growth["series"] == compare.ICT) & (growth["iso3"] == countries[0])].iloc[0]
others = growth[(growth["series"] == compare.ICT) & (growth["iso3"] != countries[0])]
plotting.show_finding(
    f"In {year}, {country[countries[0]]}'s ICT service exports were **{own['end_value']:,.0f} USD million**, "
    f"after growing **{own['cagr_pct']:.1f} % a year** since {start_year}"
    + (" (" + ", ".join(f"{country[r.iso3]} {r.cagr_pct:.1f} %" for r in others.itertuples()) + ")"
       if len(others) else "")
    + ("; at each peer's share of GDP they would be "
       + ", ".join(f"**{r.implied_usd_million:,.0f} USD million** ({country[r.peer]}, {r.peer_ratio:.2f} % of GDP "
                   f"in {r.year}; gap {r.gap_usd_million:+,.0f})" for r in share.itertuples())
       if len(share) else "; no peer has the data to compare with over the window") + ".")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
inputs = [*series, "SP.POP.TOTL", "NY.GDP.MKTP.CD", *context_series]
report.show_sources(select(panel, iso3=countries, series=inputs))
