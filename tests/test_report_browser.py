"""report.html rendered by headless Chromium: one timeline mark per event, no injected code.

Skipped with a reason when Chromium is absent; ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipeline.report import render_report
from test_report import HOSTILE, fixture_rows, hostile_rows

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: `apt-get install chromium`; .ci/run installs "
           "it), so report.html cannot be rendered headless",
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--window-size=1400,1000"]


def rendered_dom(page: str, tmp_path: Path, *, fragment: str = "") -> str:
    """The DOM after the page's scripts ran, as Chromium serialises it."""
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="annalist-chromium-") as profile:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
             "--dump-dom", html_file.as_uri() + fragment],
            capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "</html>" in done.stdout, done.stderr[-2000:]
    return done.stdout


def event_marks(dom: str) -> list[str]:
    svg = re.search(r'<svg[^>]*id="timeline-svg".*?</svg>', dom, re.S)
    assert svg, "the timeline SVG was not drawn"
    return re.findall(r'<g [^>]*data-event-id="([^"]*)"', svg.group(0))


def test_report_browser_draws_one_mark_per_event(tmp_path):
    rows = fixture_rows()
    # An undated event is drawn too (in the "undated" column).
    rows["events"].append({**rows["events"][1], "event_id": "E5", "earliest": "",
                           "latest": "", "precision": "", "title": "Undated thing"})
    dom = rendered_dom(render_report(rows, title="t", warnings=[]), tmp_path)
    marks = event_marks(dom)
    assert sorted(marks) == sorted(e["event_id"] for e in rows["events"])
    assert 'class="ev conflict' in dom  # E1's sources disagree
    assert "undated" in dom


def test_report_browser_click_shows_quotes_and_video_link(tmp_path):
    dom = rendered_dom(render_report(fixture_rows(), title="t", warnings=[]), tmp_path,
                       fragment="#event=E1")
    detail = dom.split('id="tl-detail"', 1)[1].split("</section>", 1)[0]
    assert "Treaty of Tilsit signed" in detail
    assert "precision: day" in detail
    assert "The treaty was reportedly signed on 9 July 1807" in detail
    assert 'href="https://www.youtube.com/watch?v=abc123XYZ_-&amp;t=180s"' in detail
    assert "Sources disagree" in detail


def test_report_browser_hostile_text_stays_text(tmp_path):
    page = render_report(hostile_rows(), title=HOSTILE, warnings=[HOSTILE])
    # Anything injected that runs would leave this mark on the page.
    page = page.replace("alert(1)", "document.body.setAttribute('data-pwned','1')")
    page = page.replace("alert(2)", "document.body.setAttribute('data-pwned','2')")
    dom = rendered_dom(page, tmp_path, fragment="#event=E1")
    assert 'data-pwned="' not in dom
    assert "<img" not in dom
    assert len(event_marks(dom)) == 4
    detail = dom.split('id="tl-detail"', 1)[1].split("</section>", 1)[0]
    assert "&lt;/script&gt;&lt;script&gt;" in detail  # shown, as text


def test_report_browser_file_locator_links_into_corpus(tmp_path):
    page = render_report(fixture_rows(), title="t", warnings=[], corpus_href="corpus")
    dom = rendered_dom(page, tmp_path, fragment="#event=E1")
    detail = dom.split('id="tl-detail"', 1)[1].split("</section>", 1)[0]
    assert 'href="corpus/treaty.txt#L5"' in detail


def test_report_browser_timeline_keeps_chronological_order(tmp_path):
    # Dates from 1389 to 2024, most of them crowded into a few modern years.
    years = [1389, 1459, 1804, 1807, 1813, 1914, 1941, 1991, 1999, 2008, 2014, 2022, 2024]
    days = [f"{y:04d}-{m:02d}-15" for y in years for m in (3, 9)] + ["-0044-03-15"]
    events = [{"event_id": f"E{i:02d}", "event_type": "battle" if i % 2 else "treaty",
               "title": f"event {i}", "earliest": d, "latest": d, "precision": "day",
               "n_documents": 1 + i % 3} for i, d in enumerate(days)]
    dom = rendered_dom(render_report({"events": events}, title="t", warnings=[]), tmp_path)
    x_of = {m.group(1): float(m.group(2)) for m in re.finditer(
        r'data-event-id="([^"]+)"[^>]*>(?:<line[^>]*>)?<circle cx="([\d.]+)"', dom)}
    assert len(x_of) == len(events)

    def key(e):  # (year, month) with BCE years negative
        y, m = re.match(r"(-?\d+)-(\d+)", e["earliest"]).groups()
        return (int(y), int(m))

    xs = [x_of[e["event_id"]] for e in sorted(events, key=key)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # The crowded modern years stay apart: the empty centuries between are compressed
    # gaps, so March and September 2022 are drawn at two places.
    assert x_of["E23"] - x_of["E22"] > 4
