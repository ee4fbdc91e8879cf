"""``dx``: the command line of dx-metrics.

``dx build`` materialises every asset (ingest, extraction, derived tables, charts and exports) into the
warehouse at ``DX_WAREHOUSE`` in this process and prints what it did; ``dx status`` prints what the
warehouse holds; ``dx catalogue suggest`` prints the most frequent indicators the catalogue does not know as
``metrics.csv`` rows. A problem the user can fix is printed on one line, and the command exits with 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from pipelines.config import settings
from pipelines.errors import UserError


def _run_config(verbose: bool) -> dict:
    return {"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "CRITICAL"}}}}


def build(selection: str = "*", allow_removals: bool = False, verbose: bool = False) -> int:
    """Materialise the selection; a build of everything with nothing changed since the last one (see
    :mod:`pipelines.build_stamp`) prints that build's summary and runs no step."""
    if allow_removals:
        os.environ["DX_ALLOW_REMOVALS"] = "1"
    s = settings()
    from pipelines.build_stamp import Snapshot

    snapshot = Snapshot(s) if selection == "*" else None
    unchanged = snapshot.unchanged() if snapshot else None
    if unchanged is not None:
        print("\n".join(unchanged))
        print(f"warehouse:    {s.warehouse}\nexports:      {s.exports_dir}")
        return 0
    if snapshot:
        snapshot.forget()
    from pipelines import chart_pool

    if selection == "*" or any(word in selection for word in ("*", "chart", "export")):
        chart_pool.start()  # before Dagster is imported: the workers load matplotlib while the build runs
    try:
        return _build(s, selection, snapshot, verbose)
    finally:
        chart_pool.stop()


def _build(s, selection: str, snapshot, verbose: bool) -> int:
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.run_summary import other_failures, summarise, user_errors

    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    if selection != "*":
        job = job.get_subset(asset_selection=dg.AssetSelection.from_coercible(selection).resolve(
            definitions.resolve_asset_graph()))
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=_run_config(verbose))
    errors = user_errors(result)
    for message in errors:
        print(f"dx: {message}", file=sys.stderr)
    if errors:
        return 1
    if not result.success:
        for message in other_failures(result):
            print(message, file=sys.stderr)
        return 1
    lines = summarise(result, s.warehouse).lines()
    if snapshot:
        snapshot.record(lines)
    print("\n".join(lines))
    print(f"warehouse:    {s.warehouse}\nexports:      {s.exports_dir}")
    return 0


def status() -> int:
    from pipelines.analysis import query

    warehouse = settings().warehouse
    if not warehouse.is_file():
        raise UserError(f"there is no warehouse at {warehouse}: run `dx build` first, or set DX_WAREHOUSE")
    print(f"warehouse: {warehouse}")
    counts = query("""select schema_name as schema, table_name, estimated_size as rows from duckdb_tables()
                      order by schema_name, table_name""")
    print(counts.to_string(index=False))
    return 0


def catalogue_suggest(limit: int, warehouse: str | None) -> int:
    from pipelines.analysis import connect, warehouse_path
    from pipelines.catalogue_suggest import describe, format_rows, suggest
    from pipelines.core.catalogue import load_catalogue

    with connect(warehouse) as con:
        suggestions = suggest(con, load_catalogue(), limit)
    if not suggestions:
        print(f"no unmapped indicators in {warehouse_path(warehouse)}", file=sys.stderr)
        return 0
    print(f"# {len(suggestions)} unmapped indicator(s) of {warehouse_path(warehouse)}, most articles first; "
          "paste the rows below into pipelines/catalogue/metrics.csv and edit them", file=sys.stderr)
    for s in suggestions:
        print(describe(s), file=sys.stderr)
    print(format_rows(suggestions), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dx", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="materialise every asset into the warehouse and export the charts")
    p_build.add_argument("--select", default="*", help="Dagster asset selection (default: everything)")
    p_build.add_argument("--allow-removals", action="store_true",
                         help="remove the articles whose files are gone even when the raw folder is empty or "
                              "more than DX_MAX_REMOVED_SHARE of them would go")
    p_build.add_argument("--verbose", action="store_true", help="print Dagster's log while the run goes")
    sub.add_parser("status", help="print the tables of the warehouse and their sizes")
    p_cat = sub.add_parser("catalogue", help="tools for the metric catalogue")
    cat_sub = p_cat.add_subparsers(dest="catalogue_command", required=True)
    p_suggest = cat_sub.add_parser("suggest", help="print the most frequent unmapped indicators as metrics.csv rows")
    p_suggest.add_argument("--limit", type=int, default=20, help="how many indicators (default: 20)")
    p_suggest.add_argument("--warehouse", default=None, help="warehouse file (default: DX_WAREHOUSE or the project's)")
    p_docs = sub.add_parser("docs", help="regenerate docs/warehouse.md from the warehouse's table comments")
    p_docs.add_argument("--check", action="store_true", help="fail when docs/warehouse.md is stale")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return build(args.select, args.allow_removals, args.verbose)
        if args.command == "catalogue":
            return catalogue_suggest(args.limit, args.warehouse)
        if args.command == "docs":
            from pipelines.warehouse import docs

            return docs.main(["--check"] if args.check else [])
        return status()
    except UserError as e:
        print(f"dx: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
