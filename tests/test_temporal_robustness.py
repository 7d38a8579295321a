"""The tagger never raises, never depends on the clock, and is deterministic."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import temporal
from pipeline.temporal import calendar as cal
from pipeline.temporal import tag

ADVERSARIAL = [
    "",
    "\x00\x01\x02 1807 \x7f",
    "31 February 1807",
    "99 December 1807",
    "0 BC",
    "the 99th century",
    "9999-99-99",
    "May" * 10000,
    "1" * 100000,
    "In 1807 " * 5000,
    "from 1813 to 1804",
    "Two trillion years later",
    "\ud800 lone surrogate 1807",
    "the 0th century",
    "12/45/2000",
    "25:99 p.m.",
    "10 July (O.S. 31 June) 1807",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_temporal_never_raises_on_adversarial_text(text):
    for mode in ("news", "narrative"):
        out = tag(text, dct="2000-01-01", mode=mode)
        for t in out:
            assert 0 <= t.start < t.end <= len(text)
            assert text[t.start:t.end] == t.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 -–/.,'ABCDJMOSabcdefhilmnorstuvy()")
                               + ["May ", "July ", "BC", "century", "later", "ago", "O.S.",
                                  "the ", "late ", "1807", "s"]),
                max_size=60).map("".join),
       st.sampled_from([None, "2000-01-01", "bogus", "1807-07", "-0490-01-01"]),
       st.sampled_from(["news", "narrative", "other"]))
def test_temporal_never_raises_on_random_text(text, dct, mode):
    for t in tag(text, dct=dct, mode=mode):
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.precision in ("day", "month", "season", "quarter", "year", "decade",
                               "century", "millennium", "unknown")


def test_temporal_output_is_deterministic():
    text = "In May 1914 things changed. In late July Russia mobilized; two years later."
    assert tag(text) == tag(text)


def test_temporal_does_not_read_the_clock(monkeypatch):
    class FrozenDate(datetime.date):
        @classmethod
        def today(cls):
            raise AssertionError("the tagger must not read today's date")

    class FrozenDateTime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            raise AssertionError("the tagger must not read the clock")

    monkeypatch.setattr(datetime, "date", FrozenDate)
    monkeypatch.setattr(datetime, "datetime", FrozenDateTime)
    assert [t.value for t in tag("in 1804 and yesterday", mode="news")] == ["1804",
                                                                           "XXXX-XX-XX"]


def test_temporal_version_is_a_string():
    assert isinstance(temporal.VERSION, str) and temporal.VERSION


@pytest.mark.parametrize("julian,gregorian", [
    ((1807, 6, 28), (1807, 7, 10)),
    ((1917, 10, 25), (1917, 11, 7)),
    ((1582, 10, 5), (1582, 10, 15)),
])
def test_temporal_julian_to_gregorian(julian, gregorian):
    assert cal.julian_to_gregorian(*julian) == gregorian
    assert cal.gregorian_to_julian(*gregorian) == julian


def test_temporal_bce_arithmetic_skips_year_zero():
    assert cal.add_years(-1, 1) == 1
    assert cal.add_years(1, -1) == -1
    assert cal.iso(-490, 1, 1) == "-0490-01-01"


def test_temporal_year_before_a_blank_line_is_not_a_count():
    from pipeline.temporal import tag

    text = "The Russian House was opened in Belgrade in 1933\n\nTroops of the Red Army (1944)"
    assert [t.value for t in tag(text, mode="narrative")] == ["1933", "1944"]
    assert [t.text for t in tag("They lost 1500 troops.", mode="narrative")] == []
