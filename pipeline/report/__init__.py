"""``report.html``: the page a person opens first, one self-contained file that works offline.

No CDN, no web fonts: inline CSS, inline vanilla JavaScript and SVG. The tables (conflicts,
flagged claims, per-document statistics, warnings) are plain HTML rendered here; the
timeline is drawn by the inline script from a JSON island. Every piece of document text is
escaped: ``html.escape`` for HTML, and the JSON island has ``<``, ``>`` and ``&`` written
as ``\\u003c`` etc. so no quote can close the ``<script>`` element; the script only ever
puts data into the page with ``textContent`` and vetted ``href`` values.

``values`` turns table cells into plain values and dates into words, ``model`` gathers
what the page shows, ``render`` writes it.
"""

from __future__ import annotations

from pipeline.report.model import locator_href
from pipeline.report.render import render_report
from pipeline.report.values import _plain, when

__all__ = ["locator_href", "render_report", "when", "_plain"]
