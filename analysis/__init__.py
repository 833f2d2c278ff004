"""gigs-to-growth: Pakistan's online freelance economy from publisher data to models.

The public entry point for notebooks is :func:`load_panel`; models live in submodules
(``analysis.workforce``, ``compare``, ``claims``, ``scenarios``, ``forecast``) and are imported
where used, so that ``import analysis`` stays fast.
"""
from __future__ import annotations

from analysis.errors import DataError

__all__ = ["DataError", "load_panel", "load_curated"]


def load_panel(**kwargs):
    """Return the tidy panel (rebuilding it first when data/raw changed); see analysis.build."""
    from analysis.build import load_panel as _load

    return _load(**kwargs)


def load_curated(name: str):
    """Return a hand-curated table of data/raw ('published_figures' or 'article_claims')."""
    from analysis.sources.curated import load_curated as _load

    return _load(name)
