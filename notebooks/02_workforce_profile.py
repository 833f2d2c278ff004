# %% [markdown]
# # 02 · Workforce profile: how many freelancers, what they earn, in which skills
#
# **Question:** How many online freelancers does Pakistan have, what do they earn in total and each,
# in which skills, how many of them are women — and how large are their earnings beside IT & ITeS
# exports and workers' remittances over the same months?
#
# No single official series answers this. Ministries, the Economic Survey, central-bank statements,
# surveys and platform samples each measure something different, at different dates. This notebook
# keeps every definition apart, shows the range they span, and divides one figure by another only
# when both cover the same months.

# %% tags=["parameters"]
fiscal_year = "FY2024-25"  # Pakistan fiscal year (July–June) for the reconciliation
other_fiscal_year = "FY2023-24"  # a second fiscal year, reconciled the same way
countries = ["PAK", "IND", "BGD", "PHL"]  # ISO3 codes for the OLI skill mix and women's share
quoted_share = "FL.SHARE_ICT.MOITT"  # curated series holding MoITT's stated freelancer share
quoted_share_fy = "FY2021-22"  # the fiscal year of that stated share
calendar_conversion = None  # None, or "mean_of_calendar_years" to add WDI calendar-year denominators
labour_force_year = 2023  # WDI year of the labour force (SL.TLF.TOTL.IN) the tiers are divided by
gdp_year = 2024  # WDI year of GDP per head, exchange rate and PPP factor for earnings per freelancer

# %%
import pandas as pd

from analysis import (bars, headcount, headcount_ratios, labels, load_curated, load_panel, plotting, query,
                      reconcile, report, workforce)

panel = load_panel()
claims = load_curated("article_claims")

# %% [markdown]
# ## How many freelancers: every count, kept apart
#
# Published headcounts count different people: everyone stated to freelance (a government and
# industry figure), active freelancers (an Ignite/DigiSkills assessment), PTA's undated figure, and
# two subsets — full-time freelancers and those with a bank account. None is a survey-based
# population estimate, and each was stated at a different date. The subsets are listed but left out
# of the range (last row), which spans only the headcounts of all freelancers.

# %%
counts = workforce.freelancer_counts(panel)
plotting.show_table(counts[["series", "definition", "all_freelancers", "period", "persons_low",
                            "persons_high", "source"]],
                    "Published headcounts of Pakistan's freelancers, each definition apart, and their range")

# %% [markdown]
# ## What they earn: every earnings figure, with the months it covers
#
# The Pakistan Economic Survey publishes freelancers' foreign-exchange earnings for July–March only
# (nine months), because it goes to print before the fiscal year ends. Those figures stay nine-month
# figures; an annualised value (×12/9) sits in its own column, is named as a conversion, and assumes
# that April–June earned at the July–March pace. MoITT's figures cover whole fiscal years, with an
# IT-related and a non-IT part; its FY2024-25 statement counts "freelancing and remote work", a
# broader group. The PAFLA/ADB figure is a calendar year, the PSEB figure an undated point in time.

# %%
earnings = workforce.freelancer_earnings(panel)
plotting.show_table(earnings[["series", "period", "basis", "months_covered", "usd_million",
                              "usd_million_annualised_x12_9", "vintage", "source"]],
                    "Published earnings of Pakistan's freelancers, each definition with the months it covers")

# %%
shown = earnings[earnings["vintage"] == ""]
plotting.show(caption="Pakistan's freelancer earnings under each definition, latest vintage of each figure",
              data=shown[["series", "period", "basis", "usd_million", "usd_million_annualised_x12_9", "source"]],
              fig=bars.hbar(
    shown["series"].map(labels.series_label) + " · " + shown["period"], shown["usd_million"],
    title="Pakistan: freelancer earnings under each definition", ylabel="definition · period",
    xlabel="USD million (hatched: ×12/9 annualisation of a nine-month figure)",
    source=plotting.source_line(query.rows_of(panel, list(workforce.EARNINGS))),
    ghost=shown["usd_million_annualised_x12_9"], size_in=(8.0, 4.8)))

# %% [markdown]
# ## Earnings per freelancer: a range, not a number
#
# Dividing each definition's latest total earnings by each latest headcount of all freelancers
# gives a grid of possible values. The low end divides the lowest earnings by the highest count,
# the high end the reverse; the conversion column says when a nine-month figure was annualised or
# when a figure's span is not stated. Every pair mixes figures from different dates and sources.
#
# First the numerators: each definition's latest total on a twelve-month basis, and their range.

# %%
grid = workforce.earnings_per_freelancer(panel, all_pairs=True)
totals = grid.drop_duplicates("earnings_series").sort_values("earnings_usd_million_per_year")
plotting.show_table(totals[["earnings_series", "earnings_definition", "earnings_period",
                            "earnings_usd_million_per_year", "conversion"]],
                    "Latest total earnings of each definition on a twelve-month basis")
print(f"Range of the latest annual totals: {totals['earnings_usd_million_per_year'].min():,.1f}–"
      f"{totals['earnings_usd_million_per_year'].max():,.1f} USD million a year.")

# %% [markdown]
# The two ends of the range of earnings per freelancer, and the pair of figures behind each:

# %%
per_head = workforce.earnings_per_freelancer(panel)
plotting.show_table(per_head[["bound", "usd_per_year", "usd_per_month", "earnings_series",
                              "earnings_period", "earnings_usd_million_per_year", "conversion",
                              "count_series", "count_period", "count_persons"]],
                    "Lowest and highest earnings per freelancer, and the earnings and headcount behind each")

# %% [markdown]
# Every pair, in USD per freelancer per month (rows: earnings definition; columns: headcount):

# %%
plotting.show_table(grid.pivot_table(index=["earnings_series", "earnings_period"], columns="count_series",
                                     values="usd_per_month").reset_index(),
                    "Earnings per freelancer, USD a month, for every pair of earnings figure (rows) and "
                    "headcount (columns)")

# %% [markdown]
# ## Which freelancers? A headcount by tier, from every route the data allow
#
# A headcount means little without saying who is counted. Four tiers, widest first: **registered**
# profiles; profiles that **ever worked** (obtained work at least once); **active** freelancers
# (doing online gig work, including as a secondary or marginal activity); and **significantly
# active** ones (Kässi et al.'s threshold of projects done or dollars earned; full-time freelancers
# are among them). Each tier is estimated by every route the curated figures allow, one row per
# route, with the figure id and period of every input:
#
# - Kässi et al.'s global profile counts by stage × Pakistan's share of online workers observed by
#   the Online Labour Index, one route per quoted share vintage;
# - the World Bank's low and high counts of online gig workers × the same shares (active tier);
# - the registered routes × the share of Pakistani Guru.com profiles that ever completed a
#   transaction (ever worked);
# - lower bounds: Guru.com's own Pakistani profiles, the full-time count and the banked count.
#
# **Assumptions, not findings:** that Pakistan's share of *observed* online workers applies to each
# global tier and to the World Bank's count (which also covers platforms the OLI does not observe),
# that the World Bank range is the active tier, and that Guru.com's transacted share holds on other
# platforms. The published national counts are not inside any range: they are what the tiers test.

# %%
routes = headcount.tier_routes(panel)
plotting.show_table(routes, "Estimates of Pakistan's online freelancers by tier, from every route the data allow")

# %% [markdown]
# Each tier's range over its estimate routes, its largest lower bound, and whether the routes nest
# (a narrower tier must not exceed the wider one; a lower bound must not exceed the range):

# %%
tiers = headcount.tier_table(routes)
plotting.show_table(tiers, "Each tier's range over its routes, its largest lower bound, and whether the tiers nest")

# %% [markdown]
# Where each published national count falls against every tier's range (and as a share of
# Pakistan's labour force in the labour-force year of the parameters):

# %%
labour = headcount_ratios.labour_force_shares(panel, countries, year=labour_force_year)
placed = headcount.placement(panel, tiers,
                             labour_force_persons=headcount_ratios.labour_force(panel, labour_force_year))
plotting.show_table(placed, "Where each published national headcount falls against every tier's range")

# %% [markdown]
# ## Freelancers as a share of the labour force, by tier
#
# Each tier's range divided by the WDI labour force (modelled ILO estimate) of the parameters' year,
# for Pakistan and for the peers that have a quoted share of online labour supply (the same routes;
# published national counts exist for Pakistan only). The active tier's World Bank route reaching
# tens of percent of a labour force shows how far that route's assumption is from holding.

# %%
plotting.show_table(labour[["iso3", "tier", "persons_low", "persons_high", "labour_force_year",
                            "labour_force_persons", "pct_low", "pct_high", "check"]],
                    f"Freelancers by tier as a share of the labour force in {labour_force_year}")

# %% [markdown]
# ## Earnings per freelancer, by tier: USD a month, hours of work, and against GDP per head
#
# The lowest and highest annual earnings totals above, divided by each tier's high and low headcount.
# Hours a month divide by PTA's published average hourly rate (an undated figure; its period is printed).
# GDP per head is WDI GDP over population in the parameters' year, in current USD; the PPP columns
# convert with the official exchange rate and the PPP conversion factor of the same year. The ratio
# to GDP per head is the same in USD and in PPP terms **by construction** (both sides are converted
# with the same factors), so PPP changes the level, not the comparison.

# %%
by_tier = headcount_ratios.earnings_by_tier(panel, gdp_year=gdp_year, tiers=tiers)
gdp = headcount_ratios.gdp_per_head(panel, gdp_year)
plotting.show_table(by_tier.drop(columns=["hourly_rate", "gdp_year"]),
                    f"Earnings per freelancer by tier: USD a month, hours of work, and against GDP per head in "
                    f"{gdp_year}")
rate = headcount_ratios.hourly_rate(panel)
print(f"Hourly rate: {by_tier['hourly_rate'].iloc[0]}. GDP per head {gdp_year}: USD {gdp['usd']:,.0f} "
      f"(PPP {gdp['ppp']:,.0f} international dollars; {gdp['ppp_per_usd']:.2f} international $ per USD).")

# %% [markdown]
# What the tiers imply for the earnings figures (the tier ranges rest on the assumptions named
# above; the hours use PTA's rate as if every recorded dollar paid for an hour at that rate):

# %%
sig = headcount_ratios.tier_row(by_tier, "significantly_active")
ever = headcount_ratios.tier_row(tiers, "ever_worked")
reg = headcount_ratios.tier_row(tiers, "registered")
counted = placed["persons"]
hours_counted = per_head["usd_per_month"] / rate["value"]
above_ever = "lie above" if (placed["ever_worked"] == "above").all() else "do not all lie above"
below_reg = "below" if (placed["registered"] == "below").all() else "not all below"
plotting.show_finding(
    f"Published national counts of **{counted.min() / 1e6:.2f}–{counted.max() / 1e6:.2f} million** {above_ever} "
    f"every route's estimate of Pakistani profiles that ever obtained work "
    f"(**{ever['persons_low'] / 1e6:.2f}–{ever['persons_high'] / 1e6:.2f} million**) and {below_reg} the registered "
    f"tier ({reg['persons_low'] / 1e6:.1f}–{reg['persons_high'] / 1e6:.1f} million), so — if Pakistan's OLI "
    f"share carries over to the global tiers (assumption) — they count registered or occasional freelancers; "
    f"for them recorded earnings are USD {per_head['usd_per_month'].min():,.0f}–"
    f"{per_head['usd_per_month'].max():,.0f} a month, about **{hours_counted.min():.0f}–{hours_counted.max():.0f} "
    f"hours** at PTA's USD {rate['value']:g} an hour, whereas spread over the significantly active tier "
    f"({sig['persons_low'] / 1e3:,.0f}–{sig['persons_high'] / 1e3:,.0f} thousand) they are "
    f"**USD {sig['usd_per_month_low']:,.0f}–{sig['usd_per_month_high']:,.0f} a month** "
    f"({sig['hours_per_month_low']:.0f}–{sig['hours_per_month_high']:.0f} hours; "
    f"{sig['pct_gdp_per_head_low']:.0f}–{sig['pct_gdp_per_head_high']:.0f} % of GDP per head): the recorded "
    f"earnings amount to tens of hours of paid work a month only for a headcount of that size — either most "
    f"counted freelancers work occasionally, or most of their income is not in these figures.")

# %% [markdown]
# ## Skills: the article's mix, the OLI sample and the World Bank
#
# The article gives four skill categories with shares but no base or source. The only open data on
# the occupations of Pakistan's online workers is the Online Labour Index (OLI) 2020 worker sample:
# recently active profiles on four platforms, coded into six occupations. The crosswalk below maps
# each OLI occupation to one article category (two OLI occupations make up "writing, data entry and
# support"; professional services have no article category). The World Bank's 2021 report gives
# one comparable figure, the share of Pakistan's online freelancers in software development.

# %%
plotting.show_table(workforce.skill_crosswalk(), "How the article's skill categories map to OLI occupations")

# %%
mix = workforce.skill_mix(panel, iso3=list(dict.fromkeys(["PAK", *countries])), claims=claims)
pak_mix = mix[mix["iso3"] == "PAK"]
plotting.show_table(pak_mix[["article_category", "oli_occupations", "article_share_pct", "oli_share_pct",
                             "oli_profiles", "n_profiles", "wb_software_share_pct"]],
                    "Pakistan's skill mix: the article's shares beside the OLI 2020 sample and the World Bank")
print(f"OLI denominator: {pak_mix['denominator'].iloc[0]}. Caveat: {workforce.SKILL_CAVEAT}.")

# %%
legend = {"article_share_pct": "the article (no base or source given)",
          "oli_share_pct": f"OLI 2020 sample (n = {pak_mix['n_profiles'].iloc[0]:,.0f} profiles)",
          "wb_software_share_pct": "World Bank (software development only)"}
colours = {"article_share_pct": "#bbbbbb", "oli_share_pct": plotting.country_colour("PAK"),
           "wb_software_share_pct": "#000000"}
plotting.show(caption="Pakistan's skill mix in three sources, percent", data=pak_mix,
              fig=bars.grouped_hbar(
    pak_mix.set_index("article_category")[list(legend)], title="Pakistan's skill mix: three sources",
    ylabel="article skill category", xlabel="percent of freelancers (article, World Bank) or of sample profiles (OLI)",
    source=plotting.source_line(["article_claims", "oli2020_worker_gender", "published_figures"]),
    colours=colours, labels=legend))

# %% [markdown]
# The same OLI crosswalk for each economy chosen in the parameters (share of each economy's sample
# profiles; the sample size is in the legend). The sample is small, so a few percentage points
# either way mean little; the contrast between economies is the point. An economy the sample lacks
# keeps its blank column, and the sample-size table says so.

# %%
order = workforce.skill_crosswalk()["article_category"].unique()
peer_mix = mix.pivot(index="article_category", columns="iso3", values="oli_share_pct").reindex(
    index=order, columns=countries)
sample = workforce.oli_sample_sizes(panel, countries)
plotting.show_table(peer_mix.reset_index(), "OLI 2020 sample: percent of each economy's profiles by skill category")
plotting.show_table(sample, "OLI 2020 sample: profiles by economy (a blank: the economy is not in the sample)")

# %%
plotting.show(caption="OLI 2020 sample: skill mix by economy, percent of profiles", data=peer_mix.reset_index(),
              fig=bars.grouped_hbar(
    peer_mix, title="OLI 2020 sample: skill mix by economy", ylabel="article skill category",
    xlabel="percent of the economy's sample profiles", source=plotting.source_line(["oli2020_worker_gender"]),
    labels={c: f"{name} (n = {n:,.0f})" if n == n else f"{name} (not in the sample)"
            for (c, name), n in zip(labels.country_names(panel, countries).items(), sample["n_profiles"])},
    legend_title="economy (OLI sample size)"))

# %% [markdown]
# ## Women's share: every definition
#
# Survey respondents (PAFLA/ADB), PTA's figure, the Guru.com profiles of one WTO Chairs study, the
# ILO's platform survey (India) and the OLI sample (female share of the profiles whose gender could
# be coded) measure different populations. None is a census of freelancers.

# %%
women = workforce.women_share(panel, countries)
plotting.show_table(women, "Women's share of freelancers under every definition")

# %% [markdown]
# ## Freelancer earnings beside exports and remittances, same months only
#
# For the fiscal year in the parameters, every freelancer-earnings figure inside that year is
# divided by every denominator that covers exactly the same first and last day. The Economic
# Survey's July–March freelancer figure is set against its July–March ICT exports and against SBP's
# workers' remittances summed over the same nine months — never against a full year. MoITT's
# full-year figure is set against SBP's and MoITT's full-year totals. The last column says what each
# ratio can and cannot mean: MoITT reports its freelancing figure beside SBP's IT & ITeS total, not
# inside it, and freelancers' inflows may be booked as remittances or as exports.

# %%
rec = reconcile.reconcile(panel, fiscal_year, calendar_conversion)
plotting.show_table(reconcile.readable(rec), f"Freelancer earnings as a share of IT exports and remittances, "
                                              f"{fiscal_year}, same months only")

# %% [markdown]
# How each ratio was computed and where its two numbers come from (curated figure ids, or a dataset
# id with the named conversion):

# %%
plotting.show_table(rec[["computation", "numerator_source", "denominator_source"]],
                    f"How each {fiscal_year} share is computed, and the sources of its two figures")

# %% [markdown]
# The same reconciliation for the second fiscal year in the parameters:

# %%
rec_other = reconcile.reconcile(panel, other_fiscal_year, calendar_conversion)
plotting.show_table(reconcile.readable(rec_other), f"Freelancer earnings as a share of IT exports and "
                                                    f"remittances, {other_fiscal_year}, same months only")

# %% [markdown]
# Both fiscal years in one chart, one bar per pair of series (the tables above also list each
# vintage of a denominator that was revised):

# %%
both = pd.concat([rec, rec_other], ignore_index=True).dropna(subset=["share_pct"])
both = both.drop_duplicates(["fy", "computation"])  # one bar per pair of series
pairs = both["computation"].str.removesuffix(" × 100")
used_series = list(pairs.str.split(" / ").explode().unique())
against = {reconcile.EXPORTS: plotting.country_colour("PAK"), reconcile.REMITTANCES: "#999999"}
plotting.show(caption="Freelancer earnings as a percent of exports and of remittances, by fiscal year",
              data=both[["fy", "computation", "against", "share_pct"]],
              fig=bars.hbar(
    both["fy"] + " · " + pairs.map(labels.ratio_label), both["share_pct"],
    title="Freelancer earnings vs exports and remittances",
    ylabel="fiscal year · numerator / denominator", xlabel="percent of the denominator (green: exports; grey: remittances)",
    source=plotting.source_line(query.rows_of(panel, used_series)), colour=both["against"].map(against),
    label_size=7, size_in=(8.0, 4.8)))

# %% [markdown]
# ## MoITT's stated share, checked against its own inputs
#
# MoITT stated that freelancers' IT-related export remittances were a given percentage of total ICT
# export remittances, quoting both amounts in the same sentence. Recomputing the share from the two
# amounts it quotes (first row), from its freelancing total instead of the IT-related part (second
# row), or from SBP's ICT total (third row) shows whether the stated share can be reproduced.

# %%
check = pd.concat([
    reconcile.check_quoted_share(panel, quoted_share, fy=quoted_share_fy),
    reconcile.check_quoted_share(panel, quoted_share, numerator="FL.EARN.MOITT", fy=quoted_share_fy),
    reconcile.check_quoted_share(panel, quoted_share, denominator="ICT.EXP.SBP", fy=quoted_share_fy),
], ignore_index=True)
plotting.show_table(check, f"MoITT's stated freelancer share for {quoted_share_fy}, recomputed from its own inputs",
                    digits=2)

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
exports = rec.loc[rec["against"] == reconcile.EXPORTS, "share_pct"]
remittances = rec.loc[rec["against"] == reconcile.REMITTANCES, "share_pct"]
heads = counts[counts["series"] == "RANGE"].iloc[0]
plotting.show_finding(
    f"Over the same months of {fiscal_year}, freelancer earnings were "
    f"**{exports.min():.1f}–{exports.max():.1f} %** of IT/ICT exports but only "
    f"**{remittances.min():.1f}–{remittances.max():.1f} %** of workers' remittances; published headcounts of "
    f"**{heads['persons_low'] / 1e6:.2f}–{heads['persons_high'] / 1e6:.2f} million** freelancers put "
    f"earnings per freelancer at **USD {per_head['usd_per_month'].min():,.0f}–"
    f"{per_head['usd_per_month'].max():,.0f} a month** ({hours_counted.min():.0f}–{hours_counted.max():.0f} "
    f"hours at PTA's USD {rate['value']:g} an hour) — those headcounts {above_ever} every estimate of profiles "
    f"that ever obtained work, so (if Pakistan's OLI share carries over, an assumption) they count registered "
    f"or occasional freelancers; MoITT's stated {check['quoted_pct'].iloc[0]:g} % share for {quoted_share_fy} "
    f"recomputes to {check['computed_pct'].iloc[0]:.2f} % from its own inputs.")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
series = [*workforce.COUNTS, *workforce.EARNINGS, *workforce.FEMALE, workforce.OLI, *reconcile.DENOMINATORS,
          "FL.SOFTWARE_SHARE.WB", quoted_share, *headcount.SHARES, headcount.GURU_SHARE, headcount.GURU_PROFILES,
          headcount_ratios.HOURLY]
tier_series = [headcount.KASSI, headcount.WB_GIG]
wdi_series = [headcount_ratios.LABOUR_FORCE, headcount_ratios.GDP, headcount_ratios.POPULATION,
              headcount_ratios.EXCHANGE_RATE, headcount_ratios.PPP]
if calendar_conversion is None:  # WDI calendar-year denominators were not used
    series = [s for s in series if s not in reconcile.CALENDAR_DENOMINATORS]
used = pd.concat([query.rows_of(panel, series, iso3=countries), query.rows_of(panel, tier_series, iso3="WLD"),
                  query.rows_of(panel, wdi_series, iso3=countries)])
report.show_sources(pd.concat([used, pd.DataFrame({"source": ["article_claims"], "ref": [""]})]))
