"""Recognition: compiled regular expressions that find candidate temporal expressions.

Each rule has a ``kind`` the normaliser dispatches on. A rule may mark the expression
inside a wider context match with a named group ``t`` (e.g. ``for (years)``). Every rule
runs over the whole text; overlapping candidates are resolved by keeping the longest
(then the higher-priority rule). Month names are matched capitalised only, so "may" and
"march" the verbs never match; everything else is case-insensitive.

Speed: each regex starts with its core (digit, month name, keyword) so that the regex
engine's first-character scan skips most positions; optional words in front of a core
are attached afterwards (see ``PREFIXES``), only where the preceding word allows it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import (MONTH_RE, NUM_WORD_RE, ORD_WORD_RE, SEASON_RE, UNIT_RE, WEEKDAY_RE)

ERA = r"(?:\s?(?P<era>BCE|BC|B\.C\.E\.|B\.C\.|AD|A\.D\.|CE|C\.E\.)(?![\w]))"
ERA2 = ERA.replace("?P<era>", "?P<era2>")
ERA_LOOK = ERA.replace("?P<era>", "?:")
YEAR_RB = r"(?![\w%°]|[.,:/]\d|\s?(?:px|percent|per\s+cent)\b)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORD_WORD_RE}))"
NUM = rf"(?:\d{{1,7}}(?:[.,]\d{{1,3}})?|(?i:{NUM_WORD_RE}|several|a\s+few|few|many|numerous|some))"
CAL = r"(?P<cal>O\.\s?S\.|N\.\s?S\.|Old\s+Style|New\s+Style|OS|NS)"
CAL2 = CAL.replace("?P<cal>", "?P<cal2>")

_UNITS_W = "(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_W = ("(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
            "nineteen)")
_TENS_W = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_CENT_W = "(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"

# Characters that may not touch a number on its left ("$1990", "T-72", "1,500", "3/1990").
NUM_LEFT = "$£€#@/.,:+-–"
DAY_LEFT = "$£€#@/.,:+"     # "31 May-1 June": a dash may precede a day

# Rules: (kind, regex, priority, prefix, characters forbidden just before the match).
# A rule's regex starts with its *core* (a digit, a month name, a keyword) so the regex
# engine can skip ahead quickly; optional words in front of the core ("the", "late",
# "c.", "Friday,") are attached afterwards by the ``prefix`` patterns below, which is
# much cheaper than trying them at every position of the text.
_RULES: list[tuple[str, str, int, str, str]] = [
    # Dual dating: 10 July (O.S. 28 June) 1807 / 10 July 1807 (O.S. 28 June).
    ("dual", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE})\s*[(\[]\s*{CAL}[:,]?\s*"
             rf"(?P<d2>{DAYNUM})(?:\s+(?P<m2>{MONTH_RE}))?\s*[)\]]\s*,?\s*(?P<y>\d{{3,4}})"
             r"(?!\d)", 0, "", DAY_LEFT),
    ("dual", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE}),?\s+(?P<y>\d{{3,4}})\s*[(\[]\s*{CAL}"
             rf"[:,]?\s*(?P<d2>{DAYNUM})(?:\s+(?P<m2>{MONTH_RE}))?(?:,?\s+(?P<y2>\d{{3,4}}))?"
             r"\s*[)\]]", 0, "", DAY_LEFT),
    # A full date marked with its calendar: 28 June 1807 (O.S.)
    ("date_cal", rf"(?P<d1>{DAYNUM})\s+(?P<m1>{MONTH_RE}),?\s+(?P<y>\d{{3,4}})\s*"
                 rf"(?:[(\[]\s*{CAL2}\s*[)\]]|{CAL2.replace('cal2', 'cal3')}(?!\w))", 0, "",
     DAY_LEFT),
    # Day ranges sharing a month: 6-7 January 1916, August 14-24, 1914
    ("dayrange", rf"(?P<d1>{DAYNUM})\s*(?:[–—-]|to|until|and)\s*(?P<d2>{DAYNUM})\s+"
                 rf"(?P<mon>{MONTH_RE})(?:,?\s+(?P<year>\d{{3,4}}){ERA}?(?!\d))?", 0, "",
     DAY_LEFT),
    ("dayrange", rf"(?P<mon>{MONTH_RE})\s+(?P<d1>{DAYNUM})\s*(?:[–—-]|to|until|and)\s*"
                 rf"(?P<d2>{DAYNUM})(?![\d:])(?:,?\s+(?P<year>\d{{3,4}}){ERA}?(?!\d))?", 0,
     "", ""),
    # Year ranges: 1923–1924, 1941–45, 1804/05 (a hyphen alone needs four digits after it).
    # Years without four digits need an era on one end ("499-493 BC"); checked later.
    ("yearrange", rf"(?P<y1>\d{{1,4}})(?P<e1>{ERA2})?"
                  rf"\s*(?:[–—/]\s*(?P<y2>\d{{2,4}})|-(?P<y3>1\d{{3}}|20\d{{2}}|\d{{2,4}})"
                  rf"|\s+(?:to|until|till|and)\s+(?P<y4>\d{{1,4}})(?={ERA_LOOK}))"
                  rf"{ERA}?{YEAR_RB}", 0, "approx", NUM_LEFT),
    # Full and partial dates at day precision.
    ("date", rf"(?P<day>{DAYNUM})(?:\s+of)?\s+(?P<mon>{MONTH_RE})(?:,?\s+(?P<year>\d{{3,4}})"
             rf"{ERA}?{YEAR_RB}|\s+(?P<year2>\d{{1,4}}){ERA2})?", 0, "date_dm", DAY_LEFT),
    ("date", rf"(?P<mon>{MONTH_RE})\s+(?P<day>{DAYNUM})(?![\d:.,]\d|\w)(?:,?\s+(?P<year>"
             rf"\d{{3,4}}){ERA}?{YEAR_RB}|,?\s+(?P<year2>\d{{1,4}}){ERA2}|,?\s+(?:(?i:of)\s+)?"
             r"(?P<ryear>(?i:this|next|last|that|the\s+following|the\s+previous|the\s+same))"
             r"\s+(?i:year)(?!\w))?", 0, "date_md", ""),
    ("iso", r"(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?!\d)", 0, "",
     NUM_LEFT),
    ("iso", r"(?P<m>0?[1-9]|1[0-2])/(?P<d>[0-3]?\d)/(?P<y>1\d{3}|20\d{2}|\d{2})"
            r"(?![\d/])", 0, "", NUM_LEFT),
    # Month (+ year), with an optional part-of-period modifier in front.
    ("month", rf"(?P<mon>{MONTH_RE})(?:(?:\s+(?i:of)|,)?\s+(?P<year>\d{{3,4}}){ERA}?{YEAR_RB}"
              rf"|\s+(?P<year2>\d{{1,4}}){ERA2}|,?\s+(?:(?i:of)\s+)?(?P<ryear>(?i:this|next|"
              r"last|that|the\s+following|the\s+previous|the\s+same))\s+(?i:year)(?!\w))?",
     0, "month", ""),
    ("season", rf"(?P<season>(?i:{SEASON_RE}))(?:(?:\s+(?i:of)|,)?\s+(?P<year>\d{{3,4}}){ERA}?"
               rf"{YEAR_RB})?(?!\w)", 0, "period", ""),
    # Decades: the 1990s, the early 1920s, the '90s, the 1920s and 30s, the nineties.
    ("decade", r"['’](?P<dec2d>\d0)s(?!\w)", 0, "period", "'’"),
    ("decade", rf"(?:(?P<dec>\d{{3}}0)'?s|(?P<dec2>\d0)'?s)(?!\w)"
               rf"(?:\s+(?i:and|or|to)\s+(?:(?i:the)\s+)?'?(?P<decb>\d{{1,3}}0)'?s(?!\w))?{ERA}?",
     0, "period", NUM_LEFT.replace("-", "")),
    ("decade", r"(?P<decw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|"
               r"nineties))(?!\w)", 0, "period", ""),
    # Centuries and millennia: the 14th century, mid-15th century, the 6th and 7th centuries.
    ("century", rf"(?:(?P<o1>{ORD})\s*(?i:and|or|to|through|–|-)\s*(?:(?i:the)\s+)?)?"
                rf"(?P<ord>{ORD})[-\s]+(?P<unit>(?i:century|centuries|millennium|millennia|"
                rf"millenium)){ERA}?(?!\w)", 0, "period", ""),
    # Quarters.
    ("quarter", r"(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[-\s]+"
                r"(?i:(?:fiscal|calendar)\s+)?(?i:quarter)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?"
                r"(?P<year>\d{4}))?(?!\w)", 0, "the", ""),
    ("quarter", r"Q(?P<qn>[1-4])(?:\s+(?P<year>\d{4}))?(?!\w)", 0, "", ""),
    # "the 1988 third quarter"
    ("quarter", r"(?P<year>1\d{3}|20\d{2})\s+(?P<q>(?i:first|second|third|fourth|1st|2nd|"
                r"3rd|4th))[-\s]+(?i:(?:fiscal|calendar)\s+)?(?i:quarter)(?!\w)", 0, "the",
     NUM_LEFT),
    # Years, possibly approximate or modified; numbers with an era.
    ("year", rf"(?P<year>1\d{{3}}|20\d{{2}}|\d{{1,4}}(?={ERA_LOOK}))(?:{ERA})?{YEAR_RB}", 1,
     "year", NUM_LEFT),
    ("year", r"(?P<ad>AD|A\.D\.)\s*(?P<year>\d{1,4})(?!\d)", 1, "approx", ""),
    # Years in words, as speech transcripts write them: "nineteen ninety-six".
    ("year_words", rf"(?P<yw>(?i:{_CENT_W}(?:\s+hundred(?:\s+and)?)?\s+(?:{_TENS_W}(?:[-\s]"
                   rf"{_UNITS_W})?|{_TEENS_W}|oh[-\s]{_UNITS_W})(?![-\w])|{_CENT_W}\s+hundred"
                   rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TEENS_W}|{_UNITS_W}))?(?![-\w])))",
     1, "year", ""),
    # A three-digit year after "in" before punctuation ("in 800, Charlemagne").
    ("year3", r"(?i:in)\s+(?P<t>(?P<year>[1-9]\d{2}))(?=[,;:)]|\.\s|\.$)", 1, "", ""),
    # Relative expressions.
    ("deictic", r"(?P<word>(?i:today|tonight|tomorrow|yesterday|now|currently|"
                r"nowadays|at\s+present|the\s+present(?:\s+day|\s+time)?|present[-\s]day|"
                r"current(?!\s+(?:account|accounts|affairs|events|flows?|density|sources?|"
                r"through|passing|running|carrying|of|and|in))|"
                r"recently|lately|the\s+(?:recent\s+)?past|(?:the\s+)?recent\s+(?:years|"
                r"months|weeks|days)|recent|the\s+future|(?:the\s+)?near\s+future|future|"
                r"former|"
                r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|the\s+weekend|"
                r"the\s+(?:near|short)\s+term))(?![\w-])",
     2, "", "-"),
    # Business-news quarters: "the quarter", "the year-ago quarter".
    ("quarter_rel", r"(?i:the)\s+(?:(?i:comparable|same)\s+(?=(?i:year)))?"
                    r"(?:(?P<qrel>(?i:latest|current|most\s+recent|recent|"
                    r"just[-\s]ended|same|comparable|year[-\s]ago|year[-\s]earlier|previous|"
                    r"prior|preceding|next|following|coming))\s+)?(?:(?i:fiscal)\s+)?"
                    r"(?i:quarter)(?!\w)(?!\s+(?i:of|century))", 3, "", "-"),
    # Two-digit years with an apostrophe: "'99".
    ("year2d", r"['’](?P<yy>\d\d)(?![\w'’%])", 3, "", "'’"),
    ("relative", rf"(?P<rel>(?i:this|last|next|past|coming|previous|following|preceding|same|"
                 rf"that(?:\s+same)?|current|subsequent|prior))\s+(?P<unit>(?i:year|month|"
                 rf"week|weekend|quarter|decade|century|day|night|{SEASON_RE}|morning|"
                 rf"afternoon|evening)|{MONTH_RE}|{WEEKDAY_RE})(?!\w)", 2, "rel", "-"),
    ("offset", rf"(?P<num>{NUM})(?:[-\s]+(?i:and\s+a\s+half))?[-\s]+"
               rf"(?P<unit>(?i:{UNIT_RE}))(?:\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|later|earlier|"
               r"afterwards?|"
               r"previously|before|after|hence|from\s+now|on|prior))(?!\w)", 2, "dur", "-"),
    ("offset", r"(?P<unit>(?i:days|weeks|months|years|decades))\s+"
               r"(?P<dir>(?i:later|earlier|afterwards?|ago|before|after))(?!\w)", 2, "", "-"),
    ("offset", r"(?P<unit>(?i:day|week|month|year|night))(?:\s+|-)"
               r"(?P<dir>(?i:before|after|earlier|later|afterwards?|ago))(?!\w)", 3, "the", "-"),
    # Durations.
    ("duration", rf"(?P<num>{NUM})(?P<half>[-\s]+(?i:and[-\s]+a[-\s]+half))?"
                 r"(?:\s+(?i:more|additional|further|extra))?[-\s]+"
                 rf"(?P<unit>(?i:{UNIT_RE}))(?P<half2>[-\s]+(?i:and[-\s]+a[-\s]+half))?"
                 r"(?:[-\s]+(?P<tail>(?i:long|old)))?(?!\w)", 4, "dur", "-"),
    ("duration", r"(?P<pre>(?i:the\s+(?:last|past|next|following|previous|"
                 r"preceding|coming)))\s+(?P<unit>(?i:years|months|weeks|days|decades|"
                 r"centuries))(?!\w)", 4, "", "-"),
    # "in the weeks ahead": a vague stretch from now on.
    ("duration", r"(?i:the)\s+(?P<unit>(?i:years|months|weeks|days|decades))\s+"
                 r"(?i:ahead)(?!\w)", 4, "", "-"),
    ("duration", r"(?i:for|over|within|after|in)\s+(?P<t>(?:(?i:many|several)\s+)?"
                 r"(?P<unit>(?i:days|weeks|months|years|decades|centuries)))(?!\w)", 5, "", "-"),
    # Times of day.
    ("time", r"(?P<h>[01]?\d|2[0-3])(?:[:.]\s?(?P<mi>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|"
             r"p\.m\.|a\.m|p\.m|am|pm))(?!\w)(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?"
             rf"(?:,?\s+(?:(?i:on)\s+)?(?P<wd>{WEEKDAY_RE})(?!\w))?", 0, "", ":."),
    ("time", r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?:\s+(?P<tz>[A-Z]{2,4}T|"
             rf"GMT|UTC))?(?:,?\s+(?:(?i:on)\s+)?(?P<wd>{WEEKDAY_RE})(?!\w))?", 1, "", ":."),
    # "noon Thursday", "midnight Sunday": a time of day of a weekday.
    ("time", rf"(?P<word>(?i:noon|midday|midnight))\s+(?:(?i:on)\s+)?(?P<wd>{WEEKDAY_RE})"
             r"(?!\w)", 1, "", "-"),
    ("time", rf"(?P<word>(?i:noon|midday|midnight|tonight|(?:this|yesterday|tomorrow|"
             rf"last|that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+(?:morning|"
             rf"afternoon|evening|night)|{WEEKDAY_RE}\s+(?:morning|afternoon|evening|night)"
             r"))(?!\w)", 1, "", "-"),
    ("time", r"(?i:at|by|during\s+the|in\s+the|through\s+the)\s+(?P<t>(?P<word>"
             r"(?i:night|nightfall)))(?!\w)", 1, "", ""),
    # Frequencies.
    ("set", r"(?P<word>(?i:daily|weekly|monthly|annually|yearly|nightly|hourly|"
            r"biweekly|every\s+(?:other\s+|single\s+)?(?:day|week|month|year|"
            r"morning|evening|night|decade|summer|winter|spring|autumn)|every\s+\w+\s+"
            r"(?:days|weeks|months|years)|each\s+(?:day|week|month|year)|per\s+(?:day|week|"
            r"month|year|annum)))(?!\w)", 2, "", "-"),
    ("set", r"(?i:once|twice|thrice|times)\s+(?P<t>(?P<word>(?i:a\s+(?:day|week|"
            r"month|year))))(?!\w)", 2, "", ""),
    # "each July", "every March": a month of every year.
    ("set", rf"(?P<word>(?i:each|every))\s+(?P<mon>{MONTH_RE})(?!\w)", 1, "", ""),
    ("weekday", rf"(?P<wd>{WEEKDAY_RE})(?!\w)", 3, "", ""),
    ("holiday", r"(?P<hol>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's(?:\s+Day|\s+Eve)|"
                r"New\s+Year's|Easter(?:\s+Sunday)?|Thanksgiving(?:\s+Day)?|Halloween)"
                r"(?:,?\s+(?P<year>1\d{3}|20\d{2}))?(?!\w)", 3, "", ""),
    # "the year": the year of the anchor; "the year ended June 30": a year-long period.
    ("the_year", r"(?i:the)\s+(?:(?P<fiscal>(?i:fiscal|full|calendar))\s+)?(?i:year)(?![\w-])"
                 r"(?!\s+(?i:two|one|nineteen|eighteen|of|before|after|earlier|later|ago|"
                 r"round|old|and)\b)", 4, "rel", "-"),
    # "the end of the war", "the end of the month": part of an implicit period.
    ("part", r"(?P<mod>(?i:the\s+(?:very\s+)?(?:start|beginning|end|middle|close|dawn|"
             r"first\s+half|second\s+half|latter\s+half|(?:early|latter|later|last|final)\s+"
             r"(?:part|days|weeks|months)|first\s+(?:days|weeks|months))\s+of\s+the))\s+"
             r"(?P<unit>(?i:war|conflict|year|month|decade|century|week|period|"
             r"campaign|siege|occupation|revolution))(?!\w)", 3, "", "-"),
]

# Where each rule can start. Rules not listed are run with ``finditer`` over the whole
# text (their regex begins with a case-sensitive literal or character class, which the
# regex engine scans for quickly). The others are tried with ``match`` only where a token
# of the text is one of their first words ("#" = any number), found by one cheap pass.
_NUMBER_WORDS = ("# a an one two three four five six seven eight nine ten eleven twelve "
                 "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
                 "thirty forty fifty sixty seventy eighty ninety hundred dozen couple half "
                 "single several few many numerous some")
_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth twenty")
_TRIGGERS: dict[tuple[str, int], str] = {
    ("dual", 0): "#", ("dual", 1): "#", ("date_cal", 0): "#", ("dayrange", 0): "#",
    ("yearrange", 0): "#", ("date", 0): "#", ("iso", 1): "#", ("decade", 1): "#",
    ("year", 0): "#", ("time", 0): "#", ("time", 1): "#",
    ("season", 0): "spring summer autumn fall winter",
    ("decade", 2): "twenties thirties forties fifties sixties seventies eighties nineties",
    ("century", 0): "# " + _ORDINAL_WORDS,
    ("quarter", 0): "# first second third fourth",
    ("quarter", 2): "#",
    ("year3", 0): "in",
    ("year_words", 0): "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                       "nineteen two",
    ("deictic", 0): "today tonight tomorrow yesterday now current currently nowadays at the "
                    "present recently lately recent near future former",
    ("quarter_rel", 0): "the",
    ("relative", 0): "this last next past coming previous following preceding same that "
                     "current subsequent prior",
    ("offset", 0): _NUMBER_WORDS,
    ("offset", 1): "days weeks months years decades",
    ("offset", 2): "day week month year night",
    ("duration", 0): _NUMBER_WORDS,
    ("duration", 1): "the",
    ("duration", 2): "the",
    ("duration", 3): "for over within after in",
    ("time", 2): "noon midday midnight",
    ("time", 3): "noon midday midnight tonight this yesterday tomorrow last that the monday "
                 "tuesday wednesday thursday friday saturday sunday",
    ("time", 4): "at by during in through",
    ("set", 0): "daily weekly monthly annually yearly nightly hourly biweekly every each per",
    ("set", 1): "once twice thrice times",
    ("set", 2): "each every",
    ("part", 0): "the",
    ("the_year", 0): "the",
}


@dataclass(frozen=True)
class Rule:
    kind: str
    rx: re.Pattern[str]
    prio: int
    prefix: str      # key into PREFIXES, or ""
    left: str        # characters that may not stand just before the match
    triggers: frozenset[str]  # first tokens; empty = scan the whole text


def _build() -> list[Rule]:
    rules, seen = [], {}
    for kind, rx, prio, prefix, left in _RULES:
        n = seen.get(kind, 0)
        seen[kind] = n + 1
        trig = frozenset(_TRIGGERS.get((kind, n), "").split())
        rules.append(Rule(kind, re.compile(rx), prio, prefix, left, trig))
    return rules


RULES = _build()
_SCAN = [i for i, r in enumerate(RULES) if not r.triggers]
_BY_TOKEN: dict[str, list[int]] = {}
for _i, _r in enumerate(RULES):
    for _w in _r.triggers:
        _BY_TOKEN.setdefault(_w, []).append(_i)
# One pass finds every trigger token: numbers and the first words above, matched on an
# ASCII-lowercased copy of the text (same length, so offsets are unchanged).
_TOKEN = re.compile(r"\d+|(?<![a-z])(?:" + "|".join(
    sorted((w for w in _BY_TOKEN if w != "#"), key=len, reverse=True)) + r")(?![a-z])")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# -- prefixes attached in front of a core match ----------------------------------------

_MODW = (r"(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|middle|late|later)(?:\s+in)?"
         r"|the\s+(?:very\s+)?(?:start|beginning|end|middle|close|dawn|first\s+half|"
         r"second\s+half|latter\s+half|(?:early|latter|later|last|final)\s+(?:part|days|"
         r"weeks?|months)|first\s+(?:days|weeks?|months))\s+of(?:\s+the)?)")
_APPROXW = (r"(?:c\.|ca\.|circa|around|about|approximately|roughly|sometime\s+(?:around|in)|"
            r"some\s+time\s+around)")
_MOD = rf"(?P<mod>(?i:{_MODW}))(?:-\s*|\s+)"
_APPROX = rf"(?:(?P<approx>(?i:{_APPROXW}))\s*)?"
# "the night of 18 April 1775": a time of day of a dated day.
_TOD_OF = r"(?:(?P<tod>(?i:the\s+(?:morning|afternoon|evening|night)))\s+(?i:of)\s+)?"
PREFIXES: dict[str, re.Pattern[str]] = {
    "approx": re.compile(rf"(?P<approx>(?i:{_APPROXW}))\s*$"),
    "the": re.compile(r"(?P<the>(?i:the))\s+$"),
    "year": re.compile(rf"{_APPROX}(?:{_MOD}|(?P<pre>(?i:the\s+year|fiscal(?:\s+year)?))\s+)?"
                       r"(?:(?P<ad>AD|A\.D\.)\s*)?$"),
    "month": re.compile(rf"{_APPROX}(?:{_MOD})?$"),
    "period": re.compile(rf"{_APPROX}(?:{_MOD}|(?P<the>(?i:the))\s+)?$"),
    "date_dm": re.compile(rf"{_TOD_OF}(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?:(?P<the>(?i:the))\s+)?$"),
    "date_md": re.compile(rf"{_TOD_OF}(?:(?P<wd>{WEEKDAY_RE}),?\s+)?$"),
    "rel": re.compile(r"(?:(?P<rmod>(?i:early|earlier|late|later|mid))[-\s]+(?:(?i:in)\s+)?)?"
                      r"(?:(?P<the>(?i:the))\s+)?$"),
    "dur": re.compile(r"(?:(?P<pre>(?i:the(?:\s+(?:first|last|past|next|following|previous|"
                      r"preceding|coming|final|initial|subsequent))?))\s+)?"
                      rf"{_APPROX}(?:(?P<cmp>(?i:more\s+than|less\s+than|over|under|nearly|"
                      r"almost|at\s+least|at\s+most|up\s+to|some|only|just))\s+)?$"),
}
PREFIXES = {k: re.compile(r"(?<![\w.])(?:" + v.pattern + ")") for k, v in PREFIXES.items()}
# The last word before a core match must be one of these for a prefix to be possible.
_GATE = frozenset("""
the of early earlier mid middle late later in c. ca. circa around about approximately
roughly year fiscal first last past next following previous preceding coming final initial
subsequent than over under nearly almost least most to some only just sometime time ad a.d.
monday monday, tuesday tuesday, wednesday wednesday, thursday thursday, friday friday,
saturday saturday, sunday sunday,
""".split())

@dataclass(frozen=True)
class Candidate:
    kind: str
    start: int
    end: int
    prio: int
    groups: dict[str, str | None]
    text: str
    spans: dict[str, tuple[int, int]]


def _matches(text: str):
    """``(rule index, match)`` for every rule, scanning or at trigger tokens."""
    for i in _SCAN:
        for m in RULES[i].rx.finditer(text):
            yield i, m
    by_token = _BY_TOKEN
    for tok in _TOKEN.finditer(text.translate(_ASCII_LOWER)):
        w = tok.group()
        idxs = by_token.get("#" if w[0].isdigit() else w)
        if idxs:
            p = tok.start()
            for i in idxs:
                m = RULES[i].rx.match(text, p)
                if m is not None:
                    yield i, m


def _candidates(text: str, base: int) -> list[Candidate]:
    found: list[Candidate] = []
    for order, m in _matches(text):
        rule = RULES[order]
        rx = rule.rx
        if "t" in rx.groupindex and m.group("t") is not None:
            s, e = m.span("t")
        else:
            s, e = m.span()
        groups = m.groupdict()
        spans = {g: (base + m.start(g), base + m.end(g))
                 for g, v in groups.items() if v is not None}
        attached = False
        if rule.prefix and s > 0 and text[s - 1] in " \t-\u00a0":
            word = text[max(0, s - 16):s].rstrip(" \t-\u00a0").rsplit(None, 1)
            if word and word[-1].lower().lstrip("(\"'“‘[") in _GATE:
                pm = PREFIXES[rule.prefix].search(text, max(0, s - 60), s)
                if pm is not None and pm.start() < s:
                    for g, v in pm.groupdict().items():
                        if v is not None:
                            groups[g] = v
                            spans[g] = (base + pm.start(g), base + pm.end(g))
                    s, attached = pm.start(), True
        if not attached and s > 0:
            ch = text[s - 1]
            if ch.isalnum() or ch == "_" or ch in rule.left:
                continue
        # Trim whitespace the optional pieces may leave at the edges.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        found.append(Candidate(rule.kind, base + s, base + e, rule.prio * 100 + order,
                               groups, text[s:e], spans))
    return found


def find(text: str) -> list[Candidate]:
    """All non-overlapping candidates in ``text`` in text order (longest wins)."""
    return _select(_candidates(text, 0))


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
