"""The page itself: Jinja2 templates around the timeline's JSON island, CSS and script.

Autoescaping is on, and every ``{{ value }}`` goes through :func:`_escape`, which is the
standard library's ``html.escape`` (``'`` -> ``&#x27;``, as the report always wrote it)
rather than MarkupSafe's (``&#39;``). Only values we wrote ourselves enter as ``Markup``:
the CSS and script from ``static/`` and the JSON island, which has no ``<``, ``>`` or ``&``
left. The CSS and script are written into the page so it stays one self-contained file.
"""

from __future__ import annotations

import functools
import html
import base64
import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline import lang
from pipeline.report import mapview, model
from pipeline.report.values import _rows, _text

_WARNINGS_OPEN = 30


def _escape(value: Any) -> Markup:
    """Jinja's ``finalize``: a cell's text (``None`` -> ``""``), HTML-escaped."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(_text(value), quote=True))


def _content(value: Any) -> Markup:
    """The ``content`` filter, for our own sentences between tags, never in an attribute:
    ``<``, ``>`` and ``&`` escaped, quotes left as written (only attributes need them)."""
    return Markup(html.escape(_text(value), quote=False))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates of ``pipeline/report/templates`` (loaded once per process)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["content"] = _content
    return env


@functools.lru_cache(maxsize=None)
def _words(language: str = lang.DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Every entry of ``lang/<language>/report.yaml``: the page's labels and sentences."""
    return {key: lang.value("report", key, language) for key in lang.resource("report", language)}


@functools.lru_cache(maxsize=None)
def _static(name: str) -> Markup:
    """A file of ``static/``, ours to write into the page as it is."""
    return Markup(resources.files("pipeline.report").joinpath("static", name).read_text("utf-8"))


def script_source(js: str) -> Markup:
    """The CSP source that allows exactly the page's one inline script (``\n`` + ``js``, as
    the templates write it) and nothing injected beside it: no ``'unsafe-inline'``."""
    digest = hashlib.sha256(("\n" + js).encode("utf-8")).digest()
    return Markup("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")


def _json_island(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` left."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_report(tables: Mapping[str, Any], *, title: str, warnings: Sequence[str],
                  corpus_href: str | None = None, source_pages: Collection[str] = ()) -> str:
    """The whole ``report.html`` as a string (deterministic: same tables, same bytes).

    ``tables`` maps table names to rows (lists of dicts, or DataFrames) as written to the
    CSVs; missing tables are treated as empty. ``corpus_href``: the corpus directory as a
    URL relative to the report (e.g. ``"../corpus"``) to make ``path#L12`` locators links;
    without it they are shown as text. Video locators always link. ``source_pages``: the
    ids of the documents that have a page ``sources/D….html`` beside the report; their
    locators and rows link there, to the highlighted words (a video locator to both).
    """
    rows = {name: _rows(t) for name, t in tables.items()}
    links = model.Links(corpus_href, frozenset(source_pages))
    timeline = model.timeline_data(rows, links)
    timeline["words"] = _words()["timeline_script"]
    flagged, n_flagged = model.flagged_claims(rows, links)
    candidates, n_candidates = model.candidate_rows(rows, links)
    warnings = list(warnings)
    return environment().get_template("report.html.j2").render(
        title=title,
        language=lang.DEFAULT_LANGUAGE,
        words=_words(),
        css=_static("report.css"),
        js=(js := _static("report.js")),
        script_src=script_source(js),
        stats=model.stats(rows, timeline, n_flagged=n_flagged, n_warnings=len(warnings)),
        conflicts=model.conflict_rows(rows, links),
        candidates=candidates,
        n_candidates=n_candidates,
        flagged=flagged,
        n_flagged=n_flagged,
        limit=model.FLAGGED_LIMIT,
        documents=model.document_rows(rows, links),
        map=mapview.map_panel(rows.get("events", [])),
        warnings=warnings,
        warnings_open=_WARNINGS_OPEN,
        # The island is JSON with every markup character written as \uXXXX.
        data=Markup(_json_island(timeline)),
    )
