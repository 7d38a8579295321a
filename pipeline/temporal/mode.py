"""Which anchoring a document needs, told from its text when nobody says.

A news report speaks from its own date: its written years are mostly that year or the one
before, and it reports ("said", "told") and points at its own days ("yesterday",
"Tuesday"). A history, memoir or encyclopedia article is about a time long before the
date it was published or downloaded: most of its years lie far from that date and it has
few such cues. :func:`decide` weighs those signals (thresholds and word lists in
``lang/en/temporal_mode.yaml``) and says why, so the choice can be checked and overridden.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Sequence

from pipeline import lang

from .lexicon import WEEKDAYS

FILE = "temporal_mode"
_T = lang.value(FILE, "thresholds")
NEAR_YEARS = int(_T["near_years"])
MIN_FAR_YEARS = int(_T["min_far_years"])
MIN_FAR_SHARE = float(_T["min_far_share"])
MAX_NEWS_CUES = float(_T["max_news_cues"])
MANY_FAR_YEARS = int(_T["many_far_years"])
ALL_FAR_MIN_YEARS = int(_T["all_far_min_years"])
ALL_FAR_MAX_CUES = float(_T["all_far_max_cues"])

_CUE_WORDS = sorted(lang.words(FILE, "reporting_verbs") | lang.words(FILE, "deictic_words"),
                    key=len, reverse=True)
_CUES = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _CUE_WORDS) + r")\b",
                   re.IGNORECASE)
_DEICTIC = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(
    lang.words(FILE, "deictic_words"), key=len, reverse=True)) + r")\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(w.capitalize() for w in WEEKDAYS if len(w) > 3)
                      + r")\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ModeChoice:
    """The anchoring chosen for a document and, in words, why."""

    mode: str    # news|narrative
    reason: str


def news_cues_per_1000(text: str) -> float:
    """Reporting verbs, deictic words and weekday names per 1000 words of ``text``."""
    n_words = len(_WORD.findall(text))
    if not n_words:
        return 0.0
    n = len(_CUES.findall(text)) + len(_WEEKDAY.findall(text))
    return 1000.0 * n / n_words


def points_at_its_own_day(text: str) -> bool:
    """Whether ``text`` names a day from the writer's own ("yesterday", "on Tuesday"): a
    memoir tells what the general *told* them, but only a report says *when* from today."""
    return bool(_DEICTIC.search(text) or _WEEKDAY.search(text))


def decide(text: str, *, dct_year: int | None, years: Sequence[int]) -> ModeChoice:
    """News or narrative for ``text`` whose document date has year ``dct_year`` and whose
    absolute dates (in text order) have ``years``."""
    if dct_year is None:
        return ModeChoice("narrative", "no document date: relative dates resolve against "
                                       "the dates in the text")
    far = [y for y in years if abs(y - dct_year) > NEAR_YEARS]
    cues = news_cues_per_1000(text)
    share = len(far) / len(years) if years else 0.0
    facts = (f"{len(far)} of {len(years)} written years more than {NEAR_YEARS} from the "
             f"document year {dct_year}")
    if far:
        facts += f" (median {statistics.median_low(far)})"
    facts += f"; {cues:.1f} news cues per 1000 words"
    own_day = points_at_its_own_day(text)
    if not own_day:
        facts += ", none pointing at a day of its own"
    all_far = len(far) == len(years) >= ALL_FAR_MIN_YEARS and (
        cues < ALL_FAR_MAX_CUES or not own_day)
    if all_far or share >= MIN_FAR_SHARE and (
            len(far) >= MANY_FAR_YEARS or (len(far) >= MIN_FAR_YEARS and cues < MAX_NEWS_CUES)):
        return ModeChoice("narrative", f"{facts}: the text is about another time than its "
                                       f"document date")
    return ModeChoice("news", f"{facts}: the text speaks from its document date")
