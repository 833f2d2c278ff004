"""HTML reports: execute every numbered notebook afresh, export it, and write an index of findings.

``build_reports()`` is ``make report`` (``make notebooks`` is analysis.publish.notebooks.execute_in_place).
Reports embed their figures (base64 PNG) and load nothing from the network.
Sources are listed from ``data/raw/sources.yml`` by :func:`show_sources` (the last notebook cell).
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.core import lock, paths
from analysis.publish import facts
from analysis.publish.html import export_html, index_html, link_neighbours
from analysis.publish.notebooks import (
    check_conventions,
    declared_parameters,
    finding_markdown,
    notebook_paths,
    read_light,
    run_papermill,
    title_and_question,
)
from analysis.publish.params import check as check_params
from analysis.sources.catalogue import cited_pages, sources_frame
from analysis.sources.registry import PUBLISHED_FIGURES


def _parts(row) -> list[str]:
    """Return the plain-text pieces of one source line: publisher, dataset, title, years, …"""
    parts = [row.publisher] + [v for v in dict.fromkeys((row.dataset, row.title)) if v]
    return parts + [
        f"{label}: {value}"
        for label, value in (
            ("years", row.years),
            ("vintage", row.vintage),
            ("licence", row.licence),
            ("note", row.note),
        )
        if value
    ]


def _link(url: str) -> str:
    """Return an escaped link for an http(s) address, the escaped text otherwise."""
    text = html.escape(url)
    return f'<a href="{text}">{text}</a>' if re.match(r"https?://", url) else text


def sources_html(used: Iterable[str] | pd.DataFrame | None = None, path: Path | None = None) -> str:
    """Return the sources as an HTML list (escaped; addresses as links only when http(s))."""
    items = []
    for row in sources_frame(used, path).itertuples(index=False):
        first, *rest = [html.escape(p) for p in _parts(row)]
        line = " · ".join([f"<b>{first}</b>", *rest] + ([_link(row.url)] if row.url else []))
        pages = cited_pages(used if row.source == PUBLISHED_FIGURES else None)
        if len(pages):
            nested = "".join(
                f"\n<li>{html.escape(p.source_title)} · {_link(p.url)} ({p.figures})</li>"
                for p in pages.itertuples(index=False)
            )
            line += f"\n<ul>{nested}\n</ul>"
        items.append(f'<li>{line} <span class="g2g-note">[{html.escape(row.source)}]</span></li>')
    return '<ul class="g2g-sources">\n' + "\n".join(items) + "\n</ul>"


def sources_text(used: Iterable[str] | pd.DataFrame | None = None, path: Path | None = None) -> str:
    """Return the sources as plain text, one '- ' line per source (cited pages indented below)."""
    lines = []
    for row in sources_frame(used, path).itertuples(index=False):
        lines.append("- " + " · ".join(_parts(row) + ([row.url] if row.url else [])) + f" [{row.source}]")
        if row.source == PUBLISHED_FIGURES:
            lines += [
                f"  - {p.source_title} · {p.url} ({p.figures})"
                for p in cited_pages(used).itertuples(index=False)
            ]
    return "\n".join(lines)


def show_sources(used: Iterable[str] | pd.DataFrame | None = None) -> None:
    """Display the sources used (the last notebook cell, tagged ``sources``); return None.

    Pass the panel rows the notebook used (or their source ids): curated figures then also list
    the web pages they were quoted from.
    """
    from IPython.display import display

    display({"text/html": sources_html(used), "text/plain": sources_text(used)}, raw=True)


def _execute(path: Path, executed_dir: Path, params: dict | None, code: bool) -> dict:
    """Execute one notebook afresh and export it; return its texts and card (runs in a worker process)."""
    t0 = time.perf_counter()
    nb = run_papermill(path, Path(executed_dir) / path.name, params)
    import nbformat

    return {
        "executed.ipynb": nbformat.writes(nb),
        "report.html": export_html(nb, code),
        "seconds": time.perf_counter() - t0,
    }


def _card(nb, file: str) -> dict:
    """Return the index card of an executed notebook (title, question, finding, parameters used)."""
    title, question = title_and_question(nb)
    return {
        "file": file,
        "title": title,
        "question": question,
        "finding": finding_markdown(nb),
        "parameters": facts.parameter_values(nb),
    }


def _results(to_run: list[Path], executed_dir: Path, params, code: bool, jobs: int):
    """Yield (path, result or exception) in notebook order, executing ``jobs`` notebooks side by side."""
    if jobs <= 1 or len(to_run) <= 1:
        for path in to_run:
            try:
                yield path, _execute(path, executed_dir, params, code)
            except Exception as exc:  # reported with the notebook's name once all have run
                yield path, exc
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {path: pool.submit(_execute, path, executed_dir, params, code) for path in to_run}
        for path, future in futures.items():
            try:
                yield path, future.result()
            except Exception as exc:
                yield path, exc


def _data_sha256() -> str:
    """Return the sha256 of the panel's manifest (raw inputs and panel checksums), rebuilding it first
    when data/raw changed."""
    from analysis.panel import build

    if not build.is_current():
        build.build()
    return hashlib.sha256((paths.PROCESSED / build.MANIFEST_FILE).read_bytes()).hexdigest()


def _plan(sources: list[Path], params: dict | None, code: bool, cache_dir: Path | None, fresh: bool):
    """Return ({path: its cache parts}, {path: cache.Lookup}) for the notebooks; checks ``params``."""
    from analysis.publish import cache

    declared = {path: declared_parameters(check_conventions(path, light=True)) for path in sources}
    known = sorted({name for names in declared.values() for name in names})
    unknown = sorted(set(params or {}) - set(known))
    if unknown:
        raise ValueError(f"--params: no notebook declares {unknown}; declared: {known}")
    chosen = {path: {k: v for k, v in (params or {}).items() if k in declared[path]} for path in sources}
    if cache_dir is None:
        return {}, {path: cache.Lookup(None, "") for path in sources}
    shared = cache.shared_parts(_data_sha256())
    parts = {p: cache.notebook_parts(p.read_text(encoding="utf-8"), chosen[p], shared) for p in sources}
    if fresh:
        return parts, {p: cache.Lookup(None, "FRESH=1") for p in sources}
    return parts, {p: cache.lookup(cache_dir, p.stem, parts[p], code) for p in sources}


def _run_all(sources, params, code: bool, cache_dir: Path | None, jobs: int, fresh: bool) -> dict[Path, dict]:
    """Return {path: result files} for every notebook, executing those the cache cannot serve.

    Prints one line per notebook, in order: reused, executed (with why) or FAILED; raises
    :class:`ReportError` naming every failed notebook after the others have finished.
    """
    from analysis.publish import cache

    parts, found = _plan(sources, params, code, cache_dir, fresh)
    to_run = [path for path in sources if found[path].files is None]
    results = {path: found[path].files for path in sources if found[path].files is not None}
    n, failed = len(sources), []
    print(
        f"reports: {n - len(to_run)} of {n} notebooks reused, {len(to_run)} to execute "
        f"({max(1, min(jobs, len(to_run)))} at a time)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="g2g-executed-") as executed:
        ran = _results(to_run, Path(executed), params, code, jobs)
        for i, path in enumerate(sources, 1):
            if path not in to_run:
                print(f"[{i}/{n}] {path.name}: reused (unchanged since its cached run)", flush=True)
                continue
            _, result = next(ran)
            why = f"; {found[path].reason}" if found[path].reason else ""
            if isinstance(result, Exception):
                failed.append((path, result))
                print(f"[{i}/{n}] {path.name}: FAILED ({type(result).__name__}){why}", flush=True)
                continue
            results[path] = result
            print(f"[{i}/{n}] {path.name}: executed ({result['seconds']:.1f} s{why})", flush=True)
            if cache_dir is not None:
                cache.store(cache_dir, path.stem, parts[path], code, {k: result[k] for k in cache.FILES})
    for path, exc in failed:
        print(f"--- {path.name} failed:\n{exc}", file=sys.stderr, flush=True)
    if failed:
        names = "; ".join(f"{path.name} ({_last_line(exc)})" for path, exc in failed)
        raise ReportError(f"{len(failed)} notebook(s) failed: {names}; previous reports left as they were")
    return results


def build_reports(
    code: bool = False,
    params: dict | None = None,
    out_dir: Path = paths.REPORTS,
    notebooks_dir: Path = paths.NOTEBOOKS,
    cache_dir: Path | None = None,
    jobs: int = 1,
    fresh: bool = False,
) -> list[Path]:
    """Execute every ``NN_*.ipynb`` (or reuse its cached result); write ``NN_topic.html`` + ``index.html``.

    Each notebook receives only the ``params`` its parameters cell declares. With ``cache_dir``, a
    notebook whose cells, parameters, panel, library code and environment are unchanged is reused
    (:mod:`analysis.publish.cache`); None (or ``fresh``, which still refreshes the cache) executes
    every notebook afresh. ``jobs`` notebooks execute
    side by side in separate processes. The report set is written to a temporary folder and moved
    into ``out_dir`` only when every notebook ran, so a failure leaves the previous reports intact.
    The committed notebooks are never modified. Returns the written paths.
    """
    sources = notebook_paths(notebooks_dir)
    if not sources:
        raise FileNotFoundError(f"no notebooks NN_*.ipynb in {notebooks_dir}")
    params = check_params(params)  # one line naming a bad value before any kernel starts
    out_dir = Path(out_dir)
    # one report at a time, never beside a snapshot or build of the data it reads
    with lock.held("report", paths.RAW, paths.PROCESSED, out_dir):
        if out_dir.parent.is_dir():
            _recover(out_dir)
        _data_sha256()  # the panel current first: a kernel rebuilding it would wait on this lock
        results = _run_all(sources, params, code, cache_dir, jobs, fresh)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; reports are meant to be shared
        try:
            cards = [_card(read_light(results[p]["executed.ipynb"]), f"{p.stem}.html") for p in sources]
            for i, path in enumerate(sources):
                page = link_neighbours(
                    results[path]["report.html"], cards[i - 1] if i else None, (cards[i + 1 :] or [None])[0]
                )
                (staging / cards[i]["file"]).write_text(page, encoding="utf-8", newline="\n")
            index = index_html(cards, params, facts.about())
            (staging / "index.html").write_text(index, encoding="utf-8", newline="\n")
            _swap(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"reports: wrote {len(cards)} reports -> {_shown(out_dir)}/index.html", flush=True)
        return [out_dir / c["file"] for c in cards] + [out_dir / "index.html"]


def _last_line(exc: Exception) -> str:
    """Return the last non-empty line of an error's text (papermill's ends with the cell's error)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


class ReportError(RuntimeError):
    """One or more notebooks failed; the message names them (the previous reports are left in place)."""


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with two renames (the old folder is removed afterwards).

    A fault between the renames leaves the old set in ``.<name>-old-*/<name>``; :func:`_recover`
    puts it back on the next run.
    """
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        out_dir.rename(old / out_dir.name)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(out_dir: Path) -> None:
    """Restore the previous report set if a swap was cut off; remove work folders of failed runs."""
    leftovers = sorted(out_dir.parent.glob(f".{out_dir.name}-*"))
    for folder in leftovers:
        saved = folder / out_dir.name
        if folder.name.startswith(f".{out_dir.name}-old-") and saved.is_dir() and not out_dir.exists():
            saved.rename(out_dir)
            print(
                f"reports: restored the previous reports from an interrupted run ({folder.name})", flush=True
            )
        shutil.rmtree(folder, ignore_errors=True)


def _shown(path: Path) -> str:
    """Return ``path`` relative to the project root when inside it (no absolute paths in output)."""
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)
