"""The daily schedule, the raw-folder sensor and the folder-state logic under it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.core import raw_watch
from pipelines.core.raw_watch import Cursor, FileState, compare, digest, read_state, recently_written
from pipelines.defs.automation import daily_refresh, materialize_all, raw_folder_sensor


def put(path: Path, data: bytes | str, age_s: float = 600) -> Path:
    """Write ``path`` and date it ``age_s`` seconds back (so the sensor does not wait for it to settle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


# --- folder state -------------------------------------------------------------------------------------

def test_state_lists_articles_and_manifest_but_not_hidden_files(tmp_path):
    put(tmp_path / "a.txt", "Năm 2023 đạt 10%")
    put(tmp_path / "sub" / "b.html", "<p>2024</p>")
    put(tmp_path / "manifest.csv", "article_id\n")
    put(tmp_path / ".a.txt.swp", "editor")
    put(tmp_path / ".cache" / "c.txt", "hidden folder")
    assert sorted(read_state(tmp_path)) == ["a.txt", "manifest.csv", "sub/b.html"]


def test_state_of_missing_folder_is_empty(tmp_path):
    assert read_state(tmp_path / "nope") == {}


def test_manifest_outside_the_folder_is_watched_by_absolute_path(tmp_path):
    raw = tmp_path / "raw"
    put(raw / "a.txt", "1")
    manifest = put(tmp_path / "meta" / "manifest.csv", "article_id\n")
    state = read_state(raw, extra=[manifest, tmp_path / "absent.csv"])
    assert sorted(state) == sorted(["a.txt", manifest.resolve().as_posix()])
    inside = read_state(raw, extra=[raw / "a.txt"])
    assert sorted(inside) == ["a.txt"]


def test_only_files_whose_size_or_mtime_moved_are_hashed_again(tmp_path, monkeypatch):
    for n in range(5):
        put(tmp_path / f"{n}.txt", f"article {n}")
    first = read_state(tmp_path)
    hashed = []
    real = raw_watch._hash_file
    monkeypatch.setattr(raw_watch, "_hash_file", lambda p: hashed.append(p.name) or real(p))
    assert read_state(tmp_path, first) == first
    assert hashed == []
    put(tmp_path / "3.txt", "article 3, revised")
    second = read_state(tmp_path, first)
    assert hashed == ["3.txt"]
    assert second["3.txt"].sha256 != first["3.txt"].sha256


def test_touch_without_new_content_is_no_change(tmp_path):
    put(tmp_path / "a.txt", "same words")
    before = read_state(tmp_path)
    put(tmp_path / "a.txt", "same words", age_s=30)
    after = read_state(tmp_path, before)
    assert after["a.txt"].mtime_ns != before["a.txt"].mtime_ns
    assert not compare(before, after)
    assert digest(before) == digest(after)


def test_compare_names_added_changed_and_removed_files():
    old = {"a": FileState(1, 1, "x"), "b": FileState(1, 1, "y"), "c": FileState(1, 1, "z")}
    new = {"a": FileState(1, 2, "x"), "b": FileState(2, 1, "Y"), "d": FileState(1, 1, "w")}
    changes = compare(old, new)
    assert (changes.added, changes.changed, changes.removed) == (["d"], ["b"], ["c"])
    assert changes.summary() == "1 added (d); 1 changed (b); 1 removed (c)"
    assert compare(new, new).summary() == "no change"


def test_summary_shortens_long_lists():
    changes = raw_watch.Changes(added=[f"f{n}" for n in range(8)])
    assert changes.summary(limit=2) == "8 added (f0, f1 and 6 more)"


def test_digest_depends_on_names_and_content_only():
    a = {"x.txt": FileState(3, 100, "aa"), "y.txt": FileState(4, 100, "bb")}
    assert digest(a) == digest({"y.txt": FileState(9, 7, "bb"), "x.txt": FileState(1, 1, "aa")})
    assert digest(a) != digest({"x.txt": FileState(3, 100, "aa"), "z.txt": FileState(4, 100, "bb")})
    assert digest(a) != digest({"x.txt": FileState(3, 100, "aa"), "y.txt": FileState(4, 100, "bc")})


def test_cursor_round_trips_and_rejects_what_it_cannot_read(tmp_path):
    put(tmp_path / "a.txt", "một")
    cursor = Cursor(read_state(tmp_path), runs=7)
    assert Cursor.decode(cursor.encode()) == cursor
    assert json.loads(cursor.encode())["digest"] == digest(cursor.state)
    for bad in (None, "", "not json", "[]", '{"version": 99, "runs": 1, "files": {}}', '{"version": 1}'):
        assert Cursor.decode(bad) is None


def test_recently_written_uses_modification_time():
    now = 1_000_000 * 10**9
    state = {"fresh": FileState(1, now - 10**9, "a"), "old": FileState(1, now - 60 * 10**9, "b"),
             "future": FileState(1, now + 3600 * 10**9, "c")}
    assert recently_written(state, 5, now_ns=now) == ["fresh"]


# --- the sensor ---------------------------------------------------------------------------------------

@pytest.fixture
def raw(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    folder.mkdir()
    monkeypatch.setenv("DX_RAW_DIR", str(folder))
    monkeypatch.delenv("DX_MANIFEST", raising=False)
    put(folder / "a.txt", "Năm 2023 có 100 doanh nghiệp số")
    put(folder / "manifest.csv", "article_id,period_id\na,2023\n")
    return folder


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


def tick(instance, cursor: str | None) -> tuple[list[dg.RunRequest], str | None]:
    """Evaluate the sensor once: its run requests, and the cursor to keep (the old one if it did not move)."""
    context = dg.build_sensor_context(cursor=cursor, instance=instance)
    result = raw_folder_sensor(context)
    return list(result.run_requests or []), result.cursor if result.cursor is not None else cursor


def test_first_tick_asks_for_a_run_and_same_folder_asks_for_none(raw, instance):
    runs, cursor = tick(instance, None)
    assert len(runs) == 1
    assert runs[0].tags["dx/trigger"] == "raw_folder"
    assert Cursor.decode(cursor).runs == 1
    again, cursor2 = tick(instance, cursor)
    assert again == []
    assert cursor2 == cursor


@pytest.mark.parametrize("edit", ["add", "change", "remove", "manifest"])
def test_each_change_asks_for_exactly_one_run(raw, instance, edit):
    _, cursor = tick(instance, None)
    if edit == "add":
        put(raw / "b.txt", "Năm 2024 có 200 doanh nghiệp số")
    elif edit == "change":
        put(raw / "a.txt", "Năm 2023 có 150 doanh nghiệp số")
    elif edit == "remove":
        (raw / "a.txt").unlink()
    else:
        put(raw / "manifest.csv", "article_id,period_id\na,2024\n")
    runs, cursor = tick(instance, cursor)
    assert len(runs) == 1
    assert runs[0].run_key.startswith("raw-2-")
    assert tick(instance, cursor)[0] == []


def test_add_then_remove_gives_two_runs_with_different_keys(raw, instance):
    _, cursor = tick(instance, None)
    put(raw / "b.txt", "200")
    added, cursor = tick(instance, cursor)
    (raw / "b.txt").unlink()
    removed, cursor = tick(instance, cursor)
    assert len(added) == len(removed) == 1
    assert added[0].run_key != removed[0].run_key


def test_restart_with_the_saved_cursor_asks_for_no_duplicate_run(raw, instance):
    _, cursor = tick(instance, None)
    put(raw / "b.txt", "Năm 2024 có 200 doanh nghiệp số")
    runs, cursor = tick(instance, cursor)
    assert len(runs) == 1
    with dg.DagsterInstance.ephemeral() as restarted:
        assert tick(restarted, cursor)[0] == []


def test_a_tick_whose_cursor_was_lost_repeats_the_same_run_key(raw, instance):
    """Dagster drops a run request whose run_key it has seen: a tick replayed from an old cursor adds none."""
    _, cursor = tick(instance, None)
    put(raw / "b.txt", "200")
    first, _ = tick(instance, cursor)
    replay, _ = tick(instance, cursor)
    assert first[0].run_key == replay[0].run_key


def test_touched_file_moves_the_cursor_without_a_run(raw, instance):
    _, cursor = tick(instance, None)
    put(raw / "a.txt", (raw / "a.txt").read_bytes(), age_s=100)
    runs, new_cursor = tick(instance, cursor)
    assert runs == []
    assert new_cursor != cursor
    assert Cursor.decode(new_cursor).runs == 1


def test_file_still_being_written_waits_for_the_next_tick(raw, instance):
    _, cursor = tick(instance, None)
    put(raw / "b.txt", "half of an artic", age_s=0)
    runs, same = tick(instance, cursor)
    assert runs == [] and same == cursor
    put(raw / "b.txt", "half of an article, now whole: 300", age_s=60)
    runs, _ = tick(instance, cursor)
    assert len(runs) == 1


def test_sensor_and_schedule_target_the_job_of_every_asset():
    assert raw_folder_sensor.job_name == "materialize_all"
    assert raw_folder_sensor.minimum_interval_seconds == 30
    assert raw_folder_sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert daily_refresh.job_name == "materialize_all"
    assert daily_refresh.cron_schedule == "0 6 * * *"
    assert daily_refresh.execution_timezone == "Asia/Ho_Chi_Minh"
    assert daily_refresh.default_status == dg.DefaultScheduleStatus.RUNNING
    assert materialize_all.selection == dg.AssetSelection.all()


def test_code_location_runs_the_schedule_and_sensor_on_every_asset():
    from pipelines.definitions import defs
    from pipelines.defs.automation import writing_assets

    definitions = defs()
    assert definitions.resolve_schedule_def("daily_refresh").job_name == "materialize_all"
    assert definitions.resolve_sensor_def("raw_folder_sensor").job_name == "materialize_all"
    graph = definitions.resolve_asset_graph()
    job = definitions.resolve_job_def("materialize_all")
    assert job.asset_layer.asset_graph.get_all_asset_keys() == graph.get_all_asset_keys()
    writers = {k.to_user_string() for a in writing_assets(definitions) for k in a.keys}
    assert {"metrics", "articles", "quarantine", "mentions", "observations", "periods"} <= writers
    assert {"series_changes", "conflicts"} <= writers
    readers = {k.to_user_string() for k in graph.get_all_asset_keys()} - writers
    assert readers, "the exports only read the warehouse"
    for key in readers:
        assert not graph.get(dg.AssetKey(key)).pools, f"{key} only reads: it must not wait on the writers"
