"""Saved web pages (``.html``, or HTML saved as ``.txt``) to article title, publication date and body text.

The body comes from trafilatura (comments, navigation and footers dropped; tables and lists kept). A
substantial lead paragraph that trafilatura left out between the headline and the body (a ``sapo`` kept
outside the content block, a common layout on Vietnamese portals) is put back. When trafilatura finds
nothing, the visible text of ``<article>``/``<main>``/``<body>`` is used, without scripts, navigation,
header, footer, sidebars, comments and share bars. The body always goes through :func:`strip_furniture`.

Title: ``og:title``, the first ``<h1>``, trafilatura's title, then ``<title>`` without the site name.
Date: meta tags (``article:published_time``...) and JSON-LD ``datePublished``, then a Vietnamese date line
next to the headline (``Thứ năm - 28/12/2023 08:47``, ``Cập nhật: 12/10/2024``), then trafilatura's date
read from the page markup only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import trafilatura

from pipelines.core.furniture import furniture_rule, strip_furniture
from pipelines.core.page_dates import find_published_date

DATE_META_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish-date", "dc.date.issued", "dc.date", "date", "created")
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select",
                "textarea"}
FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form"}
FURNITURE_HINTS = ("comment", "related", "share", "social", "breadcrumb", "menu", "sidebar", "footer",
                   "header", "nav", "tags", "rating", "banner", "advert", "popup", "timeoutsess", "counter",
                   "other", "meta", "date", "time")
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol",
              "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote", "figure",
              "figcaption", "pre", "dd", "dt", "br", "hr", "form", "body", "title"}
CELL_TAGS = {"td", "th"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
             "wbr"}
SITE_NAME_WORDS = ("cổng", "báo", "bộ ", "sở ", "ubnd", "ủy ban", ".vn", "portal", "tạp chí", "chính phủ",
                   "trang tin", "điện tử", "online", "news")
MIN_LEAD_CHARS = 60
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|meta|script|li|ul|h[1-6]|table|tr|td|img|section|article)"
                       r"\b[^<>]*>", re.IGNORECASE)
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_SPACES = re.compile(r"\s+")
_MONTH_MARKER = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlArticle:
    """What a saved page yields: headline, publication date (or None) and furniture-free body text."""

    title: str
    published_date: date | None
    text: str


def looks_like_html(text: str) -> bool:
    """True for an HTML page, also when it was saved with a ``.txt`` name."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if _HTML_START.search(head):
        return True
    tags = _HTML_TAG.findall(text[:20000])
    closing = sum(1 for t in tags if t.startswith("</"))
    return len(tags) >= 6 and closing >= 2


def extract_html(html: str) -> HtmlArticle:
    """Title, publication date and body text of a saved news page."""
    page = _PageScan.of(html)
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, include_images=False, include_links=False,
        include_formatting=False, with_metadata=True, deduplicate=False, favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    body = (doc.text or "").strip() if doc else ""
    title = _pick_title(page, doc.title if doc else None)
    body = _with_missing_lead(body, page, title) if body else page.fallback_text()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    published = (page.meta_date() or _date_near_title(page, title)
                 or _stated_date(doc.date if doc else None, html))
    return HtmlArticle(title=title, published_date=published, text=strip_furniture(body).text)


def _with_missing_lead(body: str, page: _PageScan, title: str) -> str:
    """Put back substantial paragraphs that sit between the headline and trafilatura's first line."""
    lines = (line.strip() for line in body.split("\n"))
    first_line = next((line for line in lines if line and line != title), "")
    start = page.block_index(title) if title else -1
    end = page.block_index(first_line)
    if start < 0 or end <= start:
        return body
    lead = [block.text for block in page.blocks[start + 1:end]
            if not block.furniture and _is_paragraph(block.text) and block.text not in body]
    return "\n".join([*lead, body]) if lead else body


def _is_paragraph(text: str) -> bool:
    return len(text) >= MIN_LEAD_CHARS and text.rstrip()[-1:] in ".!?…\"”)" and furniture_rule(text) is None


def _date_near_title(page: _PageScan, title: str) -> date | None:
    lines = [block.text for block in page.blocks]
    start = page.block_index(title) if title else -1
    if start >= 0:
        return find_published_date("\n".join(lines[max(0, start - 3):]))
    return find_published_date("\n".join(block.text for block in page.blocks if not block.furniture))


def _stated_date(value: str | None, html: str) -> date | None:
    """trafilatura's date, kept only when the page writes that full date (it fills a missing day with 1)."""
    found = _iso_date(value)
    if found is None:
        return None
    forms = {found.isoformat()} | {f"{d}{sep}{m}{sep}{found.year}" for sep in "/.-"
                                   for d in (str(found.day), f"{found.day:02d}")
                                   for m in (str(found.month), f"{found.month:02d}")}
    return found if any(form in html for form in forms) else None


def _iso_date(value: str | None) -> date | None:
    match = _ISO_DATE.search(value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _pick_title(page: _PageScan, extracted: str | None) -> str:
    """The first of og:title, ``<h1>``, trafilatura's title and ``<title>`` that is not the site name."""
    site = page.metas.get("og:site_name", "").strip().lower()
    for candidate in (page.metas.get("og:title"), page.h1, extracted, page.title):
        title = _clean_title(candidate)
        if title and title.lower() != site:
            return title
    return ""


def _clean_title(title: str | None) -> str:
    """The headline without a trailing `` - Cổng thông tin ...`` or ``| Báo ...`` site name."""
    title = _MONTH_MARKER.sub("", _SPACES.sub(" ", title or ""), count=1).strip()
    parts = _TITLE_SEPARATOR.split(title)
    while len(parts) > 1 and len(parts[-1]) <= 60 and any(w in parts[-1].lower() for w in SITE_NAME_WORDS):
        title = title[:title.rfind(parts[-1])].rstrip(" |–—-")
        parts.pop()
    return title


@dataclass
class _Block:
    text: str
    furniture: bool
    in_article: bool


@dataclass
class _Open:
    tag: str
    skipped: bool = False
    furniture: bool = False
    article: bool = False


class _PageScan(HTMLParser):
    """One pass over the page: meta tags, ``<title>``, first ``<h1>``, JSON-LD and visible text blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.json_ld_date = ""
        self.blocks: list[_Block] = []
        self._stack: list[_Open] = []
        self._buffer: list[str] = []
        self._raw_script: list[str] = []
        self._h1_in_furniture = False

    @classmethod
    def of(cls, html: str) -> _PageScan:
        scan = cls()
        scan.feed(html)
        scan.close()
        scan._flush()
        return scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.metas.setdefault(key, values["content"].strip())
            return
        if tag == "time" and values.get("datetime"):
            self.metas.setdefault("time", values["datetime"])
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag in CELL_TAGS and "".join(self._buffer).strip():
            self._buffer.append(" | ")
        if tag in VOID_TAGS:
            return
        hints = f"{values.get('class', '')} {values.get('id', '')}".lower()
        parent = self._stack[-1] if self._stack else _Open("")
        self._stack.append(_Open(
            tag,
            skipped=parent.skipped or tag in SKIPPED_TAGS,
            furniture=parent.furniture or tag in FURNITURE_TAGS or any(h in hints for h in FURNITURE_HINTS),
            article=parent.article or tag in {"article", "main"} or values.get("itemprop") == "articleBody"))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                closing = self._stack[index:]
                if tag in BLOCK_TAGS or any(o.tag in BLOCK_TAGS for o in closing):
                    self._flush()
                del self._stack[index:]
                if tag == "script" and self._raw_script:
                    found = _JSON_LD_DATE.search("".join(self._raw_script))
                    if found and not self.json_ld_date:
                        self.json_ld_date = found.group(1)
                    self._raw_script = []
                return

    def handle_data(self, data: str) -> None:
        tags = [o.tag for o in self._stack]
        if "title" in tags and not self.title:
            self.title = _SPACES.sub(" ", data).strip()
        if tags and tags[-1] == "script":
            self._raw_script.append(data)
        if self._stack and self._stack[-1].skipped:
            return
        self._buffer.append(data)

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._buffer)).strip()
        self._buffer = []
        if text:
            top = self._stack[-1] if self._stack else _Open("")
            self.blocks.append(_Block(text, top.furniture, top.article))
            if any(o.tag == "h1" for o in self._stack) and (not self.h1 or self._h1_in_furniture):
                self.h1, self._h1_in_furniture = text, top.furniture

    def block_index(self, text: str) -> int:
        """Index of the first block equal to (or, failing that, starting with) ``text``; -1 if none."""
        wanted = _SPACES.sub(" ", text).strip()
        if not wanted:
            return -1
        for index, block in enumerate(self.blocks):
            if block.text == wanted:
                return index
        return next((i for i, b in enumerate(self.blocks) if b.text.startswith(wanted[:80])), -1)

    def meta_date(self) -> date | None:
        for key in DATE_META_KEYS:
            found = _iso_date(self.metas.get(key))
            if found:
                return found
        return _iso_date(self.json_ld_date) or _iso_date(self.metas.get("time"))

    def fallback_text(self) -> str:
        """Visible text of the article (or main, or whole body) without furniture blocks."""
        content = [b for b in self.blocks if not b.furniture]
        in_article = [b for b in content if b.in_article]
        return "\n".join(b.text for b in (in_article or content))
