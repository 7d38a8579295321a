"""What the report shows, gathered from the tables: the timeline's data and link targets."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pipeline.cells import split_values
from pipeline.report.values import _int, _text, _true, _year_fraction, when

# Length in years of one unit of each precision: an interval longer than ~1.5 units is a
# span of time (an uprising, a war), shorter is one date known to that precision.
_PRECISION_YEARS = {"day": 1 / 365.25, "month": 1 / 12, "season": 0.25, "quarter": 0.25,
                    "year": 1.0, "decade": 10.0, "century": 100.0, "millennium": 1000.0}


def timeline_data(tables: Mapping[str, list[dict]],
                   corpus_href: str | None = None) -> dict[str, Any]:
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
            "href": locator_href(_text(m.get("locator")), corpus_href),
            "doc": doc_label(_text(m.get("doc_id"))),
            "date": _text(m.get("date_value")),
            "when": when(_text(m.get("earliest")), _text(m.get("latest")),
                         _text(m.get("precision"))),
        } for m in mentions_by_event.get(eid, [])]
        if not quotes and _text(e.get("description")):
            quotes = [{"quote": _text(e.get("description")), "locator": "", "href": "",
                       "doc": "", "date": "", "when": ""}]
        conflicts = [{"field": _text(c.get("field")), "value": _text(c.get("value")),
                      "doc": doc_label(_text(c.get("doc_id")))}
                     for c in conflicts_by_event.get(eid, [])]
        events.append({
            "id": eid,
            "type": _text(e.get("event_type")) or "(untyped)",
            "title": _text(e.get("title")) or eid,
            "date": _text(e.get("date")),
            "when": when(earliest, latest, precision),
            "precision": precision or "unknown",
            "t0": None if t0 is None else round(t0, 4),
            "t1": None if t1 is None else round(t1, 4),
            "span": bool(span),
            "n": n_docs,
            "nm": _int(e.get("n_mentions"), len(quotes)),
            "conflict": _true(e.get("has_conflict")) or bool(conflicts),
            "actors": split_values(_text(e.get("actors"))),
            "places": split_values(_text(e.get("places"))),
            "confidence": _text(e.get("confidence")),
            "quotes": quotes,
            "conflicts": conflicts,
        })
    return {"events": events}


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def locator_href(locator: str, corpus_href: str | None = None) -> str:
    """Where a locator links to, or ``""`` for no link.

    http(s) URLs link as they are (a video URL keeps its ``&t=636s``). A file locator
    (``path#L12``) links into the corpus only when ``corpus_href`` says where the corpus
    is relative to the report (e.g. ``../corpus``); any other scheme never links.
    """
    if re.match(r"^https?://", locator, re.IGNORECASE):
        return locator
    if corpus_href is None or not locator or _SCHEME.match(locator) or locator.startswith(
            ("/", "\\")):
        return ""
    path, _, fragment = locator.partition("#")
    base = corpus_href.rstrip("/") + "/" if corpus_href else ""
    return base + quote(path) + (f"#{quote(fragment)}" if fragment else "")

