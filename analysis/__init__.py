"""gigs-to-growth: Pakistan's online freelance economy from publisher data to models.

A short facade over the layers (``core`` < ``sources`` < ``panel`` < ``models`` < ``figures`` <
``publish``): ``from analysis import load_panel, select, workforce, charts, report`` keeps a
notebook's imports on one line. Modules are imported on first use (PEP 562), so ``import
analysis`` stays fast; the layer packages are where each name is defined.
"""

from __future__ import annotations

import importlib

from analysis.core.errors import DataError

# facade name -> the module it stands for
_MODULES = {
    "paths": "analysis.core.paths",
    "periods": "analysis.core.periods",
    "countries": "analysis.core.countries",
    "errors": "analysis.core.errors",
    "series": "analysis.sources.series",
    "catalogue": "analysis.sources.catalogue",
    "build": "analysis.panel.build",
    "query": "analysis.panel.query",
    "workforce": "analysis.models.workforce",
    "headcount": "analysis.models.headcount",
    "headcount_ratios": "analysis.models.headcount_ratios",
    "reconcile": "analysis.models.reconcile",
    "compare": "analysis.models.compare",
    "claims": "analysis.models.claims",
    "levers": "analysis.models.levers",
    "lever_accounts": "analysis.models.lever_accounts",
    "validation": "analysis.models.validation",
    "downside": "analysis.models.downside",
    "scenarios": "analysis.models.scenarios",
    "montecarlo": "analysis.models.montecarlo",
    "forecast": "analysis.models.forecast",
    "backtest": "analysis.models.forecast.backtest",
    "plotting": "analysis.figures.plotting",
    "charts": "analysis.figures.charts",
    "bars": "analysis.figures.bars",
    "labels": "analysis.figures.labels",
    "columns": "analysis.figures.columns",
    "notebooks": "analysis.publish.notebooks",
    "report": "analysis.publish.report",
}
# facade name -> (module, attribute) for functions
_FUNCTIONS = {
    "load_panel": ("analysis.panel.build", "load_panel"),
    "select": ("analysis.panel.query", "select"),
    "load_curated": ("analysis.sources.curated", "load_curated"),
}

__all__ = ["DataError", *_FUNCTIONS, *_MODULES]


def __getattr__(name: str):
    """Import a facade module or function on first use."""
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    if name in _FUNCTIONS:
        module, attribute = _FUNCTIONS[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
