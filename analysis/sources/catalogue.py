"""The source catalogue: which publisher, dataset, vintage and licence stand behind panel rows.

Read from ``data/raw/sources.yml`` (written by the snapshot); figures' source lines and the reports'
source lists are built from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources.curated import load_curated
from analysis.sources.registry import PUBLISHED_FIGURES
from analysis.sources.snapshot import load_sources as read_sources

SOURCE_COLUMNS = [
    "source",
    "publisher",
    "dataset",
    "title",
    "series",
    "years",
    "vintage",
    "licence",
    "url",
    "note",
]


def load_sources(path: Path | None = None) -> dict[str, dict]:
    """Return data/raw/sources.yml (or a ``sources.yml`` at ``path``) as {source id: entry}."""
    return read_sources(Path(path).parent if path else paths.RAW)


def sources_frame(used: Iterable[str] | pd.DataFrame | None = None, path: Path | None = None) -> pd.DataFrame:
    """Return one row per source (publisher, dataset, title, series, years, vintage, licence, url, note).

    ``used`` is a panel slice (its ``source`` column), a list of source ids, or None for every
    data source in sources.yml (the WDI country metadata file is not a data source and is left out).
    """
    catalogue = load_sources(path)
    if used is None:
        ids = sorted(k for k, v in catalogue.items() if v.get("kind") != "metadata")
    elif isinstance(used, pd.DataFrame):
        ids = sorted(used["source"].unique())
    else:
        ids = sorted(set(used))
    unknown = [i for i in ids if i not in catalogue]
    if unknown:
        raise DataError(path or paths.SOURCES_YML, None, None, "an entry for every source used", unknown)
    rows = [{"source": i, **{c: _text(catalogue[i].get(c, "")) for c in SOURCE_COLUMNS[1:]}} for i in ids]
    for row, i in zip(rows, ids):
        if catalogue[i].get("kind") == "curated":
            row["publisher"] = row["publisher"] or "compiled by the project"
            row["note"] = (
                row["note"] or f"each row's address and quoted sentence: data/raw/{catalogue[i]['file']}"
            )
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def cited_pages(used: Iterable[str] | pd.DataFrame | None) -> pd.DataFrame:
    """Return the web pages (source_title, url, figures) behind the curated rows of a panel slice."""
    refs = (
        set(used.loc[used["source"] == PUBLISHED_FIGURES, "ref"]) if isinstance(used, pd.DataFrame) else set()
    )
    if not refs:
        return pd.DataFrame(columns=["source_title", "url", "figures"])
    figures = load_curated(PUBLISHED_FIGURES)
    cited = figures[figures["figure_id"].isin(refs)]
    return cited.groupby(["source_title", "url"]).size().rename("figures").reset_index()


def _text(value) -> str:
    """Return a sources.yml value as one line of text (lists joined with ', ')."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
