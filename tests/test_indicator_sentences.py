"""Open indicators on 183 sentences written for this test (``fixtures/indicator_sentences.csv``).

The sentences follow the phrasings of the real articles listed in ``fixtures/studied_sources.csv``
(none of their sentences is copied): subjects no catalogue entry names, provincial figures, subjects
before the verb, carried subjects, change statements, and negatives whose numbers are no indicators.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from functools import cache
from pathlib import Path

from pipelines.core.extract import extract_article

SENTENCES = Path(__file__).resolve().parent / "fixtures" / "indicator_sentences.csv"
MIN_VALUE_RECALL = 0.95
MIN_PERIOD_PLACE_RECALL = 0.88
MAX_NEGATIVES_WITH_OBSERVATIONS = 4


@cache
def _results() -> tuple[list[tuple[dict, object | None]], list[tuple[str, list]]]:
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    with open(SENTENCES, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_sentence[row["sentence_id"]].append(row)
    labelled, negatives = [], []
    for rows in by_sentence.values():
        found = extract_article(rows[0]["sentence"], rows[0]["reporting_period"]).observations
        if rows[0]["kind"] == "none":
            negatives.append((rows[0]["sentence"], found))
            continue
        for row in rows:
            hit = next((o for o in found if math.isclose(o.value, float(row["value"]), rel_tol=1e-6)
                        and o.qualifier == row["qualifier"]), None)
            labelled.append((row, hit))
    return labelled, negatives


def test_the_fixture_covers_every_pattern():
    labelled, negatives = _results()
    groups = defaultdict(set)
    for row, _ in labelled:
        groups[row["group"]].add(row["sentence_id"])
    assert len(groups["unknown_subject"]) >= 60
    assert len(groups["provincial"]) >= 20
    assert len(groups["subject_before_verb"]) >= 20
    assert len(negatives) >= 20


def test_stated_indicators_become_observations_with_value_and_qualifier():
    labelled, _ = _results()
    missing = [f"{r['group']}: {r['raw']} «{r['sentence'][:80]}»" for r, hit in labelled if hit is None]
    assert 1 - len(missing) / len(labelled) >= MIN_VALUE_RECALL, "\n".join(missing)


def test_observations_have_the_labelled_period_and_place():
    labelled, _ = _results()
    wrong = [f"{r['raw']}: {hit.period_id}/{hit.place_id}, expected {r['period_id']}/{r['place_id']}"
             if hit else f"{r['raw']}: missing" for r, hit in labelled
             if hit is None or (hit.period_id, hit.place_id) != (r["period_id"], r["place_id"])]
    assert 1 - len(wrong) / len(labelled) >= MIN_PERIOD_PLACE_RECALL, "\n".join(wrong)


def test_provincial_sentences_keep_their_province():
    labelled, _ = _results()
    provincial = [(r, hit) for r, hit in labelled if r["group"] == "provincial" and hit is not None]
    assert provincial
    assert all(hit.place_id != "vn" for r, hit in provincial if r["place_id"] != "vn")


def test_negatives_rarely_give_observations():
    _, negatives = _results()
    leaking = [sentence for sentence, found in negatives if found]
    assert len(leaking) <= MAX_NEGATIVES_WITH_OBSERVATIONS, "\n".join(leaking)
