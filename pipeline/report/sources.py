"""``sources/D….html``: each document's text with every extracted row highlighted in place.

One page per document, beside ``report.html`` in the output folder: the raw text (decoded
exactly as the readers decode it, so the tables' ``start``/``end`` offsets index it), one
line per row of the page with its number and an anchor (``#L21``), and every entity
mention, date, claim and event mention (with its trigger) highlighted at its offsets,
coloured by kind. Each row has an anchor of its own id (``#V5740ea1ddebe``); clicking a
highlight shows the fields of the rows under it. Like the report, a page loads nothing:
its CSS, script and rows are written into it, and every piece of text is escaped.

A page carries the digest of everything it is made from (its document's bytes, its rows,
the code, template and words that render it); a re-run whose page would be the same takes
the page already in the output folder instead of rendering it again.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline import errors, lang
from pipeline.readers.base import decode, split_lines
from pipeline.report.model import locator_href
from pipeline.report.render import _json_island, _static, _words, environment, script_source
from pipeline.report.values import _text

SOURCES_DIR = "sources"

# Each highlighted table: its id column, its CSS class and the words' key for its kind.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("claims", "claim_id", "c"),
    ("event_mentions", "event_mention_id", "v"),
    ("entity_mentions", "mention_id", "e"),
    ("dates", "timex_id", "d"),
)
TRIGGER = "t"  # an event mention's trigger word, inside its clause


def page_name(doc_id: str) -> str:
    """``sources/D2a1fabd141.html``: where a document's page is, from the output folder."""
    return f"{SOURCES_DIR}/{doc_id}.html"


_KEY_META = re.compile(rb'<meta name="annalist-page" content="([0-9a-f]{32})">')
_KEY_SCAN = 2048  # the key sits in the page head, within its first bytes


@functools.lru_cache(maxsize=1)
def _page_format() -> bytes:
    """The digest of what renders every page: this package's code, templates and static
    files, and the report words (a change to any of them renders every page anew)."""
    h = hashlib.blake2b(digest_size=16)
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js"):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    h.update(repr(sorted(_words().items())).encode())
    h.update(lang.DEFAULT_LANGUAGE.encode())
    return h.digest()


def page_key(doc: Mapping[str, Any], rows: Mapping[str, list[dict]]) -> str:
    """The digest of one page's inputs: its document row (whose sha256 stands for the
    text), its rows in every highlighted table, and the page format."""
    h = hashlib.blake2b(_page_format(), digest_size=16)
    h.update(repr(sorted(doc.items())).encode())
    for table, _, _ in KINDS:
        table_rows = rows.get(table, [])
        # The rows of a table share their columns: the names once, then each row's values
        # (a third of the time of every row's items, for the same information).
        names = tuple(table_rows[0]) if table_rows else ()
        if any(tuple(r) != names for r in table_rows):
            h.update(repr([list(r.items()) for r in table_rows]).encode())
        else:
            h.update(repr(names).encode() + repr([tuple(r.values()) for r in table_rows]).encode())
    return h.hexdigest()


def _previous_page(path: Path, key: str) -> bytes | None:
    """The page at ``path`` if it is a regular file made from the same inputs, else None."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        with open(path, "rb") as fh:
            head = fh.read(_KEY_SCAN)
            m = _KEY_META.search(head)
            if m is None or m.group(1).decode() != key:
                return None
            return head + fh.read()
    except OSError:
        return None


def source_pages(tables: Mapping[str, list[dict]], corpus_root: Path,
                 previous: Path | None = None) -> dict[str, bytes]:
    """Every document's page by its file name under the output folder (deterministic).

    ``tables`` maps table names to rows as written. A document gets a page when its
    status is ``ok`` and its file still holds the bytes that were read (same sha256);
    for any other the page is left out (and the report shows its locators as text).
    ``previous``: the output folder of the last run, whose pages are reused where their
    key says they would come out the same.
    """
    by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for table, _, _ in KINDS:
        for row in tables.get(table, []):
            by_doc[_text(row.get("doc_id"))][table].append(row)
    pages = {}
    for doc in tables.get("documents", []):
        doc_id, rel = _text(doc.get("doc_id")), _text(doc.get("path"))
        if _text(doc.get("status")) != "ok" or not doc_id or not rel:
            continue
        try:
            data = (corpus_root / rel).read_bytes()
        except OSError:
            continue
        if _text(doc.get("sha256")) and hashlib.sha256(data).hexdigest() != _text(doc["sha256"]):
            continue
        rows = by_doc.get(doc_id, {})
        key = page_key(doc, rows)
        name = page_name(doc_id)
        reused = _previous_page(previous / name, key) if previous is not None else None
        if reused is not None:
            pages[name] = reused
            continue
        try:
            raw, _ = decode(data, rel)
        except errors.DocumentError:
            continue
        pages[name] = render_source(doc, raw, rows, key=key).encode()
    return pages


def _spans(rows: Mapping[str, list[dict]], n: int) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, row id) of every row, clipped to the text; triggers too."""
    spans = []
    for table, id_column, kind in KINDS:
        for row in rows.get(table, []):
            start, end, rid = _offset(row.get("start")), _offset(row.get("end")), _text(
                row.get(id_column))
            if start is not None and end is not None and 0 <= start < end <= n:
                spans.append((start, end, kind, rid))
            if kind == "v":
                ts, te = _offset(row.get("trigger_start")), _offset(row.get("trigger_end"))
                if ts is not None and te is not None and 0 <= ts < te <= n:
                    spans.append((ts, te, TRIGGER, rid))
    return spans


def _offset(value: Any) -> int | None:
    text = _text(value)
    try:
        return int(text)
    except ValueError:
        return None


def _fields(rows: Mapping[str, list[dict]]) -> dict[str, Any]:
    """Each row's fields for the panel a click opens: the columns once per kind, then each
    row's values by its id (``doc_id`` left out: the page is the document)."""
    kinds = _words()["source_page"]["kinds"]
    columns, values = {}, {}
    for table, id_column, kind in KINDS:
        table_rows = rows.get(table, [])
        if not table_rows:
            continue
        names = [k for k in table_rows[0] if k != "doc_id"]
        columns[kind] = {"kind": kinds[kind], "names": names}
        for row in table_rows:
            values[_text(row.get(id_column))] = [kind, [_text(row.get(k)) for k in names]]
    return {"columns": columns, "rows": values}


def text_html(raw: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """The lines of ``raw`` as HTML: numbered, anchored and highlighted at the spans.

    Spans may overlap and nest; the text is cut wherever one opens or closes, and each
    piece is one ``<span>`` whose classes are the kinds over it and whose ``data-r`` lists
    the rows over it, outermost first. An empty ``<span id=row>`` marks where a row opens.
    """
    opens: dict[int, list] = defaultdict(list)
    closes: dict[int, list] = defaultdict(list)
    for span in sorted(spans, key=lambda s: (s[0], -s[1], s[2], s[3])):
        opens[span[0]].append(span)
        closes[span[1]].append(span)
    cuts = sorted(set(opens) | set(closes))
    active: dict[tuple[str, str], None] = {}
    anchored: set[str] = set()
    esc = functools.partial(html.escape, quote=False)
    out: list[str] = []
    ci = 0

    def apply(point: int) -> None:
        for _, _, kind, rid in closes.get(point, ()):
            active.pop((kind, rid), None)
        for _, _, kind, rid in opens.get(point, ()):
            active[(kind, rid)] = None
            if kind != TRIGGER and rid not in anchored:
                anchored.add(rid)
                out.append(f'<span class="a" id="{html.escape(rid)}"></span>')

    for line in split_lines(raw):
        n = line.index + 1
        out.append(f'<div class="l" id="L{n}"><a class="n" href="#L{n}">{n}</a><span class="x">')
        pos = line.start
        while ci < len(cuts) and cuts[ci] <= pos:
            apply(cuts[ci])
            ci += 1
        while pos < line.end:
            nxt = cuts[ci] if ci < len(cuts) and cuts[ci] < line.end else line.end
            piece = esc(raw[pos:nxt])
            if active:
                classes = " ".join(sorted({kind for kind, _ in active}))
                ids = " ".join(dict.fromkeys(rid for _, rid in active))
                out.append(f'<span class="h {classes}" data-r="{html.escape(ids)}">{piece}</span>')
            else:
                out.append(piece)
            pos = nxt
            if pos < line.end:
                apply(pos)
                ci += 1
        out.append("</span></div>\n")
    return "".join(out)


def render_source(doc: Mapping[str, Any], raw: str, rows: Mapping[str, list[dict]],
                  key: str = "") -> str:
    """One document's page as a string; ``key``: its :func:`page_key`."""
    words = _words()
    counts = {kind: len(rows.get(table, [])) for table, _, kind in KINDS}
    return environment().get_template("source.html.j2").render(
        language="en",
        words=words,
        page=words["source_page"],
        doc_id=_text(doc.get("doc_id")),
        page_key=key or page_key(doc, rows),
        title=_text(doc.get("title")) or _text(doc.get("path")),
        path=_text(doc.get("path")),
        url=_text(doc.get("url")),
        url_href=locator_href(_text(doc.get("url"))),  # http(s) only, else no link
        counts=counts,
        css=_static("source.css"),
        js=(js := _static("source.js")),
        script_src=script_source(js),
        body=Markup(text_html(raw, _spans(rows, len(raw)))),
        data=Markup(_json_island(_fields(rows))),
    )
