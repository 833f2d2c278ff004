"""The report cache: an executed notebook is reused only while nothing it depends on has changed.

A notebook's result depends on five things, each hashed (sha256) into its cache key: the notebook's
cells (code and Markdown: both reach the report), the parameters passed to it, the data (the panel's
``data/processed/manifest.json``: the checksums of data/raw and of the panel), the library's code
(every ``.py`` and ``.yml`` file of ``analysis/``) and the pinned environment (``pyproject.toml``,
``requirements.lock`` and the Python version). One entry per notebook lives in ``.cache/reports/``
(safe to delete): the executed notebook, its HTML and ``<stem>.json`` holding the key, the five parts
and the sha256 of each file. An entry whose files do not match their recorded sha256 (truncated,
edited, half-written) is never served: the notebook is executed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths

PARTS = ("notebook cells", "parameters", "data", "library code", "environment")
FILES = ("executed.ipynb", "report.html")


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def tree_sha256(root: Path, patterns=("*.py", "*.yml")) -> str:
    """Return one sha256 over the relative paths and bytes of the ``patterns`` files under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in patterns for p in Path(root).rglob(pattern)):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def shared_parts(data_sha256: str, root: Path = paths.ROOT) -> dict[str, str]:
    """Return the hashes every notebook shares: data (the panel manifest's), library code, environment."""
    env = b"".join((root / name).read_bytes() for name in ("pyproject.toml", "requirements.lock"))
    return {
        "data": data_sha256,
        "library code": tree_sha256(root / "analysis"),
        "environment": _sha(env + sys.version.encode()),
    }


def notebook_parts(nb_text: str, params: dict, shared: dict[str, str]) -> dict[str, str]:
    """Return the five hashed parts of one notebook's result (``nb_text`` is the .ipynb file's text)."""
    cells = [(c["cell_type"], "".join(c["source"])) for c in json.loads(nb_text)["cells"]]
    return {
        "notebook cells": _sha(json.dumps(cells, ensure_ascii=False)),
        "parameters": _sha(json.dumps(params, sort_keys=True)),
        **shared,
    }


def key_of(parts: dict[str, str], code: bool) -> str:
    """Return the cache key of a result: the five parts and whether the HTML keeps the code."""
    return _sha(json.dumps({**parts, "code": bool(code)}, sort_keys=True))


@dataclass(frozen=True)
class Lookup:
    """What the cache holds for one notebook: the stored files when reusable, else why not."""

    files: dict[str, str] | None  # file name -> text, when the entry can be served
    reason: str  # 'unchanged', or why the notebook is executed


def lookup(cache_dir: Path, stem: str, parts: dict[str, str], code: bool) -> Lookup:
    """Return the stored result of notebook ``stem`` if its key matches and its files are intact."""
    meta_path = Path(cache_dir) / f"{stem}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        stored_parts, stored_key, hashes = meta["parts"], meta["key"], meta["sha256"]
    except FileNotFoundError:
        return Lookup(None, "no cached result")
    except (OSError, ValueError, KeyError, TypeError):
        return Lookup(None, "cache entry unreadable")
    if stored_key != key_of(parts, code):
        changed = [p for p in PARTS if stored_parts.get(p) != parts[p]]
        return Lookup(None, "changed: " + ", ".join(changed or ["report code setting"]))
    files = {}
    for name in FILES:
        try:
            data = (Path(cache_dir) / f"{stem}.{name}").read_bytes()
        except OSError:
            return Lookup(None, f"cache entry incomplete ({name} missing)")
        if _sha(data) != hashes.get(name):
            return Lookup(None, f"cache entry damaged ({name} does not match its sha256)")
        files[name] = data.decode("utf-8")
    return Lookup(files, "unchanged")


def store(cache_dir: Path, stem: str, parts: dict[str, str], code: bool, files: dict[str, str]) -> None:
    """Write one notebook's entry: its files first (each renamed into place), the meta file last."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta = {"key": key_of(parts, code), "parts": parts, "code": bool(code), "sha256": {}}
    for name, text in [*files.items(), (None, None)]:
        target = cache_dir / (f"{stem}.json" if name is None else f"{stem}.{name}")
        if name is None:
            text = json.dumps(meta, indent=1, sort_keys=True) + "\n"
        else:
            meta["sha256"][name] = _sha(text)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=cache_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
