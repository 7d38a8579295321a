"""TimeML conventions for the value classes the TimeBank errors fell into (issue 22)."""

from __future__ import annotations

import pytest

from pipeline.temporal import tag


def _only(text: str, expr: str, **kw):
    found = [t for t in tag(text, **kw) if t.text == expr]
    assert found, f"{expr!r} not tagged in {text!r}: {[t.text for t in tag(text, **kw)]}"
    return found[0]


NEWS = {"dct": "1998-02-13", "mode": "news"}   # a Friday


# A fraction of a unit is written in the next smaller unit.
@pytest.mark.parametrize("text, expr, value", [
    ("They lived in the camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("She spends about 5 1/2 hours in Nairobi.", "about 5 1/2 hours", "PT5H30M"),
    ("It lasted a minute and a half.", "a minute and a half", "PT1M30S"),
    ("It took one and a half days.", "one and a half days", "P1DT12H"),
    ("It lasted half an hour.", "half an hour", "PT30M"),
])
def test_temporal_conventions_fractional_durations(text, expr, value):
    t = _only(text, expr)
    assert (t.type, t.value) == ("DURATION", value)


@pytest.mark.parametrize("text, expr, value, mod, earliest, latest", [
    ("The sale is to be completed around Nov. 1.", "around Nov. 1", "1998-11-01", "APPROX",
     "1998-11-01", "1998-11-01"),
    ("A hearing is set for the week of March 6.", "the week of March 6", "1998-W10", "",
     "1998-03-02", "1998-03-08"),
])
def test_temporal_conventions_modified_days(text, expr, value, mod, earliest, latest):
    t = _only(text, expr, **NEWS)
    assert (t.value, t.mod, t.earliest, t.latest) == (value, mod, earliest, latest)


def test_temporal_conventions_next_year_before_after_is_not_an_offset():
    # "year after" must not swallow "next year": only "the year after" is an offset.
    t = _only("He will call a referendum next year after the vote.", "next year", **NEWS)
    assert t.value == "1999"
    assert [x.text for x in tag("Year after year it grew.", **NEWS)] == []


def test_temporal_conventions_hyphenated_offset():
    # In February 1998 the third quarter reported is 1997's; a year earlier is 1996's.
    text = "Profit was $5 million in the third quarter, against a year-earlier loss."
    assert _only(text, "year-earlier", **NEWS).value == "1996-Q3"


# A bare month or day after a deadline word falls after the DCT, unless the sentence is
# in the past perfect.
@pytest.mark.parametrize("text, expr, value", [
    ("They expect the deal to be completed by Dec. 15.", "Dec. 15", "1998-12-15"),
    ("A dividend is payable Dec. 7 to holders of record.", "Dec. 7", "1998-12-07"),
    ("Qantas will double flights to India by August in search of untouched markets.",
     "August", "1998-08"),
    ("The court let him stay until March 6.", "March 6", "1998-03-06"),
    ("The new pact is effective June 1.", "June 1", "1998-06-01"),
    ("Thirty members had filed reports by Wednesday.", "Wednesday", "1998-02-11"),
    ("Until Thursday, they had not called him a suspect.", "Thursday", "1998-02-12"),
])
def test_temporal_conventions_deadlines_fall_after_the_dct(text, expr, value):
    assert _only(text, expr, **NEWS).value == value


@pytest.mark.parametrize("text, expr, value", [
    ("A flight departs each Thursday.", "each Thursday", "XXXX-WXX-4"),
    ("Flights leave on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI"),
    ("The shop is closed on Mondays.", "Mondays", "XXXX-WXX-1"),
    ("It pays interest every quarter.", "every quarter", "P1Q"),
    ("Mass is said every Sunday morning.", "every Sunday morning", "XXXX-WXX-7TMO"),
])
def test_temporal_conventions_sets(text, expr, value):
    t = _only(text, expr, **NEWS)
    assert (t.type, t.value) == ("SET", value)
