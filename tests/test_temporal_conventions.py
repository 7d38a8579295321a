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
    # a past perfect in a relative clause between commas is not the deadline's clause
    ("The deal, which had been rumored, lets them pay the loan by March.", "March",
     "1998-03"),
])
def test_temporal_conventions_deadlines_fall_after_the_dct(text, expr, value):
    assert _only(text, expr, **NEWS).value == value


# The tense of a bare weekday or month: the quoted words, not the reporting verb after
# them; a plan reported with "were/was" looks ahead, one made with "had (been)" looks
# back; "since" looks back, however near the next such month.
@pytest.mark.parametrize("text, dct, expr, value", [
    ("``The talks will resume in Geneva after a short pause on Thursday,'' he said.",
     "1998-02-13", "Thursday", "1998-02-19"),
    ("Fans were planning to march on Saturday.", "1998-02-13", "Saturday", "1998-02-14"),
    ("The strike had been scheduled to end at midnight Wednesday.", "1998-02-13",
     "midnight Wednesday", "1998-02-11T24:00"),
    ("The ship has been at sea since March and was scheduled to return next week.",
     "1998-08-13", "March", "1998-03"),
    ("The ship has been at sea since March.", "1998-02-13", "March", "1997-03"),
    ("In September it announced plans to buy the unit.", "1989-10-30", "September",
     "1989-09"),
    ("He had not signed the deal when the case is heard in May.", "2000-03-29", "May",
     "2000-05"),
])
def test_temporal_conventions_tense_of_quotes_plans_and_since(text, dct, expr, value):
    assert _only(text, expr, dct=dct, mode="news").value == value


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



# -- anchored relatives (item 2 of issue 22) -------------------------------------------

def _fields(t):
    return (t.type, t.value, t.earliest, t.latest, t.precision, t.anchor, t.anchor_offset)


@pytest.mark.parametrize("text, expr, expected", [
    # a narrative's day offsets and "the next morning" count from the last day-precise date
    # of the period the text is in ...
    ("On 3 May 1915 the army crossed. In 1915 it rested. Two days later it moved.",
     "Two days later", ("DATE", "1915-05-05", "1915-05-05", "1915-05-05", "day",
                        "3 May 1915", "+P2D")),
    ("On 3 May 1915 the army crossed. In 1915 it rested. The next morning it moved.",
     "The next morning", ("TIME", "1915-05-04TMO", "1915-05-04", "1915-05-04", "day",
                          "3 May 1915", "")),
    # ... never from a day before the month the text has moved on to
    ("On 3 May 1915 the army crossed. In June it rested. Two days later it moved.",
     "Two days later", ("DATE", "1915-06", "1915-06-01", "1915-06-30", "month", "June",
                        "+P2D")),
    ("On 3 May 1915 the army crossed. In June it rested. The next morning it moved.",
     "The next morning", ("TIME", "1915-06-XXTMO", "1915-06-01", "1915-06-30", "month",
                          "June", "")),
    ("In May 1915 the army crossed. Six months later it rested.", "Six months later",
     ("DATE", "1915-11", "1915-11-01", "1915-11-30", "month", "May 1915", "+P6M")),
    # an event the text dates: the date that far from the event's date
    ("The vote was held on 3 May 1998. Four days after the vote, he resigned.",
     "Four days after the vote", ("DATE", "1998-05-07", "1998-05-07", "1998-05-07", "day",
                                  "3 May 1998", "+P4D")),
    ("The Soviet deployment began in December 1979. Six months before the Soviet "
     "deployment, talks failed.", "Six months before the Soviet deployment",
     ("DATE", "1979-06", "1979-06-01", "1979-06-30", "month", "December 1979", "-P6M")),
    # an event the text does not date: the duration, with the event as its anchor
    ("Six months before the Soviet deployment, the army moved.", "Six months",
     ("DURATION", "P6M", "", "", "month", "the Soviet deployment", "-P6M")),
    ("It rained the year before the war.", "the year",
     ("DURATION", "P1Y", "", "", "year", "the war", "-P1Y")),
])
def test_temporal_conventions_anchored_relatives(text, expr, expected):
    t = _only(text, expr, dct="2009-12-19", mode="narrative")
    assert _fields(t) == expected
    if t.anchor_start >= 0:
        assert text[t.anchor_start:t.anchor_end] == t.anchor


# An offset whose anchor phrase opens with a date is one date, that far from it.
@pytest.mark.parametrize("text, expr, value", [
    ("The day before last Wednesday's vote, he resigned.", "The day before last Wednesday",
     "1998-02-10"),
    ("Two days after Christmas, the talks resumed.", "Two days after Christmas",
     "1997-12-27"),
])
def test_temporal_conventions_offset_from_a_named_date(text, expr, value):
    t = _only(text, expr, ranges="split", **NEWS)
    assert (t.type, t.value) == ("DATE", value)


def test_temporal_conventions_event_anchor_needs_an_event_noun_near_its_date():
    # "his team" names no happening; a date far from the event word does not date it
    text = ("The team met on Friday. Inspections resumed in Iraq, nearly two months after "
            "his team was blocked.")
    t = _only(text, "nearly two months", dct="1998-03-06", mode="news")
    assert (t.type, t.value, t.anchor) == ("DURATION", "P2M", "his team")


# -- a news article that recalls history (item 5 of issue 22) -----------------------------

RECALL = ("The plant will close next month, the company said on Tuesday.\n\n"
          "The plant opened in 1962 and was sold in 1971. In May it hired 200 workers, "
          "and in June it struck.\n\n"
          "The union will meet in May.")


@pytest.mark.parametrize("nth, expr, value", [
    (0, "In May", "1971-05"),     # inside the history paragraph: its narrative year
    (0, "June", "1971-06"),
    (1, "May", "2010-05"),        # the next paragraph is news again: after the DCT
])
def test_temporal_conventions_history_passage_in_news(nth, expr, value):
    found = [t for t in tag(RECALL, dct="2010-03-02", mode="news")
             if t.text in (expr, expr.removeprefix("In "))]
    assert found[nth].value == value


def test_temporal_conventions_history_passage_needs_only_old_years():
    # A paragraph that also has a recent year is news speaking of the past, not a history.
    # ("since 2009" does not move the anchor: a history reading would give 1971-05.)
    text = ("The plant opened in 1962, was sold in 1971 and has been listed since 2009. In "
            "May it hired 200 workers.")
    found = {t.text: t.value for t in tag(text, dct="2010-03-02", mode="news")}
    assert found["May"] == "2009-05"


# -- ranges: two TIMEX3 expressions linked as one interval (item 3) ---------------------

@pytest.mark.parametrize("text, ends, span, interval", [
    ("It ran in 2009-2010 as planned.", [("2009", "2009"), ("2010", "2010")],
     "2009-2010", ("2009-01-01", "2010-12-31")),
    ("From April to September 1957 the army waited.",
     [("April", "1957-04"), ("September 1957", "1957-09")],
     "From April to September 1957", ("1957-04-01", "1957-09-30")),
    ("It grew between 1980 and 1985 in size.", [("1980", "1980"), ("1985", "1985")],
     "between 1980 and 1985", ("1980-01-01", "1985-12-31")),
    ("The war of 1947-54 was long.", [("1947", "1947"), ("54", "1954")], "1947-54",
     ("1947-01-01", "1954-12-31")),
])
def test_temporal_conventions_ranges_split_and_linked(text, ends, span, interval):
    split = [t for t in tag(text, ranges="split") if t.type == "DATE"]
    assert [(t.text, t.value) for t in split] == ends
    first, last = split
    assert {(t.range_start, t.range_end) for t in split} == {(text.index(span),
                                                              text.index(span) + len(span))}
    assert (first.earliest, last.latest) == interval
    joined = [t for t in tag(text) if t.type == "DATE"]
    assert [(t.text, t.value, t.earliest, t.latest) for t in joined] == [
        (span, ends[0][1], *interval)]
    assert joined[0].range_start == -1


def test_temporal_conventions_dates_that_merely_follow_each_other_are_no_range():
    t = tag("In 1980, and again in 1985, it grew.", ranges="split")
    assert [(x.text, x.range_start) for x in t] == [("1980", -1), ("1985", -1)]


# -- SETs (item 4) ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value", [
    ("Rents rose 5% per month.", "per month", "P1M"),
    ("The fair is held every year.", "every year", "P1Y"),
    ("The paper is published weekly.", "weekly", "P1W"),
    ("Trains ran daily.", "daily", "P1D"),
    ("They met twice a week.", "a week", "P1W"),
    ("The rent is due each July.", "each July", "XXXX-07"),
    ("The ferry sails every other day.", "every other day", "P2D"),
])
def test_temporal_conventions_set_values(text, expr, value):
    t = _only(text, expr, **NEWS)
    assert (t.type, t.value, t.earliest, t.latest) == ("SET", value, "", "")


@pytest.mark.parametrize("text, expr, typ, value", [
    ("Sales will rise in the current fiscal year, it said.", "the current fiscal year",
     "DATE", "1998"),
    ("Eight trading days after the crash, prices fell.", "Eight trading days", "DURATION",
     "P8D"),
    # a day in apposition names the date: "Oct. 12, the day before the plunge"
    ("Prices rose on Oct. 12, 1989, the day before the stock market plunge.",
     "the day", "DATE", "1989-10-12"),
])
def test_temporal_conventions_more_news_forms(text, expr, typ, value):
    t = _only(text, expr, **NEWS)
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize("text, expr, value", [
    # the quarter being reported (the last one named), in the year given
    ("Net rose in the third quarter. In the 1988 quarter it had fallen.",
     "the 1988 quarter", "1988-Q3"),
    ("Net rose in the third quarter. In the 1988 period it had fallen.",
     "the 1988 period", "1988-Q3"),
    ("The split could take effect in next year's first quarter.",
     "next year's first quarter", "1999-Q1"),
    ("Net rose in the fourth quarter; sales for last year's quarter were lower.",
     "last year's quarter", "1997-Q4"),
])
def test_temporal_conventions_quarters_of_a_year(text, expr, value):
    assert _only(text, expr, **NEWS).value == value


def test_temporal_conventions_period_of_a_year_without_a_quarter_is_the_year():
    assert _only("Profit fell in the 1988 period.", "the 1988 period", **NEWS).value == "1988"


def test_temporal_conventions_possessive_weekday_is_past():
    # the future cue "would" does not move a ruling already given
    text = "His relatives said they would look for ways around Wednesday's ruling."
    assert _only(text, "Wednesday", dct="2000-01-07", mode="news").value == "2000-01-05"


@pytest.mark.parametrize("text, expr, value, earliest, latest", [
    ("It slowed in the second half of 2008.", "the second half of 2008", "2008-H2",
     "2008-07-01", "2008-12-31"),
    ("It slowed in the latter half of 2008.", "the latter half of 2008", "2008-H2",
     "2008-07-01", "2008-12-31"),
    ("Sales fell in the last half of 1989.", "the last half of 1989", "1989-H2",
     "1989-07-01", "1989-12-31"),
])
def test_temporal_conventions_halves_of_a_year(text, expr, value, earliest, latest):
    t = _only(text, expr, **NEWS)
    assert (t.value, t.mod, t.earliest, t.latest) == (value, "", earliest, latest)


def test_temporal_conventions_a_year_looked_forward_to_does_not_move_the_narrative():
    text = ("In January 1975 Hanoi attacked, so that the road would be exposed for a planned "
            "campaign in 1976. The ARVN collapsed on 11 March.")
    assert _only(text, "11 March", mode="narrative").value == "1975-03-11"
    # "By early 1941" is a history's past, not a future: it moves the narrative
    text = "In December 1940 the British attacked. By early 1941, Hitler sent forces in February."
    assert _only(text, "February", mode="narrative").value == "1941-02"


@pytest.mark.parametrize("text, expr, value", [
    ("He was shot to death last Oct. 23 at his home.", "last Oct. 23", "1998-10-23"),
    ("The talks resume next March 6.", "next March 6", "2000-03-06"),
])
def test_temporal_conventions_last_or_next_month_day(text, expr, value):
    assert _only(text, expr, dct="1999-04-19", mode="news").value == value


@pytest.mark.parametrize("text, expr, value", [
    ("It began in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01"),
    ("During the winter of nineteen ninety-four it snowed.",
     "the winter of nineteen ninety-four", "1994-WI"),
    ("In May two thousand and one they met.", "May two thousand and one", "2001-05"),
])
def test_temporal_conventions_month_or_season_with_year_in_words(text, expr, value):
    assert _only(text, expr, **NEWS).value == value


# "then-current" looks back from a past time: a past reference, not the present.
@pytest.mark.parametrize("text, tagged", [
    ("Holders may buy stock at half the then current price.", [("then current", "PAST_REF")]),
    ("He met the then-current mayor.", [("then-current", "PAST_REF")]),
    ("The current mayor met him.", [("current", "PRESENT_REF")]),
])
def test_temporal_conventions_then_current_is_past(text, tagged):
    assert [(t.text, t.value) for t in tag(text, **NEWS)] == tagged


# A capitalized "Now," opening a clause is a discourse marker, not a time (TimeML).
@pytest.mark.parametrize("text, tagged", [
    ("Now, he says, it looks like the West wants war.", []),
    ("Now, following asset sales, the company is profitable.", []),
    ("Now the court of appeals has ruled.", [("Now", "PRESENT_REF")]),
    ("For now, the embassy works from a hotel.", [("now", "PRESENT_REF")]),
    ("They are beginning to develop it now, he said.", [("now", "PRESENT_REF")]),
])
def test_temporal_conventions_discourse_now_is_not_a_time(text, tagged):
    assert [(t.text, t.value) for t in tag(text, **NEWS)] == tagged


# A four-digit clock time with its zone is a TIME, never a year; in brackets after another
# time it restates that time (TimeML leaves it out).
@pytest.mark.parametrize("text, tagged", [
    ("The fire broke out at about 2045 GMT on Friday.", [("2045 GMT on Friday", "TIME")]),
    ("POSTED: 1052 GMT, April 10, 2007", [("1052 GMT, April 10, 2007", "TIME")]),
    ("The blast came at 10:35 a.m. (0735 GMT) Friday.", [("10:35 a.m.", "TIME"), ("Friday", "DATE")]),
    ("In 2004 MIT researchers found it.", [("2004", "DATE")]),
])
def test_temporal_conventions_zoned_clock_time_is_no_year(text, tagged):
    assert [(t.text, t.type) for t in tag(text, **NEWS)] == tagged


# A two-digit decade after a possessive is an age, with or without a modifier.
@pytest.mark.parametrize("text, tagged", [
    ("The man aged in his early 30s fell about 600m.", []),
    ("Men in their mid-40s are most at risk.", []),
    ("Unemployment soared in the early 30s.", [("the early 30s", "193")]),
])
def test_temporal_conventions_decade_after_a_possessive_is_an_age(text, tagged):
    assert [(t.text, t.value) for t in tag(text, **NEWS)] == tagged


# "March for ...", "March of the ..." before a capitalized word name a march, unless a
# preposition makes it the month; an opening quote after "the" does not hide the name.
@pytest.mark.parametrize("text, tagged", [
    ("Pilgrims joined the big March for Peace downtown.", []),
    ("She walked at the head of the ``March of the Widows.''", []),
    ("He left in March for Lisbon.", [("March", "1998-03")]),
    ("The vote came in March of 1996.", [("March of 1996", "1996-03")]),
])
def test_temporal_conventions_march_as_a_name(text, tagged):
    assert [(t.text, t.value) for t in tag(text, dct="1998-08-01", mode="news")] == tagged
