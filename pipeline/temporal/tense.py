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
_PRESENT_AUX = re.compile(rf"(?i:\b(?:{alternation('present_before_past')})\s+)$")
_CUE = re.compile(rf"(?i:\b(?:(?P<fut>{_FUTURE_CUE})|(?P<past>{_PAST_CUE}))\b)")
# A sentence ends at . ! ? followed by a space and a capital or a quote, unless the
# period ends an initial or a common abbreviation ("Daniel P. Davison", "Mr. Bush").
_SENT_END = re.compile(r"[.!?][\"'’”]*\s+(?=[A-Z\"'“‘(`])|\n\s*\n")
_ABBREV = lang.words(WORDS, "abbreviations")
# "by Dec. 15", "payable Dec. 7", "until March 6": a deadline, after the DCT.
_HAD = re.compile(lang.value(PATTERNS, "pluperfect"))
_RELATIVE = re.compile(lang.value(PATTERNS, "relative_clause"))
_DEADLINE = re.compile(rf"(?i:\b(?:{alternation('deadline_words')})\s+)$")
_QUOTE = re.compile(alternation("quote_marks"))
# "were planning to", "was expected to": a past auxiliary that only carries a future cue.
_PAST_AUX = lang.words(WORDS, "past_auxiliaries")
_FUTURE_NEXT = re.compile(rf"\s+(?i:(?:{_FUTURE_CUE})\b)")
# "had been scheduled to expire Friday": a plan made in the past for a time now past.
_PAST_PLAN = re.compile(lang.value(PATTERNS, "past_before_future"))
# "since March": a date looked back to.
_SINCE = re.compile(rf"(?i:\b(?:{alternation('since_words')})\s+)$")
# "was arrested on Sunday and will appear on Tuesday": a cue past a clause break after the
# expression is another clause's; it decides only when no cue of the expression's own does.
_CLAUSE_BREAK = re.compile(rf"(?i:\b(?:{alternation('clause_breaks')})\b)|;")
_OTHER_CLAUSE = 10 ** 6


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


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def quotation_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The quotation of the sentence ``text[lo:hi]`` that holds ``text[start:end]``, else
    (lo, hi): a reporting verb outside the quotation ("``will leave Thursday,'' he said")
    says when the words were spoken, not when what they tell happens."""
    marks = [m for m in _QUOTE.finditer(text, lo, hi)]
    before = [m for m in marks if m.end() <= start]
    after = [m for m in marks if m.start() >= end]
    if len(before) % 2 == 1 and after:
        return before[-1].end(), after[0].start()
    return lo, hi


def looks_back(text: str, start: int) -> bool:
    """Is the date at ``start`` one looked back to ("since March"): before the DCT, however
    near its next occurrence?"""
    return bool(_SINCE.search(text[max(0, start - 16):start]))


def tense(text: str, start: int, end: int, *, deadlines: bool = True) -> int:
    """+1 if the clause around ``text[start:end]`` speaks of the future ("will meet Bush
    on Thursday", "plans to hold on Tuesday"), -1 if of the past ("was announced
    Wednesday", "shares issued July 1"), 0 when no cue is found. The cue nearest the
    expression in its sentence (in its quotation, if it is quoted) decides, except that
    "since" just before it makes it -1 and a deadline word just before it ("by Dec. 15",
    "payable Dec. 7", "until March 6") makes it +1 in a sentence without a past perfect
    ("had filed reports by Wednesday"; one in a relative clause between commas does not
    count: "The sale, which had been expected, is part of a plan to pay it by February"); ``deadlines=False`` looks at the verbs only ("By
    early 1941" in a history is no future). A future cue after "had (been)" is a plan made
    in the past ("had been scheduled to expire Friday": -1); a present passive ("when
    the case is heard in May") is a cue for neither (0)."""
    lo, hi = sentence_bounds(text, start, end)
    if looks_back(text[lo:], start - lo):
        return -1
    if (deadlines and _DEADLINE.search(text[max(lo, start - 24):start])
            and not _HAD.search(_RELATIVE.sub(_blank, text[lo:hi]))):
        return 1
    lo, hi = quotation_bounds(text, lo, hi, start, end)
    best, best_d = 0, 10 ** 9
    for m in _CUE.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        w = m.group().lower()
        d = start - m.end() if m.end() <= start else m.start() - end
        if m.start() >= end and _CLAUSE_BREAK.search(text, end, m.start()):
            d += _OTHER_CLAUSE
        if m.group("past") and _PRESENT_AUX.search(text, lo, m.start()):
            # "when the case is heard in May": a present passive, neither past nor future
            if d < best_d:
                best, best_d = 0, d
            continue
        if m.group("past") and (w in _NOT_PAST or _NOT_FINITE.search(text, lo, m.start())
                                or (w in _PAST_AUX and _FUTURE_NEXT.match(text, m.end(), hi))):
            continue  # "the reduced dividend", "will be held", "were planning to": not past
        if d < best_d:
            fut = m.group("fut") and not _PAST_PLAN.search(text, lo, m.start())
            best, best_d = (1 if fut else -1), d
    return best
