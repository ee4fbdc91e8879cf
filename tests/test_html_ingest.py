"""A saved web page yields the same indicators as the same article kept as plain text."""

import html
import shutil

from pipelines.core.articles import scan
from pipelines.core.extract import extract_article
from pipelines.core.manifest import ManifestEntry
from tests.support import FIXTURES, RAW

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{title} | Cổng thông tin điện tử</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-07-05T08:30:00+07:00">
<script>window.dataLayer = [{{"views": 1234}}];</script><style>.menu {{ color: red; }}</style>
</head><body>
<nav class="menu"><a href="/">Trang chủ</a> <a href="/tin">Tin tức - Sự kiện</a> <a href="/login">Đăng nhập</a></nav>
<header><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ</div><div class="today">Thứ hai, 22/07/2024</div></header>
<main><article>
<h1>{title}</h1>
<div class="meta">Thứ sáu - 05/07/2024 08:30 | Lượt xem: 1.523</div>
<div class="share">Chia sẻ: <a>Facebook</a> <a>Zalo</a></div>
{paragraphs}
</article>
<section class="comments"><h3>Ý kiến bạn đọc (2)</h3><p>Bài viết rất hay, cảm ơn 100 lần!</p></section>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Tỷ lệ hồ sơ trực tuyến toàn trình đạt 99% tại một huyện</a></li>
<li><a href="/b">Hơn 500 đại biểu dự hội nghị chuyển đổi số năm 2025</a></li></ul></aside>
</main>
<footer>© 2024 Cổng thông tin điện tử. Điện thoại: 0214 3840 123. Thống kê truy cập: Đang online: 57</footer>
</body></html>
"""

ARTICLE = "003_9b250e51cef89ba3"


def _as_page(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body)
    return PAGE.format(title=html.escape(title), paragraphs=paragraphs)


def _facts(article):
    result = extract_article(article.text, article.period_id, article.published_date)
    return sorted((o.metric_id, o.period_id, o.kind, o.value, o.qualifier, o.status,
                   article.text[o.start_char:o.end_char]) for o in result.observations)


def test_saved_page_gives_the_indicators_of_its_plain_text(tmp_path):
    text = (RAW / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / f"{ARTICLE}.html").write_text(_as_page(text), encoding="utf-8")
    (tmp_path / "plain").mkdir()
    shutil.copy(RAW / f"{ARTICLE}.txt", tmp_path / "plain")
    manifest = {ARTICLE: ManifestEntry(ARTICLE, period_id="2024-H1")}
    page = scan(tmp_path / "page", manifest).articles[0]
    plain = scan(tmp_path / "plain", manifest).articles[0]
    assert page.content_type == "html" and plain.content_type == "text"
    assert page.title == text.splitlines()[0].strip()
    assert page.published_date.isoformat() == "2024-07-05"
    for furniture in ("Trang chủ", "Đăng nhập", "Lượt xem", "Tin liên quan", "Ý kiến bạn đọc", "Đang online",
                      "dataLayer", "Điện thoại"):
        assert furniture not in page.text
    assert len(_facts(plain)) >= 30
    assert _facts(page) == _facts(plain)


def test_fixture_pages_ingest_with_title_date_and_indicators(tmp_path):
    for page in sorted((FIXTURES / "html").glob("*.html")):
        shutil.copy(page, tmp_path)
    result = scan(tmp_path, {})
    assert not [p for p in result.problems if p.outcome == "rejected"]
    assert len(result.articles) == 3
    found = {}
    for article in result.articles:
        assert article.content_type == "html" and article.title and article.published_date
        found[article.article_id] = extract_article(article.text, article.period_id, article.published_date,
                                                    title=article.title).observations
    assert found["ministry_news"] and found["e_newspaper"]
    provincial = found["provincial_portal"]
    assert provincial and all(o.place_id != "vn" for o in provincial), \
        "a province's own figures are kept with their province, never with the nation"
    assert sum(o.place_id == "vn-quang-binh" for o in provincial) >= len(provincial) - 2


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    page = next(iter(sorted((FIXTURES / "html").glob("*.html"))))
    shutil.copy(page, tmp_path / "saved_page.txt")
    result = scan(tmp_path, {})
    assert [a.content_type for a in result.articles] == ["html"]
    assert [(p.reason, p.outcome) for p in result.problems] == [("html_as_text", "accepted")]
    assert "<" not in result.articles[0].text
