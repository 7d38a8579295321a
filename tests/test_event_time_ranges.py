"""Event dates from a written range: the two TIMEX3 ends date the event as one interval."""

from __future__ import annotations

from pipeline.records import SourceDoc, OffsetMap
from pipeline.stages import dates
from tests.test_events import events_of


def _timexes(text: str):
    src = SourceDoc(doc_id="De", path="doc.txt", sha256="x", raw=text, text=text,
                    offsets=OffsetMap(segments=((0, 0, len(text)),), raw_length=len(text)),
                    reader="test")
    return dates.date_mentions(src, [])


def test_event_time_range_dates_the_event_with_the_whole_interval(nlp):
    text = "The army besieged the city from April to September 1957."
    found, _, _ = events_of(nlp, text, timexes=_timexes(text), broad=True)
    siege = next(e for e in found if e.trigger.startswith("besiege"))
    assert (siege.date_value, siege.earliest, siege.latest) == ("1957-04", "1957-04-01",
                                                                 "1957-09-30")


def test_event_time_parenthesised_range_of_a_named_war_sets_no_narrative_time(nlp):
    text = ("The Russo-Turkish War (1768–1774) was long. The Serbs turned to Russia.")
    found, _, _ = events_of(nlp, text, timexes=_timexes(text), broad=True)
    turn = next(e for e in found if e.trigger.startswith("turn"))
    assert turn.date_value == ""
