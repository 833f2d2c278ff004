"""Executing the numbered notebooks: conventions check, papermill runs, in-place runs, jupytext twins.

Conventions every ``notebooks/NN_topic.ipynb`` follows (see notebooks/README.md):
first cell Markdown ``# title`` + ``**Question:** …``; one code cell tagged ``parameters``; one
code cell tagged ``finding`` whose output is the key finding; the last cell, tagged ``sources``,
lists the sources used. The ``.ipynb`` is committed executed; ``NN_topic.py`` is its py:percent twin.
"""

from __future__ import annotations

import ast
import html
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from jupyter_client.manager import AsyncKernelManager
from traitlets.config import Config

from analysis.core import paths

if TYPE_CHECKING:  # nbformat (via jsonschema) costs over a second to import: only where notebooks are read
    import nbformat

KERNEL = "python3"  # installed into the venv by `make venv` (ipykernel install --sys-prefix)
# Encrypt kernel traffic (CurveZMQ) when the kernelspec supports it: no plain-text TCP, no warning;
# shut kernels down without the SIGINT that makes them log "KeyboardInterrupt caught in kernel".
KERNEL_CONFIG = {
    "KernelManager": {"transport_encryption": "auto"},
    "NotebookClient": {"kernel_manager_class": "analysis.publish.notebooks.QuietKernelManager"},
}
TWIN_FORMAT = "py:percent"
PATTERN = "[0-9][0-9]_*.ipynb"
# Cell and notebook metadata written by an execution that would change on every run.
_VOLATILE_CELL_KEYS = ("execution", "papermill")
_VOLATILE_NB_KEYS = ("papermill", "widgets")


class QuietKernelManager(AsyncKernelManager):
    """A kernel manager whose shutdown sends no interrupt first.

    jupyter_client interrupts (SIGINT) every kernel before asking it to shut down; an idle
    ipykernel then logs ``[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel`` on stderr
    after every successful run. The shutdown request alone stops a kernel that finished its cells
    (a kernel that does not is still killed after the usual wait).
    """

    async def _async_interrupt_kernel(self) -> None:
        if not self.shutting_down:
            await super()._async_interrupt_kernel()


class _NoParseWarning(logging.Filter):
    """Drop papermill's 'Unable to parse line …' and the 'Passed unknown parameter' that follows it.

    papermill reads a parameters cell line by line and stumbles on a comment holding '=';
    :func:`declared_parameters` reads it with Python's own parser, and :func:`run_papermill` passes
    only the names it declares, so neither warning can be true here.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("Unable to parse line", "Passed unknown parameter"))


for _name in ("papermill.translators", "papermill"):
    logging.getLogger(_name).addFilter(_NoParseWarning())


def notebook_paths(notebooks_dir: Path = paths.NOTEBOOKS) -> list[Path]:
    """Return the numbered notebooks ``NN_*.ipynb`` in ``notebooks_dir``, sorted by name."""
    return sorted(Path(notebooks_dir).glob(PATTERN))


def read(path: Path) -> nbformat.NotebookNode:
    """Return the notebook at ``path`` (nbformat 4)."""
    import nbformat

    return nbformat.read(path, as_version=4)


class _Node(dict):
    """A JSON object with attribute access, as nbformat's NotebookNode (for reading without nbformat)."""

    __getattr__ = dict.__getitem__


def _light(obj, key: str = ""):
    """JSON -> _Node, multi-line text joined as nbformat.read does (sources, stream text, text data)."""
    if isinstance(obj, dict):
        return _Node((k, _light(v, k if key != "data" else "text")) for k, v in obj.items())
    if isinstance(obj, list):
        if key in ("source", "text") and all(isinstance(v, str) for v in obj):
            return "".join(obj)
        return [_light(v) for v in obj]
    return obj


def read_light(text: str) -> _Node:
    """Return notebook JSON ``text`` as attribute-access nodes, without importing nbformat (2 s)."""
    return _light(json.loads(text))


def tagged(nb: nbformat.NotebookNode, tag: str) -> list[nbformat.NotebookNode]:
    """Return the cells of ``nb`` carrying ``tag`` in their metadata tags, in order."""
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def declared_parameters(nb: nbformat.NotebookNode) -> list[str]:
    """Return the names assigned in the cell tagged ``parameters`` (in order; [] if none)."""
    names: list[str] = []
    for cell in tagged(nb, "parameters"):
        for node in ast.parse(cell.source).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else ([node.target] if isinstance(node, ast.AnnAssign) else [])
            )
            names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
    return names


def title_and_question(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """Return (title, question) from the first Markdown cell (``# …`` and ``**Question:** …`` lines)."""
    first = nb.cells[0].source if nb.cells and nb.cells[0].cell_type == "markdown" else ""
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), "")
    heading = next(
        (line[3:].strip() for line in _title_output(nb).splitlines() if line.startswith("## ")), ""
    )
    title = f"{title}: {html.unescape(heading)}" if title and heading else title
    match = re.search(r"\*\*Question:\*\*\s*(.+?)(?:\n\s*\n|\Z)", first, flags=re.S)
    return title, " ".join(match.group(1).split()) if match else ""


def _title_output(nb: nbformat.NotebookNode) -> str:
    """Return the Markdown output of the cell tagged ``title`` (a heading built from the parameters; '')."""
    for cell in tagged(nb, "title"):
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                return output["data"]["text/markdown"]
    return ""


def finding_markdown(nb: nbformat.NotebookNode) -> str:
    """Return the Markdown output of the cell tagged ``finding`` ('' when it has none)."""
    for cell in tagged(nb, "finding"):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                return data["text/markdown"].strip()
    return ""


def convention_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Return what the notebook lacks of the house conventions ([] when it follows them all)."""
    title, question = title_and_question(nb)
    problems = [] if title else ["first cell must be Markdown starting with a '# title' line"]
    problems += [] if question else ["first cell must hold a '**Question:** …' line"]
    for tag in ("parameters", "finding"):
        cells = [c for c in tagged(nb, tag) if c.cell_type == "code"]
        problems += [] if len(cells) == 1 else [f"needs exactly one code cell tagged {tag!r}"]
    last = nb.cells[-1] if nb.cells else None
    if last is None or last.cell_type != "code" or "sources" not in last.metadata.get("tags", []):
        problems.append("last cell must be a code cell tagged 'sources' listing the sources used")
    return problems


def check_conventions(path: Path, light: bool = False) -> nbformat.NotebookNode:
    """Return the notebook at ``path`` (``light``: :func:`read_light` nodes); ValueError naming every
    convention it breaks."""
    nb = read_light(Path(path).read_text(encoding="utf-8")) if light else read(path)
    problems = convention_problems(nb)
    if problems:
        raise ValueError(f"{Path(path).name}: " + "; ".join(problems))
    return nb


def run_papermill(path: Path, out_path: Path, params: dict | None = None) -> nbformat.NotebookNode:
    """Execute ``path`` afresh with papermill into ``out_path``; return the executed notebook.

    Only the parameters the notebook declares are passed; the others are silently left out (one
    ``--params`` set serves every notebook). Raises papermill's execution error on a failing cell.
    """
    import papermill

    nb = read(path)
    declared = declared_parameters(nb)
    chosen = {k: v for k, v in (params or {}).items() if k in declared}
    papermill.execute_notebook(
        str(path),
        str(out_path),
        parameters=chosen,
        kernel_name=KERNEL,
        cwd=str(Path(path).parent),
        progress_bar=False,
        log_output=False,
        config=Config(KERNEL_CONFIG),
    )
    executed = read(out_path)
    for cell in tagged(executed, "injected-parameters"):
        cell.id = "injected-parameters"  # papermill draws a random id; reports must not change
    return executed


def execute_in_place(notebooks_dir: Path = paths.NOTEBOOKS, names: list[str] | None = None) -> list[Path]:
    """Re-execute the numbered notebooks in place with their default parameters; return their paths.

    Outputs are stored without timing metadata; each jupytext twin is rewritten from the result.
    The committed file is replaced only after its whole notebook ran without error.
    """
    import nbformat
    from nbclient import NotebookClient

    done = []
    for path in notebook_paths(notebooks_dir):
        if names and path.stem not in names and path.name not in names:
            continue
        print(f"executing {path.name} …", flush=True)
        nb = check_conventions(path)
        NotebookClient(
            nb,
            kernel_name=KERNEL,
            record_timing=False,
            config=Config(KERNEL_CONFIG),
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        _write_atomic(path, nbformat.writes(clean(nb)).rstrip("\n") + "\n")
        sync_twin(path)
        done.append(path)
    return done


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` without timings, papermill bookkeeping or widget state, kernel set (in place)."""
    for key in _VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata.setdefault("jupytext", {})["formats"] = f"ipynb,{TWIN_FORMAT}"
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}
    for cell in nb.cells:
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
    return nb


def twin_path(path: Path) -> Path:
    """Return the jupytext twin (``NN_topic.py``) of a notebook path."""
    return Path(path).with_suffix(".py")


def twin_text(path: Path) -> str:
    """Return the py:percent text the notebook at ``path`` should have as its twin."""
    import jupytext

    return jupytext.writes(read(path), fmt=TWIN_FORMAT)


def sync_twin(path: Path) -> Path:
    """Write the notebook's py:percent twin from the ``.ipynb``; return the twin's path."""
    target = twin_path(path)
    _write_atomic(target, twin_text(path))
    return target


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to a temp file beside ``path``, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}.", dir=Path(path).parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, Path(path).stat().st_mode & 0o777 if Path(path).exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
