"""Datelines: where a document without metadata says its own date.

A wire story is dated twice over: a title that is only a place and a date
(``Belgrade, 24 March 1999``), or a dateline opening the first paragraph
(``ANKARA, March 9, 2010 (Reuters) - ...``). Either is the story's ``published`` date
when no manifest or metadata gives one, so its "on Monday" resolves against the day it
was filed rather than against whatever date the text happens to mention first.
"""

from __future__ import annotations

import re

from pipeline import lang
from pipeline.readers.base import normalize_date

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE_WORDS = 7  # "Belgrade, Serbia, Wednesday 24 March 1999": longer is a headline
_OPENING = re.compile(lang.value("layout", "opening_dateline"))
# "24 March 1999", "March 24, 1999", "Wednesday 24 March 1999", "1999-03-24" closing a title.
_TITLE_DATE = re.compile(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
                         r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"
                         r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})$")


def title_date(title: str) -> str:
    """The ISO day of a title that is a dateline (a place, then a full date), else ``""``.
    Only a title ending in a written-out date is parsed: a headline such as "Felt dead at
    95" would send dateparser through every locale it has (two seconds per process)."""
    if not title or len(title.split()) > _TITLE_WORDS:
        return ""
    m = _TITLE_DATE.search(title.strip())
    if m is None or (m.start() and title.strip()[:m.start()].rstrip()[-1:] not in (",", "")):
        return ""
    value = normalize_date(m.group(0))
    return value if _FULL_DATE.fullmatch(value) else ""


def opening_date(text: str) -> str:
    """The ISO day of a dateline that opens ``text`` (the cleaned prose), else ``""``."""
    m = _OPENING.match(text)
    if m is None:
        return ""
    value = normalize_date(m.group("date"))
    return value if _FULL_DATE.fullmatch(value) else ""
