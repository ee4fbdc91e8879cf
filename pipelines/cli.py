"""``dx``: the command line of dx-metrics.

``dx build`` materialises every asset (ingest, extraction, derived tables, charts and exports) into the
warehouse at ``DX_WAREHOUSE`` in this process; ``dx status`` prints what the warehouse holds.
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
    counts = query("""select schema_name as schema, table_name, estimated_size as rows from duckdb_tables()
                      order by schema_name, table_name""")
    print(counts.to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dx", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="materialise every asset into the warehouse and export the charts")
    p_build.add_argument("--select", default="*", help="Dagster asset selection (default: everything)")
    sub.add_parser("status", help="print the tables of the warehouse and their sizes")
    p_docs = sub.add_parser("docs", help="regenerate docs/warehouse.md from the warehouse's table comments")
    p_docs.add_argument("--check", action="store_true", help="fail when docs/warehouse.md is stale")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.select)
    if args.command == "docs":
        from pipelines.warehouse import docs

        return docs.main(["--check"] if args.check else [])
    return status()


if __name__ == "__main__":
    sys.exit(main())
