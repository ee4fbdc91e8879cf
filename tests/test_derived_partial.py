"""Derived tables rebuilt in part (only the series or articles whose inputs changed) equal a full rebuild."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines import derive
from pipelines.derive import DERIVED_TABLES, build_derived, derived_sql, derived_tables, refresh_derived
from pipelines.derive_scopes import SCOPES, restricted_sql
from tests.support import answer_warehouse

TABLES = [t for name, t in derived_tables().items() if name in SCOPES]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = answer_warehouse(tmp_path_factory.mktemp("answers") / "dx.duckdb")
    con = duckdb.connect(str(path))
    build_derived(con)
    con.close()
    return path


@pytest.fixture
def con(built, tmp_path):
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(built, path)
    con = duckdb.connect(str(path))
    yield con
    con.close()


def contents(con) -> dict[str, list[tuple]]:
    return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


def full_rebuild(con) -> dict[str, list[tuple]]:
    build_derived(con)
    return contents(con)


def rebuilt_keys(con) -> dict[str, int]:
    return dict(con.execute("select name, count(*) from internal.derived_keys group by name").fetchall())


def test_every_scope_names_relations_its_file_reads_and_every_keyed_input_is_restricted():
    files = derived_sql()
    for name, scope in SCOPES.items():
        assert set(scope.input_keys) <= set(files[name].reads), name
        sql = restricted_sql(files[name].path.read_text(encoding="utf-8"), files[name].creates, scope.input_keys)
        assert sql.startswith("create or replace temp table _derived_rows")
        for relation, key in scope.input_keys.items():
            assert f"from {relation} where {key} in (select key from _derived_dirty)" in sql, (name, relation)


def test_nothing_changed_runs_no_file(con):
    before = contents(con)
    _, ran = refresh_derived(con)
    assert not ran
    assert contents(con) == before


def test_a_removed_article_is_rebuilt_in_part_and_equals_a_full_rebuild(con, monkeypatch):
    partial_runs = []
    real = derive.restricted_sql
    monkeypatch.setattr(derive, "restricted_sql", lambda text, creates, *args: partial_runs.append(creates)
                        or real(text, creates, *args))
    article = con.execute("select article_id from observations where metric_id is not null "
                          "group by all order by count(*) desc limit 1").fetchone()[0]
    con.execute("delete from observations where article_id = ?", [article])
    before = contents(con)
    _, ran = refresh_derived(con)
    assert ran
    partial = contents(con)
    assert partial != before
    assert "series_changes" in partial_runs and "consistency_audit" in partial_runs
    assert partial == full_rebuild(con)


def test_a_changed_value_and_a_new_series_equal_a_full_rebuild(con):
    row = con.execute("select article_id, observation_no from observations where kind = 'level' "
                      "and metric_id is not null order by all limit 1").fetchone()
    con.execute("update observations set value = value * 3, value_low = value_low * 3, "
                "value_high = value_high * 3 where article_id = ? and observation_no = ?", row)
    con.execute("insert into observations by name select * replace (observation_no + 10000 as observation_no, "
                "'hcm' as place_id) from observations where article_id = ? and kind = 'level'", [row[0]])
    _, ran = refresh_derived(con)
    assert ran
    assert contents(con) == full_rebuild(con)


def test_a_later_publication_date_changes_the_choice_as_a_full_rebuild_does(con):
    con.execute("update articles set published_date = date '2099-01-01' "
                "where article_id = (select min(article_id) from articles)")
    refresh_derived(con)
    assert contents(con) == full_rebuild(con)


def test_a_catalogue_change_rebuilds_whole(con, tmp_path):
    con.execute("update periods set period_label = period_label || ' (renamed)'")
    refresh_derived(con)
    assert contents(con) == full_rebuild(con)
    assert set(rebuilt_keys(con)) == set(SCOPES)


def test_derived_tables_cover_every_scope():
    assert set(SCOPES) <= set(DERIVED_TABLES)
