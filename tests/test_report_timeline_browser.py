"""The timeline as it runs in headless Chromium: typed events first, regular ticks at every
zoom level, compressed gaps with their range, inherited dates hollow and hideable."""

from __future__ import annotations

import pytest

from browser import browser  # noqa: F401  (the fixture)
from pipeline.report import render_report
from test_report import fixture_rows

pytestmark = pytest.mark.browser


def rows_with_untyped_and_inherited() -> dict[str, list[dict]]:
    rows = fixture_rows()
    base = rows["events"][0]
    rows["events"] += [
        {**base, "event_id": "EO1", "event_type": "OTHER", "title": "untyped one",
         "earliest": "1810-01-01", "latest": "1810-12-31", "precision": "year"},
        {**base, "event_id": "EI1", "event_type": "treaty", "title": "inherited one",
         "earliest": "1811-05-01", "latest": "1811-05-01", "precision": "day",
         "has_conflict": "false"},
    ]
    rows["event_mentions"].append({**rows["event_mentions"][0], "event_mention_id": "EMI",
                                   "event_id": "EI1", "earliest": "1811-05-01",
                                   "latest": "1811-05-01", "date_source": "context"})
    return rows


def open_page(browser, tmp_path, rows, fragment=""):  # noqa: F811
    page = tmp_path / "report.html"
    page.write_text(render_report(rows, title="t", warnings=[]), encoding="utf-8")
    browser.get(page.as_uri() + fragment)
    return browser


def marks(browser):  # noqa: F811
    return sorted(e.get_attribute("data-event-id")
                  for e in browser.find_elements("css selector", "#timeline-svg g.ev"))


def ticks(browser):  # noqa: F811
    """(time, x) of every labelled tick, left to right."""
    found = [(float(t.get_attribute("data-t")), float(t.get_attribute("x")))
             for t in browser.find_elements("css selector", "#timeline-svg text.tick")]
    return sorted(found, key=lambda p: p[1])


def test_timeline_browser_shows_typed_events_until_asked_for_all(browser, tmp_path):  # noqa: F811
    open_page(browser, tmp_path, rows_with_untyped_and_inherited())
    assert "EO1" not in marks(browser) and "E1" in marks(browser)
    assert "1 untyped (OTHER) event hidden" in browser.find_element("id", "tl-status").text
    browser.find_element("id", "tl-all").click()
    assert "EO1" in marks(browser)


def test_timeline_browser_inherited_dates_are_hollow_and_hideable(browser, tmp_path):  # noqa: F811
    open_page(browser, tmp_path, rows_with_untyped_and_inherited())
    mark = browser.find_element("css selector", 'g.ev[data-event-id="EI1"]')
    assert "inherited" in mark.get_attribute("class").split()
    fill = browser.execute_script(
        "return getComputedStyle(arguments[0].querySelector('.mark')).fill", mark)
    assert fill in ("rgb(255, 255, 255)", "#fff", "#ffffff")
    browser.find_element("id", "tl-inherited").click()
    assert "EI1" not in marks(browser)


def test_timeline_browser_writes_one_event_in_the_singular(browser, tmp_path):  # noqa: F811
    open_page(browser, tmp_path, fixture_rows())
    counts = [t.text for t in browser.find_elements("css selector", "text.lane-count")]
    assert "1 event" in counts and not any(c.startswith("1 events") for c in counts)


def test_timeline_browser_compressed_gap_has_its_range_written(browser, tmp_path):  # noqa: F811
    open_page(browser, tmp_path, fixture_rows())  # 1389, then nothing until 1804
    gaps = [g.get_attribute("data-range")
            for g in browser.find_elements("css selector", "#timeline-svg g.gap")]
    assert any(r.startswith("13") and r.endswith("1803") for r in gaps), gaps
    labels = " ".join(t.text for t in browser.find_elements("css selector", "text.gap-label"))
    assert "1803" in labels


@pytest.mark.parametrize("zoom_ins", [0, 2, 4, 7, 10])
def test_timeline_browser_ticks_are_regular_at_every_zoom(browser, tmp_path, zoom_ins):  # noqa: F811
    open_page(browser, tmp_path, fixture_rows(), fragment="")
    browser.find_element("id", "tl-scale").send_keys("linear")  # one stretch, no gaps
    for _ in range(zoom_ins):
        browser.find_element("id", "tl-zoom-in").click()
    found = ticks(browser)
    assert len(found) >= 3, found
    times = [t for t, _ in found]
    assert times == sorted(times)  # left to right is earlier to later
    xs = [x for _, x in found]
    assert min(b - a for a, b in zip(xs, xs[1:])) >= 40  # labels never overlap
    # One grid: every label is a multiple of the finest step between two neighbours.
    step = min(b - a for a, b in zip(times, times[1:]))
    assert all(abs(t / step - round(t / step)) < 1e-3 for t in times), (step, times)
    assert step in (1000, 500, 100, 50, 10, 5, 1) or abs(step * 12 - round(step * 12)) < 1e-3


def test_timeline_browser_ticks_skip_compressed_gaps(browser, tmp_path):  # noqa: F811
    open_page(browser, tmp_path, fixture_rows())
    times = [t for t, _ in ticks(browser)]
    assert times, "no tick labels"
    assert not [t for t in times if 1400 < t < 1800]  # inside the 1390-1803 gap
