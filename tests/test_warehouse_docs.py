"""docs/warehouse.md is generated from the warehouse comments and kept current; analysts see main only."""

import duckdb

from pipelines import analysis
from pipelines.warehouse import docs
from tests.support import answer_warehouse


def test_docs_are_current():
    assert docs.DOCS.read_text(encoding="utf-8") == docs.render(docs.reference_warehouse()), \
        "docs/warehouse.md is stale: run `dx docs`"


def test_every_analyst_table_and_column_is_described():
    con = docs.reference_warehouse()
    missing = con.execute("""
        select table_name || '.' || column_name from duckdb_columns()
        where schema_name = 'main' and not internal and comment is null order by 1""").fetchall()
    assert missing == []
    assert "internal" not in {r[0] for r in con.execute(
        "select distinct schema_name from duckdb_columns() where comment is not null").fetchall()}


def test_tables_lists_only_analyst_tables(tmp_path):
    path = answer_warehouse(tmp_path / "dx.duckdb")
    from pipelines.derive import build_derived
    with duckdb.connect(str(path)) as con:
        build_derived(con)
    names = analysis.tables(path)
    assert {"observations", "series_changes", "latest_values", "conflicts"} <= set(names)
    assert not {"extraction_state", "derived_state", "observation_choices", "observation_precision"} & set(names)


def test_check_mode_fails_on_a_stale_file(tmp_path, monkeypatch):
    monkeypatch.setattr(docs, "DOCS", tmp_path / "warehouse.md")
    (tmp_path / "warehouse.md").write_text("old\n", encoding="utf-8")
    assert docs.main(["--check"]) == 1
    assert docs.main([]) == 0
    assert docs.main(["--check"]) == 0
