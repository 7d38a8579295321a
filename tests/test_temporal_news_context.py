"""News dates that depend on their clause: scheduled present tense, "soon", "later in the
day", "the October slaying", titles that contain a deictic word, day-words after a look
back, and event anchors that are only modifiers."""

from __future__ import annotations

import pytest

from pipeline.temporal import tag


def _values(text: str, *, dct: str, mode: str = "news") -> dict[str, str]:
    return {t.text: t.value for t in tag(text, dct=dct, mode=mode)}


# 1998-05-01 is a Friday.
@pytest.mark.parametrize("text, expr, value", [
    ("The Security Council meets Monday to discuss the crisis.", "Monday", "1998-05-04"),
    ("The trial opens on Tuesday in Nairobi.", "Tuesday", "1998-05-05"),
    ("The new session convenes in January.", "January", "1999-01"),
    # the past tense still looks back
    ("The council met Monday to discuss the crisis.", "Monday", "1998-04-27"),
    ("The trial opened on Tuesday in Nairobi.", "Tuesday", "1998-04-28"),
])
def test_temporal_scheduled_present_tense_looks_ahead(text, expr, value):
    assert _values(text, dct="1998-05-01")[expr] == value


@pytest.mark.parametrize("text, tagged", [
    ("Prosecutors may soon seek an indictment.", True),
    ("It soon will begin selling boxes for 99 cents.", True),
    ("He was soon released from the hospital.", False),
    ("Soon after, he left the country.", False),
    ("He will leave as soon as possible.", False),
])
def test_temporal_soon_is_future_only_in_a_future_clause(text, tagged):
    assert ("soon" in {t.text.lower() for t in tag(text, dct="1989-10-26", mode="news")}) \
        is tagged


def test_temporal_soon_in_a_history_is_no_time():
    assert not tag("Bao Dai had no army, but soon he would have one.", dct="2009-12-19",
                   mode="narrative")


@pytest.mark.parametrize("text, expr, value", [
    ("Rates should fall in the coming weeks.", "the coming weeks", "PXW"),
    ("It bodes ill for coming quarters.", "coming quarters", "PXQ"),
])
def test_temporal_coming_units_are_vague_durations(text, expr, value):
    t = next(t for t in tag(text, dct="1989-10-26", mode="news") if t.text == expr)
    assert (t.type, t.value) == ("DURATION", value)


@pytest.mark.parametrize("text, mode, value", [
    ("The president arrived in Philadelphia later in the day.", "news", "1998-02-13"),
    ("On 3 May 1915 the guns opened fire. Early in the day the infantry advanced.",
     "narrative", "1915-05-03"),
])
def test_temporal_later_in_the_day_is_the_day_of_the_text(text, mode, value):
    t = next(t for t in tag(text, dct="1998-02-13", mode=mode) if t.text == "the day")
    assert (t.type, t.value) == ("DATE", value)


def test_temporal_the_day_alone_is_not_a_date():
    assert "the day" not in _values("The day was hot and the men rested.", dct="1998-02-13")


@pytest.mark.parametrize("text, expr, value", [
    ("They have evidence in the October slaying of the doctor.", "October", "1998-10"),
    ("The March accession will make them members.", "March", "1999-03"),
])
def test_temporal_month_before_a_noun_is_a_date(text, expr, value):
    assert _values(text, dct="1999-04-19")[expr] == value


@pytest.mark.parametrize("text", [
    "Mussolini led the March on Rome.",
    "The October Revolution began.",
    "They marched in the March for Life.",
])
def test_temporal_month_in_a_name_stays_a_name(text):
    assert not tag(text, dct="1999-04-19", mode="news")


@pytest.mark.parametrize("text", [
    "USA Today reported the figures.",
    "This is VOA Today.",
    'Baker said on ABC\'s "This Week" that he was sure.',
])
def test_temporal_deictic_word_in_a_title_is_no_date(text):
    assert not tag(text, dct="1990-08-13", mode="news")


@pytest.mark.parametrize("text, expr", [
    ("Today the Senate votes.", "Today"),
    ("WASHINGTON (AP) -- Today the Senate votes.", "Today"),
    ("On Monday Today was fine.", "Today"),
    ("This Week the talks end.", "This Week"),
])
def test_temporal_capitalized_deictic_word_opening_a_sentence_is_a_date(text, expr):
    assert expr in _values(text, dct="1990-08-13")


def test_temporal_hundreds_in_words_need_a_preposition_to_be_a_year():
    v = _values("The school has twelve hundred mostly American students. It was founded in "
                "nineteen hundred.",
                dct="1998-03-03")
    assert "twelve hundred" not in v and v["nineteen hundred"] == "1900"


def test_temporal_that_same_day_after_a_look_back_is_that_day():
    # 1999-02-06 is a Saturday; "Thursday night" is the last dated day before "last
    # October", which is what "that same day" points back to.
    text = ("The provider closed it Thursday night. Three doctors were killed, most recently "
            "last October when a doctor was shot. His name was crossed out that same day.")
    t = next(t for t in tag(text, dct="1999-02-06", mode="news") if t.text == "that same day")
    assert (t.value, t.anchor) == ("1998-10-XX", "last October")
    assert (t.earliest, t.latest) == ("1998-10-01", "1998-10-31")


def test_temporal_a_date_anchored_after_a_look_back_moves_on_again():
    text = ("Most recently last October a doctor was shot. On Feb. 2 the site closed. "
            "The next morning it reopened.")
    t = next(t for t in tag(text, dct="1999-02-06", mode="news")
             if t.text == "The next morning")
    assert t.value == "1999-02-03TMO"


def test_temporal_event_word_modifying_another_noun_is_no_event_anchor():
    # "Thursday" dates the news conference, not the murder.
    text = ("The attorney has scheduled a news conference Thursday to announce a development "
            "in the murder investigation. A jogger saw the car 10 days before the murder.")
    t = next(t for t in tag(text, dct="1999-05-05", mode="news") if t.text.startswith("10 days"))
    assert (t.type, t.value, t.anchor) == ("DURATION", "P10D", "the murder")


def test_temporal_event_anchor_still_found_for_the_event_itself():
    text = "The vote was held on 3 May 1998. Four days after the vote, the results came."
    t = next(t for t in tag(text, dct="2000-01-01", mode="narrative")
             if t.text.startswith("Four days"))
    assert (t.value, t.anchor) == ("1998-05-07", "3 May 1998")


def test_temporal_time_of_a_named_day_moves_the_story_to_that_day():
    # A 2024 page about 1953: "the next morning" follows the night it names, not the DCT.
    text = ("On the night of 31 January 1953, a storm surge broke the dykes. By the next "
            "morning, 1,800 people had drowned.")
    t = next(t for t in tag(text, dct="2024-06-10", mode="news")
             if t.text == "the next morning")
    assert (t.value, t.anchor) == ("1953-02-01TMO", "the night of 31 January 1953")


def test_temporal_named_weekday_picks_the_year_it_falls_in():
    # 1 February is a Sunday in 1953, not in 2024 (the page's date).
    text = "The dykes broke on 31 January 1953. Relief efforts began on Sunday, 1 February."
    t = next(t for t in tag(text, dct="2024-06-10", mode="news")
             if t.text == "Sunday, 1 February")
    assert t.value == "1953-02-01"


def test_temporal_named_weekday_that_fits_the_dct_year_is_kept():
    # 7 March 2024 is a Thursday.
    text = "The hearing is set for Thursday, 7 March."
    t = next(t for t in tag(text, dct="2024-03-01", mode="news") if t.text.startswith("Thursday"))
    assert t.value == "2024-03-07"


def test_temporal_event_dated_by_a_clock_time_anchors_an_offset():
    text = ("The council approved the budget early Thursday. The vote came shortly after "
            "2 a.m. Four days after the vote, the measure takes effect.")
    t = next(t for t in tag(text, dct="2021-10-07", mode="news") if t.text.startswith("Four"))
    assert (t.text, t.value) == ("Four days after the vote", "2021-10-11")


def test_temporal_meet_again_friday_is_the_coming_friday():
    # 2024-03-14 is a Thursday.
    v = _values("Management and the union meet again Friday.", dct="2024-03-14")
    assert v["Friday"] == "2024-03-15"



@pytest.mark.parametrize("text, expr, value", [
    ("Schools will stay closed until next Monday.", "next Monday", "XXXX-WXX-1"),
    ("We met last May.", "last May", "XXXX-05"),
    ("We met again that spring.", "that spring", "XXXX-SP"),
])
def test_temporal_relative_day_without_any_date_keeps_what_it_names(text, expr, value):
    # No document date and no date in the text: a Monday is still a Monday.
    assert _values(text, dct=None, mode="narrative")[expr] == value


def test_temporal_clock_time_before_on_a_date_is_on_that_date():
    text = ("On July 10, 2002 they met. At 5:34 AM Baghdad time on March 20, 2003 the "
            "invasion began.")
    t = next(t for t in tag(text, dct="2009-12-19", mode="narrative") if t.text == "5:34 AM")
    assert t.value == "2003-03-20T05:34"


def test_temporal_bare_clock_time_does_not_become_the_anchor():
    text = "On 20 March 2003 it began. The attack came at noon on 5 May."
    found = {t.text: t for t in tag(text, dct="2009-12-19", mode="narrative")}
    assert found["noon"].value == "2003-05-05T12:00"
    assert found["5 May"].anchor == "20 March 2003"


def test_temporal_history_does_not_take_undated_months_from_its_retrieval_date():
    # Published (retrieved) in 2022; the story is of 1911 onwards.
    text = "The port had been contested since 1911. Tensions grew through the spring."
    t = next(t for t in tag(text, dct="2022-08-30", mode="narrative")
             if t.text == "the spring")
    assert (t.value, t.earliest) == ("XXXX-SP", "")


def test_temporal_narrative_about_the_future_still_takes_the_dct_year():
    text = "The shares will be placed around Nov. 1. The rate holds until Dec. 31, 1994."
    t = next(t for t in tag(text, dct="1989-10-30", mode="narrative")
             if t.text == "around Nov. 1")
    assert t.value == "1989-11-01"


@pytest.mark.parametrize("text, value", [
    # 2023-11-03 is a Friday
    ("Forecasters said another system could arrive on Tuesday.", "2023-11-07"),
    ("The talks might resume Monday.", "2023-11-06"),
    # a modal of the past or of a passive, and one in another clause, are no look ahead
    ("Neither he nor his parents could be located Wednesday in Cardenas.", "2023-11-01"),
    ("He could not reach them on Tuesday.", "2023-10-31"),
    ("Clinton glossed over warnings from Moscow on Thursday that air strikes could do "
     "serious harm.", "2023-11-02"),
])
def test_temporal_modal_verb_before_a_weekday_looks_ahead(text, value):
    t = next(t for t in tag(text, dct="2023-11-03", mode="news") if t.type == "DATE")
    assert t.value == value


# 2013-06-11 is a Tuesday.
@pytest.mark.parametrize("text, expr, value", [
    ("He was arrested in the killing on Sunday and will appear in court on Tuesday.",
     "Sunday", "2013-06-09"),
    ("On Sunday police arrested him and he will appear Tuesday.", "Sunday", "2013-06-09"),
    # with no cue of its own, the other clause's still decides
    ("The talks on Friday and Saturday will decide it.", "Friday", "2013-06-14"),
])
def test_temporal_a_cue_of_the_next_clause_does_not_place_a_weekday_its_own_clause_dates(
        text, expr, value):
    assert _values(text, dct="2013-06-11")[expr] == value
