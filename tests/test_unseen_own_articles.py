"""Four whole articles written for this test (``fixtures/unseen2``), read as the pipeline reads them.

They follow the shape of real pages studied for this project (``fixtures/studied_sources.csv``): a
ministry press briefing after the 2025 merger, a provincial annual review, a feature whose text states no
period, and a page whose manifest knows only the publication month. Each labelled row gives the number as
written, value, unit, qualifier, kind, status, period and place; the articles also hold distractors
(decree and plan numbers, phone numbers, list counts, page counters, ranks) that must stay mentions.
"""

from __future__ import annotations

import csv
import math
import shutil
from functools import cache
from pathlib import Path

from pipelines.core.articles import scan
from pipelines.core.extract import extract_article
from pipelines.core.manifest import load_manifest

HERE = Path(__file__).resolve().parent / "fixtures" / "unseen2"
MIN_VALUE_RECALL = 0.95
MIN_FULL_RECALL = 0.9


def _gold() -> list[dict]:
    with open(HERE / "expected.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def _ingested(tmp: str):
    raw = Path(tmp)
    for path in [*HERE.glob("*.txt"), HERE / "manifest.csv"]:
        shutil.copy(path, raw / path.name)
    result = scan(raw, load_manifest(raw / "manifest.csv").entries)
    return result, {a.article_id: (a, extract_article(a.text, a.period_id, a.published_date, title=a.title))
                    for a in result.articles}


def _hit(found, g):
    return next((o for o in found[g["article"]][1].observations
                 if math.isclose(o.value, float(g["value"]), rel_tol=1e-6)
                 and (o.unit, o.qualifier, o.kind, o.status) == (g["unit"], g["qualifier"], g["kind"], g["status"])),
                None)


def test_every_article_is_ingested_even_without_a_period(tmp_path_factory):
    result, found = _ingested(str(tmp_path_factory.mktemp("raw")))
    assert set(found) == {g["article"] for g in _gold()}
    assert [p.reason for p in result.problems if p.outcome == "rejected"] == []
    no_period, _ = found["a03_de_an_06_du_lieu_dan_cu"]
    assert no_period.period_id == "2024-11"
    month_only, _ = found["a04_trung_tam_du_lieu_h1_2025"]
    assert month_only.published_date.isoformat() == "2025-06-01"


def test_labelled_indicators_are_observations(tmp_path_factory):
    _, found = _ingested(str(tmp_path_factory.mktemp("raw")))
    gold = _gold()
    missing = [f"{g['article'][:3]} {g['raw']}" for g in gold if _hit(found, g) is None]
    assert 1 - len(missing) / len(gold) >= MIN_VALUE_RECALL, missing
    wrong = [f"{g['article'][:3]} {g['raw']}" for g in gold
             if (h := _hit(found, g)) is None or (h.period_id, h.place_id) != (g["period_id"], g["place_id"])]
    assert 1 - len(wrong) / len(gold) >= MIN_FULL_RECALL, wrong


def test_distractors_stay_mentions(tmp_path_factory):
    _, found = _ingested(str(tmp_path_factory.mktemp("raw")))
    for article, extraction in found.values():
        for o in extraction.observations:
            quoted = article.text[o.start_char:o.end_char]
            assert "/QĐ" not in quoted and "/KH" not in quoted
            line = article.text[article.text.rfind("\n", 0, o.start_char) + 1:o.start_char]
            assert not any(w in line for w in ("Hotline", "Đường dây nóng", "Lượt xem", "Bình luận")), line
