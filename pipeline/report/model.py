"""What the report shows, gathered from the tables: the timeline's data and link targets."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pipeline import lang
from pipeline.cells import split_values
from pipeline.report.values import _int, _text, _true, _year_fraction, when

# Length in years of one unit of each precision: an interval longer than ~1.5 units is a
# span of time (an uprising, a war), shorter is one date known to that precision.
# A date drawn from the surrounding context (not the event's own clause or sentence) is
# inherited: a guess the timeline draws hollow and can hide.
INHERITED_SOURCES = frozenset({"context"})
UNTYPED = frozenset({"", "OTHER"})

_PRECISION_YEARS = {"day": 1 / 365.25, "month": 1 / 12, "season": 0.25, "quarter": 0.25,
                    "year": 1.0, "decade": 10.0, "century": 100.0, "millennium": 1000.0}


def timeline_data(tables: Mapping[str, list[dict]],
                   links: Links | None = None) -> dict[str, Any]:
    links = links or Links()
    docs = {_text(d.get("doc_id")): d for d in tables.get("documents", [])}
    mentions_by_event: dict[str, list[dict]] = defaultdict(list)
    for m in tables.get("event_mentions", []):
        mentions_by_event[_text(m.get("event_id"))].append(m)
    conflicts_by_event: dict[str, list[dict]] = defaultdict(list)
    for c in tables.get("conflicts", []):
        conflicts_by_event[_text(c.get("event_id"))].append(c)

    def doc_label(doc_id: str) -> str:
        d = docs.get(doc_id, {})
        return _text(d.get("title")) or _text(d.get("path")) or doc_id

    blank = lang.table("report", "timeline_data")
    events = []
    for e in tables.get("events", []):
        eid = _text(e.get("event_id"))
        earliest, latest = _text(e.get("earliest")), _text(e.get("latest"))
        precision = _text(e.get("precision"))
        t0 = _year_fraction(earliest or latest, end=False)
        t1 = _year_fraction(latest or earliest, end=True)
        if t0 is not None and t1 is not None and t1 < t0:
            t0, t1 = t1, t0
        unit = _PRECISION_YEARS.get(precision, 1.0)
        span = t0 is not None and t1 is not None and (t1 - t0) > 1.5 * unit
        doc_ids = split_values(_text(e.get("doc_ids")))
        n_docs = _int(e.get("n_documents"), 0) or len(doc_ids) or 1
        quotes = [{
            "quote": _text(m.get("quote")),
            "locator": _text(m.get("locator")),
            **_hrefs(links.source(_text(m.get("locator")), _text(m.get("doc_id")),
                                  _text(m.get("event_mention_id")))),
            "doc": doc_label(_text(m.get("doc_id"))),
            "date": _text(m.get("date_value")),
            "date_source": _text(m.get("date_source")),
            "modality": _text(m.get("modality")),
            "when": when(_text(m.get("earliest")), _text(m.get("latest")),
                         _text(m.get("precision"))),
        } for m in mentions_by_event.get(eid, [])]
        if not quotes and _text(e.get("description")):
            quotes = [{"quote": _text(e.get("description")), "locator": "", "href": "",
                       "page": "",
                       "doc": "", "date": "", "date_source": "", "modality": "", "when": ""}]
        sources = {_text(m.get("date_source")) for m in mentions_by_event.get(eid, [])
                   if _text(m.get("earliest")) or _text(m.get("latest"))}
        inherited = t0 is not None and bool(sources) and sources <= INHERITED_SOURCES
        conflicts = [{"field": _text(c.get("field")), "value": _text(c.get("value")),
                      "doc": doc_label(_text(c.get("doc_id")))}
                     for c in conflicts_by_event.get(eid, [])]
        events.append({
            "id": eid,
            "type": _text(e.get("event_type")) or blank["untyped"],
            "typed": _text(e.get("event_type")) not in UNTYPED,
            "inherited": inherited,
            "title": _text(e.get("title")) or eid,
            "date": _text(e.get("date")),
            "when": when(earliest, latest, precision),
            "precision": precision or blank["unknown_precision"],
            "t0": None if t0 is None else round(t0, 4),
            "t1": None if t1 is None else round(t1, 4),
            "span": bool(span),
            "n": n_docs,
            "nm": _int(e.get("n_mentions"), len(quotes)),
            "conflict": _true(e.get("has_conflict")) or bool(conflicts),
            "actors": split_values(_text(e.get("actors"))),
            "places": split_values(_text(e.get("places"))),
            "place": _text(e.get("place_name")),
            "confidence": _text(e.get("confidence")),
            "quotes": quotes,
            "conflicts": conflicts,
        })
    return {"events": events}


def _hrefs(view: Mapping[str, str] | None) -> dict[str, str]:
    return {"href": view["href"], "page": view["page"]} if view else {"href": "", "page": ""}


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
# What ``quote`` leaves as it is: an id or anchor made of these only is its own quoting
# (every row id is; the test is a tenth of the time of quoting it).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")


def _quote(text: str) -> str:
    return text if _UNQUOTED.fullmatch(text) else quote(text)


@functools.lru_cache(maxsize=1 << 16)  # each event's quotes repeat their document's locators
def locator_href(locator: str, corpus_href: str | None = None) -> str:
    """Where a locator links to, or ``""`` for no link.

    http(s) URLs link as they are (a video URL keeps its ``&t=636s``). A file locator
    (``path#L12``) links into the corpus only when ``corpus_href`` says where the corpus
    is relative to the report (e.g. ``../corpus``); any other scheme never links.
    """
    if _HTTP.match(locator):
        return locator
    if corpus_href is None or not locator or _SCHEME.match(locator) or locator.startswith(
            ("/", "\\")):
        return ""
    path, _, fragment = locator.partition("#")
    # The corpus folder's own name is quoted too (":" becomes %3A), so a corpus called
    # "javascript:alert(1)" is a relative path, never a scheme.
    base = quote(corpus_href.rstrip("/")) + "/" if corpus_href else ""
    return base + quote(path) + (f"#{quote(fragment)}" if fragment else "")



@dataclass(frozen=True)
class Links:
    """Where the report links to: the corpus (``corpus_href``, relative to the report) and
    the documents that have a page under ``sources/`` (``pages``, their ids)."""

    corpus_href: str | None = None
    pages: frozenset[str] = frozenset()

    def page(self, doc_id: str, anchor: str = "") -> str:
        """``sources/D….html#anchor`` when the document has a page, else ``""``."""
        if doc_id not in self.pages:
            return ""
        return f"sources/{_quote(doc_id)}.html" + (f"#{_quote(anchor)}" if anchor else "")

    def source(self, locator: str, doc_id: str = "", row_id: str = "") -> dict[str, str] | None:
        """A source cell: see :func:`locator_view`; with a page, a file locator links to
        the row's highlighted words on it and a video locator links to the page as well."""
        view = locator_view(locator, self.corpus_href)
        page = self.page(doc_id, row_id or locator.partition("#")[2])
        if view is None:
            return {"href": page, "label": row_id, "locator": row_id, "page": ""} if page else None
        if page and _HTTP.match(locator):
            return {**view, "page": page}
        if page:
            return {**view, "href": page, "page": ""}
        return {**view, "page": ""}


# -- the tables --------------------------------------------------------------------------
# Each function gives rows of plain text for one table of the page; the template escapes.

FLAGGED_LIMIT = 500
_VIDEO_TIME = re.compile(r"[?&#]t=(\d+)s?\b")


def locator_view(locator: str, corpus_href: str | None = None) -> dict[str, str] | None:
    """A source cell: its link target (or ``""``), its label and the locator itself.

    A video locator's label is its time (``▶ 3:00``); ``None`` for no locator at all.
    """
    if not locator:
        return None
    href = locator_href(locator, corpus_href)
    label = locator
    m = _VIDEO_TIME.search(locator) if href and _SCHEME.match(href) else None
    if m:
        seconds = int(m.group(1))
        label = f"▶ {seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" \
            if seconds >= 3600 else f"▶ {seconds // 60:d}:{seconds % 60:02d}"
    return {"href": href, "label": label, "locator": locator}


def _by_id(rows: list[dict], key: str) -> dict[str, dict]:
    return {_text(r.get(key)): r for r in rows}


def _doc_name(doc: Mapping[str, Any], doc_id: Any) -> str:
    return _text(doc.get("title") or doc.get("path") or doc_id)


def _event_title(event: Mapping[str, Any], event_id: str) -> str:
    return _text(event.get("title") or event_id)


def conflict_rows(tables: Mapping[str, list[dict]], links: Links) -> list[dict[str, Any]]:
    """One row per conflicting value: its event, field, value, document, quote and source."""
    events = _by_id(tables.get("events", []), "event_id")
    docs = _by_id(tables.get("documents", []), "doc_id")
    mentions = _by_id(tables.get("event_mentions", []), "event_mention_id")
    rows = []
    for c in tables.get("conflicts", []):
        eid = _text(c.get("event_id"))
        mention = mentions.get(_text(c.get("event_mention_id")), {})
        rows.append({
            "event_id": eid,
            "event": _event_title(events.get(eid, {}), eid),
            "field": _text(c.get("field")),
            "value": _text(c.get("value")),
            "document": _doc_name(docs.get(_text(c.get("doc_id")), {}), c.get("doc_id")),
            "quote": _text(c.get("quote")),
            "source": links.source(_text(mention.get("locator")), _text(c.get("doc_id")),
                                   _text(c.get("event_mention_id"))),
        })
    return rows


def candidate_rows(tables: Mapping[str, list[dict]], links: Links, *,
                   limit: int = FLAGGED_LIMIT) -> tuple[list[dict[str, Any]], int]:
    """The first ``limit`` candidate links (two events that may be one) as rows, best
    score first, and how many there are in all."""
    events = _by_id(tables.get("events", []), "event_id")
    mentions = _by_id(tables.get("event_mentions", []), "event_mention_id")
    found = tables.get("candidate_links", [])

    def side(eid: str, mid: str) -> dict[str, Any]:
        mention = mentions.get(mid, {})
        return {"event_id": eid, "event": _event_title(events.get(eid, {}), eid),
                "quote": _text(mention.get("quote")),
                "source": links.source(_text(mention.get("locator")),
                                       _text(mention.get("doc_id")), mid)}

    ranked = sorted(found, key=lambda c: (-float(c.get("score") or 0), _text(c.get("event_id")),
                                          _text(c.get("other_event_id"))))
    rows = [{
        "a": side(_text(c.get("event_id")), _text(c.get("event_mention_id"))),
        "b": side(_text(c.get("other_event_id")), _text(c.get("other_event_mention_id"))),
        "score": _text(c.get("score")),
        "reasons": _text(c.get("reasons")),
    } for c in ranked[:limit]]
    return rows, len(found)


def is_flagged(claim: Mapping[str, Any]) -> bool:
    """A claim marked [citation needed] or hedged."""
    return _true(claim.get("citation_needed")) or bool(_text(claim.get("hedge")))


def flagged_claims(tables: Mapping[str, list[dict]], links: Links, *,
                   limit: int = FLAGGED_LIMIT) -> tuple[list[dict[str, Any]], int]:
    """The first ``limit`` flagged claims as rows, and how many claims are flagged in all."""
    docs = _by_id(tables.get("documents", []), "doc_id")
    flagged = [c for c in tables.get("claims", []) if is_flagged(c)]
    rows = [{
        "citation_needed": _true(c.get("citation_needed")),
        "hedge": _text(c.get("hedge")),
        "text": _text(c.get("text")),
        "attributed_to": _text(c.get("attributed_to")),
        "document": _doc_name(docs.get(_text(c.get("doc_id")), {}), c.get("doc_id")),
        "source": links.source(_text(c.get("locator")), _text(c.get("doc_id")),
                               _text(c.get("claim_id"))),
    } for c in flagged[:limit]]
    return rows, len(flagged)


def document_rows(tables: Mapping[str, list[dict]],
                  links: Links | None = None) -> list[dict[str, Any]]:
    """One row per document: what it is, its status and how much each table holds of it."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for table in ("entity_mentions", "dates", "claims", "event_mentions"):
        for row in tables.get(table, []):
            counts[_text(row.get("doc_id"))][table] += 1
    for e in tables.get("events", []):
        for doc_id in split_values(_text(e.get("doc_ids"))):
            counts[doc_id]["events"] += 1
    for c in tables.get("claims", []):
        if is_flagged(c):
            counts[_text(c.get("doc_id"))]["flagged"] += 1
    rows = []
    for d in tables.get("documents", []):
        n = counts[_text(d.get("doc_id"))]
        rows.append({
            "path": _text(d.get("path")),
            "page": (links or Links()).page(_text(d.get("doc_id"))),
            "title": _text(d.get("title")),
            "source_type": _text(d.get("source_type")),
            "status": _text(d.get("status")),
            "message": _text(d.get("message")),
            "numbers": [_text(d.get("n_chars")), _text(d.get("n_tokens")),
                        n["entity_mentions"], n["dates"], n["claims"], n["flagged"],
                        n["event_mentions"], n["events"],
                        len(split_values(_text(d.get("warnings"))))],
        })
    return rows


def stats(tables: Mapping[str, list[dict]], timeline: Mapping[str, Any], *,
          n_flagged: int, n_warnings: int) -> list[dict[str, Any]]:
    """The header's counts: each a number, what it counts and an optional detail."""
    docs = tables.get("documents", [])
    events = timeline["events"]
    n_ok = sum(_text(d.get("status")) == "ok" for d in docs)
    n_undated = sum(e["t0"] is None for e in events)
    conflicts = tables.get("conflicts", [])
    words = lang.table("report", "stats")
    one = lang.table("report", "stats_one")
    n_typed = sum(e["typed"] for e in events)
    rows = [
        (len(docs), "documents", words["processed"].format(n=n_ok)),
        (len(events), "events",
         (words["undated"].format(n=n_undated) if n_undated else words["all_dated"])
         + words["typed"].format(n=n_typed)),
        (len(tables.get("entities", [])), "entities", ""),
        (len(tables.get("claims", [])), "claims", words["flagged"].format(n=n_flagged)),
        (sum(e["conflict"] for e in events), "conflicts",
         words["conflicting_values"].format(n=len(conflicts)) if conflicts else ""),
        (n_warnings, "warnings", ""),
    ]
    # "1 event", "2 events": the singular label when the count is exactly one.
    return [{"n": f"{n:,}", "label": one[key] if n == 1 else words[key], "detail": detail}
            for n, key, detail in rows]
