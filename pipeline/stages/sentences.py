"""Sentences with the citations and time locators the reader took out of their text."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.records import Block, Marker, Sentence, SourceDoc

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc

VERSION = "1"

CITATION_KINDS = ("citation", "citation_needed")


def watch_url(video_id: str, seconds: int) -> str:
    """A YouTube URL that opens the video at ``seconds``."""
    return f"https://www.youtube.com/watch?v={video_id}&t={seconds}s"


def line_locator(src: SourceDoc, raw_start: int) -> str:
    """``path#L12``: the line a person opens in an editor or a code host."""
    return f"{src.path}#L{src.line_of(raw_start)}"


def _block_of(blocks: Sequence[Block], starts: list[int], clean_pos: int) -> Block | None:
    i = bisect.bisect_right(starts, clean_pos) - 1
    if i >= 0 and blocks[i].clean_start <= clean_pos <= blocks[i].clean_end:
        return blocks[i]
    return None


def _citations_for(
    markers: Sequence[Marker], start: int, end: int, next_start: int
) -> tuple[list[Marker], str]:
    """Citation markers belonging to the sentence ``[start, end)``.

    A marker sitting at the sentence's first character leads it (``[24] This service…``),
    one at or after its last character and before the next sentence trails it, and any
    other inside it is inline (``Non-Aggression,[37] which…``).
    """
    found: list[Marker] = []
    positions: set[str] = set()
    for m in markers:
        if m.kind not in CITATION_KINDS:
            continue
        if m.clean_pos == start:
            found.append(m)
            positions.add("leading")
        elif start < m.clean_pos < end:
            found.append(m)
            positions.add("trailing" if m.clean_pos >= end - 1 else "inline")
        elif end <= m.clean_pos < next_start:
            found.append(m)
            positions.add("trailing")
    position = "|".join(p for p in ("leading", "inline", "trailing") if p in positions)
    return found, position


def sentences(doc: Doc, src: SourceDoc) -> list[Sentence]:
    """One ``Sentence`` per spaCy sentence, trimmed of whitespace, with provenance."""
    blocks = list(src.blocks)
    block_starts = [b.clean_start for b in blocks]
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        spans.append((start, start + len(stripped)))

    markers = sorted(src.markers, key=lambda m: m.clean_pos)
    marker_pos = [m.clean_pos for m in markers]
    timestamps = [m for m in markers if m.kind == "timestamp"]
    stamp_pos = [m.clean_pos for m in timestamps]
    out: list[Sentence] = []
    for index, (start, end) in enumerate(spans):
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(src.text) + 1
        block = _block_of(blocks, block_starts, start)
        raw_start, raw_end = src.offsets.to_raw(start, end)
        # Only the markers between this sentence's start and the next one's can belong to
        # it; slicing keeps a document with 100,000 markers linear.
        lo = bisect.bisect_left(marker_pos, start)
        hi = bisect.bisect_left(marker_pos, max(end, next_start))
        cites, position = _citations_for(markers[lo:hi], start, end, next_start)
        locator, seconds = _locate(src, block, timestamps, stamp_pos, start, raw_start)
        out.append(
            Sentence(
                doc_id=src.doc_id,
                index=index,
                start=raw_start,
                end=raw_end,
                line=src.line_of(raw_start),
                text=src.text[start:end],
                clean_start=start,
                clean_end=end,
                kind=block.kind if block else "prose",
                section=block.section if block else "",
                citations=tuple(m.text for m in cites if m.kind == "citation"),
                citation_position=position,
                citation_needed=any(m.kind == "citation_needed" for m in cites),
                locator=locator,
                time_offset=seconds,
            )
        )
    return out


def _locate(
    src: SourceDoc,
    block: Block | None,
    timestamps: list[Marker],
    stamp_pos: list[int],
    start: int,
    raw_start: int,
) -> tuple[str, int]:
    """The video time of a sentence: the first anchor at or after it in its paragraph.

    Summaries put ``[00:03:18]`` after the sentences it covers, so a sentence takes the
    next anchor in its block; a sentence after the block's last anchor takes the one
    before it.
    """
    if timestamps and block is not None:
        i = bisect.bisect_left(stamp_pos, start)
        chosen = None
        if i < len(timestamps) and timestamps[i].clean_pos <= block.clean_end:
            chosen = timestamps[i]
        elif i > 0 and timestamps[i - 1].clean_pos >= block.clean_start:
            chosen = timestamps[i - 1]
        if chosen is not None and chosen.value.isdigit():
            seconds = int(chosen.value)
            if src.video_id:
                return watch_url(src.video_id, seconds), seconds
            return line_locator(src, chosen.start), seconds
    return line_locator(src, raw_start), -1
