"""The page itself: escaped HTML tables around the timeline's JSON island, CSS and script.

The CSS and the script are files in ``static/``, written into the page so it stays one
self-contained file.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

from pipeline.cells import split_values
from pipeline.report.model import _SCHEME, locator_href, timeline_data
from pipeline.report.values import _rows, _text, _true

_FLAGGED_LIMIT = 500
_WARNINGS_OPEN = 30


def _static(name: str) -> str:
    return resources.files("pipeline.report").joinpath("static", name).read_text("utf-8")


def _json_island(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` left."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))



def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


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
    data = timeline_data(rows, corpus_href)
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

_CSS = "\n" + _static("report.css")
_JS = "\n" + _static("report.js")
