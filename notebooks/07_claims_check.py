# %% [markdown]
# # 07 · Claims check: what the article gets right, overstates or misattributes
#
# **Question:** Which of the source article's numerical claims — the count of freelancers, their
# earnings, their share of IT exports, their skill mix and Pakistan's global rank — does the
# published evidence support, under one stated tolerance rule, and which are overstated or
# attributed to the wrong publisher?
#
# The article ("From Gigs to Growth", its headline quoted in the first row of the claims table) is
# treated as a set of claims, not as data. Each claim sits in a curated table with the sentence it came from; the
# evidence comes from the panel (published figures with their addresses, and the OLI sample). One
# rule, with one tolerance set in the parameters, turns claim and evidence into a verdict.

# %% tags=["parameters"]
tolerance_pct = 10.0  # a claim within this many percent of the evidence is "supported"
tolerance_grid = [5.0, 10.0, 20.0]  # tolerances for the sensitivity table

# %%
import pandas as pd

from analysis import bars, claims, load_curated, load_panel, plotting, report, workforce

panel = load_panel()
article = load_curated("article_claims")
figures = load_curated("published_figures")

# %% [markdown]
# ## The claims
#
# One row per numerical claim, with the sentence it was taken from, its unit and period as the
# article states or implies them, the publisher it names (if any) and its kind (count, earnings,
# share or rank). The skill shares carry "base not stated": the article gives no source for them.

# %%
plotting.show_table(article[["claim_id", "quote", "value", "unit", "period", "attribution", "kind"]])

# %% [markdown]
# ## The rule
#
# A claim is compared with the range of every published figure that measures the same thing, in
# the panel's unit (the lowest and highest such figure; one figure gives a range of one point). The
# tolerance is a parameter; twice the tolerance marks the edge of "roughly supported". A claim that
# names a publisher is then checked against who actually publishes the evidence.

# %%
print(f"Tolerance used: {tolerance_pct:g} % (library default {claims.TOLERANCE_PCT:g} %); "
      f"'roughly supported' reaches {2 * tolerance_pct:g} % beyond the nearer end of the evidence range.")
plotting.show_table(claims.rule_table(tolerance_pct))

# %% [markdown]
# What counts as evidence for each kind of claim, and the caveat that goes with it (the evidence
# map of `analysis.claims`):

# %%
plotting.show_table(pd.DataFrame(claims.CAVEATS.items(), columns=["metric", "caveat"]))

# %% [markdown]
# ## The verdicts
#
# Claimed value and evidence in the same unit, the number of evidence figures, and the verdict:

# %%
checked = claims.check_claims(panel, article, tolerance_pct)
plotting.show_table(claims.verdict_table(checked))

# %% [markdown]
# The evidence behind each verdict and the computation: every evidence figure with its series and
# period (nine-month figures annualised only through the named ×12/9 conversion; shares of IT exports
# only as same-months ratios), then each end of the evidence range set against the claim.

# %%
plotting.show_table(checked[["claim_id", "metric", "evidence", "computation"]])

# %% [markdown]
# Why each verdict, including what a misattributed claim's named publisher does publish:

# %%
plotting.show_table(checked[["claim_id", "value_verdict", "verdict", "reason"]])

# %% [markdown]
# Where each evidence figure comes from: curated figures with the title and address of the page
# they were quoted from; data sets (such as the OLI sample) by their series code.

# %%
refs = checked[["claim_id", "evidence_refs"]].assign(ref=checked["evidence_refs"].str.split("; "))
refs = workforce.source_titles(refs.explode("ref")[["claim_id", "ref"]], figures, column="ref")
plotting.show_table(refs.reset_index(drop=True), max_rows=80)

# %% [markdown]
# ## Summary
#
# Claims by verdict (every class of the rule listed, also when empty):

# %%
counts = checked["verdict"].value_counts().reindex(claims.VERDICTS, fill_value=0)
plotting.show_table(counts.rename("claims").rename_axis("verdict").reset_index())

# %%
plotting.show(bars.hbar(counts.index, counts, title=f"The article's claims by verdict (tolerance {tolerance_pct:g} %)",
                        ylabel="verdict", xlabel="number of claims", source=plotting.source_line(claims.sources_used(panel, checked))))

# %% [markdown]
# The value verdict before the attribution check (rows) against the final verdict (columns): a
# misattributed claim may still carry a number close to the evidence.

# %%
plotting.show_table(pd.crosstab(checked["value_verdict"], checked["verdict"]).reset_index(), digits=0)

# %% [markdown]
# How the verdicts move with the tolerance (claims per verdict, one column per tolerance):

# %%
sensitivity = claims.verdict_counts(panel, article, tolerance_grid)
plotting.show_table(sensitivity.reset_index())

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
doubtful = [v for v in claims.VERDICTS[2:] if counts[v]]  # overstated, understated, misattributed, …
plotting.show_finding(
    f"With a tolerance of {tolerance_pct:g} %, **{counts['supported']} of {len(checked)}** of the article's "
    f"claims are supported and {counts['roughly supported']} roughly supported; "
    + ", ".join(f"**{counts[v]} {v}** (" + "; ".join(checked.loc[checked["verdict"] == v, "claim"]) + ")"
                for v in doubtful) + ".")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(claims.sources_used(panel, checked))
