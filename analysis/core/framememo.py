"""Results computed once per DataFrame object: the panel's position index, a scenario's estimates.

A notebook passes the same panel to the library hundreds of times; what depends only on the panel
(and stated arguments) is kept beside it here, keyed by the frame's identity and dropped when the frame
is garbage-collected. Treat a panel as read-only: a change made in place is not seen (its length is
checked, nothing more).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

import pandas as pd

_MEMO: dict[int, tuple[weakref.ref, int, dict]] = {}  # id(frame) -> (weakref, rows, {key: result})


def per_frame(frame: pd.DataFrame, key: Hashable, compute: Callable[[], object]):
    """Return ``compute()`` for ``frame`` and ``key``, computed on the first call and reused after."""
    entry = _MEMO.get(id(frame))
    if entry is None or entry[0]() is not frame or entry[1] != len(frame):
        ident = id(frame)
        entry = _MEMO[ident] = (weakref.ref(frame, _forget(ident)), len(frame), {})
    results = entry[2]
    if key not in results:
        results[key] = compute()
    return results[key]


def _forget(ident: int):
    """Return the weakref callback dropping ``ident``'s entry (it holds the dict itself: at interpreter
    exit the module's globals may already be gone when the last frames are collected)."""
    memo = _MEMO
    return lambda _: memo.pop(ident, None)


def has_memo(frame: pd.DataFrame) -> bool:
    """Return True when something is kept for ``frame``."""
    entry = _MEMO.get(id(frame))
    return entry is not None and entry[0]() is frame
