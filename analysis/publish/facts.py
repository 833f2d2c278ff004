"""What the report index states of a build: the parameters each notebook ran with, the project
version, the build date (never the clock: rebuilds stay byte-identical) and each source's vintage."""

from __future__ import annotations

import ast
import datetime
import os

import pandas as pd

from analysis.publish.notebooks import tagged
from analysis.sources.catalogue import sources_frame


def parameter_values(nb) -> list[tuple[str, str]]:
    """Return [(name, value as written)] of the parameters a notebook ran with (passed ones win)."""
    values: dict[str, str] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in tagged(nb, tag):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    text = ast.get_source_segment(cell.source, node.value) or ""
                    values |= {t.id: " ".join(text.split()) for t in targets if isinstance(t, ast.Name)}
    return list(values.items())


def built_date(sources: pd.DataFrame) -> tuple[str, str]:
    """Return (build date, what it is): SOURCE_DATE_EPOCH when set, else the newest data vintage.

    Never the wall clock, so a rebuild from the same inputs is byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
        day = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        return day.isoformat(), "the date SOURCE_DATE_EPOCH gives"
    vintages = sorted(v for v in sources["vintage"] if v)
    newest = vintages[-1] if vintages else "unknown"
    return newest, "the date of the newest input: the latest data vintage in data/raw/sources.yml"


def about() -> dict:
    """Return what the index says of the build: version, build date, each source's vintage."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        project_version = version("gigs-to-growth")
    except PackageNotFoundError:
        project_version = "unknown (not installed)"
    sources = sources_frame()
    built, built_from = built_date(sources)
    return {"version": project_version, "built": built, "built_from": built_from, "sources": sources}
