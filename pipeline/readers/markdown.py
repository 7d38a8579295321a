"""Markdown (``.md``, and ``.txt`` files that start with YAML front matter).

Structure:

* **Front matter** between ``---`` lines at the top is parsed with ``yaml.safe_load``:
  ``title``; ``url``/``link``/``source``; ``videoId``/``video_id``; ``published``/``date``/
  ``upload_date``; ``author``/``channel``/``uploader``; ``source_type``/``type``. Broken or
  unterminated front matter is reported as a warning (``errors.front_matter_warning``),
  never raised.
* **Headings** (``#``..``######`` and setext underlines) become :class:`Section` records.
* **Byline**: a short ``From:``/``By:``/``Author:`` line before the first paragraph fills
  ``author`` (``From: [[jameskerlindsay]] <br/>`` -> ``jameskerlindsay``) and is not prose.
* **Blocks**: paragraphs (lines joined with one space), list items (``*``, ``-``, ``+``,
  ``1.``; one block each, continuation lines joined), block quotes. Code fences, tables,
  HTML-only lines, thematic breaks and images are not prose.

Inline: ``[[Target | label]]`` / ``[[Target]]`` become the label with an
:class:`EntityHint` and a ``link`` :class:`Marker` (value = target); ``[text](url)``
becomes ``text`` with a ``link`` marker (value = url, no hint); images are dropped;
``<a class="yt-timestamp" data-t="00:10:36">[00:10:36]</a>`` anchors are dropped and become
``timestamp`` markers (value = seconds); other HTML tags are dropped (``<br/>`` between
words becomes a space); entities are decoded; emphasis (``**``, ``*``, ``_``, ``~~``) and
backticks are stripped; ``\\*``-style escapes become the character; bracket markers are
handled as in :mod:`pipeline.readers.text`.

Known limit: a ``[text](url)`` link is recognised by looking ahead for ``](``, or for the
end of the string so that a slice ending inside a link's text cleans like its block. The
price is paid by literal brackets that are not links: ``[`` followed by text up to the end
of a block is dropped, and a slice ending inside literal bracketed text (``[sic]``) drops
its ``[`` although the block keeps it.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator

import yaml

from pipeline import errors, lang
from pipeline.readers.base import (
    BRACKET_RUN,
    Collector,
    Line,
    ParsedText,
    Piece,
    bracket_pieces,
    normalize_date,
    parsed,
    render,
    retract_spaces,
    seconds,
    split_lines,
    wiki_close,
    wiki_open,
)

NAME = "markdown"
VERSION = "3"
SUFFIXES = (".md", ".markdown")

_TRIGGER = re.compile(r"[\[\]<&*_~`\\!\n\r]")
_NEWLINE = re.compile(r"\r?\n[ \t]*(?:>[ \t]?)*")
# The opener of [text](url); a "[" whose text runs to the end of the string counts too, so
# a slice that ends inside a link's text cleans the way the whole block does.
_MD_OPEN = re.compile(
    r"\[(?=[^\[\]\n]{0,500}\]\([^()\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,300}\")?\)"
    r"|[^\[\]\n]{1,500}\Z)")
_MD_CLOSE = re.compile(r"\]\(([^()\s]{0,2000})(?:[ \t]+\"[^\"\n]{0,300}\")?\)")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,300}\")?\)")
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>\n]{0,1000})?/?|!--[^\n]{0,2000}?--)>")
_ANCHOR_OPEN = re.compile(r"<a\s[^<>\n]{0,1000}>")
_ANCHOR_REST = re.compile(r"([^<\n]{0,100})</a\s*>")
_DATA_T = re.compile(r"data-t\s*=\s*[\"']?([0-9:.]+)s?")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STARS = re.compile(r"\*+|~~+|`+")
_UNDER_OPEN = re.compile(r"(?<=[\s(\[\"'>*~])_+(?=\S)")
_UNDER_CLOSE = re.compile(r"(?<=\S)_+(?=[\s)\].,;:!?\"'<*~])")


def tokenize(s: str) -> Iterator[Piece]:
    """Inline pieces of a markdown string (see :mod:`pipeline.readers.base`)."""
    floor = 0
    pos = 0
    n = len(s)
    search = _TRIGGER.search
    while pos < n:
        m = search(s, pos)
        if m is None:
            return
        i = m.start()
        ch = s[i]
        out: list[Piece] | None = None
        if ch == "[":
            if s.startswith("[[", i):
                out = wiki_open(s, i)
            else:
                run = BRACKET_RUN.match(s, i)
                if run:
                    out = bracket_pieces(s, run, floor)
                elif _MD_OPEN.match(s, i):
                    out = [Piece(i, i + 1, "", ("link_open", "", i, "md"))]
        elif ch == "]":
            if s.startswith("]]", i):
                out = wiki_close(s, i, floor)
            else:
                mc = _MD_CLOSE.match(s, i)
                if mc:
                    out = [Piece(i, mc.end(), "", ("link_close", mc.end(), mc.group(1)))]
        elif ch == "<":
            out = _angle(s, i, floor)
        elif ch == "&":
            e = _ENTITY.match(s, i)
            if e:
                value = _html.unescape(e.group(0))
                if value != e.group(0):
                    out = [Piece(i, e.end(), value)]
        elif ch in "*~`":
            st = _STARS.match(s, i)
            if st:
                out = [Piece(i, st.end())]
        elif ch == "_":
            u = _UNDER_OPEN.match(s, i) or _UNDER_CLOSE.match(s, i)
            if u:
                out = [Piece(i, u.end())]
            else:
                j = i
                while j < n and s[j] == "_":
                    j += 1
                pos = j  # an intraword run stays whole
                continue
        elif ch == "\\":
            e = _ESCAPE.match(s, i)
            if e:
                out = [Piece(i, e.end(), e.group(1))]
        elif ch == "!":
            im = _IMAGE.match(s, i)
            if im:
                out = [Piece(retract_spaces(s, i, floor), im.end())]
        else:  # newline
            nl = _NEWLINE.match(s, i)
            if nl:
                out = [Piece(retract_spaces(s, i, floor), nl.end(), " ")]
        if not out:
            pos = i + 1
            continue
        yield from out
        floor = pos = max(p.end for p in out)


def _angle(s: str, i: int, floor: int) -> list[Piece] | None:
    """A ``<...>`` at ``i``: a timestamp anchor, ``<br>``, any other tag, or text."""
    a = _ANCHOR_OPEN.match(s, i)
    if a:
        tag = a.group(0)
        t = _DATA_T.search(tag)
        if t and ("yt-timestamp" in tag or "data-t" in tag):
            rest = _ANCHOR_REST.match(s, a.end())
            if rest:
                start = retract_spaces(s, i, floor)
                token = rest.group(1).strip() or f"[{t.group(1)}]"
                ev = ("marker", "timestamp", seconds(t.group(1).split(".")[0]), token, i,
                      rest.end())
                return [Piece(start, rest.end(), "", ev)]
    br = _BR.match(s, i)
    if br:
        before = s[i - 1] if i > 0 else " "
        after = s[br.end()] if br.end() < len(s) else " "
        if before.isspace() or after.isspace():
            return [Piece(retract_spaces(s, i, floor), br.end())]
        return [Piece(i, br.end(), " ")]
    tag = _TAG.match(s, i)
    if tag:
        return [Piece(i, tag.end())]
    return None


def clean_fragment(raw_slice: str) -> str:
    """Clean a raw slice lying inside one block the way the reader cleans it."""
    return render(raw_slice, tokenize(raw_slice))


# -- front matter -------------------------------------------------------------------------------

_FENCE = re.compile(r"[ \t]*---[ \t]*")
_FENCE_END = re.compile(r"[ \t]*(?:---|\.\.\.)[ \t]*")
MAX_FRONT_MATTER_LINES = 500

_META_ALIASES = {field: tuple(keys)
                 for field, keys in lang.table("layout", "front_matter_aliases").items()}


_YAML_KEY = re.compile(r"[ \t]*(?:#|[A-Za-z_\"'][\w .\"'-]{0,80}:(?:[ \t]|$))")


def front_matter(lines: list[Line]) -> tuple[int, int] | None:
    """``(index of the opening line, index of the closing line)`` or None.

    Front matter is a ``---`` first line, a first content line that looks like a YAML key
    (``title: ...``) or comment, and a closing ``---``/``...`` line within 500 lines; a
    ``---`` rule over ordinary text is not front matter."""
    if len(lines) < 2 or not _FENCE.fullmatch(lines[0].text.lstrip("\ufeff")):
        return None
    if not _FENCE_END.fullmatch(lines[1].text) and not _YAML_KEY.match(lines[1].text):
        return None
    for k in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        if _FENCE_END.fullmatch(lines[k].text):
            return 0, k
    return None


def _scalar(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    if hasattr(value, "isoformat"):
        return normalize_date(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value[:20]):
        return "; ".join(v.strip() for v in value[:20])
    return ""


def _meta_from_yaml(text: str, path: str, warnings: list[str]) -> dict[str, str]:
    try:
        data = yaml.safe_load(text)
    except Exception as exc:  # yaml raises many types (and RecursionError on deep nesting)
        problem = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        warnings.append(errors.front_matter_warning(path, f"YAML error: {problem}"))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        warnings.append(errors.front_matter_warning(path, "it is not a key: value mapping"))
        return {}
    lowered = {str(k).strip().lower(): v for k, v in data.items()}
    meta: dict[str, str] = {}
    for field, aliases in _META_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                value = _scalar(lowered[alias])
                if value:
                    meta[field] = value
                    break
    if meta.get("published"):
        meta["published"] = normalize_date(meta["published"])
    if "url" in meta and not re.match(r"(?i)https?://", meta["url"]):
        meta.pop("url")
    return meta


# -- structure ------------------------------------------------------------------------------------



def _atx(t: str) -> tuple[int, int, int] | None:
    """``## Title ##`` -> ``(2, start, end)`` of ``Title`` in ``t`` (start == end when the
    heading is empty); None when ``t`` is not an ATX heading. String methods, not a regex
    with lazy groups, which backtracks quadratically on long runs of spaces."""
    i = 0
    while i < len(t) and i < 3 and t[i] == " ":
        i += 1
    n = 0
    while i + n < len(t) and t[i + n] == "#" and n < 7:
        n += 1
    j = i + n
    if not 1 <= n <= 6 or (j < len(t) and t[j] not in " \t"):
        return None
    z = len(t.rstrip())
    k = z
    while k > j and t[k - 1] == "#":
        k -= 1
    if k < z and (k == j or t[k - 1] in " \t"):
        z = k
    a = j
    while a < z and t[a] in " \t":
        a += 1
    while z > a and t[z - 1] in " \t":
        z -= 1
    return n, a, max(a, z)

_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
# Ordered-list numbers up to three digits: "1807. The alliance ..." starts a paragraph
# (CommonMark would drop "1807." as a list marker, losing a date).
_LIST = re.compile(r"([ \t]*)([-*+\u2022]|\d{1,3}[.)])([ \t]+|$)")
_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HRULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_TABLE = re.compile(r"[ \t]*\|")
_HTML_LINE = re.compile(r"[ \t]*</?[A-Za-z][^<>]*>[ \t]*")
_QUOTE = re.compile(r" {0,3}(?:>[ \t]?)+")
_BYLINE = re.compile(
    r"[ \t]*(?:%s)[ \t]*:[ \t]*"
    % "|".join(re.escape(label) for label in lang.ordered("layout", "byline_labels")),
    re.IGNORECASE,
)
_SKIP_BLOCK_START = re.compile(r"[ \t]*<(script|style|!--|pre|table)", re.IGNORECASE)
_LEAD_EMPHASIS = re.compile(r"[*_~`][*_~` \t]*")
_EDGE_CHARS = "*_~` \t"


def read(raw_text: str, *, path: str) -> ParsedText:
    """Parse markdown into cleaned prose blocks, sections, markers, hints and metadata."""
    c = Collector(raw_text, path=path)
    lines = split_lines(raw_text)
    meta: dict[str, str] = {}
    first = 0
    if lines and lines[0].text.startswith("\ufeff"):
        l0 = lines[0]
        lines[0] = Line(l0.index, l0.start + 1, l0.end, l0.text[1:])
    fm = front_matter(lines)
    if fm is not None:
        _, close = fm
        body = raw_text[lines[1].start:lines[close].start] if close > 1 else ""
        meta = _meta_from_yaml(body, path, c.warnings)
        first = close + 1
    elif lines and _FENCE.fullmatch(lines[0].text) and len(lines) > 1 \
            and re.match(r"[A-Za-z_][\w-]*\s*:", lines[1].text):
        c.warnings.append(errors.front_matter_warning(
            path, "the closing '---' line is missing"))
    title = meta.pop("title", "")
    if meta.get("video_id") and not meta.get("source_type"):
        meta["source_type"] = "video"
    walker = _Walker(c, lines[first:], raw_text)
    walker.run()
    if walker.byline and not meta.get("author"):
        meta["author"] = walker.byline
    if not title and walker.first_h1:
        title = walker.first_h1
    return parsed(c, title=title, meta=meta)


class _Walker:
    """Walks body lines, emitting blocks and sections into the collector."""

    def __init__(self, c: Collector, lines: list[Line], raw: str) -> None:
        self.c = c
        self.lines = lines
        self.raw = raw
        self.section = ""
        self.seen_prose = False
        self.byline = ""
        self.first_h1 = ""

    def heading(self, level: int, start: int, end: int) -> None:
        title = clean_fragment(self.raw[start:end]).strip()
        if level == 1 and not self.first_h1 and not self.seen_prose:
            self.first_h1 = title
        self.section = title
        self.c.section(title, level, start, end)

    def emit(self, start: int, end: int, kind: str) -> None:
        raw = self.raw
        # Emphasis at a block's edges has no copied neighbour; strip it here.
        lead = _LEAD_EMPHASIS.match(raw, start, end)
        if lead:
            start = lead.end()
        while end > start and raw[end - 1] in _EDGE_CHARS:
            end -= 1
        if self.c.emit(start, end, kind=kind, section=self.section, tokenize=tokenize):
            self.seen_prose = True

    def run(self) -> None:
        lines = self.lines
        n = len(lines)
        i = 0
        while i < n:
            line = lines[i]
            t = line.text
            if line.blank:
                i += 1
                continue
            fence = _CODE_FENCE.match(t)
            if fence:
                i = self._skip_fence(i, fence.group(1))
                continue
            skip = _SKIP_BLOCK_START.match(t)
            if skip:
                i = self._skip_html(i, skip.group(1).lower())
                continue
            atx = _atx(t)
            if atx:
                level, a, z = atx
                if z > a:
                    self.heading(level, line.start + a, line.start + z)
                i += 1
                continue
            if _HRULE.fullmatch(t) or _TABLE.match(t) or _HTML_LINE.fullmatch(t):
                i += 1
                continue
            if not self.seen_prose and not self.byline:
                by = _BYLINE.match(t)
                if by and len(t) <= 200 and t[by.end():].strip():
                    self.byline = clean_fragment(t[by.end():]).strip()
                    i += 1
                    continue
            lst = _LIST.match(t)
            if lst and (lst.group(3) or len(t) == lst.end()):
                i = self._list_item(i, lst)
                continue
            i = self._paragraph(i)

    def _skip_fence(self, i: int, fence: str) -> int:
        j = i + 1
        while j < len(self.lines):
            if self.lines[j].text.strip().startswith(fence):
                return j + 1
            j += 1
        return j

    def _skip_html(self, i: int, tag: str) -> int:
        end = "-->" if tag == "!--" else f"</{tag}"
        j = i
        while j < len(self.lines):
            if end in self.lines[j].text.lower():
                return j + 1
            j += 1
        return j

    def _interrupts(self, t: str) -> bool:
        return bool(
            _atx(t) or _CODE_FENCE.match(t) or _HRULE.fullmatch(t)
            or _LIST.match(t) and (_LIST.match(t).group(3) or False)  # type: ignore[union-attr]
            or _TABLE.match(t) or _SKIP_BLOCK_START.match(t) or _HTML_LINE.fullmatch(t)
        )

    def _paragraph(self, i: int) -> int:
        lines = self.lines
        line = lines[i]
        q = _QUOTE.match(line.text)
        start = line.start + (q.end() if q else 0)
        end = line.end
        j = i + 1
        while j < len(lines) and not lines[j].blank:
            t = lines[j].text
            if _SETEXT.fullmatch(t) and j == i + 1 and not q:
                level = 1 if t.strip()[0] == "=" else 2
                self.heading(level, start + len(line.text[start - line.start:]) -
                             len(line.text[start - line.start:].lstrip()), line.end)
                return j + 1
            if self._interrupts(t):
                break
            end = lines[j].end
            j += 1
        self.emit(start, end, "prose")
        return j

    def _list_item(self, i: int, lst: re.Match) -> int:
        lines = self.lines
        line = lines[i]
        start = line.start + lst.end()
        end = line.end
        j = i + 1
        while j < len(lines) and not lines[j].blank:
            t = lines[j].text
            if self._interrupts(t):
                break
            end = lines[j].end
            j += 1
        if start < end:
            self.emit(start, end, "list_item")
        return j
