# %% [markdown]
# # 07 · Claims check: what the article gets right, overstates or misattributes
#
# **Question:** Which of the source article's distinct numerical claims — the count of freelancers,
# their earnings, their share of IT exports, their skill mix and Pakistan's global rank — does the
# published evidence support, under one stated tolerance, and which are overstated or attributed
# to a publisher that does not publish the number?
#
# The article ("From Gigs to Growth", its headline quoted in the first row of the claims table) is
# treated as a set of claims, not as data. Each statement sits in a curated table with the sentence
# it came from; the evidence comes from the panel (published figures with their addresses, and the
# OLI sample). One rule, with one tolerance set in the parameters, turns claim and evidence into a
# verdict. The tolerance is an **assumption** (a chosen number), so the verdicts are shown at
# several tolerances below.

# %% tags=["parameters"]
tolerance_pct = 10.0  # the evidence range is widened by this many percent at both ends
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
# One row per numerical statement, with the sentence it was taken from, its unit and period as the
# article states or implies them, the publisher it names (if any) and its kind (count, earnings,
# share or rank). The skill shares carry "base not stated": the article gives no source for them.

# %%
plotting.show_table(article[["claim_id", "quote", "value", "unit", "period", "attribution", "kind"]],
                    "The article's claims, each with the sentence it comes from")

# %% [markdown]
# ## The rule
#
# A claim is compared with the range of every published figure that measures the same thing, in
# the panel's unit (the lowest and highest such figure; one figure gives a range of one point; a
# sample share gives its binomial sampling interval at the library's confidence level). The tolerance widens the range at both
# ends; beyond it the claim is over- or understated, and its distance from the nearer end of the
# range is stated. Moving a claim toward the evidence can never worsen its verdict (a property the
# tests check). A claim that names a publisher is checked against the publisher fields of the
# curated figures.

# %%
print(f"Tolerance used: {tolerance_pct:g} % (library default {claims.verdicts.TOLERANCE_PCT:g} %).")
plotting.show_table(claims.verdicts.rule_table(tolerance_pct), f"How a verdict follows from the evidence range "
                                                                f"(tolerance {tolerance_pct:g} %)")

# %% [markdown]
# What counts as evidence for each kind of claim, and the caveat that goes with it:

# %%
plotting.show_table(pd.DataFrame(claims.CAVEATS.items(), columns=["metric", "caveat"]),
                    "What the evidence for each kind of claim can and cannot show")

# %% [markdown]
# ## Each statement against its evidence
#
# Every statement of the article with its evidence range (in the evidence unit), its distance from
# that range and its value verdict; the attribution check is the last column.

# %%
checked = claims.check_claims(panel, article, figures, tolerance_pct)
plotting.show_table(
    checked[["claim_id", "claimed_in_evidence_unit", "evidence_low", "evidence_high", "evidence_unit",
             "distance_pct", "value_verdict", "attribution_verdict"]],
    "Each claim against the range of the evidence, with its value and attribution verdicts",
)

# %% [markdown]
# The evidence behind each verdict: every evidence figure with its series and period (nine-month
# figures annualised only through the named ×12/9 conversion), and why the verdict.

# %%
plotting.show_table(checked[["claim_id", "evidence", "reason"]], "The evidence behind each verdict, and why")

# %% [markdown]
# ## Distinct claims
#
# The same number about the same quantity, stated several times, is one claim: the table counts
# each once and says how often and where the article repeats it. The verdict is the value verdict;
# a mention that names the wrong publisher is listed in the last column.

# %%
distinct = claims.distinct_claims(checked)
plotting.show_table(claims.distinct_table(distinct), "Distinct claims: repeated mentions of one claim counted once")

# %% [markdown]
# ## "Nearly a fifth of IT export revenue": every reading
#
# The share claim is tested as the article states it — its own earnings figure over total IT export
# revenue — with every reading of "total IT export revenue" the data hold for the year: SBP's IT &
# ITeS exports for the fiscal year, the Economic Survey's Jul–Mar ICT exports over the same months
# (the article's figure ×9/12), MoITT's total that includes freelancing, and, for totals without
# freelancing, the case where freelancing sits outside the total (figure / (total + figure)).

# %%
readings = claims.readings_table(panel, article)
plotting.show_table(
    readings[["claimed_pct", "reading", "period", "computation", "share_pct", "distance_pct", "caveat"]],
    "Every reading of the article's share claims, recomputed from the data",
)

# %% [markdown]
# ## Skill shares: a sample, and its date
#
# The article's skill shares (undated, taken as c.2025) are set against the OLI sample of
# Pakistan's profiles, whose share carries its binomial sampling interval (and, for software,
# a World Bank figure). The sample's date is shown against the claim's date: the sample is several
# years older than the claim.

# %%
skills = checked[checked["metric"] == "skill_share"]
plotting.show_table(skills[["claim_id", "claimed_in_evidence_unit", "evidence", "evidence_dates", "period",
                            "value_verdict"]].rename(columns={"evidence_dates": "sample date",
                                                              "period": "claim date"}),
                    "Skill-share claims against the OLI sample, with the dates of claim and sample")

# %% [markdown]
# ## Attribution from the publishers of the figures
#
# Every curated figure carries its publisher (who produced the number) and its reporter (the outlet,
# or who it quotes). A claim "according to X" is misattributed when no figure of that quantity has
# X as its publisher; the note says who does publish it and what X publishes.

# %%
named = checked[checked["attribution"] != ""]
plotting.show_table(named[["claim_id", "attribution", "attribution_verdict", "attribution_note"]],
                    "Claims that name a source: does that source publish the quantity?")

# %% [markdown]
# Who publishes, and who reports, the figures of freelancer earnings and of the workforce rank. No
# earnings row quotes SBP as the source of a freelancer-earnings figure: the rows show the Economic
# Survey and MoITT as publishers (whatever data they draw on is not stated on the pages quoted).

# %%
for metric in ("freelancer_earnings", "workforce_rank"):
    plotting.show_table(claims.publishers_of(panel, figures, metric).assign(metric=metric),
                        f"Who publishes the figures for {metric.replace('_', ' ')}")

# %% [markdown]
# Where each evidence figure comes from: curated figures with the title and address of the page
# they were quoted from; data sets (such as the OLI sample) by their series code.

# %%
refs = checked[["claim_id", "evidence_refs"]].assign(ref=checked["evidence_refs"].str.split("; "))
refs = workforce.source_titles(refs.explode("ref")[["claim_id", "ref"]].drop_duplicates(), figures,
                               column="ref")
plotting.show_table(refs.reset_index(drop=True), "The published figures each claim was checked against",
                    max_rows=80)

# %% [markdown]
# ## How the verdicts move with the tolerance
#
# Each distinct claim's verdict at each tolerance, then the count per verdict:

# %%
sensitivity = claims.tolerance_table(checked, tolerance_grid)
plotting.show_table(sensitivity, "Each distinct claim's verdict at every tolerance of the grid")
plotting.show_table(claims.verdict_counts(sensitivity).reset_index(), "Number of distinct claims by verdict and tolerance")

# %%
counts = distinct["value_verdict"].value_counts().reindex(claims.verdicts.VALUE_VERDICTS, fill_value=0)
plotting.show(caption=f"Distinct claims by verdict at a tolerance of {tolerance_pct:g} %",
              data=counts.rename("distinct_claims").rename_axis("verdict").reset_index(),
              fig=bars.hbar(counts.index, counts, title=f"Distinct claims by verdict (tolerance {tolerance_pct:g} %)",
                        ylabel="verdict", xlabel="number of distinct claims",
                        source=plotting.source_line(claims.sources_used(panel, checked)),
                        colour=[plotting.verdict_colour(v) for v in counts.index]))

# %% [markdown]
# ## Key finding

# %% tags=["finding"]
wrong = checked[checked["attribution_verdict"] == "misattributed"]
off = distinct[distinct["value_verdict"].isin(["overstated", "understated"])]
plotting.show_finding(
    f"With a tolerance of {tolerance_pct:g} % (a chosen number), **{counts['supported']} of the article's "
    f"{len(distinct)} distinct claims** ({len(checked)} statements) are supported; "
    + "; ".join(f"**{v}**: {c} ({d:+.0f} % beyond the evidence)"
                for v, c, d in zip(off["value_verdict"], off["claim"], off["distance_pct"]))
    + ". **Misattributed**: " + "; ".join(wrong["claim_id"] + " names " + wrong["attribution"])
    + ", none of whose figures in the data measure that quantity.")

# %% [markdown]
# ## Sources

# %% tags=["sources"]
report.show_sources(claims.sources_used(panel, checked))
