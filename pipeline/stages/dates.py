"""Date stage: run the temporal tagger on a document and map its offsets to the raw file.

The anchoring strategy is chosen per document from its metadata (:func:`choose_mode`):
news resolves relative expressions against the publication date, narrative history
against the most recent date in the text. Each timex's ``anchor`` says what it was
resolved against (the anchoring expression's text, or ``DCT``).
"""

from __future__ import annotations

import bisect
from typing import Sequence

from pipeline import temporal
from pipeline.ids import stable_id
from pipeline.records import Sentence, SourceDoc, Timex

VERSION = f"1+tagger{temporal.VERSION}"

NEWS_TYPES = frozenset({"news", "article", "newspaper", "newswire", "press", "press_release",
                        "press release", "blog", "magazine", "op-ed", "opinion", "report",
                        "web"})
HISTORY_TYPES = frozenset({"history", "encyclopedia", "encyclopaedia", "wiki", "wikipedia",
                           "video", "transcript", "book", "biography", "chronicle"})


def choose_mode(src: SourceDoc) -> str:
    """``news`` for news-like sources, or dated ones not typed as history/encyclopedia/
    wiki/video; otherwise ``narrative``."""
    kind = (src.source_type or "").strip().lower()
    if kind in HISTORY_TYPES:
        return "narrative"
    if kind in NEWS_TYPES and kind != "web":
        return "news"
    return "news" if _dct(src) else "narrative"


def _dct(src: SourceDoc) -> str | None:
    pub = (src.published or "").strip()
    if len(pub) >= 4 and pub[:4].isdigit():
        return pub[:10]
    return None


def date_mentions(src: SourceDoc, sents: Sequence[Sentence], *,
                  reference_date: str = "") -> list[Timex]:
    """Every temporal expression of ``src`` (prose and infobox facts), raw offsets.

    ``reference_date`` (``Settings.reference_date``) is the document date assumed when the
    document's own metadata gives none; it anchors only what the text cannot.
    """
    mode = choose_mode(src)
    dct = _dct(src) or (reference_date[:10] or None)
    starts = [s.clean_start for s in sents]
    out: dict[tuple[int, int], Timex] = {}
    for t in temporal.tag(src.text, dct=dct, mode=mode):
        start, end = src.offsets.to_raw(t.start, t.end)
        out[(start, end)] = _finish(src, t, start, end, clean=(t.start, t.end),
                                    sent_index=_sentence_of(sents, starts, t.start))
    for fact in src.facts:
        value_raw = src.raw[fact.start:fact.end]
        for t in temporal.tag(value_raw, dct=dct, mode=mode):
            start, end = fact.start + t.start, fact.start + t.end
            if (start, end) not in out:
                out[(start, end)] = _finish(src, t, start, end, clean=(-1, -1), sent_index=-1)
    return sorted(out.values(), key=lambda t: (t.start, t.end))


def _sentence_of(sents: Sequence[Sentence], starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sents) and pos < sents[i].clean_end:
        return sents[i].index
    return -1


def _finish(src: SourceDoc, t: Timex, start: int, end: int, *, clean: tuple[int, int],
            sent_index: int) -> Timex:
    return Timex(start=start, end=end, text=t.text, type=t.type, value=t.value, mod=t.mod,
                 earliest=t.earliest, latest=t.latest, precision=t.precision,
                 anchor=t.anchor, timex_id=stable_id("T", src.doc_id, start, end),
                 doc_id=src.doc_id, line=src.line_of(start), clean_start=clean[0],
                 clean_end=clean[1], sent_index=sent_index, calendar=t.calendar)
