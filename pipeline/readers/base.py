"""Shared machinery for the source readers: decoding, the offset-keeping text builder,
line splitting and the inline "piece" engine every format's cleaner runs on.

How a reader keeps offsets
--------------------------
A reader finds *blocks* (paragraphs, list items, captions) in the raw text by looking at
lines, then cleans each block's raw range with an *inline tokenizer*: a function that takes
a string and yields :class:`Piece` objects for everything that is not copied verbatim
(markup to drop, entities to replace, markers to record). The same tokenizer, run on any raw
slice that lies inside one block, gives that slice's cleaned text; this is
``clean_fragment`` in every reader module, and the property the tests check is::

    start, end = src.offsets.to_raw(clean_start, clean_end)
    reader.clean_fragment(src.raw[start:end]) == src.text[clean_start:clean_end]

for every block and every sub-span of a block that starts and ends on a non-space
character. For that to hold, tokenizer rules only look at characters around a match when
those characters are copied (never dropped), and block edges are trimmed by the block
emitter, not by the tokenizer.
"""

from __future__ import annotations

import functools

import re
import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import date, datetime

from pipeline import errors, lang
from pipeline.records import Block, DocFact, EntityHint, Marker, OffsetMap, Section

# -- decoding -------------------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Decode raw bytes exactly: UTF-8 strictly, else cp1252, else Latin-1 (with a warning).

    A UTF-8 BOM stays as U+FEFF at offset 0 and ``\\r\\n`` is kept, so offsets count code
    points of the file as it is. A file with a UTF-16 BOM is decoded as UTF-16 (its BOM kept
    as U+FEFF). NUL bytes anywhere else mean a binary file: :func:`errors.binary_file`.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            text = "\ufeff" + data.decode("utf-16")
        except UnicodeDecodeError:
            raise errors.binary_file(path) from None
        if "\x00" in text:
            raise errors.binary_file(path)
        return text, ()
    if b"\x00" in data:
        raise errors.binary_file(path)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        bad = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, (errors.decode_fallback_warning(path, encoding, bad),)
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def is_blank(text: str) -> bool:
    """True when ``text`` holds nothing but whitespace (a BOM counts as whitespace)."""
    return not text.replace("\ufeff", "").strip()


# -- the offset-keeping builder ---------------------------------------------------------------


class TextBuilder:
    """Appends copied raw runs, replacements and synthesised separators; builds an OffsetMap.

    * :meth:`copy` - cleaned text equal to ``raw[start:end]`` (mapped one to one);
    * :meth:`replace` - cleaned text standing for ``raw[start:end]`` as one indivisible unit
      (``&amp;`` -> ``&``, ``\\r\\n`` -> `` ``); a same-length replacement maps one to one;
    * :meth:`synth` - text with no raw counterpart (the ``\\n\\n`` between blocks).
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, ...]] = []
        self.length = 0

    def copy(self, start: int, end: int, text: str) -> None:
        n = end - start
        if n <= 0:
            return
        segs = self._segments
        if segs and len(segs[-1]) == 3:
            cs, rs, ln = segs[-1]
            if cs + ln == self.length and rs + ln == start:
                segs[-1] = (cs, rs, ln + n)
                self._parts.append(text)
                self.length += n
                return
        segs.append((self.length, start, n))
        self._parts.append(text)
        self.length += n

    def replace(self, start: int, end: int, text: str) -> None:
        if not text:
            return
        if len(text) == end - start:
            self.copy(start, end, text)
            return
        self._segments.append((self.length, start, len(text), end - start))
        self._parts.append(text)
        self.length += len(text)

    def synth(self, text: str) -> None:
        self._parts.append(text)
        self.length += len(text)

    def build(self, raw_length: int) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._segments), raw_length)


# -- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One raw line: ``start``/``end`` exclude the ``\\n`` and a trailing ``\\r``."""

    index: int  # 0-based
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return is_blank(self.text)


def split_lines(raw: str, start: int = 0) -> list[Line]:
    """Lines of ``raw[start:]`` split on ``\\n`` only (never on U+2028, \\x0c, ... which
    :meth:`str.splitlines` would also split on, shifting line numbers)."""
    lines: list[Line] = []
    pos = start
    n = len(raw)
    i = 0
    while pos <= n:
        nl = raw.find("\n", pos)
        end = n if nl < 0 else nl
        line_end = end - 1 if end > pos and raw[end - 1] == "\r" else end
        lines.append(Line(i, pos, line_end, raw[pos:line_end]))
        i += 1
        if nl < 0:
            break
        pos = nl + 1
    if lines and lines[-1].start == n and n > start:
        lines.pop()  # the empty "line" after a final newline
    return lines


# -- inline pieces ----------------------------------------------------------------------------


class Piece(NamedTuple):
    """A non-copied run of a string: dropped (``out == ""``), replaced, or an event.

    ``event`` records what the piece meant: ``("marker", kind, value, text, start, end)``,
    ``("link_open", target, start, style)`` (style ``wiki`` or ``md``) or
    ``("link_close", end, url)``. Offsets are relative to the string
    the tokenizer was given.
    """

    start: int
    end: int
    out: str = ""
    event: tuple = ()


Tokenizer = Callable[[str], Iterable[Piece]]

# A run this long without whitespace is not a word (a pasted blob, base64, a binary dump
# decoded as text): it is left out of the clean text, so no sentence or claim is made of
# it, while offsets still point into the raw file around it.
MAX_TOKEN_CHARS = 10_000
_GIANT_TOKEN = re.compile(r"\S{%d,}" % MAX_TOKEN_CHARS)


def _without_giant_tokens(tokenize: Tokenizer, s: str, dropped: list[tuple[int, int]]
                          ) -> Iterator[Piece]:
    """``tokenize(s)`` plus a dropping piece for each giant token between its pieces
    (each one's ``(start, length)`` is appended to ``dropped``)."""
    pos = 0
    for p in tokenize(s):
        if p.start > pos:
            for m in _GIANT_TOKEN.finditer(s, pos, p.start):
                dropped.append((m.start(), m.end() - m.start()))
                yield Piece(m.start(), m.end())
        yield p
        pos = max(pos, p.end)
    for m in _GIANT_TOKEN.finditer(s, pos):
        dropped.append((m.start(), m.end() - m.start()))
        yield Piece(m.start(), m.end())


def render(s: str, pieces: Iterable[Piece]) -> str:
    """The cleaned text of ``s`` given its pieces (what ``clean_fragment`` returns)."""
    out: list[str] = []
    pos = 0
    for p in pieces:
        if p.start > pos:
            out.append(s[pos:p.start])
        out.append(p.out)
        pos = max(pos, p.end)
    out.append(s[pos:])
    return "".join(out)


def retract_spaces(s: str, i: int, floor: int) -> int:
    """Move ``i`` left over spaces and tabs, not past ``floor``."""
    while i > floor and s[i - 1] in " \t":
        i -= 1
    return i


def skip_spaces(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in " \t":
        i += 1
    return i


# Citation markers, maintenance tags and bare transcript timestamps in square brackets.
_TAGS = "|".join(re.escape(tag) for tag in lang.ordered("layout", "editorial_tags"))
_NEEDED = "|".join(re.escape(word) for word in lang.ordered("layout", "needed_word"))
_NOTES = "|".join(re.escape(word) for word in lang.ordered("layout", "note_prefixes"))
_BRACKET_ONE = (
    rf"\[(?:\d{{1,4}}[a-z]?|[a-z]|(?:{_NOTES})\s?\d{{1,3}}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    rf"|[a-z][a-z '\u2019\-\u2013]{{1,40}}(?: (?:{_NEEDED})|\?)|{_TAGS})\]"
)
BRACKET_RUN = re.compile(rf"(?:{_BRACKET_ONE})+")
BRACKET_ONE = re.compile(_BRACKET_ONE)
_TIME = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})|(\d{1,6})s?")
_NEEDED_CITATION = lang.ordered("layout", "citation_needed_words")


def seconds(value: str) -> str:
    """``00:10:36`` -> ``636``; ``10:36`` -> ``636``; ``636s`` -> ``636``; else ``""``."""
    m = _TIME.fullmatch(value.strip())
    if not m:
        return ""
    if m.group(4) is not None:
        return str(int(m.group(4)))
    h = int(m.group(1) or 0)
    return str(h * 3600 + int(m.group(2)) * 60 + int(m.group(3)))


def classify_bracket(token: str) -> tuple[str, str]:
    """``[24]`` -> ``("citation", "24")``; ``[citation needed]`` -> ``("citation_needed",
    "citation needed")``; ``[00:10:36]`` -> ``("timestamp", "636")``; other editorial tags
    (``[who?]``, ``[clarification needed]``) -> ``("maintenance", tag)``."""
    inner = token[1:-1]
    if ":" in inner and inner[0].isdigit():
        return "timestamp", seconds(inner)
    if inner[0].isdigit() or len(inner) == 1 or inner[:1] == "n" and inner[-1:].isdigit():
        return "citation", inner
    if any(word in inner for word in _NEEDED_CITATION):
        return "citation_needed", inner
    return "maintenance", inner


def bracket_pieces(s: str, m: re.Match, floor: int) -> list[Piece]:
    """Pieces for a run of bracket markers ``m`` in ``s`` (``floor``: end of the last piece).

    Whitespace: ``word [5] next`` -> ``word next`` (the spaces after the run go with it) and
    ``word [5].`` -> ``word.`` (the spaces before it go); ``word.[5] Next`` loses only the
    run. Only copied neighbours are looked at, so a slice cleans the same way.
    """
    start, end = m.start(), m.end()
    if start > 0 and s[start - 1].isspace():
        after = skip_spaces(s, end)
        if after > end:
            end = after
        elif end == len(s) or not s[end].isspace():
            start = retract_spaces(s, start, floor)
    run = m.group(0)
    base = m.start()
    if run.count("[") == 1:
        kind, value = classify_bracket(run)
        return [Piece(start, end, "", ("marker", kind, value, run, base, m.end()))]
    pieces: list[Piece] = []
    first = True
    for one in BRACKET_ONE.finditer(run):
        kind, value = classify_bracket(one.group(0))
        ev = ("marker", kind, value, one.group(0), base + one.start(), base + one.end())
        if first:
            # The first piece carries the whole dropped range; the rest are zero-width.
            pieces.append(Piece(start, end, "", ev))
            first = False
        else:
            pieces.append(Piece(end, end, "", ev))
    return pieces


_WIKI_OPEN = re.compile(r"\[\[([^\[\]|\n]{0,300})\|[ \t]*")


def wiki_open(s: str, i: int) -> list[Piece]:
    """The opening of ``[[Target | label]]`` or ``[[Target]]`` at ``i`` (dropped; the event
    carries the target). Each part of a wiki link is recognised on its own, so a slice
    that cuts a link's label cleans the same way as the whole block."""
    w = _WIKI_OPEN.match(s, i)
    if w:
        return [Piece(i, w.end(), "", ("link_open", w.group(1).strip(), i, "wiki"))]
    close = s.find("]]", i + 2, i + 302)
    target = s[i + 2:close].strip() if close > 0 else ""
    if "\n" in target or "[" in target or "|" in target:
        target = ""
    return [Piece(i, i + 2, "", ("link_open", target, i, "wiki"))]


def wiki_close(s: str, i: int, floor: int) -> list[Piece]:
    """The ``]]`` at ``i`` (dropped with the spaces before it)."""
    return [Piece(retract_spaces(s, i, floor), i + 2, "", ("link_close", i + 2, ""))]


# -- block emission -------------------------------------------------------------------------


@dataclass
class Collector:
    """Everything a reader accumulates while walking a document."""

    raw: str
    builder: TextBuilder = field(default_factory=TextBuilder)
    blocks: list[Block] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    hints: list[EntityHint] = field(default_factory=list)
    facts: list[DocFact] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    path: str = ""  # for warnings
    _giant_tokens: int = 0
    _pending_sections: list[tuple[str, int, int, int]] = field(default_factory=list)
    _line_starts: list[int] | None = None

    def line_of(self, raw_pos: int) -> int:
        """1-based line of a raw offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.raw.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, raw_pos)

    def section(self, title: str, level: int, start: int, end: int) -> None:
        """Record a heading; its ``clean_start`` is where the next block starts."""
        self._pending_sections.append((title, level, start, end))

    def _flush_sections(self, clean_start: int) -> None:
        for title, level, start, end in self._pending_sections:
            self.sections.append(Section(title, level, start, end, clean_start))
        self._pending_sections.clear()

    def fact(self, key: str, key_start: int, key_end: int, value: str, start: int,
             end: int) -> None:
        self.facts.append(DocFact(key, value, start, end, self.line_of(start), key_start,
                                  key_end))

    def emit(self, lo: int, hi: int, *, kind: str, section: str, tokenize: Tokenizer) -> bool:
        """Clean ``raw[lo:hi]`` into one block; return False when nothing is left of it."""
        raw = self.raw
        s = raw[lo:hi]
        outs: list[tuple[int, int, str, bool]] = []  # (raw_start, raw_end, text, copied)
        events: list[tuple[int, tuple]] = []  # (clean offset within T, event)
        clean = 0
        pos = 0
        dropped: list[tuple[int, int]] = []
        for p in _without_giant_tokens(tokenize, s, dropped):
            if p.start > pos:
                outs.append((pos, p.start, s[pos:p.start], True))
                clean += p.start - pos
            if p.event:
                events.append((clean, p.event))
            if p.out:
                outs.append((p.start, p.end, p.out, False))
                clean += len(p.out)
            pos = max(pos, p.end)
        if pos < len(s):
            outs.append((pos, len(s), s[pos:], True))
            clean += len(s) - pos
        if dropped and not self._giant_tokens:  # one warning per document
            start, length = dropped[0]
            self.warnings.append(errors.giant_token_warning(self.path, lo + start, length,
                                                            MAX_TOKEN_CHARS))
        self._giant_tokens += len(dropped)
        text = "".join(o[2] for o in outs)
        lead = len(text) - len(text.lstrip())
        stop = len(text.rstrip()) if lead < len(text) else lead
        b = self.builder
        if stop > lead:
            if b.length:
                b.synth("\n\n")
            block_start = b.length
            self._flush_sections(block_start)
            c = 0
            for rs, re_, t, copied in outs:
                a, z = c, c + len(t)
                c = z
                if z <= lead or a >= stop:
                    continue
                if copied:
                    i, j = max(a, lead) - a, min(z, stop) - a
                    b.copy(lo + rs + i, lo + rs + j, t[i:j])
                else:
                    b.replace(lo + rs, lo + re_, t)
            self.blocks.append(Block(kind, block_start, b.length, section))
        else:
            block_start = b.length
        block_end = b.length if stop > lead else block_start
        self._events(events, text, lead, stop, block_start, block_end, lo)
        return stop > lead

    def _events(self, events: list[tuple[int, tuple]], text: str, lead: int, stop: int,
                block_start: int, block_end: int, lo: int) -> None:
        opens: list[tuple[int, tuple]] = []
        for at, ev in events:
            if ev[0] == "marker":
                _, kind, value, token, rs, re_ = ev
                if at <= lead:
                    pos, where = block_start, "leading"
                else:
                    k = at
                    while k > lead and text[k - 1].isspace():
                        k -= 1
                    pos, where = block_start + min(k, stop) - lead, "trailing"
                self.markers.append(Marker(kind, token, lo + rs, lo + re_, pos, value, where))
            elif ev[0] == "link_open":
                opens.append((at, ev))
            elif ev[0] == "link_close" and opens:
                at0, (_, target, rs, style) = opens.pop()
                _, re_, url = ev
                a = max(at0, lead)
                z = min(at, stop)
                while a < z and text[a].isspace():
                    a += 1
                while z > a and text[z - 1].isspace():
                    z -= 1
                cs = block_start + a - lead
                ce = block_start + z - lead
                pos = min(max(cs, block_start), max(block_end, block_start))
                self.markers.append(Marker("link", self.raw[lo + rs:lo + re_], lo + rs,
                                           lo + re_, pos, target or url, "inline"))
                if z > a and target and style == "wiki":
                    self.hints.append(EntityHint(target, cs, ce))

    def finish(self) -> tuple[str, OffsetMap]:
        self._flush_sections(self.builder.length)
        return self.builder.build(len(self.raw))


# -- results and metadata -------------------------------------------------------------------


HEADLINE = "headline"  # the block kind of a title that is also text (a news headline)


@dataclass(frozen=True)
class ParsedText:
    """What a format module's ``read`` returns; ``read_source`` turns it into a SourceDoc."""

    text: str
    offsets: OffsetMap
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    facts: tuple[DocFact, ...] = ()
    markers: tuple[Marker, ...] = ()
    hints: tuple[EntityHint, ...] = ()
    title: str = ""
    meta: tuple[tuple[str, str], ...] = ()  # url, published, author, source_type, video_id
    warnings: tuple[str, ...] = ()


def parsed(c: Collector, *, title: str = "", meta: dict[str, str] | None = None) -> ParsedText:
    text, offsets = c.finish()
    markers = sorted(c.markers, key=lambda m: (m.start, m.end))
    return ParsedText(
        text=text, offsets=offsets, blocks=tuple(c.blocks), sections=tuple(c.sections),
        facts=tuple(c.facts), markers=tuple(markers), hints=tuple(c.hints), title=title,
        meta=tuple(sorted((k, v) for k, v in (meta or {}).items() if v)),
        warnings=tuple(c.warnings),
    )


_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y",
    "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y", "%d.%m.%Y",
)
_ISO_PREFIX = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")
_SIGNED_OR_LONG_YEAR = re.compile(r"[-+]\d{4,}(?:-|$)|\d{5,}-")
_ISO_DATE = re.compile(r"(-?)(\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?")


def published_warning(path: str, value: str) -> str:
    """A coded warning for a normalized ``published`` value that cannot serve as the
    document date as written (negative, implausible, unparseable), else ``""``."""
    text = (value or "").strip()
    if not text:
        return ""
    from pipeline import errors

    m = _ISO_DATE.fullmatch(text)
    if not m:
        return errors.published_unparseable_warning(path, text)
    year = int(m.group(2))
    month, day = int(m.group(3) or 1), int(m.group(4) or 1)
    if len(m.group(2)) > 4 or (year == 0 and not m.group(1)):
        return errors.published_implausible_warning(path, text)
    try:
        date(2000, month, day)  # the month and day exist (any leap year will do)
    except ValueError:
        return errors.published_unparseable_warning(path, text)
    if m.group(1):
        return errors.published_bce_warning(path, text)
    return ""


def normalize_date(value: object) -> str:
    """An ISO date (``2024-05-01``) for anything parseable, else the value unchanged.

    ``date``/``datetime`` objects (YAML gives those), ``2024-05-01T10:00:00Z``,
    ``20240501`` (YouTube ``upload_date``), ``1 May 2024`` and ``May 1, 2024`` are
    understood; ``2024-05`` and ``2024`` stay as they are (already ISO, just coarser).
    ``01/05/2024`` is read day first. No locale or clock is consulted.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return ""
    m = _ISO_PREFIX.match(text)
    if m:
        text = m.group(1)
    if _PARTIAL.fullmatch(text) or _SIGNED_OR_LONG_YEAR.match(text):
        # BCE ("-0500-01-01") and five-digit years are left as written: dateparser would
        # silently drop the sign. published_warning() says what becomes of them.
        return text
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return _dateparser_date(text) or text


def _dateparser_date(text: str) -> str:
    """Full dates in other shapes and languages ("Sat, 16 Apr 2022 10:00:00 GMT",
    "16. April 2022", "16 avril 2022") via dateparser, once per document.

    Only absolute dates with day, month and year count: relative words ("yesterday")
    would need a clock, and a guessed day would be a made-up fact.
    """
    if len(text) > 64 or not any(ch.isdigit() for ch in text):
        return ""
    return _dateparser_cached(text)


@functools.lru_cache(maxsize=65_536)
def _dateparser_cached(text: str) -> str:
    # A manifest repeats its dates: each distinct value is parsed once per process.
    import dateparser

    settings = {
        "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime(2000, 1, 1),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        # English first, alone: language detection tries English first anyway, so the
        # answer is the same, and it costs a millisecond instead of about 25 (all locales).
        parsed = dateparser.parse(text, languages=["en"], settings=settings) or \
            dateparser.parse(text, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return ""
    return parsed.date().isoformat() if parsed else ""
