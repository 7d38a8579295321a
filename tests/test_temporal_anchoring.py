"""Relative and underspecified expressions resolved against the right anchor."""

from __future__ import annotations

import pytest

from pipeline.temporal import tag


def _find(text: str, expr: str, **kw):
    for t in tag(text, **kw):
        if t.text == expr:
            return t
    raise AssertionError(f"{expr!r} not in {[t.text for t in tag(text, **kw)]}")


NARRATIVE = [
    # (text, expression, value, earliest, latest, precision, anchor)
    ("In May 1914, politics were polarized. Russia mobilized in late July.", "late July",
     "1914-07", "1914-07-22", "1914-07-31", "month", "May 1914"),
    ("The treaty was signed in 1807. The following year, war resumed.", "The following year",
     "1808", "1808-01-01", "1808-12-31", "year", "1807"),
    ("Serbia gained autonomy in 1829. Fifty years later, it was independent.",
     "Fifty years later", "1879", "1879-01-01", "1879-12-31", "year", "1829"),
    ("The rising began in 1804. Two years later the Serbs won.", "Two years later", "1806",
     "1806-01-01", "1806-12-31", "year", "1804"),
    ("On 28 April 1945 he was caught. Two days later he died.", "Two days later",
     "1945-04-30", "1945-04-30", "1945-04-30", "day", "28 April 1945"),
    ("The army landed in 1915. That spring, it advanced.", "That spring", "1915-SP",
     "1915-03-01", "1915-05-31", "season", "1915"),
    ("The army landed in March 1915. Later that year, it left.", "Later that year", "1915",
     "1915-01-01", "1915-12-31", "year", "March 1915"),
    ("On May 10, 1940, Germany attacked. On June 10, Italy declared war.", "June 10",
     "1940-06-10", "1940-06-10", "1940-06-10", "day", "May 10, 1940"),
    ("It was quiet in 1916. In the summer, the offensive began.", "the summer", "1916-SU",
     "1916-06-01", "1916-08-31", "season", "1916"),
    ("Athens fell in 480 BC. The following year the Persians withdrew.",
     "The following year", "BC0479", "-0479-01-01", "-0479-12-31", "year", "480 BC"),
    ("The treaty was signed on 5 April 1941. The next day, it was published.",
     "The next day", "1941-04-06", "1941-04-06", "1941-04-06", "day", "5 April 1941"),    ("The war began in April 1861. Congress acted on July 25 of that year.",
     "July 25 of that year", "1861-07-25", "1861-07-25", "1861-07-25", "day", "April 1861"),
    ("In 1955 the island fell. On January 24 of the same year, Congress acted.",
     "January 24 of the same year", "1955-01-24", "1955-01-24", "1955-01-24", "day", "1955"),
]


FLASHBACKS = [
    # A look back does not move the story's reference time.
    ("Saigon was shelled on 21 April 1975. Thieu said he was tricked two years ago. "
     "He left on 25 April.", "25 April", "1975-04-25"),
    ("Baghdad fell in April 2003. Five years previously, the statue stood. In July, "
     "troops left.", "July", "2003-07"),
    ("In 492 BC Thrace, part of the empire since 513 BC, was retaken. The following year, "
     "Darius sent envoys.", "The following year", "BC0491"),
    ("It was won in early January 1942, keeping the gains of the previous year. In "
     "January, the Germans attacked.", "January", "1942-01"),    ("In May 1944, forces that had invaded Burma in late 1943 besieged the town. By June, "
     "it fell.", "June", "1944-06"),
    ("In March 2003 troops landed, and they caused 73% of deaths as of December 5, 2006. "
     "Throughout the summer, raids went on.", "the summer", "2003-SU"),
    ("In March 2003 troops landed (the general, born 1950, led them). In July, they "
     "advanced.", "July", "2003-07"),
    ("The uprising (1804-1813) failed. In May, the Turks returned.", "May", "1813-05"),
    # ...but a past perfect in another clause does not make the main clause's date one.
    ("The war, which had continued since 460 BC, finally ended in 445 BC. Just 14 years "
     "later, it resumed.", "Just 14 years later", "BC0431"),
]


UNKNOWN_DAYS = [
    ("In June 479 BC the Greeks won at Plataea. The Persians lost at Mycale that same day.",
     "that same day", "BC0479-06-XX", "-0479-06-01", "-0479-06-30"),
    ("In 1915 they landed. The next day they advanced.", "The next day", "1915-XX-XX",
     "1915-01-01", "1915-12-31"),
]


@pytest.mark.parametrize("text,expr,value,earliest,latest", UNKNOWN_DAYS)
def test_temporal_relative_day_of_a_month_keeps_what_is_known(text, expr, value, earliest,
                                                               latest):
    t = _find(text, expr, mode="narrative", dct="2009-12-19")
    assert (t.value, t.earliest, t.latest, t.precision) == (value, earliest, latest,
                                                            "unknown")


THE_YEAR = [
    # (text, mode, type, value)
    ("The stock rose to a high for the year in June.", "news", "DATE", "1989"),
    ("Net income for the year ended March 31 fell.", "news", "DURATION", "P1Y"),
    ("In 490 BC Artaphernes brought the year's campaign to an end.", "narrative", "DATE",
     "BC0490"),
]


@pytest.mark.parametrize("text,mode,typ,value", THE_YEAR)
def test_temporal_the_year(text, mode, typ, value):
    t = _find(text, "the year", mode=mode, dct="1989-10-30")
    assert (t.type, t.value) == (typ, value)


def test_temporal_the_year_needs_an_anchor_in_narrative():
    assert not tag("Later in the year, Chiang realized it.", mode="narrative",
                   dct="2009-12-19")


BC_PERIODS = [
    ("Athens fell in 480 BC. It undid the gains of the previous century.",
     "the previous century", "BC05", "-0600-01-01", "-0501-12-31"),
    ("In 475 BC the league grew. In the next decade, Cimon campaigned.", "the next decade",
     "BC046", "-0469-01-01", "-0460-12-31"),
    ("In 1915 it began. In the next decade, peace came.", "the next decade", "192",
     "1920-01-01", "1929-12-31"),
]


@pytest.mark.parametrize("text,expr,value,earliest,latest", BC_PERIODS)
def test_temporal_relative_decades_and_centuries_count_down_in_bc(text, expr, value,
                                                                   earliest, latest):
    t = _find(text, expr, mode="narrative", dct="2009-12-19")
    assert (t.value, t.earliest, t.latest) == (value, earliest, latest)


@pytest.mark.parametrize("text,expr,value", FLASHBACKS)
def test_temporal_narrative_flashback_keeps_anchor(text, expr, value):
    assert _find(text, expr, mode="narrative", dct="2009-12-19").value == value


def test_temporal_news_year_ago_quarter_is_not_an_anchor():
    text = ("Profit rose in the third quarter. In the comparable year-ago quarter, it fell. "
            "A year earlier it was flat.")
    assert _find(text, "the comparable year-ago quarter", mode="news",
                 dct="1989-10-27").value == "1988-Q3"
    assert _find(text, "A year earlier", mode="news", dct="1989-10-27").value == "1988-Q3"


@pytest.mark.parametrize("text,expr,value,earliest,latest,precision,anchor", NARRATIVE)
def test_temporal_narrative_anchors_on_last_date(text, expr, value, earliest, latest,
                                                  precision, anchor):
    t = _find(text, expr, mode="narrative", dct="2024-01-01")
    assert (t.value, t.earliest, t.latest, t.precision, t.anchor) == (
        value, earliest, latest, precision, anchor)


NEWS = [
    ("Stocks fell yesterday.", "yesterday", "1998-01-07", "day"),
    ("Stocks fell today.", "today", "1998-01-08", "day"),
    ("Profits rose last year.", "last year", "1997", "year"),
    ("Profits will rise next month.", "next month", "1998-02", "month"),
    ("He was elected two years ago.", "two years ago", "1996", "year"),
    ("The vote was on Tuesday.", "Tuesday", "1998-01-06", "day"),
    ("The vote will be on Tuesday.", "Tuesday", "1998-01-13", "day"),
    ("Sales were strong in December.", "December", "1997-12", "month"),
    ("The summit took place on Nov. 25.", "Nov. 25", "1997-11-25", "day"),
    # "is set for": scheduled, so the next Nov. 25, not the nearest one.
    ("The summit is set for Nov. 25.", "Nov. 25", "1998-11-25", "day"),
    # Tense of the nearest verb decides a bare weekday, month or holiday.
    ("Saddam said he will begin withdrawing troops on Friday.", "Friday", "1998-01-09", "day"),
    ("Since the ruling was announced Wednesday, they said they will appeal.", "Wednesday",
     "1998-01-07", "day"),
    ("Castro attended a rally Thursday by media workers.", "Thursday", "1998-01-08", "day"),
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", "Feb. 1", "1998-02-01", "day"),
    ("The company changed to a calendar year in December.", "December", "1997-12", "month"),
    ("The boy was found Thanksgiving Day at sea.", "Thanksgiving Day", "1997-11-27", "day"),
    ("It will be held at the summit on April 24.", "April 24", "1998-04-24", "day"),
    ("The case is heard in March.", "March", "1998-03", "month"),  # "is heard": not past
    ("The reduced dividend is payable Jan. 2.", "Jan. 2", "1998-01-02", "day"),
    ("Profits will grow in the current year.", "the current year", "1998", "year"),
    ("They met this week.", "this week", "1998-W02", "unknown"),
    ("It happened last spring.", "last spring", "1997-SP", "season"),
    ("Earnings for the quarter rose.", "the quarter", "1997-Q4", "quarter"),
    ("Hungary will join NATO in April.", "April", "1998-04", "month"),
    ("Hungary joined NATO in April.", "April", "1997-04", "month"),
]


WEEKENDS = [
    # (text, DCT, value): past by default, the next one in a future-tense clause.
    ("Over the weekend, McCaw called for an auction.", "1989-10-30", "1989-W43-WE"),
    ("They will rally over the weekend.", "1989-10-30", "1989-W44-WE"),
    ("Talks went on through the weekend.", "1989-10-29", "1989-W43-WE"),
]


@pytest.mark.parametrize("text,dct,value", WEEKENDS)
def test_temporal_news_the_weekend(text, dct, value):
    assert _find(text, "the weekend", mode="news", dct=dct).value == value


def test_temporal_narrative_the_weekend_is_not_guessed():
    assert not tag("Over the weekend, the army rested.", mode="narrative", dct="2009-12-19")


NEWS_TIME = [
    # (text, expression, value): a clock time of a weekday, in the weekday's tense.
    ("The relatives will have until 9 a.m. Tuesday to sign.", "9 a.m. Tuesday",
     "1998-01-13T09:00"),
    ("Negotiations broke off at noon Thursday.", "noon Thursday", "1998-01-08T12:00"),
    ("He was taken at 10 p.m. Wednesday, police said.", "10 p.m. Wednesday",
     "1998-01-07T22:00"),
    ("They did not plan to remove him on Friday morning.", "Friday morning",
     "1998-01-09TMO"),
    ("CBS first reported last night that the tomb was opened.", "last night",
     "1998-01-07TNI"),
    ("The blast came at 10:35 a.m. (0335 GMT) Wednesday, police said.", "10:35 a.m.",
     "1998-01-07T10:35"),
]


PARTS_OF_DAY = [
    # (text, expression, value): "mid-" a part of the day, alone or with its day;
    # "early"/"late" only with the day ("early morning raids" are no time).
    ("By mid-morning, the crowd had gone home.", "mid-morning", "1998-01-08TMO"),
    ("The index slid in mid afternoon yesterday.", "mid afternoon yesterday",
     "1998-01-07TAF"),
    ("Rebels attacked late evening Tuesday.", "late evening Tuesday", "1998-01-06TEV"),
]


@pytest.mark.parametrize("text,expr,value", PARTS_OF_DAY)
def test_temporal_news_parts_of_day(text, expr, value):
    t = _find(text, expr, mode="news", dct="1998-01-08")
    assert (t.type, t.value) == ("TIME", value)


def test_temporal_news_early_morning_alone_is_no_time():
    assert tag("Police staged early morning raids.", mode="news", dct="1998-01-08") == []


@pytest.mark.parametrize("text,expr,value", NEWS_TIME)
def test_temporal_news_weekday_times(text, expr, value):
    t = _find(text, expr, mode="news", dct="1998-01-08")
    assert (t.type, t.value) == ("TIME", value)


@pytest.mark.parametrize("text,expr,value,precision", NEWS)
def test_temporal_news_anchors_on_dct(text, expr, value, precision):
    t = _find(text, expr, mode="news", dct="1998-01-08")
    assert (t.value, t.precision, t.anchor) == (value, precision, "DCT")


def test_temporal_news_ignores_earlier_dates_for_deictic_expressions():
    text = "In 1990 the company was founded. Last year it lost money."
    t = _find(text, "Last year", mode="news", dct="1998-01-08")
    assert t.value == "1997"


def test_temporal_narrative_falls_back_to_dct():
    t = _find("Two years later it collapsed.", "Two years later", mode="narrative",
              dct="2010-05-01")
    assert (t.value, t.anchor) == ("2012", "DCT")


def test_temporal_unresolvable_relative_has_no_interval():
    t = _find("Two years later it collapsed.", "Two years later")
    assert (t.value, t.earliest, t.latest) == ("XXXX", "", "")


def test_temporal_underspecified_range_takes_year_of_second_end():
    t = _find("In 1920 it began. From December to January 1922 it froze.",
              "From December to January 1922")
    assert (t.value, t.earliest, t.latest) == ("1921-12", "1921-12-01", "1922-01-31")


def test_temporal_present_ref():
    t = _find("Serbia now buys Russian arms.", "now", mode="narrative")
    assert t.value == "PRESENT_REF"


@pytest.mark.parametrize("text,expr,value", [
    ("They will join in April next year.", "April next year", "1999-04"),
    ("It began in February this year.", "February this year", "1998-02"),
])
def test_temporal_month_with_relative_year(text, expr, value):
    assert _find(text, expr, mode="news", dct="1998-12-03").value == value


# Earnings news goes on reporting the quarter it named: "the latest period" is that
# quarter (no date where none was named), and a quarter forecast in a future-tense clause
# does not take its place for "the year-ago period".
@pytest.mark.parametrize("text, expr, value", [
    ("Profit rose in the third quarter. The latest period included a tax gain.",
     "The latest period", "1989-Q3"),
    ("Sales rose in the third quarter. Rivals will post losses through the second quarter "
     "of 1990. In the year-ago period, it earned $4 million.", "the year-ago", "1988-Q3"),
    ("Sales rose in the second quarter from the same period last year.",
     "the same period last year", "1988-Q2"),
    ("For the quarter a year earlier, it lost $2 million.", "the quarter a year earlier",
     "1988-Q3"),
    ("In the year-ago fourth quarter, it earned $9 million.", "the year-ago fourth quarter",
     "1988-Q4"),
    ("Net fell in the third quarter. This quarter's loss includes a charge.",
     "This quarter", "1989-Q3"),
    ("Net fell in the second quarter. Results for that quarter included a charge.",
     "that quarter", "1989-Q2"),
    ("Net fell in the third quarter. Sales will rise this quarter.", "this quarter",
     "1989-Q4"),
    ("Net fell in the third quarter. The current quarter looks weak.", "The current quarter",
     "1989-Q4"),
])
def test_temporal_news_reported_quarter(text, expr, value):
    assert _find(text, expr, mode="news", dct="1989-10-26").value == value


def test_temporal_news_a_period_needs_a_quarter():
    found = tag("The latest period saw unrest. Sales rose.", mode="news", dct="1989-10-26")
    assert found == []
    found = tag("Visits rose from the same period last year.", mode="news", dct="1989-10-26")
    assert found == []


def test_temporal_year_earlier_keeps_quarter_granularity():
    text = "Profit rose in the third quarter, up from $5 million a year earlier."
    t = _find(text, "a year earlier", mode="news", dct="1989-10-27")
    assert (t.value, t.precision, t.anchor) == ("1988-Q3", "quarter", "the third quarter")


@pytest.mark.parametrize("text,expr,value,mod,earliest,latest", [
    ("In May 1914 it began. Months later, it ended.", "Months later", "FUTURE_REF", "AFTER",
     "1914-06-01", "1915-05-31"),
    # Weeks before something in 1914 may still be in 1914 (it may have begun in December).
    ("In 1914 it began. Weeks earlier, it was quiet.", "Weeks earlier", "PAST_REF", "BEFORE",
     "1913-10-01", "1914-12-30"),
    # Days after a defeat somewhere in 1755: from its year's first day, not past its end.
    ("Braddock was defeated in 1755, and he died days later.", "days later", "FUTURE_REF",
     "AFTER", "1755-01-02", "1756-01-31"),
    ("In August 1814 troops burned the town. A few weeks later the fort held.",
     "A few weeks later", "FUTURE_REF", "AFTER", "1814-08-02", "1814-11-30"),
    ("On 3 May 1915 the army crossed. Days later it rested.", "Days later", "FUTURE_REF",
     "AFTER", "1915-05-04", "1915-06-03"),
    ("The fort fell in 1914. Years later, the town was rebuilt.", "Years later", "FUTURE_REF",
     "AFTER", "1915-01-01", "1924-12-31"),
])
def test_temporal_vague_offsets_are_bounded_after_or_before_the_anchor(
        text, expr, value, mod, earliest, latest):
    t = _find(text, expr)
    assert (t.value, t.mod, t.earliest, t.latest, t.precision) == (
        value, mod, earliest, latest, "unknown")


@pytest.mark.parametrize("text, expected", [
    # A clock time just after a day-precise date is that day's hour, not the DCT's.
    ("A quake struck early on Monday, officials said. It hit at 4:32 a.m. local time.",
     "2010-03-08T04:32"),
    ("Officials said the market would close at 4 p.m.", "2010-03-09T16:00"),
])
def test_temporal_a_bare_clock_time_takes_the_day_just_named(text, expected):
    (clock,) = [t for t in tag(text, dct="2010-03-09", mode="news") if t.type == "TIME"]
    assert clock.value == expected


@pytest.mark.parametrize("text, value", [
    # a clause about the future speaks of the report's year ...
    ("The firm was founded in 1987. It expects the sale to be completed by the end of the "
     "year.", "2024"),
    ("The plant opened in 1995 and will close at the end of the year.", "2024"),
    # ... a clause about the past of the year it names
    ("He was hired in 2001 and left at the end of the year.", "2001"),
])
def test_temporal_news_the_year_of_a_future_clause_is_the_report_s(text, value):
    assert _find(text, "the end of the year", dct="2024-06-04", mode="news").value == value
