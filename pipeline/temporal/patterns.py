"""Recognition: compiled regular expressions that find candidate temporal expressions.

Each rule is ``(kind, regex)``; the normaliser dispatches on ``kind``. A rule may mark the
expression inside a wider context match with a named group ``t`` (e.g. ``for (years)``).
All rules run over the text; overlapping candidates are resolved by keeping the longest
(then the earliest rule). Month names are matched capitalised only, so "may" and
"march" the verbs never match; everything else is case-insensitive.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import (MONTH_RE, NUM_WORD_RE, ORD_WORD_RE, SEASON_RE, UNIT_RE, WEEKDAY_RE)

ERA = r"(?:\s?(?P<era>BCE|BC|B\.C\.E\.|B\.C\.|AD|A\.D\.|CE|C\.E\.)(?![\w]))"
ERA2 = ERA.replace("?P<era>", "?P<era2>")
ERA_LOOK = ERA.replace("?P<era>", "?:")
LB = r"(?<![\w$£€#@/.,:+\-–])"           # left boundary for numbers
LB_DAY = r"(?<![\w$£€#@/.,:+])"        # "31 May-1 June": a dash may precede a day
LB_YEAR = r"(?<![\w$£€#@/.,:+])"        # after a modifier ("mid-2007")
YEAR_RB = r"(?![\w%°]|[.,:/]\d|\s?(?:px|percent|per\s+cent)\b)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
MODP = (r"(?P<mod>(?i:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|middle|late|later)(?:\s+in)?"
        r"|the\s+(?:very\s+)?(?:start|beginning|end|middle|close|dawn|first\s+half|"
        r"second\s+half|latter\s+half|(?:early|latter|later|last|final)\s+(?:part|days|"
        r"weeks|months)|first\s+(?:days|weeks|months))\s+of(?:\s+the)?))(?:-|\s+|-\s*)")
APPROX = (r"(?P<approx>(?i:c\.|ca\.|circa|around|about|approximately|roughly|sometime\s+"
          r"(?:around|in)|some\s+time\s+around)\s*)")
ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{ORD_WORD_RE})"
NUM = rf"(?:\d+(?:[.,]\d+)?|(?i:{NUM_WORD_RE}|several|a\s+few|few|many|numerous|some))"
CAL = r"(?P<cal>O\.\s?S\.|N\.\s?S\.|Old\s+Style|New\s+Style|OS|NS)"
CAL2 = CAL.replace("?P<cal>", "?P<cal2>")

_RULES: list[tuple[str, str, int]] = [
    # Dual dating: 10 July (O.S. 28 June) 1807 / 10 July 1807 (O.S. 28 June).
    ("dual", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE})\s*[(\[]\s*{CAL}[:,]?\s*"
             rf"(?P<d2>{DAYNUM})(?:\s+(?P<m2>{MONTH_RE}))?\s*[)\]]\s*,?\s*(?P<y>\d{{3,4}})"
             r"(?!\d)", 0),
    ("dual", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE}),?\s+(?P<y>\d{{3,4}})\s*[(\[]\s*{CAL}"
             rf"[:,]?\s*(?P<d2>{DAYNUM})(?:\s+(?P<m2>{MONTH_RE}))?(?:,?\s+(?P<y2>\d{{3,4}}))?"
             r"\s*[)\]]", 0),
    # A full date marked with its calendar: 28 June 1807 (O.S.)
    ("date_cal", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE}),?\s+(?P<y>\d{{3,4}})\s*"
                 rf"(?:[(\[]\s*{CAL2}\s*[)\]]|{CAL2.replace('cal2', 'cal3')}(?!\w))", 0),
    # Day ranges sharing a month: 6-7 January 1916, August 14-24, 1914
    ("dayrange", rf"{LB_DAY}(?P<d1>{DAYNUM})\s*(?:[–—-]|to|until|and)\s*(?P<d2>{DAYNUM})\s+"
                 rf"(?P<mon>{MONTH_RE})(?:,?\s+(?P<year>\d{{3,4}}){ERA}?(?!\d))?", 0),
    ("dayrange", rf"(?P<mon>{MONTH_RE})\s+(?P<d1>{DAYNUM})\s*(?:[–—-]|to|until|and)\s*"
                 rf"(?P<d2>{DAYNUM})(?![\d:])(?:,?\s+(?P<year>\d{{3,4}}){ERA}?(?!\d))?", 0),
    # Year ranges: 1923–1924, 1941–45, 1804/05 (a hyphen alone needs four digits after it).
    ("yearrange", rf"(?:{APPROX})?{LB}(?P<y1>1\d{{3}}|20\d{{2}}|\d{{1,4}}(?={ERA_LOOK}))(?P<e1>{ERA2})?"
                  rf"\s*(?:[–—/]\s*(?P<y2>\d{{2,4}})|-(?P<y3>1\d{{3}}|20\d{{2}}|\d\d))"
                  rf"{ERA}?{YEAR_RB}", 0),
    # Full and partial dates at day precision.
    ("date", rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?:(?i:the)\s+)?{LB_DAY}(?P<day>{DAYNUM})"
             rf"(?:\s+of)?\s+(?P<mon>{MONTH_RE})(?:,?\s+(?P<year>\d{{3,4}}){ERA}?{YEAR_RB}"
             rf"|\s+(?P<year2>\d{{1,4}}){ERA2})?", 0),
    ("date", rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?P<mon>{MONTH_RE})\s+(?P<day>{DAYNUM})"
             rf"(?![\d:.,]\d|\w)(?:,?\s+(?P<year>\d{{3,4}}){ERA}?{YEAR_RB}"
             rf"|,?\s+(?P<year2>\d{{1,4}}){ERA2})?", 0),
    ("iso", rf"{LB}(?P<y>1\d{{3}}|20\d{{2}})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?!\d)", 0),
    ("iso", rf"{LB}(?P<m>0?[1-9]|1[0-2])/(?P<d>[0-3]?\d)/(?P<y>1\d{{3}}|20\d{{2}}|\d{{2}})"
            r"(?![\d/])", 0),
    # Month (+ year), with an optional part-of-period modifier.
    ("month", rf"(?:{MODP})?(?P<mon>{MONTH_RE})(?:(?:\s+(?i:of)|,)?\s+(?P<year>\d{{3,4}})"
              rf"{ERA}?{YEAR_RB}|\s+(?P<year2>\d{{1,4}}){ERA2})?", 0),
    # Seasons.
    ("season", rf"(?:{MODP})?(?:(?P<the>(?i:the))\s+)?(?P<season>(?i:{SEASON_RE}))"
               rf"(?:(?:\s+(?i:of)|,)?\s+(?P<year>\d{{3,4}}){ERA}?{YEAR_RB})?(?!\w)", 0),
    # Decades: the 1990s, the early 1920s, the '90s, the 1920s and 30s, the nineties.
    ("decade", rf"(?:{MODP})?(?:(?P<the>(?i:the))\s+)?(?:(?P<dec>\d{{3}}0)'?s|"
               rf"'(?P<dec2d>\d0)s|(?<=the\s)(?P<dec2>\d0)'?s)(?!\w)"
               rf"(?:\s+(?i:and|or|to)\s+(?:(?i:the)\s+)?'?(?P<decb>\d{{1,3}}0)'?s(?!\w))?{ERA}?",
     0),
    ("decade", rf"(?:{MODP})?(?P<the>(?i:the))\s+(?P<decw>(?i:twenties|thirties|forties|"
               r"fifties|sixties|seventies|eighties|nineties))(?!\w)", 0),
    # Centuries and millennia: the 14th century, mid-15th century, the 6th and 7th centuries.
    ("century", rf"(?:{MODP})?(?:(?i:the)\s+)?(?:(?P<o1>{ORD})\s*(?i:and|or|to|through|–|-)"
                rf"\s*(?:(?i:the)\s+)?)?(?P<ord>{ORD})[-\s]+(?P<unit>(?i:century|centuries|"
                rf"millennium|millennia|millenium)){ERA}?(?!\w)", 0),
    # Quarters.
    ("quarter", r"(?:(?i:the)\s+)?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[-\s]+"
                r"(?i:(?:fiscal|calendar)\s+)?(?i:quarter)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?"
                r"(?P<year>\d{4}))?(?!\w)", 0),
    ("quarter", r"(?<!\w)Q(?P<qn>[1-4])(?:\s+(?P<year>\d{4}))?(?!\w)", 0),
    # Years, possibly approximate or modified; numbers with an era.
    ("year", rf"(?:{APPROX})?(?:{MODP}|{LB})(?:(?P<pre>(?i:the\s+year|fiscal(?:\s+year)?|"
             rf"the\s+summer\s+of))\s+)?(?:(?P<ad>AD|A\.D\.)\s*)?{LB_YEAR}"
             rf"(?P<year>1\d{{3}}|20\d{{2}}|\d{{1,4}}(?={ERA_LOOK}))(?:{ERA})?{YEAR_RB}", 1),
    ("year", rf"(?:{APPROX})?(?P<ad>AD|A\.D\.)\s*(?P<year>\d{{1,4}})(?!\d)", 1),
    # A three-digit year after "in" before punctuation ("in 800, Charlemagne").
    ("year3", r"(?<!\w)(?i:in)\s+(?P<t>(?P<year>[1-9]\d{2}))"
              r"(?=[,;:)]|\.\s|\.$)", 1),
    # Relative expressions.
    ("deictic", r"(?<![\w-])(?P<word>(?i:today|tonight|tomorrow|yesterday|now|currently|"
                r"nowadays|at\s+present|the\s+present(?:\s+day|\s+time)?|present[-\s]day|"
                r"recently|lately|the\s+(?:recent\s+)?past|(?:the\s+)?recent\s+(?:years|"
                r"months|weeks|days)|(?<!the\s)recent|the\s+future|(?:the\s+)?near\s+future|"
                r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow))(?![\w-])",
     2),
    # Business-news quarters: "the quarter", "the year-ago quarter".
    ("quarter_rel", r"(?<![\w-])(?i:the)\s+(?:(?P<qrel>(?i:latest|current|most\s+recent|recent|"
                    r"just[-\s]ended|same|comparable|year[-\s]ago|year[-\s]earlier|previous|"
                    r"prior|preceding|next|following|coming))\s+)?(?:(?i:fiscal)\s+)?"
                    r"(?i:quarter)(?!\w)(?!\s+(?i:of|century))", 3),
    # Two-digit years with an apostrophe: "'99".
    ("year2d", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%])", 3),
    ("relative", rf"(?<![\w-])(?:(?P<rmod>(?i:early|earlier|late|later|mid))[-\s]+"
                 rf"(?:(?i:in)\s+)?)?(?P<the>(?i:the)\s+)?(?P<rel>(?i:this|last|next|past|"
                 rf"coming|previous|following|preceding|same|that(?:\s+same)?|current|"
                 rf"subsequent|prior))\s+(?P<unit>(?i:year|month|week|weekend|quarter|decade|"
                 rf"century|day|night|{SEASON_RE}|morning|afternoon|evening)|{MONTH_RE}|"
                 rf"{WEEKDAY_RE})(?!\w)", 2),
    ("relative", rf"(?<![\w-])(?P<rel>(?i:that|the\s+same))\s+(?P<unit>(?i:year|month|week|"
                 rf"day|{SEASON_RE}))(?!\w)", 2),
    ("offset", rf"(?<![\w-])(?:{APPROX})?(?P<num>{NUM})(?:[-\s]+(?i:and\s+a\s+half))?[-\s]+"
               rf"(?P<unit>(?i:{UNIT_RE}))\s+(?P<dir>(?i:ago|later|earlier|afterwards?|"
               r"previously|before|after|hence|from\s+now|on|prior))(?!\w)", 2),
    ("offset", r"(?<![\w-])(?P<unit>(?i:days|weeks|months|years|decades))\s+"
               r"(?P<dir>(?i:later|earlier|afterwards?|ago|before|after))(?!\w)", 2),
    ("offset", r"(?<![\w-])(?:(?i:the)\s+)?(?P<unit>(?i:day|week|month|year|night))\s+"
               r"(?P<dir>(?i:before|after|earlier|later|afterwards?))(?!\w)", 3),
    # Durations.
    ("duration", rf"(?<![\w-])(?:(?P<pre>(?i:the\s+(?:first|last|past|next|following|"
                 rf"previous|preceding|coming|final|initial|subsequent)))\s+)?(?:{APPROX})?"
                 rf"(?:(?P<cmp>(?i:more\s+than|less\s+than|over|under|nearly|almost|at\s+"
                 rf"least|at\s+most|up\s+to|some|only|just))\s+)?(?P<num>{NUM})(?P<half>"
                 rf"[-\s]+(?i:and[-\s]+a[-\s]+half))?[-\s]+(?P<unit>(?i:{UNIT_RE}))"
                 rf"(?P<half2>[-\s]+(?i:and[-\s]+a[-\s]+half))?(?:[-\s]+(?P<tail>(?i:long|old)))?"
                 r"(?!\w)", 4),
    ("duration", r"(?<![\w-])(?P<pre>(?i:the\s+(?:last|past|next|following|previous|"
                 r"preceding|coming)))\s+(?P<unit>(?i:years|months|weeks|days|decades|"
                 r"centuries))(?!\w)", 4),
    ("duration", r"(?<![\w-])(?i:for|over|within|after|in)\s+(?P<t>(?:(?i:many|several)\s+)?"
                 r"(?P<unit>(?i:days|weeks|months|years|decades|centuries)))(?!\w)", 5),
    # Times of day.
    ("time", r"(?<![\w:.])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|"
             r"p\.m\.|a\.m|p\.m|am|pm))(?!\w)(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?", 0),
    ("time", r"(?<![\w:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?:\s+(?P<tz>[A-Z]{2,4}T|"
             r"GMT|UTC))?", 1),
    ("time", rf"(?<![\w-])(?P<word>(?i:noon|midday|midnight|tonight|(?:this|yesterday|tomorrow|"
             rf"last|that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+(?:morning|"
             rf"afternoon|evening|night)|{WEEKDAY_RE}\s+(?:morning|afternoon|evening|night)"
             r"))(?!\w)", 1),
    ("time", r"(?<!\w)(?i:at|by|during\s+the|in\s+the|through\s+the)\s+(?P<t>(?P<word>"
             r"(?i:night|nightfall)))(?!\w)", 1),
    # Frequencies.
    ("set", r"(?<![\w-])(?P<word>(?i:daily|weekly|monthly|annually|yearly|nightly|hourly|"
            r"biweekly|every\s+(?:other\s+|single\s+)?(?:day|week|month|year|"
            r"morning|evening|night|decade|summer|winter|spring|autumn)|every\s+\w+\s+"
            r"(?:days|weeks|months|years)|each\s+(?:day|week|month|year)|per\s+(?:day|week|"
            r"month|year|annum)))(?!\w)", 2),
    ("set", r"(?<![\w-])(?i:once|twice|thrice|times)\s+(?P<t>(?P<word>(?i:a\s+(?:day|week|"
            r"month|year))))(?!\w)", 2),
    ("weekday", rf"(?P<wd>{WEEKDAY_RE})(?!\w)", 3),
    ("holiday", r"(?P<hol>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's(?:\s+Day|\s+Eve)|"
                r"New\s+Year's|Easter(?:\s+Sunday)?|Thanksgiving(?:\s+Day)?|Halloween)"
                rf"(?:,?\s+(?P<year>1\d{{3}}|20\d{{2}}))?(?!\w)", 3),
    # "the end of the war", "the end of the month": part of an implicit period.
    ("part", rf"{MODP}(?P<unit>(?i:war|conflict|year|month|decade|century|week|period|"
             r"campaign|siege|occupation|revolution))(?!\w)", 3),
]

RULES: list[tuple[str, re.Pattern[str], int]] = [
    (kind, re.compile(rx), prio) for kind, rx, prio in _RULES
]

# Cheap test before running the rules on a chunk: every rule needs a digit or one of these.
PREFILTER = re.compile(
    r"\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|centur|"
    r"millenni|decade|spring|summer|autumn|fall|winter|now|current|recent|past|future|soon|"
    r"today|tonight|tomorrow|yesterday|night|noon|morning|evening|afternoon|annual|daily|"
    r"hourly|quarter|christmas|easter|thanksgiving|halloween|present|lately|ties|time|war|"
    r"conflict|period|campaign|siege|occupation|revolution|hour|minute|second|fortnight)")


@dataclass(frozen=True)
class Candidate:
    kind: str
    start: int
    end: int
    prio: int
    groups: dict[str, str | None]
    text: str
    spans: dict[str, tuple[int, int]]


def _candidates(text: str, base: int) -> list[Candidate]:
    found: list[Candidate] = []
    for order, (kind, rx, prio) in enumerate(RULES):
        for m in rx.finditer(text):
            if "t" in rx.groupindex and m.group("t") is not None:
                s, e = m.span("t")
            else:
                s, e = m.span()
            # Trim whitespace the optional pieces may leave at the edges.
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            groups = m.groupdict()
            spans = {g: (base + m.start(g), base + m.end(g))
                     for g, v in groups.items() if v is not None}
            found.append(Candidate(kind, base + s, base + e, prio * 100 + order,
                                   groups, text[s:e], spans))
    return found


def find(text: str, *, chunk: int = 2000) -> list[Candidate]:
    """All non-overlapping candidates in ``text``, longest-first, in text order.

    The text is cut at paragraph or line breaks into chunks of about ``chunk`` characters
    (no expression spans a line break that we tag), and chunks without any trigger are
    skipped, which keeps long expression-free stretches cheap.
    """
    out: list[Candidate] = []
    pos, n = 0, len(text)
    while pos < n:
        cut = n if n - pos <= chunk else text.find("\n", pos + chunk)
        if cut == -1:
            cut = n
        piece = text[pos:cut]
        if PREFILTER.search(piece):
            out.extend(_select(_candidates(piece, pos)))
        pos = cut
    return out


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection: longest span first, then rule priority."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    starts: list[int] = []   # taken spans, kept sorted and disjoint
    ends: list[int] = []
    chosen: list[Candidate] = []
    for c in cands:
        i = bisect.bisect_left(starts, c.end)  # spans starting before c ends
        if i and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen
