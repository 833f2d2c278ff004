"""Attribution of a claim from the curated figures' metadata: who produced a number, who reported it.

Every curated figure carries a ``publisher`` (who produced the number) and a ``reporter`` (the outlet,
or who it quotes). A claim "according to X" is **misattributed** when no figure of the quantity it
measures has X as its publisher; the check then says who does publish that quantity and what X does
publish. Publishers are read from ``load_curated('published_figures')`` joined on the panel's ``ref``.
"""

from __future__ import annotations

import pandas as pd

ATTRIBUTION_VERDICTS = ("", "publisher confirmed", "misattributed")


def publishers(panel: pd.DataFrame, figures: pd.DataFrame, series) -> pd.DataFrame:
    """Return the (series, publisher, reporter, n_figures) of the panel's curated rows of ``series``."""
    rows = panel[panel["series"].isin(list(series))][["series", "ref"]]
    meta = figures[["figure_id", "publisher", "reporter"]].rename(columns={"figure_id": "ref"})
    joined = rows.merge(meta, on="ref", how="inner")
    return (
        joined.groupby(["series", "publisher"], as_index=False)
        .agg(reporter=("reporter", lambda r: "; ".join(sorted(set(r)))), n_figures=("ref", "size"))
        .sort_values(["publisher", "series"], ignore_index=True)
    )


def names(who: str, publisher: str) -> bool:
    """True when the publisher field ``publisher`` is the body named ``who`` (case-insensitive)."""
    return bool(who) and who.strip().lower() in publisher.lower()


def check_attribution(panel: pd.DataFrame, figures: pd.DataFrame, who: str, series) -> dict:
    """Return {attribution_verdict, attribution_note} for a claim naming ``who`` about ``series``.

    ``series`` are the codes that measure the claim's quantity; '' verdict when no publisher is named.
    """
    who = str(who).strip()
    if not who or who == "nan":
        return {"attribution_verdict": "", "attribution_note": ""}
    of_quantity = publishers(panel, figures, series)
    producers = "; ".join(
        f"{p} ({', '.join(g['series'])})" for p, g in of_quantity.groupby("publisher", sort=True)
    )
    if any(names(who, p) for p in of_quantity["publisher"]):
        return {
            "attribution_verdict": "publisher confirmed",
            "attribution_note": f"{who} publishes figures of this quantity; publishers: {producers}",
        }
    own = figures[[names(who, p) for p in figures["publisher"]]]
    listed = ", ".join(sorted(set(own["series"]))) or "none in the curated figures"
    return {
        "attribution_verdict": "misattributed",
        "attribution_note": (
            f"no figure of this quantity has {who} as its publisher; it is published by "
            f"{producers or 'nobody in the panel'}; {who} publishes: {listed}"
        ),
    }
