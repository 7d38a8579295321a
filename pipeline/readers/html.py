"""HTML (``.html``, ``.htm``, ``.xhtml``), parsed with the standard library's
:class:`html.parser.HTMLParser`, which reports where every tag, entity and run of text
starts, so every cleaned character maps back to the raw file.

* Dropped with their content: ``script``, ``style``, ``noscript``, ``template``, ``svg``,
  ``math``, ``nav``, ``form``, ``button``, ``select``, ``textarea``, ``iframe``,
  ``object``, ``aside``, ``footer``, ``head`` (its ``title`` and ``meta`` are read);
  hidden elements (``hidden``, ``aria-hidden="true"``, ``display:none``), navigation
  roles, and boilerplate classes (navbox, reflist/references, toc, mw-editsection,
  noprint, sidebar, hatnote, ...); comments, doctype, processing instructions.
* When the page has a ``<main>`` or ``<article>``, only text inside them is read.
* ``<title>`` (else the first ``<h1>``) is the title; ``<h1>``..``<h6>`` are sections.
* Blocks: the text between block-level tags. Inside ``<li>`` it is a ``list_item``,
  inside ``<figcaption>``/``<caption>`` a ``caption``, otherwise ``prose``. Table cells
  are data, not prose, unless they hold 80+ characters of text (layout tables). A
  two-cell ``th``/``td`` row in a table whose class contains ``infobox`` becomes a
  :class:`DocFact` (layout rows such as image width dropped as in the text reader).
* Inline: tags are dropped (``<br>`` is a space), entities and character references
  decoded, runs of whitespace collapse to one space, bracket markers (``[5]``,
  ``[citation needed]``) become markers as in the text reader. A ``<sup>`` whose whole
  text is bracket markers (Wikipedia's reference and [citation needed] superscripts,
  however their brackets are wrapped) is dropped as one marker; its raw span is the
  whole ``<sup>...</sup>`` element.
* Metadata: ``<meta name="author">``, ``article:published_time``/``date``/
  ``datePublished``, ``og:url``/``<link rel="canonical">``, ``og:title``.
"""

from __future__ import annotations

import bisect
import html as _html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from pipeline.readers.base import (BRACKET_RUN, HEADLINE, Collector, ParsedText, Piece,
                                   classify_bracket)
from pipeline.readers.base import BRACKET_ONE, normalize_date, parsed, render
from pipeline.readers.text import is_layout_key

NAME = "html"
VERSION = "4"  # 4: the first h1 before any text is also a headline block of the text
SUFFIXES = (".html", ".htm", ".xhtml")

SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "nav", "form", "button",
    "select", "textarea", "iframe", "object", "aside", "footer", "head",
})
BLOCK = frozenset({
    "address", "article", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "title", "center",
    "menu", "legend", "option",
}) | SKIP
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
HEADINGS = {f"h{i}": i for i in range(1, 7)}
MIN_CELL_PROSE = 80  # characters of text that make a table cell prose, not data


class _Events(HTMLParser):
    """Records ``(kind, start_offset, payload)`` for every construct, in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, int, object]] = []
        self._starts = [0]
        i = text.find("\n")
        while i >= 0:
            self._starts.append(i + 1)
            i = text.find("\n", i + 1)

    def _at(self) -> int:
        return self._starts[self.lineno - 1] + self.offset

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", self._at(), (tag, attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", self._at(), (tag, attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", self._at(), tag))

    def handle_data(self, data):
        self.events.append(("data", self._at(), data))

    def handle_entityref(self, name):
        self.events.append(("entity", self._at(), f"&{name};"))

    def handle_charref(self, name):
        self.events.append(("entity", self._at(), f"&#{name};"))

    def handle_comment(self, data):
        self.events.append(("other", self._at(), None))

    def handle_decl(self, decl):
        self.events.append(("other", self._at(), None))

    def handle_pi(self, data):
        self.events.append(("other", self._at(), None))

    def unknown_decl(self, data):
        self.events.append(("other", self._at(), None))


def events(text: str) -> list[tuple[str, int, int, object]]:
    """``(kind, start, end, payload)`` for every construct of ``text``; ends are exclusive
    and the spans tile the text (a construct the parser skipped belongs to its
    predecessor, or to a leading ``other`` event)."""
    p = _Events(text)
    p.feed(text)
    p.close()
    raw = p.events
    out: list[tuple[str, int, int, object]] = []
    if raw and raw[0][1] > 0:
        gap = text[:raw[0][1]]
        out.append(("other", 0, len(gap), None) if "<" in gap else ("data", 0, len(gap), gap))
    for k, (kind, start, payload) in enumerate(raw):
        nxt = raw[k + 1][1] if k + 1 < len(raw) else len(text)
        if kind == "data":
            end = start + len(payload)  # type: ignore[arg-type]
            if len(payload) > 1 and payload[0] == "<" and (  # type: ignore[index]
                    payload[1].isalpha() or payload[1] in "/!?"):  # type: ignore[index]
                # A tag left unterminated at the end of the input: HTML drops it.
                out.append(("other", start, end, None))
            else:
                out.append(("data", start, end, payload))
            if nxt > end:
                # Text the parser swallowed (a lone "&" at the end): literal unless markup.
                gap = text[end:nxt]
                out.append(("other", end, nxt, None) if "<" in gap else ("data", end, nxt, gap))
        else:
            out.append((kind, start, max(start, nxt), payload))
    if not raw and text:
        out.append(("other", 0, len(text), None) if "<" in text else ("data", 0, len(text), text))
    return out


_ENTITY = (
    r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};"
    r"|(?:amp|AMP|lt|LT|gt|GT|quot|QUOT|nbsp|copy|reg)(?![A-Za-z0-9=]))"
)
_TEXT_UNIT = re.compile(rf"\s+|{BRACKET_RUN.pattern}|{_ENTITY}")


def _text_pieces(text: str, lo: int, hi: int, space: bool) -> tuple[list[Piece], bool]:
    """Pieces for a run of character data ``text[lo:hi]`` (entities decoded here, not by
    the parser, so a fragment decodes exactly as the whole document does)."""
    out: list[Piece] = []
    pos = lo
    for m in _TEXT_UNIT.finditer(text, lo, hi):
        a, z = m.start(), m.end()
        if a > pos:
            space = False
        tok = m.group(0)
        c0 = tok[0]
        if c0 == "[":
            first = True
            for one in BRACKET_ONE.finditer(tok):
                kind, value = classify_bracket(one.group(0))
                ev = ("marker", kind, value, one.group(0), a + one.start(), a + one.end())
                out.append(Piece(a, z, "", ev) if first else Piece(z, z, "", ev))
                first = False
        elif c0 == "&":
            value = _html.unescape(tok)
            if value == tok:
                space = False
            elif value.isspace():
                out.append(Piece(a, z) if space else Piece(a, z, " "))
                space = True
            else:
                out.append(Piece(a, z, value))
                space = False
        elif space:
            out.append(Piece(a, z))
        elif tok != " ":
            out.append(Piece(a, z, " "))
            space = True
        else:
            space = True
        pos = z
    if pos < hi:
        space = False
    return out, space


_SKIP_CLASSES = re.compile(
    r"(?<![\w-])(?:navbox|vertical-navbox|reflist|references|mw-references-wrap|toc|"
    r"mw-editsection|noprint|sidebar|catlinks|printfooter|mw-jump-link|hatnote|ambox|"
    r"breadcrumbs?|cookie-banner|share-buttons|advert)(?![\w-])"
)
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}


def skipped(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Elements whose content is never prose: ``SKIP`` tags, hidden elements, navigation
    roles and the usual boilerplate classes (navboxes, reference lists, edit links)."""
    if tag in SKIP:
        return True
    for k, v in attrs:
        v = (v or "").lower()
        if k == "hidden" or (k == "aria-hidden" and v == "true"):
            return True
        if k == "class" and _SKIP_CLASSES.search(v):
            return True
        if k == "role" and v in _SKIP_ROLES:
            return True
        if k == "style" and "display:none" in v.replace(" ", ""):
            return True
    return False


def _sup_marker(text: str, evs: list[tuple[str, int, int, object]], k: int
                ) -> tuple[int, list[Piece]] | None:
    """A ``<sup>`` at ``evs[k]`` whose whole text is bracket markers (Wikipedia writes
    ``<sup class="reference"><a><span>[</span>5<span>]</span></a></sup>``): the index of
    its closing event and one dropped piece carrying the markers, else None."""
    depth = 0
    parts: list[str] = []
    for j in range(k, min(len(evs), k + 40)):
        kind, _, _, payload = evs[j]
        if kind == "start" and payload[0] == "sup":  # type: ignore[index]
            depth += 1
        elif kind == "end" and payload == "sup":
            depth -= 1
            if depth == 0:
                token = "".join(parts).strip()
                if not token or not BRACKET_RUN.fullmatch(token):
                    return None
                start, end = evs[k][1], evs[j][2]
                pieces = []
                for one in BRACKET_ONE.finditer(token):
                    kind_, value = classify_bracket(one.group(0))
                    ev = ("marker", kind_, value, one.group(0), start, end)
                    pieces.append(Piece(start, end, "", ev) if not pieces
                                  else Piece(end, end, "", ev))
                return j, pieces
        elif kind == "data":
            parts.append(str(payload))
        elif kind == "entity":
            parts.append(_html.unescape(str(payload)))
    return None


def _pieces(text: str, evs: list[tuple[str, int, int, object]]) -> Iterator[Piece]:
    space = False  # was the last output character whitespace?
    skip: list[str] = []
    run_start = -1  # start of the current run of character data
    k = 0
    n = len(evs)
    while k < n:
        kind, start, end, payload = evs[k]
        k += 1
        if kind in ("data", "entity") and not skip:
            if run_start < 0:
                run_start = start
            continue
        if run_start >= 0:
            pieces, space = _text_pieces(text, run_start, start, space)
            yield from pieces
            run_start = -1
        if kind in ("start", "startend"):
            tag, attrs = payload  # type: ignore[misc]
            if tag == "sup" and kind == "start" and not skip:
                sup = _sup_marker(text, evs, k - 1)
                if sup is not None:
                    k = sup[0] + 1
                    yield from sup[1]
                    continue
            if kind == "start" and tag not in VOID and (skip or skipped(tag, attrs)):
                skip.append(tag)  # while skipping, track nesting to find the matching end
            if tag == "br" and not skip:
                if space:
                    yield Piece(start, end)
                else:
                    yield Piece(start, end, " ")
                    space = True
            else:
                yield Piece(start, end)
        elif kind == "end":
            if payload in skip:
                while skip and skip.pop() != payload:
                    pass
            yield Piece(start, end)
        else:
            yield Piece(start, end)
    if run_start >= 0:
        pieces, space = _text_pieces(text, run_start, len(text), space)
        yield from pieces


def tokenize(s: str) -> Iterator[Piece]:
    """Inline pieces of an HTML fragment (see :mod:`pipeline.readers.base`)."""
    return _pieces(s, events(s))


def clean_fragment(raw_slice: str) -> str:
    """Clean a raw slice lying inside one block the way the reader cleans it."""
    return render(raw_slice, tokenize(raw_slice))


# -- structure -------------------------------------------------------------------------------


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    for k, v in attrs:
        if k == name:
            return v or ""
    return ""


def read(raw_text: str, *, path: str) -> ParsedText:
    """Parse an HTML document into cleaned prose blocks, sections, facts and metadata."""
    c = Collector(raw_text, path=path)
    evs = events(raw_text)
    starts = [e[1] for e in evs]

    def block_tokenize(lo: int, hi: int) -> Iterator[Piece]:
        # The document's own events, shifted: the same pieces tokenize(raw[lo:hi]) gives
        # (the property tests check that), without parsing every block twice.
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi)
        sub = [(k, a - lo, z - lo, p) for k, a, z, p in evs[i:j]]
        return _pieces(raw_text[lo:hi], sub)
    meta: dict[str, str] = {}
    title = ""
    first_h1 = ""
    stack: list[tuple[str, bool]] = []  # open block-level tags, and whether each is skipped
    # kind_now() at each depth and a count of open tags, so that deeply nested markup is
    # never rescanned per tag (20,000 nested <div><span> took minutes).
    kinds: list[str] = []
    open_tags: dict[str, int] = {}
    tables: list[bool] = []  # is each open table an infobox?
    row: list[tuple[str, int, int]] = []  # (cell tag, start, end) of the current infobox row
    skip = 0  # open skipped elements
    in_main = 0  # open <main>/<article> elements
    has_main = any(k == "start" and p[0] in ("main", "article")  # type: ignore[index]
                   for k, _, _, p in evs)
    range_start = 0
    section = ""

    def kind_of(tag: str) -> str:
        if tag == "li":
            return "list_item"
        if tag in ("figcaption", "caption"):
            return "caption"
        if tag in ("td", "th"):
            return "cell"
        if tag in HEADINGS or tag == "title":
            return tag
        return kinds[-1] if kinds else "prose"

    def kind_now() -> str:
        return kinds[-1] if kinds else "prose"

    def flush(upto: int) -> None:
        nonlocal title, first_h1, section
        lo, hi = range_start, upto
        if hi <= lo:
            return
        kind = kind_now()
        if kind == "title":
            if not title and not any(t in ("svg", "math", "body") for t, _ in stack):
                title = clean_fragment(raw_text[lo:hi]).strip()
            return
        if skip or (has_main and not in_main):
            return
        if kind in HEADINGS:
            s, e = _trim(raw_text, lo, hi)
            name = clean_fragment(raw_text[s:e]).strip()
            if name:
                section = name
                c.section(name, HEADINGS[kind], s, e)
                if kind == "h1" and not first_h1:
                    first_h1 = name
                    if not c.blocks:
                        # A page's first h1 before any text is its headline: text too.
                        c.emit(s, e, kind=HEADLINE, section=name, tokenize=tokenize)
            return
        if kind == "cell":
            if tables and tables[-1]:
                s, e = _trim(raw_text, lo, hi)
                if e > s:
                    cell = next((t for t, _ in reversed(stack) if t in ("td", "th")), "td")
                    row.append((cell, s, e))
                return
            if len(clean_fragment(raw_text[lo:hi]).strip()) < MIN_CELL_PROSE:
                return  # a data cell; long text in a (layout) table cell is prose
            kind = "prose"
        i = bisect.bisect_left(starts, lo)
        if i < len(starts) and starts[i] == lo:
            c.emit(lo, hi, kind=kind, section=section,
                   tokenize=lambda _s: block_tokenize(lo, hi))
        else:
            c.emit(lo, hi, kind=kind, section=section, tokenize=tokenize)

    for kind, start, end, payload in evs:
        if kind not in ("start", "startend", "end"):
            continue
        tag = payload[0] if kind != "end" else payload  # type: ignore[index]
        if kind != "end" and tag in ("meta", "link"):
            _metadata(payload[1], meta)  # type: ignore[index]
        if tag not in BLOCK:
            continue
        flush(start)
        range_start = end
        if kind == "start" and tag not in VOID:
            attrs = payload[1]  # type: ignore[index]
            is_skipped = tag != "title" and skipped(tag, attrs)
            skip += is_skipped
            in_main += tag in ("main", "article")
            if tag == "table":
                tables.append("infobox" in _attr(attrs, "class").lower())
            if tag == "tr":
                row.clear()
            kinds.append(kind_of(tag))
            open_tags[tag] = open_tags.get(tag, 0) + 1
            stack.append((tag, is_skipped))
        elif kind == "end":
            if tag == "tr" and tables and tables[-1]:
                _infobox_row(c, raw_text, row)
                row.clear()
            if open_tags.get(tag):
                while stack:
                    top, was_skipped = stack.pop()
                    kinds.pop()
                    open_tags[top] -= 1
                    skip -= was_skipped
                    in_main -= top in ("main", "article")
                    if top == "table" and tables:
                        tables.pop()
                    if top == tag:
                        break
    flush(len(raw_text))
    if not title:
        title = meta.pop("title", "") or first_h1
    meta.pop("title", None)
    meta.setdefault("source_type", "web")
    return parsed(c, title=title, meta=meta)


def _trim(raw: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and raw[lo].isspace():
        lo += 1
    while hi > lo and raw[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _infobox_row(c: Collector, raw: str, row: list[tuple[str, int, int]]) -> None:
    if len(row) != 2 or row[0][0] != "th":
        return
    (_, ks, ke), (_, vs, ve) = row
    key = clean_fragment(raw[ks:ke]).strip()
    value = clean_fragment(raw[vs:ve])
    if key and re.search(r"\w", value) and not is_layout_key(key, value):
        c.fact(key, ks, ke, value, vs, ve)


_META_NAMES = {
    "author": "author", "article:author": "author", "dc.creator": "author",
    "article:published_time": "published", "date": "published", "datepublished": "published",
    "dc.date": "published", "pubdate": "published", "publish-date": "published",
    "og:url": "url", "og:title": "title", "dc.title": "title",
}


def _metadata(attrs: list[tuple[str, str | None]], meta: dict[str, str]) -> None:
    rel = _attr(attrs, "rel").lower()
    if rel == "canonical" and _attr(attrs, "href").startswith(("http://", "https://")):
        meta.setdefault("url", _attr(attrs, "href"))
        return
    name = (_attr(attrs, "name") or _attr(attrs, "property") or _attr(attrs, "itemprop"))
    field = _META_NAMES.get(name.strip().lower())
    content = _attr(attrs, "content").strip()
    if not field or not content:
        return
    if field == "published":
        content = normalize_date(content)
    if field == "url" and not content.startswith(("http://", "https://")):
        return
    meta.setdefault(field, content)

