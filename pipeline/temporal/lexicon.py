"""Word lists: month, weekday, season and number words, units, ordinals."""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
# Months are matched capitalised only: "may", "march" in lower case are verbs.
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|"
            r"Oct\.|Nov\.|Dec\.|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])")

WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"

UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
    "millenium": "ML",
}
UNIT_RE = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|"
           r"quarters?|years?|decades?|century|centuries|millennium|millennia|millenium)")
TIME_UNITS = {"S", "M_TIME", "H"}  # units written with a T in durations

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "one hundred": 100, "a thousand": 1000, "a dozen": 12, "dozen": 12,
    "half a": 0.5, "a half": 0.5, "half": 0.5, "single": 1, "couple of": 2, "a couple of": 2,
}
VAGUE = {"several", "a few", "few", "many", "some", "numerous", "countless", "multiple",
         "the last few", "a number of"}
NUM_WORD_RE = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|"
               r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
               r"fifteen|sixteen|seventeen|eighteen|nineteen|(?:a |one )?hundred|"
               r"a thousand|(?:a )?dozen|a couple of|couple of|an|a|half an?|single)")

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty first": 21,
}
ORD_WORD_RE = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
               r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
               r"eighteenth|nineteenth|twentieth|twenty[- ]first)")

DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}

# Mod words in front of a period.
MOD_WORDS = {
    "early": "START", "earlier": "START", "beginning": "START", "start": "START",
    "dawn": "START", "opening": "START", "mid": "MID", "middle": "MID", "late": "END",
    "later": "END", "end": "END", "close": "END", "closing": "END",
}

# Bare numbers followed by these are counts, not years ("1500 men", "1941 tanks").
COUNT_NOUNS = frozenset("""
men women people persons soldiers troops casualties dead killed wounded prisoners
captives civilians refugees tanks guns aircraft planes ships vessels vehicles rifles
horses cannons km kilometres kilometers miles metres meters feet ft m mm cm kg lb lbs
tons tonnes acres hectares dollars euros pounds rubles roubles francs marks votes
members delegates seats pages words hp kw mw px pixels copies units cars houses
homes buildings villages students workers employees jobs barrels shares officers
sailors marines infantry cavalry artillery divisions regiments battalions men's
points goals runs games matches items cases deaths victims fatalities signatures
objects records tickets visitors tourists residents inhabitants families children
boys girls patients hectares sq square km2 mi yards yds inches metre meter mile
""".split())

REL_OFFSET = {"this": 0, "current": 0, "same": 0, "that": 0, "that same": 0, "the same": 0,
               "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
               "next": 1, "coming": 1, "following": 1, "subsequent": 1}
ANAPHORIC = {"same", "that", "that same", "the same", "following", "previous", "preceding",
              "subsequent", "prior"}
TIMES_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
