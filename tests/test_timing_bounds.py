"""The ``within`` fixture: time bounds fail only under ``--timing`` (``make bench``)."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text()


def test_time_bound_is_reported_but_not_enforced_by_make_test(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile("def test_slow(within):\n    within(2.0, 1.0, 'parse')\n")
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*TIMING test_slow: 2 s (bound 1 s) parse*"])


def test_time_bound_is_enforced_under_timing(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile("def test_slow(within):\n    within(2.0, 1.0)\n"
                        "def test_fast(within):\n    within(0.5, 1.0)\n")
    pytester.runpytest("--timing").assert_outcomes(passed=1, failed=1)
