"""Command line: python -m analysis snapshot|record-curated|build|show|series|countries|report|notebooks."""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import DataError


def _snapshot(args) -> None:
    from analysis.panel.build import check
    from analysis.sources.snapshot import run

    written = run(Path(args.mirror), paths.RAW, live=args.live, check=check)
    print(f"wrote {len(written)} files to {paths.RAW.relative_to(paths.ROOT)}/")


def _record_curated(args) -> None:
    from analysis.sources.snapshot import record_curated

    print(f"recorded the curated tables' checksums in {record_curated(paths.RAW, Path(args.mirror))}")


def _build(args) -> None:
    from analysis.panel.build import build

    t0 = time.perf_counter()
    panel = build()
    print(
        f"panel: {len(panel):,} rows, {panel['series'].nunique()} series, "
        f"{panel['source'].nunique()} sources -> data/processed/panel.csv "
        f"({time.perf_counter() - t0:.1f} s)"
    )


def _print(table, fmt: str, max_rows: int | None = None) -> None:
    """Print a table as aligned text or as CSV (``fmt`` 'table' or 'csv')."""
    if fmt == "csv":
        sys.stdout.write(table.to_csv(index=False, lineterminator="\n"))
    else:
        print(table.to_string(index=False, max_rows=max_rows))


def _show(args) -> None:
    from analysis import load_panel
    from analysis.panel.query import select, suggest

    panel = load_panel()
    for column, wanted in (("iso3", args.iso3), ("series", args.series), ("basis", args.basis)):
        known = set(panel[column].unique())
        for value in wanted or []:
            if value not in known:
                sys.exit(f"error: no {column} {value!r} in the panel{suggest(value, known)}")
    rows = select(panel, iso3=args.iso3, series=args.series, basis=args.basis)
    if rows.empty:
        sys.exit(f"no rows for iso3={args.iso3} series={args.series} basis={args.basis}")
    cols = ["iso3", "series", "breakdown", "period", "basis", "value", "unit", "source", "ref"]
    _print(rows[cols], args.format, args.max_rows)


def _series(args) -> None:
    from analysis import load_panel
    from analysis.panel.query import series_table

    _print(series_table(load_panel(), args.search), args.format)


def _countries(args) -> None:
    from analysis import load_panel
    from analysis.panel.query import countries_table

    _print(countries_table(load_panel(), args.search), args.format)


def _report(args) -> None:
    from analysis.publish.params import parse_params
    from analysis.publish.report import build_reports

    build_reports(
        code=args.code,
        params=parse_params(args.params),
        cache_dir=paths.REPORT_CACHE,
        jobs=args.jobs,
        fresh=args.fresh,
    )


def _notebooks(args) -> None:
    from analysis.publish.notebooks import execute_in_place

    for path in execute_in_place(names=args.names or None):
        print(f"executed {path.relative_to(paths.ROOT)}")


def main(argv: list[str] | None = None) -> None:
    """Parse ``argv`` and run one command; bad input exits with the DataError message."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("snapshot", help="read publisher files, write data/raw + sources.yml")
    p.add_argument("--mirror", default=str(paths.MIRROR), help="offline mirror folder")
    p.add_argument("--live", action="store_true", help="download WDI files from the World Bank")
    p.set_defaults(func=_snapshot)
    p = sub.add_parser("record-curated", help="re-record curated tables in sources.yml after a hand edit")
    p.add_argument("--mirror", default=str(paths.MIRROR), help="offline mirror folder")
    p.set_defaults(func=_record_curated)
    sub.add_parser("build", help="data/raw -> data/processed/panel.csv").set_defaults(func=_build)
    p = sub.add_parser("show", help="print panel rows with source and unit")
    p.add_argument("--iso3", nargs="+", help="economies (ISO3 codes as in `countries`), e.g. PAK IND")
    p.add_argument("--series", nargs="+", help="series codes as in `series`, e.g. BX.GSR.CCIS.CD")
    p.add_argument("--basis", nargs="+", help="period basis, e.g. calendar_year fiscal_year_jul_jun month")
    p.add_argument("--max-rows", type=int, default=60, help="rows printed at most (table format)")
    p.add_argument("--format", choices=("table", "csv"), default="table", help="aligned text or CSV")
    p.set_defaults(func=_show)
    for name, func, what in (
        ("series", _series, "series (code, name, unit, coverage)"),
        ("countries", _countries, "economies (ISO3, name, aggregate)"),
    ):
        p = sub.add_parser(name, help=f"list the panel's {what}")
        p.add_argument("--search", help="only those whose code or name contains this text (any case)")
        p.add_argument("--format", choices=("table", "csv"), default="table", help="aligned text or CSV")
        p.set_defaults(func=func)
    p = sub.add_parser("report", help="execute notebooks afresh into reports/*.html")
    p.add_argument("--code", action="store_true", help="keep code cells in the HTML")
    p.add_argument(
        "--fresh", action="store_true", help="execute every notebook afresh (and refresh the report cache)"
    )
    p.add_argument("--jobs", type=int, default=1, help="notebooks executed side by side (default 1)")
    p.add_argument(
        "--params",
        default=os.environ.get("GIGS_PARAMS", ""),
        help='e.g. \'countries=["PAK","LKA"] horizon="FY2031-32"\'',
    )
    p.set_defaults(func=_report)
    p = sub.add_parser("notebooks", help="re-execute notebooks in place")
    p.add_argument("names", nargs="*", help="only these notebooks (e.g. 04_growth_scenarios); default all")
    p.set_defaults(func=_notebooks)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (DataError, ValueError, RuntimeError) as exc:  # bad input, a bad parameter, a failed report
        sys.exit(f"error: {exc}")
    except (OSError, csv.Error, MemoryError) as exc:  # a disk full, a read-only folder, a 10 MB CSV line
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        sys.exit(
            f"error: {type(exc).__name__}{where}: {exc.strerror if getattr(exc, 'strerror', None) else exc}"
        )


if __name__ == "__main__":
    main()
