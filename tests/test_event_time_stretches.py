"""Event time from a forward stretch ("within a week", "in the following months"), a
look-back phrase ("since the 2019 dispute") and a clause about what may happen."""

from __future__ import annotations

from pipeline.records import OffsetMap, SourceDoc
from pipeline.stages import dates
from pipeline.temporal import ModeChoice
from tests.test_events import events_of


def _timexes(text: str, published: str = ""):
    src = SourceDoc(doc_id="De", path="doc.txt", sha256="x", raw=text, text=text,
                    offsets=OffsetMap(segments=((0, 0, len(text)),), raw_length=len(text)),
                    reader="test", published=published)
    return dates.date_mentions(src, [])


def _event(nlp, text, trigger, published=""):
    anchoring = ModeChoice("news", "test") if published else None
    found, _, _ = events_of(nlp, text, timexes=_timexes(text, published), broad=True,
                            published=published, anchoring=anchoring)
    return next(e for e in found if e.trigger.startswith(trigger))


def test_event_time_within_a_week_runs_from_the_narrative_time(nlp):
    text = ("Relief efforts began on 1 February 1953. Within a week, soldiers had evacuated "
            "70,000 residents.")
    e = _event(nlp, text, "evacuat")
    assert (e.earliest, e.latest, e.date_source) == ("1953-02-01", "1953-02-08", "relative")


def test_event_time_following_months_are_after_the_narrative_time(nlp):
    text = ("Relief efforts began on 1 February 1953. In the following months, engineers "
            "repaired 67 breaches.")
    e = _event(nlp, text, "repair")
    assert e.date_source == "relative"
    assert e.earliest == "1953-02-01" and e.latest > "1953-06-01"


def test_event_time_a_look_back_phrase_does_not_date_the_verb(nlp):
    text = ("ROTTERDAM, March 14, 2024 - Dock workers walked off the job on Wednesday, halting "
            "traffic for the first time since the 2019 dispute, union officials said.")
    e = _event(nlp, text, "walk", published="2024-03-14")
    assert (e.earliest, e.latest) == ("2024-03-13", "2024-03-13")


def test_event_time_what_may_happen_is_after_the_report_not_an_earlier_date(nlp):
    text = ("ROTTERDAM, March 14, 2024 - Dock workers walked off the job on Wednesday.\n\n"
            "Two weeks ago, the union rejected an offer of a 4% raise. The dispute could "
            "soon spread to Hamburg.")
    e = _event(nlp, text, "spread", published="2024-03-14")
    assert (e.earliest, e.latest, e.date_source) == ("2024-03-14", "", "relative")


def test_event_time_a_date_before_a_comma_is_the_clause_time_not_a_modifier(nlp):
    text = ("On 17 May 1899 the relief column arrived. That winter, disease killed more men "
            "than the fighting.")
    e = _event(nlp, text, "killed")
    assert (e.earliest, e.latest) == ("1899-12-01", "1900-02-28")


def test_event_time_what_an_after_clause_names_is_before_the_main_date(nlp):
    # The parser makes "began" the root; its "after" still marks it.
    text = "A memorial was unveiled in 1925, twenty-seven years after the war began."
    e = _event(nlp, text, "began")
    assert (e.earliest, e.latest, e.date_source) == ("", "1925-12-31", "relative")
