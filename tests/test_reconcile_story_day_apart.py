"""Two reports of one accident that disagree by a day and on a number, neither naming the
ship as an entity the other's model found: one event per happening, the disagreement
listed with each report's words (issue 21's "disagreement is a conflict, not a split")."""

from __future__ import annotations

import pytest

from tests.helpers import extract, rows

WIRE = ("PIRAEUS, Greece, March 14, 2019 (Harbour Wire) - A passenger ferry ran aground off "
        "the island of Kea on Wednesday, and coast guard vessels evacuated 312 passengers, "
        "officials said.\n\nThe ferry Aegean Star struck rocks shortly after leaving Lavrio. "
        "The operator, Blue Wave Lines, said it would open an inquiry.\n")
PAGE = ("<html><head><title>Ferry aground off Kea</title>"
        "<meta name=\"date\" content=\"2019-03-15\"></head><body><article>"
        "<p>The Aegean Star ferry ran aground near Kea on Thursday after striking rocks, and "
        "the coast guard evacuated 298 passengers, according to the ministry.</p>"
        "<p>Blue Wave Lines, which operates the vessel, announced an inquiry on Friday.</p>"
        "</article></body></html>\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "ferry_wire.txt").write_text(WIRE, encoding="utf-8")
    (corpus / "ferry_page.html").write_text(PAGE, encoding="utf-8")
    return extract(corpus, tmp_path_factory.mktemp("out"))


def _event_of(out, trigger: str) -> str:
    ids = {r["event_id"] for r in rows(out, "event_mentions") if r["trigger"] == trigger}
    assert len(ids) == 1, ids
    return ids.pop()


def test_a_day_apart_in_two_reports_of_one_story_is_one_event_with_a_date_conflict(out):
    ran = _event_of(out, "ran")
    event = next(r for r in rows(out, "events") if r["event_id"] == ran)
    assert event["has_conflict"] == "true" and event["n_documents"] == "2"
    dates = {r["value"] for r in rows(out, "conflicts")
             if r["event_id"] == ran and r["field"] == "date"}
    assert dates == {"2019-03-13", "2019-03-14"}  # Wednesday and Thursday, each quoted


def test_the_disagreeing_count_of_one_evacuation_is_listed(out):
    evacuated = _event_of(out, "evacuated")
    numbers = {r["value"] for r in rows(out, "conflicts")
               if r["event_id"] == evacuated and r["field"] == "number"}
    assert numbers == {"298", "312"}
