"""A run never loses articles to a missing, unreadable or emptied raw folder.

One test runs ``dx build`` in a child process (the refusal as a program prints it); the others run the same
command line in this process.
"""

from __future__ import annotations

import shutil

import pytest

from tests.pipeline_runs import SAMPLE_IDS, article_ids, dx, dx_here, raw_folder, snapshot, use_folder, writer_selection

BUILD = ("build", "--select")


@pytest.fixture
def site(tmp_path, monkeypatch, build_cache):
    """A warehouse built from four articles."""
    raw = raw_folder(tmp_path / "raw", SAMPLE_IDS[:4])
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    build_cache.build(warehouse)
    return raw, warehouse, snapshot(warehouse)


def dx_build(*extra: str, env: dict | None = None):
    """``dx build`` of the warehouse-writing assets, in this process."""
    return dx_here(*BUILD, writer_selection(), *extra, env=env)


def dx_build_child(*extra: str, env: dict | None = None):
    """``dx build`` of the warehouse-writing assets, in a child process."""
    return dx(*BUILD, writer_selection(), *extra, env=env)


def assert_refused(run, warehouse, before, folder) -> None:
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert str(folder) in lines[0] and "Traceback" not in run.stderr
    assert snapshot(warehouse) == before


@pytest.mark.parametrize("kind", ["missing", "not_a_folder"])
def test_a_missing_raw_folder_is_refused_and_publishes_nothing(site, tmp_path, kind):
    _raw, warehouse, before = site
    folder = tmp_path / "gone"
    if kind == "not_a_folder":
        folder.write_text("not a folder", encoding="utf-8")
    run = (dx_build_child if kind == "missing" else dx_build)(env={"DX_RAW_DIR": str(folder)})
    assert_refused(run, warehouse, before, folder)
    assert ("does not exist" if kind == "missing" else "is not a folder") in run.stderr


def test_even_allow_removals_does_not_empty_the_warehouse_for_a_missing_folder(site, tmp_path):
    _raw, warehouse, before = site
    run = dx_build("--allow-removals", env={"DX_RAW_DIR": str(tmp_path / "gone")})
    assert_refused(run, warehouse, before, tmp_path / "gone")


def test_an_emptied_raw_folder_is_refused_unless_removals_are_allowed(site):
    raw, warehouse, before = site
    for f in raw.glob("*.txt"):
        f.unlink()
    run = dx_build(env={"DX_MAX_REMOVED_SHARE": "1"})
    assert_refused(run, warehouse, before, raw)
    assert "--allow-removals" in run.stderr
    run = dx_build("--allow-removals")
    assert run.returncode == 0, run.stderr
    assert article_ids(warehouse) == []
    assert "4 removed" in run.stdout


def test_removing_more_than_the_allowed_share_is_refused(site):
    raw, warehouse, before = site
    for article_id in SAMPLE_IDS[:3]:
        (raw / f"{article_id}.txt").unlink()
    run = dx_build()
    assert_refused(run, warehouse, before, raw)
    assert "3 of the 4 articles" in run.stderr and "DX_MAX_REMOVED_SHARE=0.5" in run.stderr
    run = dx_build(env={"DX_MAX_REMOVED_SHARE": "0.8"})
    assert run.returncode == 0, run.stderr
    assert article_ids(warehouse) == [SAMPLE_IDS[3]]


def test_removing_up_to_the_share_goes_through(site):
    raw, warehouse, _before = site
    for article_id in SAMPLE_IDS[:2]:
        (raw / f"{article_id}.txt").unlink()
    run = dx_build()
    assert run.returncode == 0, run.stderr
    assert article_ids(warehouse) == SAMPLE_IDS[2:4]
    assert "2 removed" in run.stdout


def test_a_fresh_warehouse_may_start_from_an_empty_folder(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    run = dx_build()
    assert run.returncode == 0, run.stderr
    assert article_ids(warehouse) == []


def test_a_bad_share_setting_is_a_one_line_error(site):
    _raw, warehouse, before = site
    run = dx_build(env={"DX_MAX_REMOVED_SHARE": "half"})
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "dx: DX_MAX_REMOVED_SHARE='half' is not a share between 0 and 1 (0.5): fix or unset it"]
    assert snapshot(warehouse) == before


def test_a_raw_folder_found_again_builds_normally(site, tmp_path):
    raw, warehouse, before = site
    moved = tmp_path / "moved"
    shutil.move(raw, moved)
    assert dx_build().returncode == 1
    shutil.move(moved, raw)
    run = dx_build()
    assert run.returncode == 0, run.stderr
    assert snapshot(warehouse) == before
