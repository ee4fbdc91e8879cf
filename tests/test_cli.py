"""The ``dx`` command line: a short summary after a build, one line for every error the user can fix.

The build runs as a program, in a child process, whose whole stderr must stay empty; the one-line errors are
what the command prints, and are read from a run in this process.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.pipeline_runs import SAMPLE_IDS, dx, dx_here, raw_folder, use_folder, writer_selection
from tests.support import RAW


def one_line_error(run) -> str:
    assert run.returncode == 1
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_status_without_a_warehouse_says_to_build_first(tmp_path):
    line = one_line_error(dx_here("status", env={"DX_WAREHOUSE": str(tmp_path / "none.duckdb")}))
    assert str(tmp_path / "none.duckdb") in line and "dx build" in line


@pytest.mark.parametrize(("var", "value"), [("DX_MAX_ARTICLE_BYTES", "5MB"), ("DX_LOCK_TIMEOUT", "ten"),
                                            ("DX_MAX_REMOVED_SHARE", "2")])
def test_a_bad_setting_is_named_on_one_line(tmp_path, var, value):
    line = one_line_error(dx_here("build", env={var: value, "DX_WAREHOUSE": str(tmp_path / "dx.duckdb")}))
    assert line.startswith(f"dx: {var}={value!r}") and "fix or unset it" in line
    assert not (tmp_path / "dx.duckdb").exists()


def test_a_build_ends_with_a_summary(tmp_path, monkeypatch, build_cache):
    raw = raw_folder(tmp_path / "raw", SAMPLE_IDS[:2])
    warehouse = tmp_path / "wh" / "dx.duckdb"
    use_folder(monkeypatch, raw, warehouse)
    build_cache.build(warehouse)
    (raw / f"{SAMPLE_IDS[0]}.txt").write_text(
        (RAW / f"{SAMPLE_IDS[0]}.txt").read_text(encoding="utf-8") + "\nThêm 1 dòng.\n", encoding="utf-8")
    shutil.copyfile(RAW / f"{SAMPLE_IDS[2]}.txt", raw / f"{SAMPLE_IDS[2]}.txt")
    (raw / "scan.txt").write_bytes(b"%PDF-1.7\n")
    (raw / "slides.pdf").write_bytes(b"%PDF-1.7\n")
    with open(raw / "manifest.csv", "a", encoding="utf-8") as f:
        f.write("late,2024-13-45,,,,\n")
    run = dx("build", "--select", writer_selection())
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "articles:     1 added, 1 changed, 0 removed, 1 unchanged (3 in the warehouse)" in out
    assert "quarantined:  3 (bad_manifest_row 1, binary 1, unsupported_type 1)" in out
    assert "observations: " in out and re.search(r"asset checks: [1-9]\d* run, 0 failed", out)
    assert "manifest.csv:" in out and "2024-13-45" in out
    assert run.stderr == ""
