"""The warehouse checks: silent on the sample answers, failing on a warehouse broken on purpose."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs import checks
from pipelines.defs.derive import derived_assets, derived_checks
from pipelines.defs.resources import resources_for
from tests.support import answer_warehouse

OBSERVATION_CHECKS = [checks.spans_quote_their_numbers, checks.references_exist, checks.units_match_catalogue,
                      checks.no_duplicate_observations]


@dg.asset(name="observations")
def observations_stub() -> dg.MaterializeResult:
    """Stands in for the extraction step, so that the checks on ``observations`` run."""
    return dg.MaterializeResult()


@pytest.fixture(scope="module")
def answer_path(tmp_path_factory) -> Path:
    return answer_warehouse(tmp_path_factory.mktemp("answers") / "dx.duckdb")


@pytest.fixture
def warehouse(answer_path, tmp_path) -> Path:
    path = tmp_path / "dx.duckdb"
    shutil.copyfile(answer_path, path)
    return path


def break_it(path: Path, *statements: str) -> None:
    with duckdb.connect(str(path)) as con:
        for sql in statements:
            con.execute(sql)


def run_checks(path: Path, *extra) -> dict[str, dg.AssetCheckEvaluation]:
    wanted = {"no_conflicts", "claims_add_up"}
    extra_checks = [c for c in derived_checks() if {k.name for k in c.check_keys} & wanted] if extra else []
    result = dg.materialize([observations_stub, *extra, *OBSERVATION_CHECKS, *extra_checks],
                            resources=resources_for(path))
    assert result.success
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


BAD_SPAN = ("update observations set end_char = start_char + 1 "
            "where metric_id = 'population_db_records_synced'")  # 'trên 268 triệu' → 't'
WRONG_NUMBER = "update observations set value = 19 where metric_id = 'population_db_connected_ministries'"
UNKNOWN_METRIC = "update observations set metric_id = 'no_such_metric' where metric_id = 'vneid_visits'"
UNKNOWN_PERIOD = "update observations set period_id = '2031' where metric_id = 'ndxp_connected_agencies'"
WRONG_UNIT = "update observations set unit = 'usd' where metric_id = 'ndxp_connected_systems'"
DUPLICATE = ("insert into observations select * replace (observation_no + 1000 as observation_no) "
             "from observations where metric_id = 'data_center_racks_added'")


def test_the_sample_answers_pass_every_observation_check(answer_path):
    with duckdb.connect(str(answer_path), read_only=True) as con:
        for problems in (checks.span_problems, checks.unknown_references, checks.unit_mismatches,
                         checks.duplicate_observations):
            assert problems(con).empty, problems.__name__


def test_each_breakage_is_found_by_its_check(warehouse):
    break_it(warehouse, BAD_SPAN, WRONG_NUMBER, UNKNOWN_METRIC, UNKNOWN_PERIOD, WRONG_UNIT, DUPLICATE)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        spans = checks.span_problems(con)
        assert set(spans.metric_id) == {"population_db_records_synced", "population_db_connected_ministries"}
        refs = checks.unknown_references(con).set_index("metric_id")
        assert refs.loc["no_such_metric", "problem"] == "metric not in metrics"
        assert refs.loc["ndxp_connected_agencies", "problem"] == "period not in periods"
        units = checks.unit_mismatches(con)
        assert units[["metric_id", "unit", "expected_unit"]].values.tolist() == [
            ["ndxp_connected_systems", "usd", "count"]]
        dupes = checks.duplicate_observations(con)
        assert list(dupes.metric_id) == ["data_center_racks_added"]
        assert dupes.copies[0] == 2


def test_a_span_outside_the_text_is_a_problem(warehouse):
    break_it(warehouse, "update observations set start_char = 10000000, end_char = 10000005 "
                        "where metric_id = 'vneid_visits'")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert list(checks.span_problems(con).metric_id) == ["vneid_visits"]


def test_dagster_checks_pass_on_the_answers_and_warn_about_conflicts(warehouse):
    found = run_checks(warehouse, *derived_assets())
    for check in ("spans_quote_their_numbers", "references_exist", "units_match_catalogue",
                  "no_duplicate_observations", "claims_add_up"):
        assert found[check].passed, check
    assert not found["no_conflicts"].passed
    assert found["no_conflicts"].severity == dg.AssetCheckSeverity.WARN
    assert found["no_conflicts"].metadata["count"].value == 2


@pytest.mark.parametrize(("statement", "check"), [
    (BAD_SPAN, "spans_quote_their_numbers"), (UNKNOWN_METRIC, "references_exist"),
    (WRONG_UNIT, "units_match_catalogue"), (DUPLICATE, "no_duplicate_observations")])
def test_dagster_check_fails_on_a_broken_warehouse(warehouse, statement, check):
    break_it(warehouse, statement)
    found = run_checks(warehouse)
    assert not found[check].passed
    assert found[check].severity == dg.AssetCheckSeverity.ERROR
    assert found[check].metadata["count"].value >= 1
    others = [name for name in ("spans_quote_their_numbers", "references_exist", "units_match_catalogue",
                                "no_duplicate_observations") if name != check]
    assert all(found[name].passed for name in others)


def test_an_inconsistent_claim_is_a_warning(warehouse):
    break_it(warehouse,
             "update observations set value = 35 where metric_id = 'dx_strategy_goals_completed_share'",
             "update articles set text = replace(text, 'đạt 29%', 'đạt 35%')")
    found = run_checks(warehouse, *derived_assets())
    assert not found["claims_add_up"].passed
    assert found["claims_add_up"].severity == dg.AssetCheckSeverity.WARN
    assert found["claims_add_up"].metadata["count"].value == 1
