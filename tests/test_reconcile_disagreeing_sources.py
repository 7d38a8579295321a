"""End to end: sources that disagree on a day, a number or a place give one event per
real happening, with every value and its quote in conflicts.csv; a year-only mention joins
without a conflict and is not counted as stating the date."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.run import extract_corpus

CORPUS = Path(__file__).parent / "fixtures" / "disagreeing"


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("disagreeing")
    extract_corpus(CORPUS, out, settings=Settings(), cache_dir=None, workers=1,
                   progress=False)
    return out


def test_disagreeing_sources_make_one_event_per_happening(out):
    typed = {row["event_type"]: row for row in _rows(out / "events.csv")
             if row["event_type"] != "OTHER"}
    assert set(typed) == {"COOPERATE", "FIGHT", "AGREE"}
    relations, invasion, treaty = typed["COOPERATE"], typed["FIGHT"], typed["AGREE"]
    assert (relations["n_documents"], relations["has_conflict"]) == ("3", "true")
    assert relations["n_documents_stating_date"] == "2"  # "In 1940" states no day
    assert (invasion["n_documents"], treaty["n_documents"]) == ("3", "2")


def test_disagreeing_sources_list_every_value_with_its_quote(out):
    by_event: dict[str, dict[str, set[str]]] = {}
    events = {row["event_id"]: row["event_type"] for row in _rows(out / "events.csv")}
    for row in _rows(out / "conflicts.csv"):
        assert row["quote"] and row["doc_id"]
        by_event.setdefault(events[row["event_id"]], {}).setdefault(
            row["field"], set()).add(row["value"])
    assert by_event["COOPERATE"] == {"date": {"1940-06-24", "1940-06-25"}}
    assert by_event["FIGHT"] == {"number": {"about 600,000", "700,000"}}
    assert by_event["AGREE"] == {"place": {"Moscow", "Belgrade"}}
