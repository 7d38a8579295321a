"""``report.html``: the page a person opens first, one self-contained file that works offline.

No CDN, no web fonts: inline CSS, inline vanilla JavaScript and SVG. The tables (conflicts,
flagged claims, per-document statistics, warnings) are plain HTML rendered here; the
timeline is drawn by the inline script from a JSON island. Every piece of document text is
escaped: ``html.escape`` for HTML, and the JSON island has ``<``, ``>`` and ``&`` written
as ``\\u003c`` etc. so no quote can close the ``<script>`` element; the script only ever
puts data into the page with ``textContent`` and vetted ``href`` values.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from pipeline.cells import split_values

_ISO = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# Length in years of one unit of each precision: an interval longer than ~1.5 units is a
# span of time (an uprising, a war), shorter is one date known to that precision.
_PRECISION_YEARS = {"day": 1 / 365.25, "month": 1 / 12, "season": 0.25, "quarter": 0.25,
                    "year": 1.0, "decade": 10.0, "century": 100.0, "millennium": 1000.0}
_FLAGGED_LIMIT = 500
_WARNINGS_OPEN = 30


# -- plain values ------------------------------------------------------------------------

_PLAIN_TYPES = frozenset({str, int, bool})


def _plain(value: Any) -> Any:
    """numpy/pandas scalars -> Python; NaN/NA/None -> ``None``."""
    if type(value) in _PLAIN_TYPES:  # the common case, taken a million times per report
        return value
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _rows(table: Any) -> list[dict[str, Any]]:
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        table = table.to_dict("records")
    return [{k: _plain(v) for k, v in row.items()} for row in table]


def _text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _true(value: Any) -> bool:
    value = _plain(value)
    if isinstance(value, bool):
        return value
    return _text(value).strip().lower() == "true"


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(float(_text(value)))
    except ValueError:
        return default


def _year_fraction(iso: str, *, end: bool) -> float | None:
    """``1807-07-07`` -> 1807.51 (start of the day, or its end when ``end``)."""
    m = _ISO.match(iso or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    cumulative = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    doy = cumulative[min(max(month, 1), 12) - 1] + max(day, 1) - 1 + (1 if end else 0)
    return year + doy / 365.25


def _human_date(iso: str) -> str:
    m = _ISO.match(iso or "")
    if not m:
        return iso
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = f"{-year} BCE" if year < 0 else str(year)
    return f"{day} {_MONTHS[month - 1]} {y}" if 1 <= month <= 12 else y


def when(earliest: str, latest: str, precision: str) -> str:
    """A readable date: ``7 July 1807``, ``1389``, ``July 1807``, ``1804 – 1813``."""
    earliest, latest = earliest or latest, latest or earliest
    if not earliest:
        return "undated"
    a, b = _ISO.match(earliest), _ISO.match(latest)
    if a and b:
        ya, yb = int(a.group(1)), int(b.group(1))
        if precision == "decade" and ya >= 0 and ya % 10 == 0 and yb == ya + 9:
            return f"{ya}s"
        if precision == "century" and ya >= 0 and ya % 100 == 0 and yb == ya + 99:
            n = ya // 100 + 1
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
                n % 10, "th")
            return f"{n}{suffix} century"
        if precision in ("year", "decade", "century", "millennium") or (
                a.group(2, 3) == ("01", "01") and b.group(2, 3) == ("12", "31")):
            def fmt(y: int) -> str:
                return f"{-y} BCE" if y < 0 else str(y)

            return fmt(ya) if ya == yb else f"{fmt(ya)} – {fmt(yb)}"
        if precision == "month" and ya == yb and a.group(2) == b.group(2):
            return f"{_MONTHS[int(a.group(2)) - 1]} {ya}"
    if earliest == latest:
        return _human_date(earliest)
    return f"{_human_date(earliest)} – {_human_date(latest)}"


# -- the data island ---------------------------------------------------------------------

def _json_island(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` left."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _timeline_data(tables: Mapping[str, list[dict]],
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


# -- HTML tables -------------------------------------------------------------------------

def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


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


def _locator_html(locator: str, corpus_href: str | None = None) -> str:
    if not locator:
        return ""
    href = locator_href(locator, corpus_href)
    label = locator
    m = re.search(r"[?&#]t=(\d+)s?\b", locator)
    if href and m and _SCHEME.match(href):
        seconds = int(m.group(1))
        label = f"▶ {seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" \
            if seconds >= 3600 else f"▶ {seconds // 60:d}:{seconds % 60:02d}"
    if href:
        return (f'<a href="{_e(href)}" target="_blank" rel="noopener noreferrer" '
                f'title="{_e(locator)}">{_e(label)}</a>')
    return f"<code>{_e(locator)}</code>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "") -> str:
    """``rows`` cells are HTML already escaped by the caller."""
    head = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    if not body:
        return '<p class="empty">None.</p>'
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _conflicts_html(tables: Mapping[str, list[dict]], corpus_href: str | None) -> str:
    events = {_text(e.get("event_id")): e for e in tables.get("events", [])}
    docs = {_text(d.get("doc_id")): d for d in tables.get("documents", [])}
    mentions = {_text(m.get("event_mention_id")): m for m in tables.get("event_mentions", [])}
    rows = []
    for c in tables.get("conflicts", []):
        eid = _text(c.get("event_id"))
        ev = events.get(eid, {})
        doc = docs.get(_text(c.get("doc_id")), {})
        mention = mentions.get(_text(c.get("event_mention_id")), {})
        rows.append([
            f'<a href="#timeline" class="event-link" data-target="{_e(eid)}">'
            f'{_e(ev.get("title") or eid)}</a>',
            _e(c.get("field")),
            f"<strong>{_e(c.get('value'))}</strong>",
            _e(doc.get("title") or doc.get("path") or c.get("doc_id")),
            f'<q>{_e(c.get("quote"))}</q>',
            _locator_html(_text(mention.get("locator")), corpus_href),
        ])
    return _table(["event", "field", "value", "document", "quote", "source"], rows,
                  cls="conflicts")


def _flagged_claims_html(tables: Mapping[str, list[dict]],
                         corpus_href: str | None) -> tuple[str, int]:
    docs = {_text(d.get("doc_id")): d for d in tables.get("documents", [])}
    flagged = [c for c in tables.get("claims", [])
               if _true(c.get("citation_needed")) or _text(c.get("hedge"))]
    rows = []
    for c in flagged[:_FLAGGED_LIMIT]:
        flags = []
        if _true(c.get("citation_needed")):
            flags.append('<span class="flag cn">citation needed</span>')
        if _text(c.get("hedge")):
            flags.append(f'<span class="flag hedge">hedged: {_e(c.get("hedge"))}</span>')
        doc = docs.get(_text(c.get("doc_id")), {})
        rows.append([
            " ".join(flags),
            f'<q>{_e(c.get("text"))}</q>',
            _e(c.get("attributed_to")),
            _e(doc.get("title") or doc.get("path") or c.get("doc_id")),
            _locator_html(_text(c.get("locator")), corpus_href),
        ])
    out = _table(["flag", "claim", "attributed to", "document", "source"], rows,
                 cls="claims")
    if len(flagged) > _FLAGGED_LIMIT:
        out += (f'<p class="note">Showing the first {_FLAGGED_LIMIT} of {len(flagged)}; '
                "claims.csv has them all (columns citation_needed and hedge).</p>")
    return out, len(flagged)


def _documents_html(tables: Mapping[str, list[dict]]) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for table in ("entity_mentions", "dates", "claims", "event_mentions"):
        for row in tables.get(table, []):
            counts[_text(row.get("doc_id"))][table] += 1
    for e in tables.get("events", []):
        for doc_id in split_values(_text(e.get("doc_ids"))):
            counts[doc_id]["events"] += 1
    for c in tables.get("claims", []):
        if _true(c.get("citation_needed")) or _text(c.get("hedge")):
            counts[_text(c.get("doc_id"))]["flagged"] += 1
    rows = []
    for d in tables.get("documents", []):
        doc_id = _text(d.get("doc_id"))
        n = counts[doc_id]
        status = _text(d.get("status"))
        warnings = split_values(_text(d.get("warnings")))
        message = _text(d.get("message"))
        rows.append([
            f"<code>{_e(d.get('path'))}</code>",
            _e(d.get("title")),
            _e(d.get("source_type")),
            f'<span class="status {_e(status)}">{_e(status)}</span>'
            + (f'<div class="msg">{_e(message)}</div>' if message else ""),
            *(f'<span class="num">{_e(v)}</span>' for v in (
                _text(d.get("n_chars")), _text(d.get("n_tokens")),
                n["entity_mentions"], n["dates"], n["claims"], n["flagged"],
                n["event_mentions"], n["events"], len(warnings))),
        ])
    return _table(["path", "title", "type", "status", "characters", "tokens",
                   "entity mentions", "dates", "claims", "flagged claims",
                   "event mentions", "events", "warnings"], rows, cls="documents")


def _warnings_html(warnings: Sequence[str]) -> str:
    if not warnings:
        return '<p class="empty">No warnings.</p>'
    items = "".join(f"<li>{_e(w)}</li>" for w in warnings)
    opened = " open" if len(warnings) <= _WARNINGS_OPEN else ""
    return (f"<details{opened}><summary>{len(warnings)} warning"
            f"{'s' if len(warnings) != 1 else ''}</summary><ul class=\"warnings\">{items}"
            "</ul></details>")


# -- the page ----------------------------------------------------------------------------

def render_report(tables: Mapping[str, Any], *, title: str, warnings: Sequence[str],
                  corpus_href: str | None = None) -> str:
    """The whole ``report.html`` as a string (deterministic: same tables, same bytes).

    ``tables`` maps table names to rows (lists of dicts, or DataFrames) as written to the
    CSVs; missing tables are treated as empty. ``corpus_href``: the corpus directory as a
    URL relative to the report (e.g. ``"../corpus"``) to make ``path#L12`` locators links;
    without it they are shown as text. Video locators always link.
    """
    rows = {name: _rows(t) for name, t in tables.items()}
    data = _timeline_data(rows, corpus_href)
    flagged_html, n_flagged = _flagged_claims_html(rows, corpus_href)
    docs = rows.get("documents", [])
    n_ok = sum(_text(d.get("status")) == "ok" for d in docs)
    n_undated = sum(e["t0"] is None for e in data["events"])
    stats = [
        (len(docs), "documents", f"{n_ok} processed"),
        (len(data["events"]), "events", f"{n_undated} undated" if n_undated else "all dated"),
        (len(rows.get("entities", [])), "entities", ""),
        (len(rows.get("claims", [])), "claims", f"{n_flagged} flagged"),
        (sum(e["conflict"] for e in data["events"]), "events in conflict",
         f"{len(rows.get('conflicts', []))} conflicting values"
         if rows.get("conflicts") else ""),
        (len(warnings), "warnings", ""),
    ]
    stats_html = "".join(
        f'<div class="stat"><span class="big">{n:,}</span> {_e(label)}'
        f'{f"<small>{_e(sub)}</small>" if sub else ""}</div>' for n, label, sub in stats)
    return _PAGE.format(
        title=_e(title),
        css=_CSS,
        stats=stats_html,
        conflicts=_conflicts_html(rows, corpus_href),
        flagged=flagged_html,
        documents=_documents_html(rows),
        warnings=_warnings_html(list(warnings)),
        data=_json_island(data),
        js=_JS,
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div class="stats">{stats}</div>
<nav><a href="#timeline">Timeline</a> · <a href="#conflicts">Conflicts</a> · <a href="#flagged">Flagged claims</a> · <a href="#documents">Documents</a> · <a href="#warnings">Warnings</a></nav>
</header>
<main>
<section id="timeline">
<h2>Timeline</h2>
<div class="controls" id="tl-controls" hidden>
<label>Scale <select id="tl-scale"><option value="compressed" selected>adaptive: busy periods wider</option><option value="linear">linear</option></select></label>
<button type="button" id="tl-zoom-in" title="Zoom in">+</button>
<button type="button" id="tl-zoom-out" title="Zoom out">−</button>
<button type="button" id="tl-reset">Reset view</button>
<label>Find <input type="search" id="tl-filter" placeholder="title, actor, place"></label>
<span class="hint">Wheel to zoom, drag to pan, click a mark for its sources.</span>
</div>
<div class="legend" id="tl-legend" hidden>
<span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="4" class="lg-dot"/></svg> one date</span>
<span><svg width="26" height="14" aria-hidden="true"><rect x="1" y="3" width="24" height="8" rx="4" class="lg-dot"/></svg> a span of time</span>
<span><svg width="26" height="14" aria-hidden="true"><line x1="1" y1="7" x2="25" y2="7" class="lg-range"/><circle cx="13" cy="7" r="3" class="lg-dot"/></svg> date known only within a range</span>
<span><svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="4" class="lg-dot"/><circle cx="11" cy="11" r="8" class="lg-size"/></svg> bigger: more sources</span>
<span><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="5" class="lg-dot lg-conflict"/></svg> sources disagree</span>
<span><svg width="26" height="14" aria-hidden="true"><path d="M4 13 L9 1 M12 13 L17 1" class="lg-break"/></svg> time drawn shorter (few events)</span>
</div>
<div id="tl-wrap"><noscript><p class="empty">The timeline needs JavaScript; the tables below and events.csv hold the same data.</p></noscript></div>
<div id="tl-tooltip" role="tooltip" hidden></div>
<div id="tl-detail" aria-live="polite"><p class="empty">Click an event on the timeline to see its date, sources and quotes.</p></div>
</section>
<section id="conflicts">
<h2>Conflicts</h2>
<p class="note">Events whose sources disagree about a field; each row is one source's value.</p>
{conflicts}
</section>
<section id="flagged">
<h2>Claims flagged [citation needed] or hedged</h2>
{flagged}
</section>
<section id="documents">
<h2>Documents</h2>
{documents}
</section>
<section id="warnings">
<h2>Warnings</h2>
{warnings}
</section>
</main>
<footer>Generated by Annalist. This file is self-contained: it loads nothing from the network.</footer>
<script type="application/json" id="annalist-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""

_CSS = """
:root{--fg:#1d232a;--muted:#5b6673;--line:#d5dbe1;--bg:#fff;--panel:#f5f7f9;--accent:#1f5fa8;--conflict:#c62828}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:18px 28px 8px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{margin:0 0 10px;font-size:22px}
h2{font-size:18px;margin:28px 0 10px}
main{padding:0 28px 40px}
nav{margin:10px 0 4px;color:var(--muted)}
a{color:var(--accent)}
.stats{display:flex;flex-wrap:wrap;gap:10px}
.stat{background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 12px;color:var(--muted)}
.stat .big{font-size:20px;font-weight:600;color:var(--fg);margin-right:2px}
.stat small{display:block;font-size:11px}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin-bottom:6px}
.controls button,.controls select,.controls input{font:inherit;padding:2px 8px}
.hint,.note{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:var(--muted);margin-bottom:6px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.lg-dot{fill:#8aa4c2;stroke:#4d6a8c}.lg-size{fill:none;stroke:#8aa4c2;stroke-dasharray:2 2}
.lg-conflict{stroke:var(--conflict);stroke-width:2.5}.lg-range{stroke:#4d6a8c;stroke-width:1.5;opacity:.5}
.lg-break{stroke:var(--muted);fill:none}
#tl-wrap{border:1px solid var(--line);border-radius:6px;overflow:hidden;background:#fff;user-select:none}
#tl-wrap svg{display:block;cursor:grab}
#tl-wrap svg.dragging{cursor:grabbing}
.lane-bg{fill:#fafbfc}.lane-bg.odd{fill:#f1f4f7}
.lane-label{font-size:12px;fill:var(--fg);font-weight:600}
.lane-count{font-size:11px;fill:var(--muted)}
.axis line{stroke:var(--line)}.axis text{font-size:11px;fill:var(--muted)}
.axis .major{stroke:#c3cbd3}
.gap-break{stroke:var(--muted);fill:none;stroke-width:1.2}
.gap-shade{fill:url(#gap-hatch);opacity:.55}
.undated-bg{fill:#f7f2e8}.undated-label{font-size:11px;fill:var(--muted)}
.ev{cursor:pointer}
.ev .mark{stroke-width:1.2;fill-opacity:.85}
.ev .range{stroke-width:1.5;opacity:.45}
.ev.conflict .mark{stroke:var(--conflict)!important;stroke-width:3}
.ev:hover .mark,.ev:focus .mark,.ev.selected .mark{stroke:#000;stroke-width:2.5;fill-opacity:1}
.ev.conflict.selected .mark{stroke:var(--conflict)!important;stroke-width:4}
.ev.dim{opacity:.12}
.ev:focus{outline:none}
#tl-tooltip{position:fixed;z-index:10;max-width:340px;background:#1d232a;color:#fff;padding:6px 9px;border-radius:5px;font-size:12px;pointer-events:none;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#tl-tooltip .tt-title{font-weight:600;margin-bottom:2px}
#tl-tooltip .tt-conflict{color:#ff9b9b}
#tl-detail{margin-top:12px;padding:12px 16px;border:1px solid var(--line);border-radius:6px;background:var(--panel);min-height:52px}
#tl-detail h3{margin:0 0 4px;font-size:16px}
#tl-detail .meta{color:var(--muted);margin-bottom:8px}
#tl-detail ul{margin:4px 0;padding-left:18px}
#tl-detail li{margin:4px 0}
#tl-detail .conflict-box{border-left:3px solid var(--conflict);padding:4px 10px;margin:8px 0;background:#fff5f5}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);position:sticky;top:0}
td .num,.num{font-variant-numeric:tabular-nums}
table.documents td:nth-child(n+5){text-align:right}
q{quotes:"\\201C" "\\201D"}
.flag{display:inline-block;border-radius:3px;padding:0 5px;font-size:11px;white-space:nowrap}
.flag.cn{background:#fff1c2;color:#6b5200}.flag.hedge{background:#e6eefc;color:#1f3f73}
.status.ok{color:#1b7f3b}.status.error{color:var(--conflict);font-weight:600}.status.skipped{color:#8a6d00}
.msg{font-size:12px;color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
ul.warnings{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
footer{padding:16px 28px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media print{#tl-controls,.hint{display:none}}
"""

_JS = r"""
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("annalist-data").textContent);
  var events = data.events;
  var wrap = document.getElementById("tl-wrap");
  var tooltip = document.getElementById("tl-tooltip");
  var detail = document.getElementById("tl-detail");
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
                 "#9c755f", "#bab0ac", "#86bcb6", "#d4a6c8", "#8cd17d", "#a0cbe8"];
  var MARGIN_LEFT = 150, MARGIN_RIGHT = 16, AXIS_H = 34, UNDATED_W = 86, ROW_H = 24;
  var state = { scale: "compressed", view: null, filter: "", selected: null };

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(node);
    return node;
  }
  function h(tag, text, parent, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  document.getElementById("tl-controls").hidden = false;
  document.getElementById("tl-legend").hidden = false;
  if (!events.length) {
    h("p", "No events were extracted.", wrap, "empty");
    return;
  }

  // Lanes: event types, the most frequent first.
  var laneCount = {};
  events.forEach(function (e) { laneCount[e.type] = (laneCount[e.type] || 0) + 1; });
  var lanes = Object.keys(laneCount).sort(function (a, b) {
    return laneCount[b] - laneCount[a] || (a < b ? -1 : a > b ? 1 : 0);
  });
  var color = {};
  lanes.forEach(function (l, i) { color[l] = PALETTE[i % PALETTE.length]; });
  var dated = events.filter(function (e) { return e.t0 !== null; });
  var hasUndated = dated.length < events.length;

  // The time scale. Knots are every event's start and end; the stretch between two knots
  // keeps its length up to CAP years, longer gaps grow only logarithmically ("compressed
  // gaps"), so centuries with nothing in them do not squeeze the busy decades flat.
  function buildScale(kind) {
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (e) { lo = Math.min(lo, e.t0); hi = Math.max(hi, e.t1); });
    var span = Math.max(hi - lo, 1);
    var pad = Math.max(0.5, span * 0.02);
    lo -= pad; hi += pad;
    var total = hi - lo;
    // Adaptive scale: u(t) = ALPHA * linear time + (1 - ALPHA) * the share of events up
    // to t, each event's weight spread over its own interval (at least MINW wide). Busy
    // decades widen, empty centuries shrink, and order and direction are always kept.
    var ALPHA = kind === "linear" ? 1 : 0.3, MINW = Math.max(total / 4000, 1 / 365.25);
    var edges = [];
    dated.forEach(function (e) {
      var a = e.t0, b = Math.max(e.t1, e.t0 + MINW), mid = (a + b) / 2;
      if (b - a < MINW) { a = mid - MINW / 2; b = mid + MINW / 2; }
      edges.push([a, 1 / (b - a)], [b, -1 / (b - a)]);
    });
    edges.sort(function (x, y) { return x[0] - y[0]; });
    var knots = [lo], mass = [0], slope = 0, m = 0;
    edges.forEach(function (ed) {
      var t = Math.min(Math.max(ed[0], lo), hi), last = knots[knots.length - 1];
      m += slope * (t - last);
      if (t - last > 1e-9) { knots.push(t); mass.push(m); }
      slope += ed[1];
    });
    if (hi - knots[knots.length - 1] > 1e-9) { knots.push(hi); mass.push(m); }
    var n = Math.max(m, 1e-9);
    var units = knots.map(function (t, i) {
      return ALPHA * (t - lo) + (1 - ALPHA) * total * (mass[i] / n);
    });
    // Runs drawn at less than half their linear length are "compressed gaps" (hatched).
    var breaks = [];
    for (var i = 1; i < knots.length; i++) {
      var dt = knots[i] - knots[i - 1];
      if (kind !== "linear" && (units[i] - units[i - 1]) < 0.5 * dt) {
        var prev = breaks[breaks.length - 1];
        if (prev && Math.abs(prev[1] - knots[i - 1]) < 1e-9) prev[1] = knots[i];
        else breaks.push([knots[i - 1], knots[i]]);
      }
    }
    function toUnit(t) {
      if (t <= knots[0]) return units[0] - (knots[0] - t);
      var n = knots.length - 1;
      if (t >= knots[n]) return units[n] + (t - knots[n]);
      var a = 0, b = n;
      while (b - a > 1) { var m = (a + b) >> 1; if (knots[m] <= t) a = m; else b = m; }
      var f = (t - knots[a]) / (knots[b] - knots[a]);
      return units[a] + f * (units[b] - units[a]);
    }
    function fromUnit(u) {
      var n = knots.length - 1;
      if (u <= units[0]) return knots[0] - (units[0] - u);
      if (u >= units[n]) return knots[n] + (u - units[n]);
      var a = 0, b = n;
      while (b - a > 1) { var m = (a + b) >> 1; if (units[m] <= u) a = m; else b = m; }
      var f = (u - units[a]) / (units[b] - units[a]);
      return knots[a] + f * (knots[b] - knots[a]);
    }
    return { toUnit: toUnit, fromUnit: fromUnit, total: units[units.length - 1],
             breaks: breaks, lo: lo, hi: hi };
  }

  var scale = dated.length ? buildScale(state.scale) : null;

  function fmtYear(y) { return y < 0 ? (-y) + " BCE" : String(y); }
  var MON = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];

  function render() {
    var width = Math.max(wrap.clientWidth || 900, 480);
    var plotRight = width - MARGIN_RIGHT - (hasUndated ? UNDATED_W : 0);
    var plotW = plotRight - MARGIN_LEFT;
    var view = state.view || (scale ? [0, scale.total] : [0, 1]);
    function x(t) { return MARGIN_LEFT + (scale.toUnit(t) - view[0]) / (view[1] - view[0]) * plotW; }
    function tAt(px) { return scale.fromUnit(view[0] + (px - MARGIN_LEFT) / plotW * (view[1] - view[0])); }
    function radius(e) { return Math.min(4.5 + 2.5 * Math.sqrt(Math.max(e.n - 1, 0)), 12); }

    // Place marks: in each lane, greedy rows so marks overlapping on screen stack up.
    var geom = {}, laneRows = {};
    lanes.forEach(function (l) { laneRows[l] = []; });
    var order = events.slice().sort(function (a, b) {
      var ax = a.t0 === null ? Infinity : a.t0, bx = b.t0 === null ? Infinity : b.t0;
      return ax - bx || (a.id < b.id ? -1 : 1);
    });
    var undatedCount = {};
    order.forEach(function (e) {
      var r = radius(e), g = { r: r };
      if (e.t0 === null) {
        var k = undatedCount[e.type] = (undatedCount[e.type] || 0) + 1;
        g.undated = true;
        g.cx = plotRight + 14 + ((k - 1) % 4) * 18; g.left = g.cx - r; g.right = g.cx + r;
        g.row = Math.floor((k - 1) / 4);
      } else {
        var x0 = x(e.t0), x1 = x(e.t1);
        g.x0 = x0; g.x1 = x1;
        if (e.span) { g.left = x0; g.right = Math.max(x1, x0 + 2 * r); }
        else { g.cx = (x0 + x1) / 2; g.left = Math.min(g.cx - r, x0); g.right = Math.max(g.cx + r, x1); }
        var rows = laneRows[e.type], row = 0;
        while (row < rows.length && rows[row] > g.left - 3) row++;
        if (row >= 6) { row = rows.indexOf(Math.min.apply(null, rows)); }
        rows[row] = g.right;
        g.row = row;
      }
      geom[e.id] = g;
    });
    // The axis runs along the top, so it stays in view above many lanes.
    var laneH = {}, laneY = {}, A = AXIS_H, y = A;
    lanes.forEach(function (l) {
      var n = Math.max(laneRows[l].length, 1);
      events.forEach(function (e) { if (e.type === l && geom[e.id].undated) n = Math.max(n, geom[e.id].row + 1); });
      laneH[l] = Math.max(38, n * (ROW_H + 4) + 12);
      laneY[l] = y; y += laneH[l];
    });
    var height = y + 1;

    var svg = el("svg", { width: width, height: height, role: "img",
      "aria-label": "Timeline of " + events.length + " events in " + lanes.length + " lanes",
      id: "timeline-svg" });
    var defs = el("defs", {}, svg);
    var pat = el("pattern", { id: "gap-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)" }, defs);
    el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#d8dde3", "stroke-width": 2 }, pat);
    var clip = el("clipPath", { id: "plot-clip" }, defs);
    el("rect", { x: MARGIN_LEFT, y: 0, width: plotW, height: height }, clip);

    lanes.forEach(function (l, i) {
      el("rect", { x: 0, y: laneY[l], width: width, height: laneH[l], "class": "lane-bg" + (i % 2 ? " odd" : "") }, svg);
      var lab = el("text", { x: 10, y: laneY[l] + 18, "class": "lane-label" }, svg);
      lab.textContent = l.length > 20 ? l.slice(0, 19) + "…" : l;
      var title = el("title", {}, lab); title.textContent = l;
      var cnt = el("text", { x: 10, y: laneY[l] + 32, "class": "lane-count" }, svg);
      cnt.textContent = laneCount[l] + (laneCount[l] === 1 ? " event" : " events");
      el("rect", { x: 0, y: laneY[l], width: 5, height: laneH[l], fill: color[l] }, svg);
    });
    if (hasUndated) {
      el("rect", { x: plotRight + 2, y: A, width: UNDATED_W - 2, height: y - A, "class": "undated-bg" }, svg);
      var ut = el("text", { x: plotRight + 8, y: A - 12, "class": "undated-label" }, svg);
      ut.textContent = "undated";
    }

    var plot = el("g", { "clip-path": "url(#plot-clip)" }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    if (scale) {
      // Compressed gaps: hatched, with a break mark on the axis.
      scale.breaks.forEach(function (b) {
        var a = x(b[0]), c = x(b[1]);
        if (c < MARGIN_LEFT || a > plotRight || c - a < 30) return;
        el("rect", { x: a + 3, y: A, width: c - a - 6, height: y - A, "class": "gap-shade" }, plot);
        var m = (a + c) / 2;
        if (m > MARGIN_LEFT && m < plotRight)
          el("path", { d: "M" + (m - 5) + " " + (A + 5) + " L" + (m - 1) + " " + (A - 5) +
            " M" + (m + 1) + " " + (A + 5) + " L" + (m + 5) + " " + (A - 5), "class": "gap-break" }, axis);
      });
      // Ticks: coarse steps first, finer ones where they fit at least 64px apart.
      var tMin = tAt(MARGIN_LEFT), tMax = tAt(plotRight);
      var taken = [], steps = [1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];
      if (tMax - tMin < 4) steps.push(1 / 12);
      el("line", { x1: MARGIN_LEFT, y1: A, x2: plotRight, y2: A }, axis);
      steps.forEach(function (s, si) {
        var first = Math.ceil(tMin / s), last = Math.floor(tMax / s);
        if (last - first > 3000) return;
        for (var k = first; k <= last; k++) {
          var t = k * s, px = x(t);
          if (px < MARGIN_LEFT + 12 || px > plotRight - 24) continue;
          var ok = true;
          for (var j = 0; j < taken.length; j++) if (Math.abs(taken[j] - px) < 64) { ok = false; break; }
          if (!ok) continue;
          taken.push(px);
          el("line", { x1: px, y1: A, x2: px, y2: y, "class": si < 4 ? "major" : "" }, plot);
          el("line", { x1: px, y1: A - 5, x2: px, y2: A }, axis);
          var label = el("text", { x: px, y: A - 10, "text-anchor": "middle" }, axis);
          if (s < 1) {
            var yr = Math.floor(t + 1e-9), mo = Math.round((t - yr) * 12);
            label.textContent = MON[Math.min(mo, 11)] + " " + fmtYear(yr);
          } else label.textContent = fmtYear(Math.round(t));
        }
      });
    }

    var needle = state.filter.toLowerCase();
    order.forEach(function (e) {
      var g = geom[e.id];
      var cy = laneY[e.type] + 8 + (ROW_H + 4) * g.row + ROW_H / 2;
      var parent = g.undated ? svg : plot;
      var node = el("g", { "class": "ev" + (e.conflict ? " conflict" : "") + (state.selected === e.id ? " selected" : ""),
        "data-event-id": e.id, tabindex: 0, role: "button",
        "aria-label": e.title + ", " + e.when + (e.conflict ? ", sources disagree" : "") }, parent);
      if (needle) {
        var hay = [e.title, e.type, e.when, e.date].concat(e.actors, e.places).join(" ").toLowerCase();
        if (hay.indexOf(needle) < 0) node.setAttribute("class", node.getAttribute("class") + " dim");
      }
      var c = color[e.type];
      if (g.undated) {
        el("circle", { cx: g.cx, cy: cy, r: g.r, fill: c, stroke: "#333", "class": "mark" }, node);
      } else if (e.span) {
        var hgt = Math.min(2 * g.r, ROW_H);
        el("rect", { x: g.left, y: cy - hgt / 2, width: Math.max(g.right - g.left, 4), height: hgt,
          rx: Math.min(hgt / 2, 6), fill: c, stroke: "#333", "class": "mark" }, node);
      } else {
        if (g.x1 - g.x0 > 2 * g.r)
          el("line", { x1: g.x0, y1: cy, x2: g.x1, y2: cy, stroke: c, "class": "range" }, node);
        el("circle", { cx: g.cx, cy: cy, r: g.r, fill: c, stroke: "#333", "class": "mark" }, node);
      }
      node.addEventListener("mouseenter", function (ev) { showTip(e, ev); });
      node.addEventListener("mousemove", function (ev) { moveTip(ev); });
      node.addEventListener("mouseleave", hideTip);
      node.addEventListener("focus", function () { showTip(e, null, node); });
      node.addEventListener("blur", hideTip);
      node.addEventListener("click", function (ev) { ev.stopPropagation(); select(e.id); });
      node.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(e.id); }
      });
    });

    wrap.textContent = "";
    wrap.appendChild(svg);
    attachPanZoom(svg, plotW);
  }

  function showTip(e, ev, node) {
    tooltip.textContent = "";
    h("div", e.title, tooltip, "tt-title");
    h("div", e.when + " · precision: " + e.precision + (e.date ? " · " + e.date : ""), tooltip);
    h("div", e.type + " · " + e.n + (e.n === 1 ? " source" : " sources") + " · " + e.nm +
      (e.nm === 1 ? " mention" : " mentions"), tooltip);
    if (e.conflict) h("div", "Sources disagree — click for details", tooltip, "tt-conflict");
    tooltip.hidden = false;
    if (ev) moveTip(ev);
    else if (node) { var r = node.getBoundingClientRect(); place(r.right, r.bottom); }
  }
  function moveTip(ev) { place(ev.clientX, ev.clientY); }
  function place(cx, cy) {
    var w = tooltip.offsetWidth, hh = tooltip.offsetHeight;
    var left = cx + 14, top = cy + 14;
    if (left + w > window.innerWidth - 8) left = cx - w - 14;
    if (top + hh > window.innerHeight - 8) top = cy - hh - 14;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  // Links were vetted in Python; refuse any scheme but http(s) here as well.
  function safeHref(href) {
    if (!href) return "";
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return /^https?:\/\//i.test(href) ? href : "";
    return href;
  }
  function locatorLabel(loc) {
    var m = /[?&#]t=(\d+)s?\b/.exec(loc);
    if (!m || !/^https?:\/\//i.test(loc)) return loc;
    var s = +m[1], hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return "▶ " + (hh ? hh + ":" + pad(mm) : mm) + ":" + pad(ss);
  }
  function locatorNode(loc, href, parent) {
    if (!loc) return;
    href = safeHref(href);
    if (href) {
      var a = h("a", locatorLabel(loc), parent);
      a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer"; a.title = loc;
    } else {
      h("code", loc, parent);
    }
  }

  function select(id) {
    state.selected = id;
    var e = null;
    events.forEach(function (x) { if (x.id === id) e = x; });
    Array.prototype.forEach.call(wrap.querySelectorAll(".ev"), function (n) {
      n.classList.toggle("selected", n.getAttribute("data-event-id") === id);
    });
    detail.textContent = "";
    if (!e) return;
    h("h3", e.title, detail);
    var meta = e.when + " · precision: " + e.precision + (e.date ? " · TIMEX3 " + e.date : "") +
      " · " + e.type + " · " + e.n + (e.n === 1 ? " source" : " sources") +
      (e.confidence ? " · confidence " + e.confidence : "") + " · " + e.id;
    h("div", meta, detail, "meta");
    if (e.actors.length) h("div", "Actors: " + e.actors.join(", "), detail);
    if (e.places.length) h("div", "Places: " + e.places.join(", "), detail);
    if (e.conflicts.length) {
      var box = h("div", null, detail, "conflict-box");
      h("strong", "Sources disagree", box);
      var ul = h("ul", null, box);
      e.conflicts.forEach(function (c) { h("li", c.field + ": " + c.value + " — " + c.doc, ul); });
    }
    h("div", e.quotes.length ? "Quotes" : "No quotes recorded.", detail).style.fontWeight = "600";
    var list = h("ul", null, detail);
    e.quotes.forEach(function (q) {
      var li = h("li", null, list);
      h("q", q.quote, li);
      var src = h("div", null, li, "meta");
      src.appendChild(document.createTextNode((q.doc ? q.doc : "") + (q.when && q.when !== "undated" ? " · " + q.when : "") + " "));
      locatorNode(q.locator, q.href, src);
    });
  }

  function attachPanZoom(svg, plotW) {
    if (!scale) return;
    var dragging = null;
    function current() { return state.view || [0, scale.total]; }
    function zoom(factor, px) {
      var v = current(), f = (px - MARGIN_LEFT) / plotW;
      f = Math.min(Math.max(f, 0), 1);
      var at = v[0] + f * (v[1] - v[0]), w = (v[1] - v[0]) * factor;
      w = Math.min(Math.max(w, scale.total / 5000), scale.total * 1.5);
      state.view = [at - f * w, at - f * w + w];
      render();
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, ev.clientX - r.left);
    }, { passive: false });
    svg.addEventListener("mousedown", function (ev) {
      dragging = { x: ev.clientX, view: current().slice(), moved: false };
      svg.classList.add("dragging");
    });
    window.onmousemove = function (ev) {
      if (!dragging) return;
      var dx = ev.clientX - dragging.x;
      if (Math.abs(dx) < 3 && !dragging.moved) return;
      dragging.moved = true;
      var w = dragging.view[1] - dragging.view[0], du = -dx / plotW * w;
      state.view = [dragging.view[0] + du, dragging.view[1] + du];
      render();
    };
    window.onmouseup = function () { dragging = null; svg.classList.remove("dragging"); };
    svg.addEventListener("dblclick", function () { state.view = null; render(); });
    zoomButtons.zoom = function (factor) { zoom(factor, MARGIN_LEFT + plotW / 2); };
  }
  var zoomButtons = { zoom: function () {} };

  document.getElementById("tl-zoom-in").addEventListener("click", function () { zoomButtons.zoom(0.6); });
  document.getElementById("tl-zoom-out").addEventListener("click", function () { zoomButtons.zoom(1 / 0.6); });
  document.getElementById("tl-reset").addEventListener("click", function () { state.view = null; render(); });
  document.getElementById("tl-scale").addEventListener("change", function (ev) {
    state.scale = ev.target.value; state.view = null;
    scale = dated.length ? buildScale(state.scale) : null;
    render();
  });
  document.getElementById("tl-filter").addEventListener("input", function (ev) {
    state.filter = ev.target.value.trim(); render();
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.event-link"), function (a) {
    a.addEventListener("click", function () { select(a.getAttribute("data-target")); });
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 120);
  });
  render();
  // report.html#event=ID opens with that event selected (a link people can share).
  var wanted = /^#event=(.+)$/.exec(window.location.hash);
  if (wanted) select(decodeURIComponent(wanted[1]));
})();
"""
