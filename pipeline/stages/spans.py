"""Claim spans that start where their words' markup starts, never inside it.

A reader removes markup from the text the parser sees; a claim's first word may sit inside
removed markup that opened just before it ("[[Target | label]]", "[label](url)", "**bold**",
"<a href=...>label</a>"). Its raw span then starts at the opener, so that quoting it from
the raw file never begins in the middle of a link.
"""

from __future__ import annotations

from pipeline import lang
from pipeline.records import SourceDoc

MARKUP_OPENERS = frozenset("[*_`")
MARKUP_PAIRS = lang.table("claims", "markup_openers")


def open_markup(removed: str) -> int:
    """Where the earliest markup left open in ``removed`` (text a reader removed) starts,
    else -1: "[[Target | " opens at 0, "<br/> " and "]](url) " open nothing."""
    found = -1
    for opener, closer in MARKUP_PAIRS.items():
        k = removed.rfind(opener)
        after = removed[k + len(opener):]
        # An opener before a space is a list bullet ("*   **Refusal ..."), not emphasis.
        if k >= 0 and closer not in after and not after[:1].isspace() and (found < 0 or k < found):
            found = k
    return found


def markup_start(src: SourceDoc, raw_start: int, clean_start: int = -1) -> int:
    """A claim's raw start, moved before markup its first word sits in: "[[Target | label]]
    ...", "[*Public* opinion in Serbia](url) was ...", "**Serbia** joined" start at "[[",
    "[" and "**"."""
    if clean_start >= 0:
        gap_start = src.offsets.raw_end(clean_start) if clean_start > 0 else 0
        # Only the markup on the claim's own line: what a reader removed between blocks
        # (a page's navigation, front matter) opens nothing the claim is in.
        gap_start = max(gap_start, src.raw.rfind("\n", gap_start, raw_start) + 1)
        if gap_start < raw_start:
            k = open_markup(src.raw[gap_start:raw_start])
            if k >= 0:
                return gap_start + k
    if src.reader.partition("@")[0] != "markdown":
        return raw_start
    raw, k = src.raw, raw_start
    while k > 0 and raw_start - k < 8 and raw[k - 1] in MARKUP_OPENERS:
        k -= 1
    return k
