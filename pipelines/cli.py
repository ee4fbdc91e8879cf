"""``dx``: the command line of dx-metrics.

``dx build`` materialises every asset (ingest, extraction, derived tables, charts and exports) into the
warehouse at ``DX_WAREHOUSE`` in this process; ``dx status`` prints what the warehouse holds;
``dx catalogue suggest`` prints the most frequent indicators the catalogue does not know as ``metrics.csv`` rows.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from pipelines.config import settings

QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def build(selection: str = "*") -> int:
    from pipelines.definitions import defs

    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    if selection != "*":
        job = job.get_subset(asset_selection=dg.AssetSelection.from_coercible(selection).resolve(
            definitions.resolve_asset_graph()))
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET)
    s = settings()
    if result.success:
        print(f"warehouse: {s.warehouse}\nexports:   {s.exports_dir}")
        return 0
    for event in result.all_events:
        if event.is_failure:
            print(event.message, file=sys.stderr)
    return 1


def status() -> int:
    from pipelines.analysis import query

    print(f"warehouse: {settings().warehouse}")
    counts = query("""select table_name, estimated_size as rows from duckdb_tables() order by table_name""")
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
    sub.add_parser("status", help="print the tables of the warehouse and their sizes")
    p_cat = sub.add_parser("catalogue", help="tools for the metric catalogue")
    cat_sub = p_cat.add_subparsers(dest="catalogue_command", required=True)
    p_suggest = cat_sub.add_parser("suggest", help="print the most frequent unmapped indicators as metrics.csv rows")
    p_suggest.add_argument("--limit", type=int, default=20, help="how many indicators (default: 20)")
    p_suggest.add_argument("--warehouse", default=None, help="warehouse file (default: DX_WAREHOUSE or the project's)")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.select)
    if args.command == "catalogue":
        return catalogue_suggest(args.limit, args.warehouse)
    return status()


if __name__ == "__main__":
    sys.exit(main())
