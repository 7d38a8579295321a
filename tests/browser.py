"""A headless Chromium driven by Selenium, for tests of what a page does when it runs.

Skipped with the reason when Chromium, its driver or Selenium is missing. Debian:
``apt-get install chromium chromium-driver``; Selenium is in the ``test`` extra.
"""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
DRIVER = shutil.which("chromedriver")


def missing() -> str:
    """Why no browser test can run here, or ``""``."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "Chromium is not installed (Debian: apt-get install chromium chromium-driver)"
    if DRIVER is None:
        return "chromedriver is not installed (Debian: apt-get install chromium-driver)"
    return ""


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (1300 x 900 window)."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-extensions",
                 "--window-size=1300,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
