"""The observations export written in parts: only the parts whose rows changed are written again, and the
files read back as one file of the whole table would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import exports
from tests.output_fixtures import output_warehouse

ORDER = exports.EXPORTED_TABLES["observations"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("parts") / "dx.duckdb")


@pytest.fixture()
def con(built, tmp_path, monkeypatch):
    """A writable copy of the output warehouse, exported in parts of a few rows."""
    monkeypatch.setattr(exports, "PART_ROWS", 12)
    monkeypatch.setattr(exports, "MAX_PART_ROWS", 48)
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(built, path)
    connection = duckdb.connect(str(path))
    yield connection
    connection.close()


def whole_csv(con, tmp_path: Path) -> bytes:
    target = tmp_path / "whole.csv"
    con.execute(f"copy (select * from observations order by {ORDER}) to '{target}' (format csv, header true)")
    return target.read_bytes()


def files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def assert_exported(con, out: Path, tmp_path: Path) -> None:
    """The CSV is the table's whole CSV, byte for byte; the Parquet folder reads back as the table, in order."""
    assert (out / "observations.csv").read_bytes() == whole_csv(con, tmp_path)
    folder = out / "observations.parquet"
    expected = con.execute(f"select * from observations order by {ORDER}").fetchall()
    assert con.execute(f"select * from read_parquet('{folder}')").fetchall() == expected
    read = pd.read_parquet(folder)
    assert list(read.columns) == [d[0] for d in con.execute("select * from observations limit 0").description]
    assert list(zip(read["article_id"], read["observation_no"], strict=True)) == [r[:2] for r in expected]


def add_article(con, article_id: str, like: str, rows: int = 1000) -> None:
    """An article with (up to ``rows`` of) the observations of ``like``."""
    con.execute("insert into observations select * replace (? as article_id) from observations "
                "where article_id = ? order by observation_no limit ?", [article_id, like, rows])


def test_the_parts_read_back_as_the_table(con, tmp_path):
    out = tmp_path / "tables"
    written = {e.table: e for e in exports.export_tables(con, out)}
    assert_exported(con, out, tmp_path)
    parts = sorted((out / "observations.parquet").glob("*.parquet"))
    assert len(parts) >= 3  # several parts, so that the tests below can tell them apart
    assert written["observations"].rows == con.execute("select count(*) from observations").fetchone()[0]


def test_nothing_changed_writes_nothing(con, tmp_path):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    before = files(out)
    exports.export_tables(con, out)
    assert changed(before, files(out)) == set()


def test_an_added_article_rewrites_only_the_part_it_falls_in(con, tmp_path):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    before = files(out)
    middle = con.execute("select article_id from observations group by 1 order by 1 limit 1 offset 2").fetchone()[0]
    add_article(con, middle + "_again", middle, rows=3)  # sorts right after ``middle``: a part in the middle
    exports.export_tables(con, out)
    rewritten = changed(before, files(out))
    parquet_parts = {f for f in rewritten if f.startswith("observations.parquet/")}
    assert len(parquet_parts) == 1
    assert rewritten == parquet_parts | {"observations.csv", exports.MANIFEST}
    assert_exported(con, out, tmp_path)


def test_a_changed_row_and_a_removed_article_rewrite_their_parts(con, tmp_path):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    last = con.execute("select max(article_id) from observations").fetchone()[0]
    first = con.execute("select min(article_id) from observations").fetchone()[0]
    con.execute("update observations set value = value + 1 where article_id = ? and observation_no = "
                "(select min(observation_no) from observations where article_id = ?)", [last, last])
    con.execute("delete from observations where article_id = ?", [first])
    before = files(out)
    exports.export_tables(con, out)
    parts = sorted(f for f in changed(before, files(out)) if f.startswith("observations.parquet/"))
    assert len(parts) == 2 and parts[0].endswith("part-00000.parquet")
    assert_exported(con, out, tmp_path)


def test_a_part_grown_too_large_plans_the_parts_again(con, tmp_path):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    planned = len(list((out / "observations.parquet").glob("*.parquet")))
    biggest = con.execute("select article_id from observations group by 1 order by count(*) desc, 1 "
                          "limit 1").fetchone()[0]
    for n in range(3):
        add_article(con, f"{biggest}_{n}", biggest)
    exports.export_tables(con, out)
    assert len(list((out / "observations.parquet").glob("*.parquet"))) > planned
    assert_exported(con, out, tmp_path)
    entry = json.loads((out / exports.MANIFEST).read_text())["entries"]["observations"]
    assert all(p["rows"] <= exports.MAX_PART_ROWS for p in entry["parts"])


@pytest.mark.parametrize("damage", ["truncated csv", "deleted part", "old single parquet file"])
def test_files_that_do_not_fit_the_manifest_are_written_again(con, tmp_path, damage):
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    if damage == "truncated csv":
        (out / "observations.csv").write_bytes((out / "observations.csv").read_bytes()[:100])
    elif damage == "deleted part":
        next((out / "observations.parquet").glob("*.parquet")).unlink()
    else:
        shutil.rmtree(out / "observations.parquet")
        con.execute(f"copy observations to '{out / 'observations.parquet'}' (format parquet)")
    exports.export_tables(con, out)
    assert_exported(con, out, tmp_path)


def test_an_empty_table_exports_a_header_and_an_empty_part(con, tmp_path):
    con.execute("delete from observations")
    out = tmp_path / "tables"
    exports.export_tables(con, out)
    assert (out / "observations.csv").read_text(encoding="utf-8").startswith("article_id,observation_no,")
    assert len(pd.read_parquet(out / "observations.parquet")) == 0
