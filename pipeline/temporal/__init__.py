"""Annalist's temporal tagger: TIMEX3 values, intervals and precision.

``tag(text, dct=..., mode=...)`` is the entry point; see ``docs/temporal.md`` for the
conventions (ranges, part-of-period intervals, BCE, dual dating) and
:mod:`pipeline.temporal.evaluate` for scoring against TimeML gold.
"""

from __future__ import annotations

from .mode import ModeChoice
from .tagger import AUTO, MODES, choose_mode, tag

VERSION = "1.34.0"  # 1.34: a scheduled present tense ("the council meets Monday") looks ahead; "soon" in a news clause about the future is FUTURE_REF; "the coming weeks" is PXW; "later in the day" is the day the text is on; "the October slaying" is a date; "USA Today", ABC's "This Week" are titles; "twelve hundred students" is no year; "that same day", "the next morning" after a look back ("last October") point at it; an event word modifying another noun ("murder investigation") is no event anchor; 1.33: a number before a street's name is a house number, not a year ("at 2088 Philip Street"); 1.32: "days later", "weeks earlier" after a year or month count from the whole anchor period (the anchor happened somewhere in it), not only past its end; 1.31: "two weeks later", "the next morning" after a month the text moved on to are not counted from an earlier day; 1.30: in news, "the end of the year" in a clause about the future is the report's year, not a past year named before; 1.29: a past perfect in a relative clause between commas does not cancel a deadline ("by February"); 1.28: a present passive ("when the case is heard in May") is no past cue and stops the search for one; 1.27: "two thousand years", "five hundred years" (P500Y, not P105Y); 1.26: "then-current" is PAST_REF; 1.25: "that quarter", and "this quarter" told in the past, are the quarter named; 1.24: "the same period last year", "the quarter a year ago", "the year-ago third quarter" are a quarter a year back; 1.23: "the day before last Tuesday('s hearing)" is one date; 1.22: "by mid-afternoon", "mid-afternoon yesterday", "late evening Tuesday" are times of that day; 1.21: "the latest period" is the quarter named; a quarter in a future-tense clause is not the reported one; 1.20: "the annual March for Life", "the ``March of the ..." are names; 1.19: a quoted date takes the quotation's tense; "were planning to" looks ahead, "had been scheduled to" and "since" back; a clock time before "(0735 GMT) Friday" is on Friday; 1.18: every written year far and no word pointing at a day of its own -> narrative, whatever its reporting verbs; 1.17: "in his early 30s" is an age; 1.16: a four-digit clock time with its zone ("2045 GMT") is a time, never a year; 1.15: a clause-opening "Now," is no time; 1.14: no expression crosses a blank line; 1.13: a clock time after a named day; 1.12: every written year far -> narrative

__all__ = ["tag", "choose_mode", "ModeChoice", "MODES", "AUTO", "VERSION"]
