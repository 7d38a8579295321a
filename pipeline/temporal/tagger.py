"""The tagging pass: recognize, normalize left to right with an anchor, join ranges."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from pipeline import lang

from ..records import Timex
from . import anchoring as anc
from .event_anchors import date_event_anchors
from .calendar import PRECISION_RANK, Period, day_period, month_period, valid_day, year_period
from .lexicon import MONTHS, PATTERNS, WEEKDAYS, alternation
from .normalize import Resolved, normalize
from .mode import ModeChoice, decide
from .tense import sentence_bounds, tense
from .patterns import PARAGRAPH_BREAK, Candidate, find

MODES = ("news", "narrative")
AUTO = "auto"

# What may stand between the two ends of a range ("1804 to 1813", "May–June 1915").
_CONNECTOR = re.compile(rf"\s*(?:{alternation('range_connectors')})\s*", re.IGNORECASE)
_RANGE_JOIN = re.compile(rf"\s*(?:{alternation('range_joiners')})\s*", re.IGNORECASE)
_RANGE_OPEN = re.compile(lang.value(PATTERNS, "range_openers"))
_NEEDS_YEAR = {"date", "month", "season", "dayrange", "quarter", "holiday"}
_HAD = re.compile(lang.value(PATTERNS, "pluperfect"))


def _moves_anchor(r: Resolved, text: str) -> bool:
    """Does this date become the anchor for what follows? Not a look back: "two years
    ago", "since 513 BC", "as of 5 December 2006", "forces that had invaded in 1943";
    nor a year or quarter looked forward to: "would be exposed for a planned campaign in
    1976", "will report losses through the third quarter of 1990" (earnings news goes on
    reporting the quarter it named before)."""
    return (r.type == "DATE" and r.period.year is not None and "_REF" not in r.period.value
            and not r.flashback and not _SINCE.search(text, max(0, r.start - 12), r.start)
            and not (r.period.precision == "year" and _pluperfect(text, r.start))
            and not (r.period.precision in ("year", "quarter")
                     and tense(text, r.start, r.end, deadlines=False) > 0))


def _time_of_day(r: Resolved, text: str) -> bool:
    """Is ``r`` a time of a day it names itself ("the night of 31 January 1953", "6 a.m.
    Wednesday"), not a look back? A bare clock time ("at noon") only takes the day it is
    on."""
    p = r.period
    return (r.type == "TIME" and p.year is not None and p.month is not None
            and p.day is not None and not r.flashback
            and (r.absolute or bool(_NAMES_DAY.search(text, r.start, r.end))))


_NAMES_DAY = re.compile(rf"(?i:\b(?:{'|'.join(sorted((*MONTHS, *WEEKDAYS), key=len, reverse=True))})\b)")


def _in_parentheses(text: str, start: int) -> bool:
    """An aside in parentheses ("(as of 5 December 2006)", "(born 1920)") does not move
    the story's time."""
    lo = max(0, start - 120)
    return text.rfind("(", lo, start) > text.rfind(")", lo, start)


def _pluperfect(text: str, start: int) -> bool:
    """Is the date in a past-perfect clause ("forces that had invaded Burma in 1943")?
    That is a look back from the story's time, which stays where it was."""
    lo, _ = sentence_bounds(text, start, start)
    lo = max(lo, start - 80, *(text.rfind(p, 0, start) + 1 for p in ",;:()"))
    return _HAD.search(text, lo, start) is not None


# "part of the empire since 513 BC": a look back from the story's time, not a new one.
_SINCE = re.compile(lang.value(PATTERNS, "look_back_before"))
_DCT = re.compile(r"\s*(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_dct(dct: str | None) -> Period | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``, a longer ISO timestamp) -> Period."""
    if not dct or not isinstance(dct, str):
        return None
    m = _DCT.match(dct)
    if not m:
        return None
    y = int(m.group(1))
    if y == 0:
        return None
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo and d and valid_day(y, mo, d):
        return day_period(y, mo, d)
    if mo and 1 <= mo <= 12:
        return month_period(y, mo)
    return year_period(y)


# A heading or a paragraph ends here: no range or year hint reaches across it
# ("Campaign of 1920\n\nUntil April ..." is a heading and a sentence, not a range).
_BREAK = re.compile(r"\n\s*\n|\n\s*[A-Z]")


_YEAR = re.compile(r"(?<![\w$.,/-])(1\d{3}|20\d{2})(?![\w%]|[.,]\d)")
# A paragraph recalls history when at least this many of its years lie years before the
# DCT and none is near it.
_RECALL_MIN_YEARS = 2


def _passage_end(text: str, pos: int, dct_year: int | None) -> int:
    """End of the passage of history that a date at ``pos`` opens in news: the rest of
    its paragraph (up to a blank line), when the paragraph's written years are all years
    before the DCT and there are at least two; else -1 (no passage)."""
    if dct_year is None:
        return -1
    starts = [m.end() for m in PARAGRAPH_BREAK.finditer(text, 0, pos)]
    lo = starts[-1] if starts else 0
    m = PARAGRAPH_BREAK.search(text, pos)
    hi = m.start() if m else len(text)
    years = [int(y.group(1)) for y in _YEAR.finditer(text, lo, hi)]
    far = [y for y in years if dct_year - y >= anc.RECALL_YEARS]
    if len(far) < _RECALL_MIN_YEARS or len(far) < len(years):
        return -1
    return hi


def _year_hints(cands: list[Candidate], text: str) -> dict[int, int]:
    """An underspecified first end of a range takes the year of the second end:
    "31 May – 1 June 1916", "July–August 1914", "December 1916 to January 1917"."""
    hints: dict[int, int] = {}
    for i in range(len(cands) - 1, -1, -1):
        c = cands[i]
        if c.kind not in _NEEDS_YEAR or c.groups.get("year") or c.groups.get("year2"):
            continue
        if i + 1 >= len(cands):
            continue
        nxt = cands[i + 1]
        gap = text[c.end:nxt.start]
        if _BREAK.search(gap):
            continue
        # "Easter, April 1927": a holiday takes the year of a date in apposition.
        if not (_CONNECTOR.fullmatch(gap) or (c.kind == "holiday" and gap.strip() == ",")):
            continue
        year = None
        ystr = nxt.groups.get("year") or nxt.groups.get("year2")
        if ystr and ystr.isdigit():
            year = int(ystr)
            era = (nxt.groups.get("era") or nxt.groups.get("era2") or "").upper()
            if era.startswith("B"):
                year = -year
        elif (i + 1) in hints:
            year = hints[i + 1]
        if year is None:
            continue
        m1 = _month_of(c)
        m2 = _month_of(nxt)
        if m1 and m2 and m1 > m2:
            year -= 1
        hints[i] = year
    return hints


def _month_of(c: Candidate) -> int | None:
    name = c.groups.get("mon") or c.groups.get("m1")
    return MONTHS.get(name.rstrip(".").lower()) if name else None


def _link(parts: list[Resolved], text: str) -> list[Resolved]:
    """Mark the two ends of each written range with the range's span (from its opener,
    "from"/"between", to the end of its second end); TimeML keeps them two expressions."""
    out = list(parts)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        if _joinable(a, b, text):
            span = (_range_start(a, text), b.end)
            out[i] = replace(a, range_span=span)
            out[i + 1] = replace(b, range_span=span)
            i += 2
            continue
        i += 1
    return out


def _range_start(a: Resolved, text: str) -> int:
    opener = _RANGE_OPEN.search(text[max(0, a.start - 10):a.start])
    return a.start - len(opener.group(0)) if opener else a.start


def _join(parts: list[Resolved], text: str) -> list[Resolved]:
    """Join the two ends of a range into one expression: value of the start, interval
    covering both ("1804 to 1813" -> 1804, 1804-01-01..1813-12-31)."""
    out: list[Resolved] = []
    i = 0
    while i < len(parts):
        a = parts[i]
        b = parts[i + 1] if i + 1 < len(parts) else None
        if b is not None and a.range_span != (-1, -1) and a.range_span == b.range_span:
            start = a.range_span[0]
            prec = max(a.period.precision, b.period.precision,
                       key=lambda p: PRECISION_RANK.get(p, 7))
            p = Period(a.period.value, a.period.earliest, b.period.latest, prec,
                       mod=a.period.mod, year=b.period.year, month=b.period.month,
                       day=b.period.day)
            out.append(Resolved(start, b.end, "DATE", p, anchor=a.anchor or b.anchor,
                                calendar=a.calendar, absolute=a.absolute or b.absolute,
                                anchor_span=a.anchor_span if a.anchor else b.anchor_span))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _joinable(a: Resolved, b: Resolved, text: str) -> bool:
    """Are ``a`` and ``b`` the two ends of one written range?"""
    if a.type != "DATE" or b.type != "DATE":
        return False
    if not (a.period.earliest and b.period.latest):
        return False
    if _BREAK.search(text, a.end, b.start):
        return False
    if a.range_id < 0 or a.range_id != b.range_id:
        gap = text[a.end:b.start]
        opener = _RANGE_OPEN.search(text[max(0, a.start - 10):a.start])
        between = opener is not None and opener.group(1).lower() == "between"
        if not (_RANGE_JOIN.fullmatch(gap) or (between and re.fullmatch(r"\s*and\s*", gap))):
            return False
    return _sort_key(a.period.earliest) <= _sort_key(b.period.earliest)


def _sort_key(iso_date: str) -> tuple[int, int, int]:
    neg = iso_date.startswith("-")
    y, m, d = (int(x) for x in iso_date.lstrip("-").split("-"))
    return (-y if neg else y), m, d


_CLOCK = re.compile(r"T(\d\d:\d\d)$")
_CLOCK_GAP = re.compile(r",?\s+")  # "at noon on 5 May" stays two expressions, as TimeML does
# "10:35 a.m. (0735 GMT) Friday": the same time in another zone stands between them.
_CLOCK_ASIDE = re.compile(r"\s*\([^()\n]{1,24}\)\s*")
# "At 5:34 AM Baghdad time on March 20, 2003", "at noon on 5 May": two expressions, the
# time on the day named after it.
_CLOCK_ON = re.compile(r"(?:\s+(?:[A-Z][\w.]*\s+|(?i:local)\s+)?(?i:time))?,?\s+(?i:on)\s+")


def _clock_with_date(parts: list[Resolved], text: str) -> list[Resolved]:
    """"5 p.m. EST Nov. 9", "9:34 p.m., March 19": a clock time followed by the day it
    belongs to is one TIME expression of that day; with an aside between them
    ("10:35 a.m. (0735 GMT) Friday") or "on" ("at 5:34 AM Baghdad time on March 20,
    2003", "at noon on 5 May") it stays apart but takes that day."""
    out: list[Resolved] = []
    i = 0
    while i < len(parts):
        a = parts[i]
        b = parts[i + 1] if i + 1 < len(parts) else None
        m = _CLOCK.search(a.period.value) if a.type == "TIME" else None
        if (m and b is not None and b.type == "DATE" and b.period.day is not None
                and "T" not in b.period.value and _CLOCK_GAP.fullmatch(text[a.end:b.start])):
            p = Period(f"{b.period.value}T{m.group(1)}", b.period.earliest, b.period.latest,
                       b.period.precision, year=b.period.year, month=b.period.month,
                       day=b.period.day)
            out.append(Resolved(a.start, b.end, "TIME", p, anchor=b.anchor,
                                absolute=b.absolute))
            i += 2
            continue
        if (m and b is not None and b.type == "DATE" and b.period.day is not None
                and "T" not in b.period.value and (_CLOCK_ASIDE.fullmatch(text[a.end:b.start])
                                                   or _CLOCK_ON.fullmatch(text[a.end:b.start]))):
            # Two expressions still (the aside parts them), the time on the day named.
            p = replace(b.period, value=f"{b.period.value}T{m.group(1)}")
            out.append(replace(a, period=p, anchor=b.anchor, absolute=b.absolute))
            i += 1
            continue
        out.append(a)
        i += 1
    return out


def choose_mode(text: str, *, dct: str | None) -> ModeChoice:
    """News or narrative anchoring for ``text`` with document date ``dct``, from the years
    its absolute dates give against that date and its news cues (:mod:`.mode`)."""
    period = parse_dct(dct)
    years = [r.period.year for r in _tag(text, dct=dct, mode="narrative", ranges="split")
             if r.absolute and r.type == "DATE" and r.period.year is not None]
    return decide(text if isinstance(text, str) else "",
                  dct_year=period.year if period is not None else None, years=years)


def tag_resolved(text: str, *, dct: str | None, mode: str, ranges: str = "join",
                 sections: Sequence[int] = ()) -> list[Resolved]:
    """The tagger's working form; :func:`tag` wraps it into ``Timex`` records.
    ``mode="auto"`` picks news or narrative with :func:`choose_mode`."""
    if not isinstance(text, str) or not text:
        return []
    if mode == AUTO:
        mode = choose_mode(text, dct=dct).mode
    return _tag(text, dct=dct, mode=mode, ranges=ranges, sections=sections)


def _tag(text: str, *, dct: str | None, mode: str, ranges: str,
         sections: Sequence[int] = ()) -> list[Resolved]:
    if not isinstance(text, str) or not text:
        return []
    mode = mode if mode in MODES else "narrative"
    ctx = anc.Context(mode=mode, dct=parse_dct(dct))
    breaks = sorted(b for b in sections if isinstance(b, int) and b > 0)
    nb = 0
    if mode == "narrative" and ctx.dct is not None and ctx.dct.period.year is not None:
        dct_year = ctx.dct.period.year
        ctx.dct_after_story = any(dct_year - int(m.group(1)) >= anc.RECALL_YEARS
                                  for m in _YEAR.finditer(text))
    try:
        cands = find(text)
    except Exception:  # a regex bug must not lose the document
        return []
    try:
        hints = _year_hints(cands, text)
    except Exception:  # noqa: BLE001 - lose the hints, not the document
        hints = {}
    parts: list[Resolved] = []
    for i, c in enumerate(cands):
        ctx.year_hint = hints.get(i)
        ctx.leave_recall(c.start)
        if nb < len(breaks) and breaks[nb] <= c.start:
            # A new section of a narrative ("## Background", "## Aftermath") starts no
            # later than where the last one ended: its undated "In May" is not the last
            # section's May. A dated heading ("## 1913") sets the time again itself.
            while nb < len(breaks) and breaks[nb] <= c.start:
                nb += 1
            if ctx.mode == "narrative":
                ctx.new_section()
        try:
            resolved = [_with_anchor_span(r, ctx) for r in normalize(c, ctx, text)]
        except Exception:  # noqa: BLE001 - one odd candidate must not lose the document
            continue
        parts.extend(resolved)
        aside = ctx.last is not None and bool(resolved) and _in_parentheses(text, c.start)
        for r in resolved:
            if r.flashback and r.type == "DATE" and not aside:
                ctx.look_back(r.period, text[r.start:r.end], (r.start, r.end))
            if _moves_anchor(r, text) and not aside:
                ctx.update(r.period, text[r.start:r.end], (r.start, r.end))
                if r.absolute and ctx.mode == "news" and ctx.recall_until < 0:
                    dct_year = ctx.dct.period.year if ctx.dct is not None else None
                    ctx.recall(r.period, _passage_end(text, r.end, dct_year))
            elif _time_of_day(r, text) and not aside:
                # "the night of 31 January 1953 ... By the next morning": a time of a known
                # day moves the story to that day.
                p = r.period
                ctx.update(day_period(p.year, p.month, p.day), text[r.start:r.end],
                           (r.start, r.end))
    ctx.year_hint = None
    try:
        parts = _clock_with_date(parts, text)
    except Exception:  # noqa: BLE001 - keep them apart rather than lose them
        pass
    try:
        parts = date_event_anchors(parts, text)
    except Exception:  # noqa: BLE001 - keep the durations rather than lose the document
        pass
    try:
        parts = _link(parts, text)
        if ranges == "join":
            parts = _join(parts, text)
    except Exception:  # noqa: BLE001 - keep the ends unjoined rather than nothing
        pass
    return parts


def _with_anchor_span(r: Resolved, ctx: anc.Context) -> Resolved:
    """``r`` with the offsets of the date it was resolved against (the context's anchors
    are the only dates a handler resolves against)."""
    if not r.anchor or r.anchor == "DCT" or r.anchor_span != (-1, -1):
        return r
    for a in (ctx.flashback, ctx.last, ctx.last_day):
        if a is not None and a.text == r.anchor:
            return replace(r, anchor_span=a.span)
    return r


def tag(text: str, *, dct: str | None = None, mode: str = "narrative",
        ranges: str = "join", sections: Sequence[int] = ()) -> list[Timex]:
    """Find and normalize every temporal expression in ``text``.

    ``mode="news"`` resolves deictic expressions ("yesterday", "last year") against
    ``dct`` (ISO ``YYYY-MM-DD``); ``mode="narrative"`` resolves them against the most
    recent date in the text, falling back to ``dct``; ``mode="auto"`` chooses one of the
    two from the text (:func:`choose_mode`). ``start``/``end`` are offsets into
    ``text``; ``anchor`` names the expression a relative value was resolved against (or
    ``DCT``), empty for absolute dates. ``ranges="join"`` returns a written range
    ("1804 to 1813") as one expression; ``"split"`` returns its two ends, as TimeML
    annotates them. ``sections`` are the offsets where a heading opens a section: in a
    narrative the story's time does not run on into a new section (its own dates, or its
    heading's, set it again). Never raises; deterministic (no clock, no locale).
    """
    out: list[Timex] = []
    for r in tag_resolved(text, dct=dct, mode=mode, ranges=ranges, sections=sections):
        p = r.period
        out.append(Timex(start=r.start, end=r.end, text=text[r.start:r.end], type=r.type,
                         value=p.value, mod=p.mod, earliest=p.earliest, latest=p.latest,
                         precision=p.precision, anchor=r.anchor, calendar=r.calendar,
                         anchor_start=r.anchor_span[0], anchor_end=r.anchor_span[1],
                         anchor_offset=r.offset, range_start=r.range_span[0],
                         range_end=r.range_span[1]))
    out.sort(key=lambda t: (t.start, t.end))
    return out
