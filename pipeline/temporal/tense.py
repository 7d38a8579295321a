"""Tense cues: does the clause around an expression speak of the past or the future?

News dates without a year ("Friday", "Nov. 25", "Thanksgiving") are placed before or
after the document creation time by the nearest tense cue in their sentence.
"""

from __future__ import annotations

import re

from pipeline import lang

from .lexicon import PATTERNS, WORDS, alternation

# Tense cues for placing a bare weekday, month or holiday before or after the DCT in news.
_FUTURE_CUE = alternation("future_cues")
_PAST_CUE = alternation("past_cues")
# "-ed" words that are not past tense verbs (or that speak of the future).
_NOT_PAST = lang.words(WORDS, "not_past_ed")
_NOT_FINITE = re.compile(rf"(?i:\b(?:{alternation('not_finite_before')})\s+)$")
_CUE = re.compile(rf"(?i:\b(?:(?P<fut>{_FUTURE_CUE})|(?P<past>{_PAST_CUE}))\b)")
# A sentence ends at . ! ? followed by a space and a capital or a quote, unless the
# period ends an initial or a common abbreviation ("Daniel P. Davison", "Mr. Bush").
_SENT_END = re.compile(r"[.!?][\"'’”]*\s+(?=[A-Z\"'“‘(`])|\n\s*\n")
_ABBREV = lang.words(WORDS, "abbreviations")
# "by Dec. 15", "payable Dec. 7", "until March 6": a deadline, after the DCT.
_HAD = re.compile(lang.value(PATTERNS, "pluperfect"))
_DEADLINE = re.compile(rf"(?i:\b(?:{alternation('deadline_words')})\s+)$")


def _is_sentence_end(text: str, m: re.Match) -> bool:
    if text[m.start()] != ".":
        return True
    word = text[max(0, m.start() - 8):m.start()].rsplit(None, 1)
    w = word[-1].lower() if word else ""
    return not (len(w) <= 1 or w in _ABBREV or (len(w) == 1 and w.isupper()))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``text[start:end]`` (at most 200 characters each way)."""
    lo = max(0, start - 200)
    for m in _SENT_END.finditer(text, lo, start):
        if _is_sentence_end(text, m):
            lo = m.end()
    hi = min(len(text), end + 200)
    for m in _SENT_END.finditer(text, end, hi):
        if _is_sentence_end(text, m):
            hi = m.start() + 1
            break
    return lo, hi


def tense(text: str, start: int, end: int, *, deadlines: bool = True) -> int:
    """+1 if the clause around ``text[start:end]`` speaks of the future ("will meet Bush
    on Thursday", "plans to hold on Tuesday"), -1 if of the past ("was announced
    Wednesday", "shares issued July 1"), 0 when no cue is found. The cue nearest the
    expression in its sentence decides, except that a deadline word just before it
    ("by Dec. 15", "payable Dec. 7", "until March 6") makes it +1 in a sentence without
    a past perfect ("had filed reports by Wednesday"); ``deadlines=False`` looks at the
    verbs only ("By early 1941" in a history is no future)."""
    lo, hi = sentence_bounds(text, start, end)
    if (deadlines and _DEADLINE.search(text[max(lo, start - 24):start])
            and not _HAD.search(text, lo, hi)):
        return 1
    best, best_d = 0, 10 ** 9
    for m in _CUE.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        w = m.group().lower()
        if m.group("past") and (w in _NOT_PAST or _NOT_FINITE.search(text, lo, m.start())):
            continue  # "the reduced dividend", "will be held", "is heard": not past tense
        d = start - m.end() if m.end() <= start else m.start() - end
        if d < best_d:
            best, best_d = (1 if m.group("fut") else -1), d
    return best
