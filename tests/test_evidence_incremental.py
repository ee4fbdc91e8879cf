"""The evidence report after a small change: only the pages of changed articles and the index pages whose
rows changed are written; with nothing changed nothing is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import evidence
from tests.output_fixtures import output_warehouse


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return output_warehouse(tmp_path_factory.mktemp("evidence") / "dx.duckdb")


@pytest.fixture()
def con(built, tmp_path, monkeypatch):
    """A writable copy of the output warehouse; its index two articles a page."""
    monkeypatch.setattr(evidence, "INDEX_PAGE_ROWS", 2)
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(built, path)
    connection = duckdb.connect(str(path))
    yield connection
    connection.close()


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def article_ids(con) -> list[str]:
    return [r[0] for r in con.execute("select article_id from articles order by article_id").fetchall()]


def add_article(con, article_id: str, like: str) -> None:
    con.execute("insert into articles select * replace (? as article_id, source_path || '.copy' as source_path) "
                "from articles where article_id = ?", [article_id, like])
    for table in ("observations", "mentions"):
        con.execute(f"insert into {table} select * replace (? as article_id) from {table} where article_id = ?",
                    [article_id, like])


def index_pages(out: Path) -> list[Path]:
    return sorted(out.glob("index*.html"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 1))


def test_the_index_pages_list_every_article_once_and_link_each_other(con, tmp_path):
    out = tmp_path / "evidence"
    pages = evidence.evidence_report(con, out)
    files = index_pages(out)
    assert [p.name for p in files] == ["index.html", "index_2.html", "index_3.html"]
    listed = []
    for page in files:
        text = page.read_text(encoding="utf-8")
        listed += re.findall(r'<tr id="article-([^"]+)"', text)
        if page.name == "index.html":
            assert all(f'href="{other.name}"' in text for other in files[1:])
        else:
            n = files.index(page)
            neighbours = [files[0], files[n - 1], *files[n + 1:n + 2]]
            assert all(f'href="{other.name}"' in text for other in neighbours)
    assert listed == sorted(p.article_id for p in pages)
    assert f"{len(pages)} articles" in files[0].read_text(encoding="utf-8")


def test_nothing_changed_writes_nothing(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    before = mtimes(out)
    evidence.evidence_report(con, out)
    assert changed(before, mtimes(out)) == set()


def test_an_article_added_last_rewrites_its_page_the_first_and_the_last_index_page(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    before = mtimes(out)
    add_article(con, "zzz_added", article_ids(con)[0])
    evidence.evidence_report(con, out)
    assert changed(before, mtimes(out)) == {"zzz_added.html", "index.html", "index_3.html", evidence.MANIFEST}
    assert "zzz_added.html" in (out / "index_3.html").read_text(encoding="utf-8")


def test_a_changed_article_rewrites_its_page_and_its_index_page(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    before = mtimes(out)
    third = article_ids(con)[2]  # on the second index page
    con.execute("update articles set title = 'A new title' where article_id = ?", [third])
    evidence.evidence_report(con, out)
    assert changed(before, mtimes(out)) == {f"{third}.html", "index_2.html", evidence.MANIFEST}


def test_fewer_articles_remove_the_index_pages_left_over(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    for article_id in article_ids(con)[2:]:
        for table in ("observations", "mentions", "articles"):
            con.execute(f"delete from {table} where article_id = ?", [article_id])
    evidence.evidence_report(con, out)
    assert [p.name for p in index_pages(out)] == ["index.html"]
    assert sorted(p.name for p in out.glob("*.html")) == sorted([*(f"{a}.html" for a in article_ids(con)),
                                                                "index.html"])


def test_a_deleted_index_page_is_written_again(con, tmp_path):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    (out / "index_2.html").unlink()
    evidence.evidence_report(con, out)
    assert (out / "index_2.html").exists()


def test_an_article_that_opens_a_new_index_page_rewrites_the_first_and_the_last_two(con, tmp_path):
    out = tmp_path / "evidence"
    add_article(con, "zzz_added", article_ids(con)[0])  # six articles: three full pages
    evidence.evidence_report(con, out)
    before = mtimes(out)
    add_article(con, "zzz_added_2", article_ids(con)[0])
    evidence.evidence_report(con, out)
    assert changed(before, mtimes(out)) == {"zzz_added_2.html", "index.html", "index_3.html", "index_4.html",
                                            evidence.MANIFEST}
    assert 'href="index_4.html"' in (out / "index_3.html").read_text(encoding="utf-8")


def index_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in index_pages(out)}


LINK_CHANGES = {
    "a conflict's values": "update conflicts set \"values\" = '19 | 21' "
                           "where metric_id = 'digital_economy_growth_rate'",
    "a conflict naming another article": "update conflicts set article_ids = article_ids || ' | 004_cecf1a62e6c71b91' "
                                         "where metric_id = 'digital_economy_growth_rate'",
    "a contradiction found": "update consistency_audit set verdict = 'contradicts' where verdict = 'consistent'",
    "a quarantine note": "insert into quarantine (source_path, reason, detail, outcome, detected_at) values "
                         "('003_9b250e51cef89ba3.txt', 'no_period', 'no period found', 'ingested', now())",
    "a stated change that disagrees": "update series_changes set agrees = false, stated_article_id = to_article_id",
}


@pytest.mark.parametrize("change", LINK_CHANGES)
def test_an_index_page_follows_a_change_of_its_links_as_a_new_report_would(con, tmp_path, change):
    out, fresh = tmp_path / "evidence", tmp_path / "fresh"
    evidence.evidence_report(con, out)
    before = index_files(out)
    con.execute(LINK_CHANGES[change])
    evidence.evidence_report(con, out)
    evidence.evidence_report(con, fresh)
    assert index_files(out) == index_files(fresh) != before


def test_an_index_page_follows_a_new_chart_of_what_its_articles_feed(con, tmp_path):
    out, fresh = tmp_path / "evidence", tmp_path / "fresh"
    evidence.evidence_report(con, out, {})
    before = index_files(out)
    stems = {"digital_economy_growth_rate": ["metric_digital_economy_growth_rate"]}
    evidence.evidence_report(con, out, stems)
    evidence.evidence_report(con, fresh, stems)
    assert index_files(out) == index_files(fresh) != before


def test_with_nothing_changed_the_index_is_not_put_together(con, tmp_path, monkeypatch):
    out = tmp_path / "evidence"
    evidence.evidence_report(con, out)
    monkeypatch.setattr(evidence, "_index_page", lambda *a: pytest.fail("an unchanged index page was built"))
    evidence.evidence_report(con, out)
