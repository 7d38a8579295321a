"""Plain and wiki-style text (``.txt``).

What the reader recognises, line by line (lines split on ``\\n`` only; ``\\r\\n`` kept):

* **Title**: a ``= Title =`` first line, else a short, title-like first line followed by a
  blank line (``Russia–Serbia relations``); else the caller falls back to the file stem.
* **Dateline**: a title that is only a place and a full date (``Belgrade, 24 March 1999``,
  ``March 24, 1999``) is the document's ``published`` date, so a wire story's "on
  Wednesday" resolves against it (a manifest's ``published`` still wins).
* **Headings**: ``==Heading==`` .. ``======Heading======`` become :class:`Section` records
  (``start``/``end`` = the raw span of the heading text). Text under "See also",
  "References", "External links", "Further reading", "Notes", "Bibliography", "Sources"
  is link lists, not prose, and is left out of ``text``.
* **Infobox**: ``- Key: value`` bullets after the title and before the first prose
  paragraph or heading become :class:`DocFact` records (raw offsets of the value and of
  the key). A value with no letter or digit (``- Parties: ,``) is dropped. Layout keys
  (image, width, height, size, caption, alt, upright, logo, map ... and any ``200px``
  value) are dropped too, so nobody reports ``200px`` as a number; the raw text still
  holds them. Short non-bullet lines inside the infobox (its repeated title) are dropped.
* **Captions**: a final group of two or more single-newline-separated short lines after
  the last paragraph becomes one ``caption`` block per line, unless the document's
  paragraphs are hard-wrapped (an earlier group spans several lines).
* **Plain headings**: a short capitalised line without sentence punctuation (``History``)
  directly followed by a paragraph line of 60+ characters is a level-2 section.
* **Prose**: every other line is a paragraph; lines of a hard-wrapped paragraph (a line
  not ending a sentence, or a next line starting in lower case) are joined, the line
  break becoming one space. Other bullet lines become ``list_item`` blocks.

Inline, ``[[Target | label]]`` wiki links become ``label`` with an :class:`EntityHint`
and a ``link`` marker, as in :mod:`pipeline.readers.markdown`. Bracket markers
(``[24]``, ``[61][104]``, ``[citation needed]``, ``[who?]``, bare transcript timestamps
``[00:10:36]``) and wiki emphasis quotes (``''``/``'''``) are removed from the text.
Markers become :class:`Marker` records: ``position`` is ``leading`` for a marker that
opens its block (``clean_pos`` = the block start, where its sentence begins) and
``trailing`` otherwise (``clean_pos`` = right after the preceding non-space character).
Kinds: ``citation`` (``[24]``, ``[a]``, ``[note 3]``), ``citation_needed``
(``[citation needed]``, ``[better source needed]``, ``[failed verification]``...),
``maintenance`` (``[who?]``, ``[clarification needed]``, ``[dubious – discuss]``) and
``timestamp`` (value in seconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline import lang
from pipeline.readers.datelines import title_date
from pipeline.readers.base import (
    BRACKET_RUN,
    Collector,
    HEADLINE,
    Line,
    ParsedText,
    Piece,
    bracket_pieces,
    parsed,
    render,
    retract_spaces,
    split_lines,
    wiki_close,
    wiki_open,
)

NAME = "text"
VERSION = "6"  # 6: a first line taken as the title is also a headline block of the text (not over sections of its own); 5: title datelines parsed only when the title ends in a date
SUFFIXES = (".txt", ".text")

_TRIGGER = re.compile(r"\[|\]\]|\r?\n|''")
_NEWLINE = re.compile(r"\r?\n[ \t]*")
_QUOTES = re.compile(r"'{2,5}")


def tokenize(s: str) -> Iterator[Piece]:
    """Inline pieces of a text-format string (see :mod:`pipeline.readers.base`)."""
    floor = 0
    pos = 0
    n = len(s)
    while pos < n:
        m = _TRIGGER.search(s, pos)
        if m is None:
            return
        i = m.start()
        ch = s[i]
        if ch == "[" and s.startswith("[[", i):
            pieces = wiki_open(s, i)
            yield from pieces
            floor = pos = pieces[-1].end
        elif ch == "]":
            pieces = wiki_close(s, i, floor)
            yield from pieces
            floor = pos = pieces[-1].end
        elif ch == "[":
            run = BRACKET_RUN.match(s, i)
            if run is None:
                pos = i + 1
                continue
            pieces = bracket_pieces(s, run, floor)
            yield from pieces
            floor = pos = max(p.end for p in pieces)
        elif ch == "'":
            q = _QUOTES.match(s, i)
            assert q is not None
            yield Piece(i, q.end())
            floor = pos = q.end()
        else:
            nl = _NEWLINE.match(s, i)
            assert nl is not None
            start = retract_spaces(s, i, floor)
            yield Piece(start, nl.end(), " ")
            floor = pos = nl.end()


def clean_fragment(raw_slice: str) -> str:
    """Clean a raw slice lying inside one block the way the reader cleans it."""
    return render(raw_slice, tokenize(raw_slice))


# -- structure --------------------------------------------------------------------------------

_BULLETS = "-*\u2022"


# Line shapes are checked with string methods, not regexes with lazy groups, which
# backtrack quadratically on long runs of spaces.
def _heading(text: str) -> tuple[int, int, int] | None:
    """``==History==`` -> ``(2, start, end)`` of ``History`` in ``text``; else None.

    Level 1 (``= Title =``) is the title when it is the first line."""
    lead = len(text) - len(text.lstrip())
    stop = len(text.rstrip())
    n = 0
    while lead + n < stop and text[lead + n] == "=" and n < 7:
        n += 1
    m = 0
    while stop - m - 1 > lead + n and text[stop - m - 1] == "=" and m < 7:
        m += 1
    if not 1 <= n <= 6 or m != n:
        return None
    a, z = lead + n, stop - m
    while a < z and text[a].isspace():
        a += 1
    while z > a and text[z - 1].isspace():
        z -= 1
    return (n, a, z) if z > a else None


def _bullet(text: str) -> tuple[int, int] | None:
    """``- Date Signed: 10 July 1807`` -> the ``(start, end)`` of the text after the bullet."""
    i = len(text) - len(text.lstrip())
    if i + 1 >= len(text) or text[i] not in _BULLETS or not text[i + 1].isspace():
        return None
    k = i + 1
    while k < len(text) and text[k].isspace():
        k += 1
    end = len(text.rstrip())
    return (k, end) if k < end else None

_KEYVAL = re.compile(r"([^:\n]{1,60}?)\s*:(?:\s+|$)")
_NONPROSE_SECTIONS = lang.words("layout", "nonprose_sections")
_LAYOUT_WORDS = lang.words("layout", "layout_words")
_PX = re.compile(r"\d+\s*(?:px|x\d+px)", re.IGNORECASE)
_TERMINAL = tuple(".!?:;\"')]\u201d\u2019\u2026")
MAX_CAPTION = 300


def is_layout_key(key: str, value: str) -> bool:
    """``Image Width``/``200px``-style infobox entries that describe layout, not the topic."""
    words = set(re.split(r"[\s_]+", key.lower()))
    return bool(words & _LAYOUT_WORDS) or bool(_PX.fullmatch(value.strip()))


def _title_like(line: Line) -> bool:
    t = line.text.strip().lstrip("\ufeff")
    return 0 < len(t) <= 120 and not t.endswith((".", "!", "?", ",", ";", ":")) \
        and not _bullet(t) and not t.startswith("[") and len(t.split()) <= 15


def _strip_bom(line: Line) -> Line:
    if line.text.startswith("\ufeff"):
        return Line(line.index, line.start + 1, line.end, line.text[1:])
    return line


def _groups(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    cur: list[Line] = []
    for line in lines:
        if line.blank:
            if cur:
                out.append(cur)
                cur = []
            continue
        if _heading(line.text):
            if cur:
                out.append(cur)
                cur = []
            out.append([line])
            continue
        cur.append(line)
    if cur:
        out.append(cur)
    return out


def read(raw_text: str, *, path: str) -> ParsedText:
    """Parse wiki-style or plain text into cleaned prose blocks, sections, facts, markers."""
    c = Collector(raw_text, path=path)
    lines = split_lines(raw_text)
    if lines:
        lines[0] = _strip_bom(lines[0])
    groups = _groups(lines)
    title = ""
    wiki = False
    gi = 0
    # Title: "= Title =" or a short first line on its own.
    if groups:
        first = groups[0][0]
        head = _heading(first.text)
        if head and head[0] == 1:
            title = clean_fragment(first.text[head[1]:head[2]]).strip()
            wiki = True
            groups[0] = groups[0][1:]
            if not groups[0]:
                gi = 1
        elif len(groups[0]) == 1 and _title_like(first) and len(groups) > 1:
            title = clean_fragment(first.text.strip()).strip()
            if not _has_headings(groups[1:]):
                _headline(c, first, title)
            gi = 1
        elif len(groups[0]) > 1 and _heading_like(first) and len(groups[0][1].text) >= 60 \
                and not _bullet(groups[0][1].text):
            # "Title\nFirst paragraph ..." with no blank line between them.
            title = clean_fragment(first.text.strip()).strip()
            if not _has_headings(groups[1:]):
                _headline(c, first, title)
            groups[0] = groups[0][1:]
    section = ""
    skip_section = False
    seen_prose = False
    wrapped = False  # has a paragraph spread over several lines been seen?
    last_prose_group = max(
        (k for k, g in enumerate(groups) if g and not _heading(g[0].text)),
        default=-1,
    )
    for k in range(gi, len(groups)):
        group = groups[k]
        if not group:
            continue
        head = _heading(group[0].text)
        if head and len(group) == 1:
            wiki = True
            s, e = group[0].start + head[1], group[0].start + head[2]
            section = clean_fragment(raw_text[s:e]).strip()
            c.section(section, head[0], s, e)
            skip_section = section.lower() in _NONPROSE_SECTIONS
            continue
        if skip_section:
            continue
        if not seen_prose and not section and _infobox(c, group):
            wiki = True
            continue
        # Captions close one-paragraph-per-line extracts; in hard-wrapped text the last
        # group is just the last paragraph.
        if k == last_prose_group and seen_prose and not wrapped \
                and _captions(c, group, section):
            continue
        wrapped = wrapped or len(group) > 1
        following = groups[k + 1] if k + 1 < len(groups) else []
        for kind, part in _implicit_headings(group, following):
            if kind == "heading":
                line = part[0]
                s = line.start + len(line.text) - len(line.text.lstrip())
                e = line.start + len(line.text.rstrip())
                section = clean_fragment(raw_text[s:e]).strip()
                c.section(section, 2, s, e)
                skip_section = section.lower() in _NONPROSE_SECTIONS
            elif not skip_section:
                _prose(c, part, section)
                seen_prose = True
    meta = {"source_type": "wiki" if wiki else ""}
    if published := title_date(title):
        meta["published"] = published
        meta["published_from"] = "title"
    return parsed(c, title=title, meta=meta)


def _has_headings(groups: list[list[Line]]) -> bool:
    """Does the text below the title have headings of its own (an article or a chapter,
    whose title heads sections rather than telling news)?"""
    return any(
        _heading(group[0].text) or any(kind == "heading" for kind, _ in _implicit_headings(
            group, groups[k + 1] if k + 1 < len(groups) else []))
        for k, group in enumerate(groups) if group)


def _headline(c: Collector, line: Line, title: str) -> None:
    """A first line taken as the title is also text (a ``headline`` block): a news story's
    headline tells its main event ("Jackson arrested on DUI charge"). A dateline or an
    address is only metadata, and a title over sections of their own ("Course of the
    war", then "War breaks out in Europe") heads them rather than telling news."""
    if title_date(title) or _ADDRESS.match(title):
        return
    lead = len(line.text) - len(line.text.lstrip())
    c.emit(line.start + lead, line.start + len(line.text.rstrip()), kind=HEADLINE, section="",
           tokenize=tokenize)


_ADDRESS = re.compile(r"(?i)\s*(?:https?\s*:|www\s*\.)")


def _heading_like(line: Line) -> bool:
    """``History`` on a line of its own: short, capitalised, no sentence punctuation."""
    t = line.text.strip()
    return 0 < len(t) <= 50 and t[0].isupper() and len(t.split()) <= 6 \
        and not t.endswith((".", "!", "?", ",", ";", ":", '"', "”")) \
        and not _bullet(line.text) and "[" not in t


def _implicit_headings(group: list[Line], following: list[Line]
                       ) -> list[tuple[str, list[Line]]]:
    """Split a group at plain-text headings: a heading-like line followed by a paragraph
    line of at least 60 characters (in the group, or as the next group's first line)."""
    out: list[tuple[str, list[Line]]] = []
    cur: list[Line] = []
    for idx, line in enumerate(group):
        if idx + 1 < len(group):
            nxt: Line | None = group[idx + 1]
        elif len(group) == 1 and following:
            nxt = following[0]
        else:
            nxt = None
        if nxt is not None and _heading_like(line) and len(nxt.text.strip()) >= 60 \
                and not _heading(nxt.text) and not _bullet(nxt.text):
            if cur:
                out.append(("lines", cur))
                cur = []
            out.append(("heading", [line]))
        else:
            cur.append(line)
    if cur:
        out.append(("lines", cur))
    return out


def _infobox(c: Collector, group: list[Line]) -> bool:
    """Record ``- Key: value`` bullets as facts when ``group`` is an infobox."""
    entries = []
    for line in group:
        b = _bullet(line.text)
        if b:
            kv = _KEYVAL.match(line.text, b[0], b[1])
            entries.append((line, b, kv))
    if not entries or not any(kv for _, _, kv in entries):
        return False
    if any(len(line.text) > 200 for line in group if not _bullet(line.text)):
        return False
    for line, b, kv in entries:
        if kv is None:
            continue
        key = kv.group(1).strip()
        key_start = line.start + kv.start(1)
        key_end = key_start + len(kv.group(1))
        vs = line.start + kv.end()
        ve = line.start + b[1]
        raw = c.raw
        while vs < ve and raw[vs].isspace():
            vs += 1
        value = clean_fragment(raw[vs:ve])
        if not re.search(r"\w", value) or is_layout_key(key, value):
            continue
        c.fact(key, key_start, key_end, value, vs, ve)
    return True


def _captions(c: Collector, group: list[Line], section: str) -> bool:
    """A trailing run of short single lines: one caption block per line."""
    if len(group) < 2:
        return False
    if any(len(line.text) > MAX_CAPTION or _bullet(line.text) for line in group):
        return False
    wraps = sum(1 for line in group[1:] if line.text.lstrip()[:1].islower())
    if wraps * 2 > len(group) - 1:
        return False
    for line in group:
        c.emit(line.start, line.end, kind="caption", section=section, tokenize=tokenize)
    return True


def _prose(c: Collector, group: list[Line], section: str) -> None:
    """Paragraphs (joining hard-wrapped lines) and bullet list items."""
    i = 0
    while i < len(group):
        line = group[i]
        b = _bullet(line.text)
        kind = "list_item" if b else "prose"
        start = line.start + (b[0] if b else 0)
        end = line.end
        j = i + 1
        while j < len(group):
            prev, nxt = group[j - 1], group[j]
            if _bullet(nxt.text):
                break
            joined = not prev.text.rstrip().endswith(_TERMINAL) or \
                nxt.text.lstrip()[:1].islower()
            if not joined:
                break
            end = nxt.end
            j += 1
        c.emit(start, end, kind=kind, section=section, tokenize=tokenize)
        i = j
