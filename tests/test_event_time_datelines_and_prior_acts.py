"""Two things a reader of two wire reports expects: a dateline's date and place are the
report's, not the first sentence's happening's; the crime a charge is about happened before
the charge, not on its day (so the two reports' charges and crimes can meet)."""

from __future__ import annotations

import pytest

from pipeline.stages.claims import dateline_end_at
from tests.helpers import extract, rows

CHARGE = ("MILLOM, England, June 11, 2013 (Wire) - A 23-year-old man was charged on Monday "
          "with the murders of his mother and sister, police said.\n\n"
          "The two women were found dead at their home on Saturday.\n")
CHARGE_AGAIN = ("---\npublished: 2013-06-12\n---\n"
                "John Smith, 23, was charged on Monday with the murders of his mother and "
                "sister, police said. Both women were found dead on Saturday.\n")
@pytest.fixture(scope="module")
def out(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "charge_wire.txt").write_text(CHARGE, encoding="utf-8")
    (corpus / "charge_page.md").write_text(CHARGE_AGAIN, encoding="utf-8")
    return extract(corpus, tmp_path_factory.mktemp("out"))


def _mentions(out, trigger: str) -> list[dict]:
    return [r for r in rows(out, "event_mentions") if r["trigger"] == trigger]


@pytest.mark.parametrize("line, dateline", [
    ("MILLOM, England, June 11, 2013 (Wire) - A man", "MILLOM, England, June 11, 2013 (Wire) - "),
    ("WASHINGTON, D.C., March 3, 2001 - The", "WASHINGTON, D.C., March 3, 2001 - "),
    ("BELGRADE, Jan 28 (Annalist Wire) - Serbia", "BELGRADE, Jan 28 (Annalist Wire) - "),
    ("ANTWERP, Belgium — The", "ANTWERP, Belgium — "),
])
def test_a_dateline_with_a_place_its_country_and_a_date_is_one_dateline(line, dateline):
    assert dateline_end_at(line, 0) == len(dateline)


def test_the_datelines_date_and_place_do_not_date_or_join_the_first_sentences_event(out):
    wire = [r for r in _mentions(out, "charged") if "Monday" in r["quote"]]
    assert wire and all(r["date_value"] == "2013-06-10" for r in wire)  # Monday, not June 11
    assert all("MILLOM" not in r["actors"] and "England" not in r["actors"] for r in wire)


def test_the_act_a_charge_is_about_is_bounded_by_the_charge_not_dated_by_it(out):
    murders = _mentions(out, "murders")
    assert len(murders) == 2
    for r in murders:
        assert r["date_source"] == "relative"
        assert r["date_value"] == "" and r["earliest"] == ""
        assert r["latest"] == "2013-06-10"  # before the charge on Monday


def test_the_charge_told_by_two_reports_is_one_event(out):
    assert len({r["event_id"] for r in _mentions(out, "charged")}) == 1


def test_a_happening_condemned_on_a_day_is_bounded_by_that_day_not_dated_by_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "council.md").write_text(
        "---\npublished: 1998-08-14\n---\nThe Security Council condemned the bombing of the "
        "embassies on Thursday. Police are investigating the fire at the consulate.\n",
        encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    by_trigger = {r["trigger"]: r for r in rows(out, "event_mentions")}
    assert by_trigger["condemned"]["date_value"] == "1998-08-13"
    bombing = by_trigger["bombing"]
    assert (bombing["date_source"], bombing["date_value"], bombing["latest"]) == (
        "relative", "", "1998-08-13")
