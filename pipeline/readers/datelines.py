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


def title_date(title: str) -> str:
    """The ISO day of a title that is a dateline (a place, then a full date), else ``""``."""
    if not title or len(title.split()) > _TITLE_WORDS or not any(ch.isdigit() for ch in title):
        return ""
    candidates = [title]
    head, sep, rest = title.partition(",")
    if sep:
        candidates.append(rest)
    for text in candidates:
        value = normalize_date(text.strip())
        if _FULL_DATE.fullmatch(value):
            return value
    return ""


def opening_date(text: str) -> str:
    """The ISO day of a dateline that opens ``text`` (the cleaned prose), else ``""``."""
    m = _OPENING.match(text)
    if m is None:
        return ""
    value = normalize_date(m.group("date"))
    return value if _FULL_DATE.fullmatch(value) else ""
