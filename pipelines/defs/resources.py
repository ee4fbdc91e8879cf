"""Resources shared by every asset: the DuckDB connection to the run's staging copy, and the warehouse."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.config import settings
from pipelines.warehouse import publish

WRITER_TAG = "dx/writes_warehouse"
WRITER_TAGS = {WRITER_TAG: "true"}
WAREHOUSE_POOL = "dx_warehouse"


class WarehouseResource(dg.ConfigurableResource):
    """The published warehouse file, and the run-scoped writing session around it (see warehouse.publish)."""

    path: str
    lock_timeout_s: float = 600.0

    @property
    def file(self) -> Path:
        return Path(self.path)

    def begin(self, context: dg.AssetExecutionContext) -> Path:
        """Join the run's writing session (taking the lock and a fresh staging copy on the first call)."""
        return publish.begin(self.file, context.run.run_id, _run_writers(context), self.lock_timeout_s)

    def finish(self, context: dg.AssetExecutionContext) -> bool:
        """Mark this step done; the run's last writing step publishes the warehouse."""
        published = publish.finish(self.file, context.run.run_id, _step_name(context))
        if published:
            context.log.info(f"published the warehouse at {self.file}")
        return published

    def abandon(self, context: dg.AssetExecutionContext | None = None) -> None:
        """Give up the run's writing session (lock released, staging discarded); nothing is published."""
        publish.abandon(self.file, context.run.run_id if context is not None else None)

    @contextmanager
    def read(self, context: dg.AssetExecutionContext | None = None):
        """A read-only connection: the run's staging copy while it writes one, else the published file."""
        staging = publish.active_staging(self.file, context.run.run_id) if context is not None else None
        con = duckdb.connect(str(staging or self.file), read_only=staging is None)
        try:
            yield con
        finally:
            con.close()


def _step_name(context: dg.AssetExecutionContext) -> str:
    return context.op_execution_context.op.name


def _run_writers(context: dg.AssetExecutionContext) -> set[str]:
    """Names of the writing steps this run will execute."""
    writers = {node.name for node in context.op_execution_context.job_def.nodes
               if node.definition.tags.get(WRITER_TAG) == "true"}
    to_run = context.run.step_keys_to_execute
    if to_run is not None:
        writers &= {key.split("[")[0] for key in to_run}
    writers.add(_step_name(context))
    return writers


@contextmanager
def writing(context: dg.AssetExecutionContext, warehouse: WarehouseResource, duckdb_resource: DuckDBResource):
    """Run an asset's writes inside the run's session, in one transaction; publish after the last writer.

    A failure abandons the run's session at once: the lock is released, the published warehouse stays as
    it was, and the run's later writing steps fail instead of writing. The connection is closed here on a
    failure: ``DuckDBResource.get_connection`` closes it only when the block ends normally, and one left to
    the garbage collector keeps the discarded staging file open, so that a later run of this process would
    meet it when it connects to its fresh staging copy.
    """
    warehouse.begin(context)
    try:
        with duckdb_resource.get_connection() as con:
            con.execute("begin transaction")
            try:
                yield con
            except BaseException:
                try:
                    con.execute("rollback")
                finally:
                    con.close()
                raise
            con.execute("commit")
    except BaseException:
        warehouse.abandon(context)
        raise
    warehouse.finish(context)


def resources_for(warehouse_path: str | Path, lock_timeout_s: float = 600.0) -> dict:
    """The resource dict for a warehouse at ``warehouse_path`` (tests build theirs with this)."""
    path = Path(warehouse_path).resolve()
    return {
        "duckdb": DuckDBResource(database=str(publish.staging_path(path))),
        "warehouse": WarehouseResource(path=str(path), lock_timeout_s=lock_timeout_s),
    }


@dg.definitions
def defs() -> dg.Definitions:
    s = settings()
    return dg.Definitions(resources=resources_for(s.warehouse, s.lock_timeout_s),
                          executor=dg.in_process_executor)
