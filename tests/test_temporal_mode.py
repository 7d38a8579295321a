"""Choosing news or narrative anchoring from a document's text (pipeline.temporal.mode)."""

from __future__ import annotations

import pytest

from pipeline.temporal import choose_mode, tag
from pipeline.temporal.mode import decide, news_cues_per_1000
from tests.helpers import extract, rows

HISTORY = ("The war began in 1914. In 1915 the army crossed the river; by 1916 it had "
           "reached the coast, and in 1917 the government fell. Peace came in 1918. "
           "On November 12 the troops marched home. The previous year had been the "
           "hardest.")
REPORT = ("Stocks fell yesterday, traders said. The index lost 2 percent on Tuesday, "
          "its worst day since 1997, analysts told reporters. Officials said they "
          "would meet next week.")


def test_temporal_mode_history_with_retrieval_date_is_narrative():
    choice = choose_mode(HISTORY, dct="2009-12-19")
    assert choice.mode == "narrative"
    assert "5 of 5 written years" in choice.reason and "2009" in choice.reason


def test_temporal_mode_report_is_news():
    choice = choose_mode(REPORT, dct="1998-01-08")
    assert choice.mode == "news"
    assert "news cues" in choice.reason


def test_temporal_mode_without_document_date_is_narrative():
    assert choose_mode(REPORT, dct=None).mode == "narrative"


@pytest.mark.parametrize("text, dct, value", [
    # Told nothing, the tagger reads the history as history: no drift to the download year.
    (HISTORY, "2009-12-19", "1918-11-12"),
    (REPORT, "1998-01-08", "1998-01-07"),
])
def test_temporal_mode_auto_resolves_like_the_right_mode(text, dct, value):
    values = [t.value for t in tag(text, dct=dct, mode="auto")]
    assert value in values


def test_temporal_mode_auto_previous_year_follows_the_story():
    (t,) = [t for t in tag(HISTORY, dct="2009-12-19", mode="auto")
            if t.text == "The previous year"]
    assert (t.value, t.earliest, t.latest, t.precision) == ("1917", "1917-01-01",
                                                            "1917-12-31", "year")


@pytest.mark.parametrize("years, cues_text, mode", [
    ([1990, 1991, 1992, 1993, 1994], "It was built.", "narrative"),   # five far years
    ([1990, 1991, 1992, 1993, 2009], "It was built.", "news"),        # too few, one near
    ([1941, 1944], "It was built.", "narrative"),                     # every year far
    ([1941], "It was built.", "news"),                                # one year says little
    ([1990, 1991], "He said yesterday that on Tuesday it fell.", "news"),  # a report recalling
    ([1916, 1918], "He told us. They said so.", "narrative"),  # told, but of no day of its own
    ([1990, 1991, 1992, 1993, 1994, 2009, 2009, 2009, 2009], "x", "news"),  # share < 0.6
    ([1990, 1991, 1992, 1993, 1994], "He said yesterday.", "news"),   # a report recalling
    (list(range(1900, 1925)), "He said yesterday.", "narrative"),    # many far years
])
def test_temporal_mode_decide_thresholds(years, cues_text, mode):
    assert decide(cues_text, dct_year=2009, years=years).mode == mode


def test_temporal_mode_news_cues_counts_weekdays_and_reporting_verbs():
    assert news_cues_per_1000("He said on Tuesday") == pytest.approx(500.0)
    assert news_cues_per_1000("") == 0.0


def test_temporal_mode_a_short_memoir_with_a_recent_date_is_narrative():
    memoir = ("In the spring of 1941 my father decided we should leave Belgrade. On April 6 "
              "the German air force bombed the city. Two days later we left for Kraljevo. "
              "In 1944 the Partisans liberated Belgrade, and we returned in November.")
    assert choose_mode(memoir, dct="2019-05-02").mode == "narrative"
    values = {t.text: t.value for t in tag(memoir, dct="2019-05-02", mode="auto")}
    assert (values["April 6"], values["Two days later"], values["November"]) == (
        "1941-04-06", "1941-04-08", "1944-11")


def test_temporal_mode_the_years_of_headings_count(tmp_path):
    # One year in its sentences, two more in its headings: a timeline about 1999 and 2008
    # with a 2024 date is narrative, and "12 June" under "## 1999" is 1999-06-12.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text(
        "---\ntitle: Timeline notes\ndate: 2024-03-01\n---\n# Timeline notes\n\n## 1999\n"
        "- 24 March 1999: NATO began air strikes against Yugoslavia.\n"
        "- 12 June: Russian troops entered Pristina airport.\n\n## 2008\n"
        "- 17 February: Kosovo declared independence.\n", encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    (doc,) = rows(out, "documents")
    values = {r["text"]: r["value"] for r in rows(out, "dates")}
    assert doc["temporal_mode"] == "narrative", doc["temporal_mode_reason"]
    assert (values["12 June"], values["17 February"]) == ("1999-06-12", "2008-02-17")
