"""Source pages in headless Chromium: a link from report.html lands on the highlighted
words, and clicking a highlight shows its row's fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def in_view(driver, element) -> bool:
    return driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", element)


DISAGREEING = Path(__file__).parent / "fixtures" / "disagreeing"


@pytest.fixture(scope="module")
def disagreeing_outputs(tmp_path_factory) -> Path:
    """The disagreeing-sources corpus, whose report lists conflicts (the sample has none)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path_factory.mktemp("disagreeing_outputs")
    result = CliRunner().invoke(main, ["extract", "--corpus", str(DISAGREEING), "--out",
                                       str(out), "--no-cache", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_sources_browser_report_link_lands_on_the_highlighted_words(browser, disagreeing_outputs):  # noqa: F811
    browser.get((disagreeing_outputs / "report.html").as_uri())
    link = browser.find_element("css selector", '#conflicts td a[href^="sources/"]')
    href = link.get_attribute("href")
    row_id = href.rsplit("#", 1)[1]
    quote = link.find_element("xpath", "../../td[5]").text.strip("“”\"")
    browser.get(href)
    hits = browser.find_elements("css selector", ".h.hit")
    assert hits, "the row's words are not highlighted"
    assert in_view(browser, hits[0])
    # The highlighted words are the conflict's quote, at its offsets.
    words = "".join(h.get_attribute("textContent") for h in hits)
    assert quote[:40] in words.replace("\n", " ") or words in quote
    panel = browser.find_element("id", "row-panel")
    assert row_id in panel.text and "event_mention_id" in panel.text


def test_sources_browser_line_anchor_and_click_on_a_highlight(browser, sample_outputs):  # noqa: F811
    page = next((sample_outputs / "sources").glob("*.html"))
    browser.get(page.as_uri() + "#L21")
    line = browser.find_element("id", "L21")
    assert in_view(browser, line)
    entity = browser.find_elements("css selector", ".h.e")[-1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", entity)
    entity.click()
    panel = browser.find_element("id", "row-panel")
    assert panel.is_displayed()
    assert "entity_id" in panel.text and entity.text in panel.text
