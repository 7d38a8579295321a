"""Date stage: run the temporal tagger on a document and map its offsets to the raw file.

The anchoring strategy is chosen per document (:func:`anchoring`): news resolves relative
expressions against the publication date, narrative history against the most recent date
in the text. ``--temporal-mode`` (``Settings.temporal_mode``) decides for every document
when it is not ``auto``; else a document's ``source_type`` decides when it names a kind;
else the text does (:func:`pipeline.temporal.choose_mode`: its written years against the
document date, its reporting and deictic cues). The choice and its reason are
``documents.csv``'s ``temporal_mode`` and ``temporal_mode_reason``. Each timex's
``anchor`` says what it was resolved against (the anchoring expression's text, or
``DCT``), ``anchor_timex_id`` which date mention that is, and ``anchor_offset`` how far
from it ("+P4D"). A written range ("from April to September 1957") is two timexes, as
TimeML annotates it, each naming both ends (``range_start_id``, ``range_end_id``): the
interval runs from the first end's ``earliest`` to the last end's ``latest``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Sequence

from pipeline import temporal
from pipeline.ids import stable_id
from pipeline.records import Sentence, SourceDoc, Timex
from pipeline.temporal import AUTO, MODES, ModeChoice
from pipeline.temporal.calendar import valid_day

VERSION = f"6+tagger{temporal.VERSION}"  # 6: a heading the reader took out opens a section the last one's narrative time does not run into; 5: headings count in choosing the anchoring; 4: headings the reader took out are dated

NEWS_TYPES = frozenset({"news", "article", "newspaper", "newswire", "press", "press_release",
                        "press release", "blog", "magazine", "op-ed", "opinion", "report",
                        "web"})
HISTORY_TYPES = frozenset({"history", "encyclopedia", "encyclopaedia", "wiki", "wikipedia",
                           "video", "transcript", "book", "biography", "chronicle"})


def anchoring(src: SourceDoc, *, temporal_mode: str = AUTO) -> ModeChoice:
    """The anchoring of ``src`` and why: ``temporal_mode`` (news|narrative) when it is not
    ``auto``; else ``news`` for news-like source types, ``narrative`` for history,
    encyclopedia, wiki, video and the like; else what the text says
    (:func:`pipeline.temporal.choose_mode`), ``narrative`` when the document has no date."""
    if temporal_mode in MODES:
        return ModeChoice(temporal_mode, f"--temporal-mode {temporal_mode}")
    kind = (src.source_type or "").strip().lower()
    if kind in HISTORY_TYPES:
        return ModeChoice("narrative", f"source_type {kind!r} is a kind of history")
    if kind in NEWS_TYPES and kind != "web":
        return ModeChoice("news", f"source_type {kind!r} is a kind of news")
    # Headings count: "## 1999" over "12 June: Russian troops entered Pristina" is a year
    # of the text as much as one written in a sentence.
    return temporal.choose_mode(_tagging_text(src)[0], dct=_dct(src))


def choose_mode(src: SourceDoc) -> str:
    """The anchoring mode :func:`anchoring` chooses for ``src`` with no override."""
    return anchoring(src).mode


# A usable document date: ISO, four-digit year, BCE as a negative (astronomical) year.
# Anything else ("99999-01-01", "spring 2020") was warned about by the reader and is not
# guessed at here.
_PUBLISHED = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _dct(src: SourceDoc) -> str | None:
    pub = (src.published or "").strip()
    m = _PUBLISHED.fullmatch(pub)
    if m is None or int(m.group(1)) == 0:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    return pub if valid_day(year, month, day) else None


def date_mentions(src: SourceDoc, sents: Sequence[Sentence], *,
                  reference_date: str = "", mode: ModeChoice | None = None) -> list[Timex]:
    """Every temporal expression of ``src`` (prose and infobox facts), raw offsets.

    ``reference_date`` (``Settings.reference_date``) is the document date assumed when the
    document's own metadata gives none; it anchors only what the text cannot. ``mode`` is
    the document's :func:`anchoring` (worked out here when not given).
    """
    mode = (mode or anchoring(src)).mode
    dct = _dct(src) or (reference_date[:10] or None)
    starts = [s.clean_start for s in sents]
    out: dict[tuple[int, int], Timex] = {}
    text, pieces = _tagging_text(src)
    piece_starts = [p[0] for p in pieces]
    placed = {}  # tagged span -> (raw start, raw end, clean start, clean end)
    sections = [first for first, _, _, heading in pieces if heading]
    for t in temporal.tag(text, dct=dct, mode=mode, ranges="split", sections=sections):
        where = _place(src, pieces, piece_starts, t.start, t.end)
        if where is not None:
            placed[(t.start, t.end)] = (t, where)
    ids = {span: stable_id("T", src.doc_id, where[0], where[1])
           for span, (_, where) in placed.items()}
    for t in _linked([t for t, _ in placed.values()], ids):
        start, end, clean_start, clean_end = placed[(t.start, t.end)][1]
        sent_index = _sentence_of(sents, starts, clean_start) if clean_start >= 0 else -1
        out[(start, end)] = _finish(src, t, start, end, clean=(clean_start, clean_end),
                                    sent_index=sent_index)
    for fact in src.facts:
        value_raw = src.raw[fact.start:fact.end]
        found = temporal.tag(value_raw, dct=dct, mode=mode, ranges="split")
        fact_ids = {(t.start, t.end): stable_id("T", src.doc_id, fact.start + t.start,
                                                fact.start + t.end) for t in found}
        for t in _linked(found, fact_ids):
            start, end = fact.start + t.start, fact.start + t.end
            if (start, end) not in out:
                out[(start, end)] = _finish(src, t, start, end, clean=(-1, -1), sent_index=-1)
    return sorted(out.values(), key=lambda t: (t.start, t.end))


# A piece of the tagged text: (tagged start, tagged end, offset of its start, heading?),
# the offset being into the clean text for prose and into the raw file for a heading.
_Piece = tuple[int, int, int, bool]


def _tagging_text(src: SourceDoc) -> tuple[str, list[_Piece]]:
    """The clean text with each heading the reader took out of it ("## Campaign of 1904",
    "==1905: Defeat==") put back as a paragraph before its section, so the heading is
    dated and anchors what follows ("On 12 May" under it is 1904-05-12); and its pieces."""
    text = src.text
    headings = []
    for sec in sorted(src.sections, key=lambda sec: sec.clean_start):
        at = src.raw.find(sec.title, sec.start, sec.end) if sec.title else -1
        near = text.find(sec.title, max(0, sec.clean_start - len(sec.title) - 4),
                         sec.clean_start + len(sec.title) + 4) if sec.title else -1
        if at >= 0 and near < 0 and "\n" not in sec.title:
            headings.append((sec.clean_start, at, sec.title))
    if not headings:
        return text, [(0, len(text), 0, False)]
    parts: list[str] = []
    pieces: list[_Piece] = []
    pos = done = 0  # in the clean text; in the tagged text

    def add(chunk: str, base: int, heading: bool) -> None:
        nonlocal done
        pieces.append((done, done + len(chunk), base, heading))
        parts.append(chunk)
        done += len(chunk)

    for clean_start, raw_start, title in headings:
        if clean_start > pos:
            add(text[pos:clean_start], pos, False)
            pos = clean_start
        add(title, raw_start, True)
        parts.append("\n\n")
        done += 2
    add(text[pos:], pos, False)
    return "".join(parts), pieces


def _place(src: SourceDoc, pieces: list[_Piece], piece_starts: list[int], start: int,
           end: int) -> tuple[int, int, int, int] | None:
    """(raw start, raw end, clean start, clean end) of the tagged span ``[start, end)``
    (``piece_starts``: each piece's tagged start); a heading's dates have no clean offsets
    (-1); None for a span across two pieces."""
    i = bisect.bisect_right(piece_starts, start) - 1
    if i < 0:
        return None
    first, last, base, heading = pieces[i]
    if end > last:
        return None
    if heading:
        return base + start - first, base + end - first, -1, -1
    clean_start, clean_end = base + start - first, base + end - first
    return (*src.offsets.to_raw(clean_start, clean_end), clean_start, clean_end)


def _linked(found: list[Timex], ids: dict[tuple[int, int], str]) -> list[Timex]:
    """``found`` with the timex_ids of each relative expression's anchor and of each
    range's two ends (``ids``: the timex_id of each tagged span)."""
    ends: dict[tuple[int, int], list[Timex]] = {}
    for t in found:
        if t.range_start >= 0:
            ends.setdefault((t.range_start, t.range_end), []).append(t)
    out = []
    for t in found:
        anchor_id = ids.get((t.anchor_start, t.anchor_end), "")
        first = last = ""
        pair = ends.get((t.range_start, t.range_end)) if t.range_start >= 0 else None
        if pair:
            first = ids[(pair[0].start, pair[0].end)]
            last = ids[(pair[-1].start, pair[-1].end)]
        # The tagger's offsets of anchors and ranges are into the tagged text; the IDs
        # replace them, so no offset of another coordinate system leaves the stage.
        out.append(replace(t, anchor_timex_id=anchor_id, range_start_id=first,
                           range_end_id=last, anchor_start=-1, anchor_end=-1,
                           range_start=-1, range_end=-1))
    return out


def _sentence_of(sents: Sequence[Sentence], starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sents) and pos < sents[i].clean_end:
        return sents[i].index
    return -1


def _finish(src: SourceDoc, t: Timex, start: int, end: int, *, clean: tuple[int, int],
            sent_index: int) -> Timex:
    return replace(t, start=start, end=end, timex_id=stable_id("T", src.doc_id, start, end),
                   doc_id=src.doc_id, line=src.line_of(start), clean_start=clean[0],
                   clean_end=clean[1], sent_index=sent_index)
