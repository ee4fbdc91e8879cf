"""A run keeps one DuckDB connection per file: steps see each other's writes, and nothing stays open after."""

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.defs.resources import WRITER_TAGS, WarehouseResource, resources_for, writing
from pipelines.warehouse import publish


@dg.asset(op_tags=WRITER_TAGS)
def first(context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse: WarehouseResource) -> None:
    with writing(context, warehouse, duckdb) as con:
        con.execute("create or replace table first_rows as select range as n from range(3)")


@dg.asset(op_tags=WRITER_TAGS, deps=[first])
def second(context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse: WarehouseResource) -> None:
    with writing(context, warehouse, duckdb) as con:
        con.execute("create or replace table second_rows as select n * 10 as n from first_rows")


@dg.asset(deps=[second])
def reader(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.read(context) as con:
        total = con.execute("select sum(n) from second_rows").fetchone()[0]
    return dg.MaterializeResult(metadata={"total": int(total)})


def test_steps_share_the_run_connection_and_leave_nothing_open(tmp_path):
    path = tmp_path / "dx.duckdb"
    result = dg.materialize([first, second, reader], resources=resources_for(path))
    assert result.success
    metadata = {e.asset_key.to_user_string(): e.materialization.metadata
                for e in result.get_asset_materialization_events()}
    assert metadata["reader"]["total"].value == 30
    assert not publish.staging_path(path.resolve()).exists()
    # A connection with another configuration fails while any connection to the file is still open.
    with duckdb.connect(str(path), config={"custom_user_agent": "probe"}) as con:
        assert con.execute("select count(*) from first_rows").fetchone()[0] == 3


def _total(result: dg.ExecuteInProcessResult) -> int:
    events = [e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey("reader")]
    return events[0].materialization.metadata["total"].value


def test_each_run_reads_the_warehouse_as_published_when_it_starts(tmp_path):
    path = tmp_path / "dx.duckdb"
    resources = resources_for(path)
    assert _total(dg.materialize([first, second, reader], resources=resources)) == 30
    with duckdb.connect(str(path)) as con:
        con.execute("insert into second_rows values (1000)")
    assert _total(dg.materialize([reader], resources=resources)) == 1030
    assert dg.materialize([first, second], resources=resources).success
    assert _total(dg.materialize([reader], resources=resources)) == 30
