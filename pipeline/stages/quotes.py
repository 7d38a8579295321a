"""Quotations and who speaks them: the attribution of quoted claims the parse cannot see.

The parse attributes a quoted clause to its speaker only when the speech frame ("Vučić
said") is in the same sentence. These rules carry the speaker on: to the other half of a
quotation split by its frame, to a quotation that goes on in the next sentence, and to every
sentence of a quotation that runs over several (its frame in the first or the last).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.records import Claim, Sentence

_QUOTES_OPEN = "\"“"
_QUOTES_CLOSE = "\"”"
_MARKS = _QUOTES_OPEN + "”"
_PARAGRAPH = "\n\n"
_QUOTE_OR_BREAK = re.compile('\n\n|[“”"]')
_MAX_REGION = 3000  # a quotation longer than this is an unbalanced quote mark


def is_quotation(text: str, sent: Sentence) -> bool:
    """Is the whole sentence a quotation ("“Serbia is a sovereign country.”")?"""
    body = text[sent.clean_start:sent.clean_end].strip()
    return len(body) > 2 and body[0] in _QUOTES_OPEN and body.rstrip(".!?")[-1:] in _QUOTES_CLOSE \
        and body.count(body[0]) + body.count("”") <= 2


def _speaker(claims: Sequence[Claim]) -> Claim | None:
    return next((c for c in claims if c.attributed_to and c.attribution_cue), None)


def open_quote_speaker(text: str, sent: Sentence, claims: Sequence[Claim]
                       ) -> tuple[str, str, str] | None:
    """Who speaks a quotation the next sentence may go on with: a sentence that quotes
    someone ("“We will not,” Vučić said.") or continues a quotation."""
    body = text[sent.clean_start:sent.clean_end]
    if not any(q in body for q in _MARKS):
        return None
    c = _speaker(claims)
    return (c.attributed_to, c.attribution_cue, c.source_mention_id) if c is not None else None


def _attribute(c: Claim, speaker: Claim) -> Claim:
    return replace(c, attributed_to=speaker.attributed_to, attribution_cue=speaker.attribution_cue,
                   reported_by=speaker.reported_by, reported_by_cue=speaker.reported_by_cue,
                   source_mention_id=speaker.source_mention_id)


def split_quotes(text: str, sent: Sentence, claims: list[Claim]) -> list[Claim]:
    """A quotation split by its speech frame ("“Serbia will not,” Vučić said, “because
    ...”"): its other half is said by the same speaker."""
    speaker = _speaker(claims)
    if speaker is None:
        return claims
    body = text[sent.clean_start:sent.clean_end]
    marks = [k for k, ch in enumerate(body) if ch in _MARKS]
    if len(marks) < 4:
        return claims
    regions = list(zip(marks[::2], marks[1::2]))
    out = []
    for c in claims:
        pos = c.clean_start - sent.clean_start
        if not c.attributed_to and any(a < pos < b for a, b in regions):
            c = _attribute(c, speaker)
        out.append(c)
    return out


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of each quotation in ``text``: curly quotes pair as written,
    straight ones alternate; a paragraph break ends an open one (it was never closed)."""
    out: list[tuple[int, int]] = []
    opened = -1
    for m in _QUOTE_OR_BREAK.finditer(text):
        ch, k = m.group(), m.start()
        if ch == _PARAGRAPH:
            opened = -1
        elif ch == "“" or (ch == '"' and opened < 0):
            opened = k
        elif opened >= 0:  # ” or a closing "
            if k - opened <= _MAX_REGION:
                out.append((opened, k))
            opened = -1
    return out


def spread_over_quotations(text: str, claims: list[Claim]) -> list[Claim]:
    """Claims inside one quotation that runs over several sentences, with one speaker among
    them ("“Serbia will not join. It is a sovereign country,” Vučić said."), all said by
    that speaker."""
    statements = sorted((k for k, c in enumerate(claims) if c.kind == "statement"),
                        key=lambda k: claims[k].clean_start)
    starts = [claims[k].clean_start for k in statements]
    out = list(claims)
    for a, b in quote_regions(text):
        lo, hi = bisect.bisect_right(starts, a), bisect.bisect_left(starts, b)
        inside = [statements[j] for j in range(lo, hi)]
        if len({out[k].sent_index for k in inside}) < 2:
            continue  # within one sentence: split_quotes' and the parse's business
        speakers = {(out[k].attributed_to, out[k].attribution_cue) for k in inside
                    if out[k].attributed_to and out[k].attribution_cue}
        if len(speakers) != 1:
            continue  # nobody, or several people, speak inside: leave it to the parse
        speaker = _speaker([out[k] for k in inside])
        for k in inside:
            if not out[k].attributed_to:
                out[k] = _attribute(out[k], speaker)
    return out
