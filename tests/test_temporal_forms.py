"""Every form the tagger recognizes: expected text, type, value, mod, interval, precision."""

from __future__ import annotations

import pytest

from pipeline.temporal import tag


def _only(text: str, expr: str, **kw):
    found = [t for t in tag(text, **kw) if t.text == expr]
    assert found, f"{expr!r} not tagged in {text!r}: {[t.text for t in tag(text, **kw)]}"
    return found[0]


# (sentence, expression, type, value, mod, earliest, latest, precision)
ABSOLUTE = [
    # days, every common order
    ("It was signed on 10 July 1807.", "10 July 1807", "DATE", "1807-07-10", "",
     "1807-07-10", "1807-07-10", "day"),
    ("On September 1, 1939, Germany attacked.", "September 1, 1939", "DATE", "1939-09-01",
     "", "1939-09-01", "1939-09-01", "day"),
    ("On Sept. 1st 1939 it began.", "Sept. 1st 1939", "DATE", "1939-09-01", "",
     "1939-09-01", "1939-09-01", "day"),
    ("The 25th of August, 1917 was quiet.", "The 25th of August, 1917", "DATE",
     "1917-08-25", "", "1917-08-25", "1917-08-25", "day"),
    ("Filed 1998-03-13 by the court.", "1998-03-13", "DATE", "1998-03-13", "",
     "1998-03-13", "1998-03-13", "day"),
    ("Posted 11/02/89 in the paper.", "11/02/89", "DATE", "1989-11-02", "", "1989-11-02",
     "1989-11-02", "day"),
    ("On Friday, May 10, 1940 the attack came.", "Friday, May 10, 1940", "DATE",
     "1940-05-10", "", "1940-05-10", "1940-05-10", "day"),
    # months and years
    ("Peace came in July 1807.", "July 1807", "DATE", "1807-07", "", "1807-07-01",
     "1807-07-31", "month"),
    ("In February of 1940 it snowed.", "February of 1940", "DATE", "1940-02", "",
     "1940-02-01", "1940-02-29", "month"),
    ("Founded in 1881 by Pašić.", "1881", "DATE", "1881", "", "1881-01-01", "1881-12-31",
     "year"),
    ("In the year 1805 they rose.", "the year 1805", "DATE", "1805", "", "1805-01-01",
     "1805-12-31", "year"),
    # centuries, millennia, decades
    ("By the 14th century it was a power.", "the 14th century", "DATE", "13", "",
     "1300-01-01", "1399-12-31", "century"),
    ("It fell by the mid-15th century.", "the mid-15th century", "DATE", "14", "MID",
     "1433-05-01", "1466-08-31", "century"),
    ("In the nineteenth century it grew.", "the nineteenth century", "DATE", "18", "",
     "1800-01-01", "1899-12-31", "century"),
    ("Settled in the 6th and 7th centuries.", "the 6th and 7th centuries", "DATE", "05",
     "", "0500-01-01", "0699-12-31", "century"),
    ("Troy fell in the 12th century BC.", "the 12th century BC", "DATE", "BC11", "",
     "-1200-01-01", "-1101-12-31", "century"),
    ("The second millennium began.", "The second millennium", "DATE", "1", "",
     "1000-01-01", "1999-12-31", "millennium"),
    ("Throughout the 1990s, sanctions bit.", "the 1990s", "DATE", "199", "", "1990-01-01",
     "1999-12-31", "decade"),
    ("In the early 1920s it was calm.", "the early 1920s", "DATE", "192", "START",
     "1920-01-01", "1923-04-30", "decade"),
    ("In the 1920s and 30s they lived there.", "the 1920s and 30s", "DATE", "192", "",
     "1920-01-01", "1939-12-31", "decade"),
    ("Music of the '60s was loud.", "the '60s", "DATE", "196", "", "1960-01-01", "1969-12-31",
     "decade"),
    ("Built in the 1800s.", "the 1800s", "DATE", "18", "", "1800-01-01", "1899-12-31",
     "century"),
    # seasons and quarters
    ("At the Genoa Conference in spring of 1922 they met.", "spring of 1922", "DATE",
     "1922-SP", "", "1922-03-01", "1922-05-31", "season"),
    ("In the winter of 1941 the front froze.", "the winter of 1941", "DATE", "1941-WI", "",
     "1941-12-01", "1942-02-28", "season"),
    ("Profits rose in the third quarter of 1989.", "the third quarter of 1989", "DATE",
     "1989-Q3", "", "1989-07-01", "1989-09-30", "quarter"),
    # part-of-period modifiers (thirds of the period)
    ("Allied with France in late 1806.", "late 1806", "DATE", "1806", "END", "1806-09-01",
     "1806-12-31", "year"),
    ("In early 1807 they declared.", "early 1807", "DATE", "1807", "START", "1807-01-01",
     "1807-04-30", "year"),
    ("Putin became President at the start of 2000.", "the start of 2000", "DATE", "2000",
     "START", "2000-01-01", "2000-04-30", "year"),
    ("By mid-2007 the talks stalled.", "mid-2007", "DATE", "2007", "MID", "2007-05-01",
     "2007-08-31", "year"),
    ("The end of September 1940 was grim.", "The end of September 1940", "DATE", "1940-09",
     "END", "1940-09-21", "1940-09-30", "month"),
    ("In the first half of 1942 they lost.", "the first half of 1942", "DATE", "1942-H1",
     "", "1942-01-01", "1942-06-30", "year"),
    # approximate dates, BC/AD
    ("The town was built c. 1690.", "c. 1690", "DATE", "1690", "APPROX", "1690-01-01",
     "1690-12-31", "year"),
    ("It was founded around 1800 by monks.", "around 1800", "DATE", "1800", "APPROX",
     "1800-01-01", "1800-12-31", "year"),
    ("Marathon was fought in 490 BC.", "490 BC", "DATE", "BC0490", "", "-0490-01-01",
     "-0490-12-31", "year"),
    ("Crowned in AD 800 at Rome.", "AD 800", "DATE", "0800", "", "0800-01-01", "0800-12-31",
     "year"),
    ("Rome burned in 64 AD.", "64 AD", "DATE", "0064", "", "0064-01-01", "0064-12-31",
     "year"),
    # years in words (speech transcripts)
    ("It was nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996", "",
     "1996-01-01", "1996-12-31", "year"),
    ("Since the year two thousand, prices rose.", "the year two thousand", "DATE", "2000",
     "", "2000-01-01", "2000-12-31", "year"),
    # holidays
    ("They met on Christmas Day 1914.", "Christmas Day 1914", "DATE", "1914-12-25", "",
     "1914-12-25", "1914-12-25", "day"),
]


@pytest.mark.parametrize("text,expr,typ,value,mod,earliest,latest,precision", ABSOLUTE)
def test_temporal_absolute_forms(text, expr, typ, value, mod, earliest, latest, precision):
    t = _only(text, expr)
    assert (t.type, t.value, t.mod, t.earliest, t.latest, t.precision) == (
        typ, value, mod, earliest, latest, precision)
    assert t.anchor == ""
    assert text[t.start:t.end] == expr


RANGES = [
    ("In 1923–1924 Wrangel's men built a road.", "1923–1924", "1923", "1923-01-01",
     "1924-12-31", "year"),
    ("Serbia rose from 1804 to 1813.", "from 1804 to 1813", "1804", "1804-01-01",
     "1813-12-31", "year"),
    ("Serbia rose 1804 to 1813.", "1804 to 1813", "1804", "1804-01-01", "1813-12-31", "year"),
    ("The war lasted between 1941 and 1945.", "between 1941 and 1945", "1941", "1941-01-01",
     "1945-12-31", "year"),
    ("Russo-Turkish War (1806–1812)", "1806–1812", "1806", "1806-01-01", "1812-12-31",
     "year"),
    ("It lasted 1941-45 in the east.", "1941-45", "1941", "1941-01-01", "1945-12-31", "year"),
    ("The Ionian Revolt (499-493 BC) failed.", "499-493 BC", "BC0499", "-0499-01-01",
     "-0493-12-31", "year"),
    ("It lasted from 499 to 493 BC.", "from 499 to 493 BC", "BC0499", "-0499-01-01",
     "-0493-12-31", "year"),
    ("Fighting on 6–7 January 1916 was heavy.", "6–7 January 1916", "1916-01-06",
     "1916-01-06", "1916-01-07", "day"),
    ("The battle of 31 May – 1 June 1916.", "31 May – 1 June 1916", "1916-05-31",
     "1916-05-31", "1916-06-01", "day"),
    ("Offensives in July–August 1914 failed.", "July–August 1914", "1914-07", "1914-07-01",
     "1914-08-31", "month"),
    ("From December 1916 to January 1917 it froze.", "From December 1916 to January 1917",
     "1916-12", "1916-12-01", "1917-01-31", "month"),
]


@pytest.mark.parametrize("text,expr,value,earliest,latest,precision", RANGES)
def test_temporal_ranges_join_to_one_interval(text, expr, value, earliest, latest, precision):
    t = _only(text, expr)
    assert (t.type, t.value, t.earliest, t.latest, t.precision) == (
        "DATE", value, earliest, latest, precision)


def test_temporal_ranges_split_as_timeml():
    got = [(t.text, t.value) for t in tag("On 31 May – 1 June 1916 they fought.",
                                          ranges="split")]
    assert got == [("31 May", "1916-05-31"), ("1 June 1916", "1916-06-01")]


def test_temporal_dual_dating_old_style():
    t = _only("It was signed on 10 July (O.S. 28 June) 1807 at Tilsit.",
              "10 July (O.S. 28 June) 1807")
    assert (t.value, t.calendar, t.precision) == ("1807-07-10", "OS=1807-06-28", "day")


def test_temporal_dual_dating_trailing_old_style():
    t = _only("Signed 10 July 1807 (O.S. 28 June) at Tilsit.", "10 July 1807 (O.S. 28 June)")
    assert (t.value, t.calendar) == ("1807-07-10", "OS=1807-06-28")


def test_temporal_old_style_only_converts_to_gregorian():
    t = _only("The revolution began on 25 October 1917 (O.S.).", "25 October 1917 (O.S.)")
    assert (t.value, t.calendar) == ("1917-11-07", "OS=1917-10-25")


DURATIONS = [
    ("Serbia remained under Ottoman rule for 350 years.", "350 years", "P350Y", "", "year"),
    ("He will stay for at least two more weeks.", "at least two more weeks", "P2W", "",
     "unknown"),
    ("The loan may run for an additional year.", "an additional year", "P1Y", "", "year"),
    ("Prices may slide in the weeks ahead.", "the weeks ahead", "PXW", "", "unknown"),
    ("It took two decades to rebuild.", "two decades", "P2DE", "", "decade"),
    ("After about three months they left.", "about three months", "P3M", "APPROX", "month"),
    ("The siege lasted several weeks.", "several weeks", "PXW", "", "unknown"),
    ("A five-year plan was adopted.", "five-year", "P5Y", "", "year"),
    ("The talks lasted 24 hours.", "24 hours", "PT24H", "", "unknown"),
    ("In the first two years following the war", "the first two years", "P2Y", "", "year"),
    ("It took two and a half years.", "two and a half years", "P2Y6M", "", "year"),
    ("They fought for years.", "years", "PXY", "", "year"),
    ("Profits fell in the nine months to June.", "the nine months", "P9M", "", "month"),
    ("It fell two weeks after the armistice.", "two weeks", "P2W", "", "unknown"),
    # hundreds and thousands in words multiply
    ("The craft was kept for two thousand years.", "two thousand years", "P2000Y", "",
     "year"),
    ("The dynasty ruled for five hundred years.", "five hundred years", "P500Y", "", "year"),
]


@pytest.mark.parametrize("text,expr,value,mod,precision", DURATIONS)
def test_temporal_durations(text, expr, value, mod, precision):
    t = _only(text, expr)
    assert (t.type, t.value, t.mod, t.precision) == ("DURATION", value, mod, precision)
    assert (t.earliest, t.latest) == ("", "")


SETS = [("Trains ran daily.", "daily", "P1D"),
        ("He visited every week.", "every week", "P1W"),
        ("They met twice a year.", "a year", "P1Y"),
        ("Elections are held every four years.", "every four years", "P4Y")]


@pytest.mark.parametrize("text,expr,value", SETS)
def test_temporal_sets(text, expr, value):
    t = _only(text, expr)
    assert (t.type, t.value) == ("SET", value)


def test_temporal_part_of_day_of_a_dated_day():
    t = _only("Troops marched on the night of April 18, 1775, to Concord.",
              "the night of April 18, 1775")
    assert (t.type, t.value, t.precision) == ("TIME", "1775-04-18TNI", "day")


TIMES = [("The meeting began at 3:30 p.m. EST on 5 May 1998.", "3:30 p.m. EST"),
         ("It ended at noon on 5 May 1998.", "noon")]


@pytest.mark.parametrize("text,expr", TIMES)
def test_temporal_times_take_the_day_of_the_anchor(text, expr):
    t = _only(text, expr, dct="1998-05-05", mode="news")
    assert t.type == "TIME"
    assert t.value.startswith("1998-05-05T")


NOT_DATES = [
    "- Image Width: 200px",
    "The officers did not know of the end of the war.",   # event-anchored, no date
    "Female soldiers served from the beginning of the revolution.",
    "Serbia received 30 modernized T-72 main battle tanks.",
    "and 9M133 Kornet anti-tank missiles",
    "supplied Ukraine with over $800 million worth of ammunition",
    "an army of 1500 men marched",
    "The population grew 1,500 percent.",
    "It may rain, and troops march on.",
    "the fall of Constantinople",
    "the October Revolution",
    "a second front was opened",
    "a 6-year-old boy",
    "He scored 2000 points.",
    "nineteen people died",
    "more than two thousand soldiers",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_temporal_numbers_that_are_not_dates(text):
    assert tag(text) == []


VAGUE_REFS = [
    # (text, mode, expression, type, value)
    ("It will help Kenya in the future.", "news", "the future", "DATE", "FUTURE_REF"),
    ("It will help Kenya meet future disasters.", "narrative", "future", "DATE",
     "FUTURE_REF"),
    ("Losses in future quarters will fall.", "narrative", "future", "DATE", "FUTURE_REF"),
    ("The former capital fell in 1453.", "narrative", "former", "DATE", "PAST_REF"),
    ("Kidnappings rose in recent years.", "news", "recent years", "DURATION", "PXY"),
    ("Profits will be weak in the near term.", "news", "the near term", "DATE", "FUTURE_REF"),
    ("Talks stalled in recent days.", "news", "recent days", "DURATION", "PXD"),
    ("Prices fell in recent months.", "narrative", "recent months", "DURATION", "PXM"),
]


@pytest.mark.parametrize("text,mode,expr,typ,value", VAGUE_REFS)
def test_temporal_vague_references(text, mode, expr, typ, value):
    t = _only(text, expr, mode=mode, dct="1998-01-08")
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize("text", ["The former president spoke.", "Future losses will fall."])
def test_temporal_former_and_future_adjectives_are_not_marked_in_news(text):
    # TimeML (news) does not mark them; TIMEX2 (history narrative) marks PAST/FUTURE_REF.
    assert not tag(text, mode="news", dct="1998-01-08")


def test_temporal_futures_market_is_not_future():
    assert not tag("Oil futures fell.", mode="news", dct="1998-01-08")


SEASON_NOUNS = [
    ("In June 1942 they launched their main summer offensive.", "summer", "1942-SU"),
    ("In 1863, after Meade's inconclusive fall campaign, Lincoln acted.", "fall", "1863-FA"),
    ("It failed in 1940, like the Spring Offensive of 1918.", "the Spring", "1918-SP"),
    ("Back in 1950, the summer campaign of 1942 was recalled.", "the summer", "1942-SU"),
]


@pytest.mark.parametrize("text,expr,value", SEASON_NOUNS)
def test_temporal_season_before_a_noun(text, expr, value):
    assert _only(text, expr, mode="narrative", dct="2009-12-19").value == value


MORE_FORMS = [
    # (text, expression, type, value)
    ("In the 1988 third quarter, it lost money.", "the 1988 third quarter", "DATE", "1988-Q3"),
    ("Orangemen march each July.", "each July", "SET", "XXXX-07"),
    ("They parade every March.", "every March", "SET", "XXXX-03"),
    ("Then, a week or so ago, he chose.", "a week or so ago", "DATE", "1998-01-01"),
    ("The offer runs until 5 p.m. EST Nov. 9.", "5 p.m. EST Nov. 9", "TIME",
     "1997-11-09T17:00"),
    ("The vote closed at 9:30 a.m., Jan. 5.", "9:30 a.m., Jan. 5", "TIME", "1998-01-05T09:30"),
]


@pytest.mark.parametrize("text,expr,typ,value", MORE_FORMS)
def test_temporal_more_forms(text, expr, typ, value):
    t = _only(text, expr, mode="news", dct="1998-01-08")
    assert (t.type, t.value) == (typ, value)


# Narrative anchoring at the right grain: (text, expression, value, earliest, latest,
# precision, anchor).
NARRATIVE_GRAIN = [
    ("In 1920 the army moved. On August 17 it attacked.", "August 17", "1920-08-17",
     "1920-08-17", "1920-08-17", "day", "1920"),
    # the day after the last day-precise date, unless the text has moved on to a later
    # month: then a day of that month
    ("On 3 May 1915 they met. In 1915 the talks failed. The next morning they left.",
     "The next morning", "1915-05-04TMO", "1915-05-04", "1915-05-04", "day", "3 May 1915"),
    ("On 3 May 1915 they met. In June the talks failed. The next morning they left.",
     "The next morning", "1915-06-XXTMO", "1915-06-01", "1915-06-30", "month", "June"),
    ("On 3 May 1915 they met. In June the talks failed. The following day they left.",
     "The following day", "1915-06-XX", "1915-06-01", "1915-06-30", "unknown", "June"),
    ("In 1920 the army moved. On August 17 it attacked. The next morning it rested.",
     "The next morning", "1920-08-18TMO", "1920-08-18", "1920-08-18", "day", "August 17"),
]


@pytest.mark.parametrize("text, expr, value, earliest, latest, precision, anchor",
                         NARRATIVE_GRAIN)
def test_temporal_narrative_resolves_at_the_right_grain(text, expr, value, earliest, latest,
                                                        precision, anchor):
    t = _only(text, expr, dct="2009-12-19", mode="narrative")
    assert (t.value, t.earliest, t.latest, t.precision, t.anchor) == (
        value, earliest, latest, precision, anchor)


@pytest.mark.parametrize("text, expr, value, earliest, latest", [
    # The end of ISO week 44 of 2024 (28 Oct - 3 Nov) is its last two days.
    ("They left by the end of the week.", "the end of the week", "2024-W44", "2024-11-02",
     "2024-11-03"),
    ("It was cold in late 1806.", "late 1806", "1806", "1806-09-01", "1806-12-31"),
])
def test_temporal_part_of_period_interval_is_not_empty(text, expr, value, earliest, latest):
    t = _only(text, expr, dct="2024-10-30", mode="news")
    assert (t.value, t.mod, t.earliest, t.latest) == (value, "END", earliest, latest)
    assert t.earliest <= t.latest


# Headings are dated and set the anchor for the text under them; no span crosses one.
HEADINGS = [
    ("1979: Soviet deployment\n\nIn March the troops arrived.", "March", "1979-03",
     "1979-03-01", "1979-03-31", "month"),
    ("December 1979–February 1980: Occupation\n\nIn January the army moved.", "January",
     "1980-01", "1980-01-01", "1980-01-31", "month"),
    ("Campaign of 1904\n\nOn 12 May the fleet sailed.", "12 May", "1904-05-12",
     "1904-05-12", "1904-05-12", "day"),
    ("Campaign of 1920\n\nUntil April the army rested.", "April", "1920-04", "1920-04-01",
     "1920-04-30", "month"),
]


@pytest.mark.parametrize("text, expr, value, earliest, latest, precision", HEADINGS)
def test_temporal_heading_sets_the_anchor(text, expr, value, earliest, latest, precision):
    # A history of more years than one heading would be chosen narrative (mode="auto",
    # tests/test_temporal_mode.py); a single year is too little to tell it from news.
    t = _only(text, expr, dct="2009-12-19", mode="narrative")
    assert (t.value, t.earliest, t.latest, t.precision) == (value, earliest, latest,
                                                            precision)
    assert all("\n" not in x.text for x in tag(text, dct="2009-12-19", mode="narrative"))


def test_temporal_heading_year_is_its_own_expression():
    first = tag("Campaign of 1920\n\nUntil April the army rested.", mode="narrative")[0]
    assert (first.text, first.value, first.latest) == ("1920", "1920", "1920-12-31")


@pytest.mark.parametrize("text, expr", [
    ("They met on 1 August.\n\nLater\n\nIn 1915 the army invaded.", "1915"),
    ("The war ended.\n\nEarly\n\n1915 saw new fighting.", "1915"),
])
def test_temporal_no_expression_crosses_a_blank_line(text, expr):
    found = tag(text, mode="narrative")
    assert all("\n\n" not in t.text for t in found)
    assert expr in [t.text for t in found]


def test_temporal_range_may_wrap_a_line_in_lower_case():
    t = _only("It lasted from 1804 to\n1813.", "from 1804 to\n1813", mode="narrative")
    assert (t.earliest, t.latest) == ("1804-01-01", "1813-12-31")


@pytest.mark.parametrize("text, years", [
    ("Gomes was arrested late Tuesday night at 2088 Philip Street.", []),
    ("The White House stands at 1600 Pennsylvania Avenue.", []),
    ("He moved to 1410 West Main St. in 1990.", ["1990"]),
    ("In 1999 Oxford Street was closed to cars.", ["1999"]),
])
def test_temporal_a_house_number_is_no_year(text, years):
    found = [t.value for t in tag(text, dct="2010-01-05", mode="news") if t.value[:1].isdigit()
             and len(t.value) == 4]
    assert found == years
