"""Durations anchored on an event the text names: "four days after the vote", "six months
before the Soviet deployment".

The recognizer leaves such an expression a DURATION ("four days", as TimeML annotates
it) whose ``anchor`` is the event phrase and whose ``offset`` is the signed amount
("+P4D"). When an earlier sentence names the same event together with a date ("The vote
was held on 3 May 1998"), :func:`date_event_anchors` turns the duration into the date
that far from it, anchored on that date; otherwise it stays a duration with its anchor
recorded, which is all the text says.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import lang

from . import anchoring as anc
from .lexicon import WORDS
from .resolved import Resolved
from .tense import sentence_bounds

# Words that end an event phrase: "after the vote *and* the count", "before the war *in*".
_STOPS = lang.words(WORDS, "event_phrase_stops")
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")
_MAX_WORDS = 6
_OFFSET = re.compile(r"([+-])P(T?)(\d+(?:\.\d+)?)(Y|M|W|D|H)")
# The anchor date must be at least as fine as the offset's unit.
_DAY = frozenset({"day"})
_FINE_ENOUGH = {"H": _DAY, "D": _DAY, "W": _DAY, "M": frozenset({"day", "month"}),
                "Y": frozenset({"day", "month", "season", "quarter", "year"})}
# Only a word that names a happening is looked up ("the vote", "the deployment"; not
# "his team"): the event lexicon's nouns and eventive suffixes.
_EVENT_NOUNS = lang.words("event_lexicon", "event_nouns")
_EVENT_SUFFIXES = tuple(lang.ordered("event_lexicon", "nominal_suffixes"))
# The event's date must stand this close to the word that names it.
_NEAR = 60
_APPOSITION = re.compile(r",\s*")
# How many earlier mentions of the event's head word are tried, most recent first.
_TRIES = 3


def event_phrase(text: str, pos: int) -> tuple[int, int] | None:
    """Offsets of the event phrase starting after ``pos`` ("the Soviet deployment" of
    "... before the Soviet deployment, the army"): up to six words, stopping at
    punctuation, a preposition other than "of", a conjunction or a relative word."""
    start = end = -1
    n = 0
    for m in _WORD.finditer(text, pos, min(len(text), pos + 120)):
        w = m.group()
        if not (w[0].isalnum() or w[0] == "_") or "\n" in text[max(end, pos):m.start()]:
            break
        if n and w.lower() in _STOPS:
            break
        if start < 0:
            start = m.start()
        end = m.end()
        n += 1
        if n >= _MAX_WORDS:
            break
    if start < 0 or not any(ch.isalpha() for ch in text[start:end]):
        return None
    return start, end


def _head(phrase: str) -> str:
    words = re.findall(r"[A-Za-z][\w-]*", phrase)
    if not words:
        return ""
    w = re.sub(r"['’]s$", "", words[-1]).lower()
    # Only a noun naming a happening: not a verb ("after the KPA invaded"), not a group.
    stem = w[:-1] if w.endswith("s") and w[:-1] in _EVENT_NOUNS else w
    if stem in _EVENT_NOUNS or (stem.endswith(_EVENT_SUFFIXES) and len(stem) > 6):
        return stem
    return ""


def date_event_anchors(parts: list[Resolved], text: str) -> list[Resolved]:
    """Each event-anchored duration of ``parts`` as a date, when an earlier sentence names
    its event (the phrase's head word) with a date, or when the phrase opens with a date
    ("the day before last Tuesday's hearing": one date); the others unchanged."""
    out = list(parts)
    drop: set[int] = set()
    for i, r in enumerate(out):
        if r.type != "DURATION" or not r.offset or r.anchor_span == (-1, -1):
            continue
        m = _OFFSET.fullmatch(r.offset)
        if m is None:
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (nxt is not None and nxt.type == "DATE" and nxt.start == r.anchor_span[0]
                and nxt.period.precision in _FINE_ENOUGH[m.group(4)]):
            # "the day before last Tuesday('s hearing)": the date named is the anchor, and
            # the whole is one date, as TimeML annotates it.
            n = float(m.group(3)) * (-1 if m.group(1) == "-" else 1)
            p = anc.shift(nxt.period, n, m.group(4))
            if p is not None:
                out[i] = replace(r, end=nxt.end, type="DATE", period=p,
                                 anchor=text[nxt.start:nxt.end],
                                 anchor_span=(nxt.start, nxt.end), flashback=n < 0)
                drop.add(i + 1)
            continue
        prev = out[i - 1] if i else None
        if (prev is not None and prev.type == "DATE" and prev.period.day is not None
                and text[r.start:r.start + 4].lower() == "the "
                and _APPOSITION.fullmatch(text, prev.end, r.start)):
            # "Oct. 12, the day before the plunge": the duration names the date before it.
            out[i] = replace(r, type="DATE", period=prev.period, anchor=text[prev.start:prev.end],
                             anchor_span=(prev.start, prev.end), offset="")
            continue
        head = _head(r.anchor)
        if not head:
            continue
        date = _event_date(out[:i], text, head, r.start, _FINE_ENOUGH[m.group(4)])
        if date is None:
            continue
        n = float(m.group(3)) * (-1 if m.group(1) == "-" else 1)
        p = anc.shift(date.period, n, m.group(4))
        if p is None:
            continue
        # The date is the whole phrase: "four days after the vote", as TIMEX2 marks it.
        out[i] = replace(r, end=r.anchor_span[1], type="DATE", period=p,
                         anchor=text[date.start:date.end],
                         anchor_span=(date.start, date.end), flashback=n < 0)
    return [r for i, r in enumerate(out) if i not in drop]


_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


def _modifies_event(text: str, end: int) -> bool:
    """Is the word ending at ``end`` a modifier of another happening ("a news
    conference Thursday ... in the murder investigation", "murder charges")? Then a date
    near it dates that happening, not this one."""
    m = _NEXT_WORD.match(text, end, min(len(text), end + 30))
    if not m:
        return False
    w = m.group(1)
    stem = w[:-1] if w.endswith("s") and w[:-1] in _EVENT_NOUNS else w
    return stem in _EVENT_NOUNS or (stem.endswith(_EVENT_SUFFIXES) and len(stem) > 6)


def _event_date(before: list[Resolved], text: str, head: str, limit: int,
                precisions: frozenset[str]) -> Resolved | None:
    """The date of the latest sentence before ``limit`` that names ``head`` ("vote"):
    the dated expression of that sentence nearest the word, if its precision is one of
    ``precisions`` (four days from a month is no day)."""
    hits = [h for h in re.compile(rf"(?i)\b{re.escape(head)}\w*").finditer(text, 0, limit)
            if not _modifies_event(text, h.end())]
    for hit in reversed(hits[-_TRIES:]):
        lo, hi = sentence_bounds(text, hit.start(), hit.end())
        dated = [q for q in before if lo <= q.start and q.end <= hi
                 and min(abs(q.start - hit.end()), abs(hit.start() - q.end)) <= _NEAR
                 and q.period.year is not None and "_REF" not in q.period.value
                 and (q.type == "DATE" and q.period.precision in precisions
                      # "The vote came shortly after 2 a.m." (on a known day)
                      or q.type == "TIME" and q.period.day is not None and "day" in precisions)]
        if dated:
            return min(dated, key=lambda q: abs(q.start - hit.start()))
    return None
