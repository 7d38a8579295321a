"""Shared fixtures: one spaCy model per test session, paths to the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--timing", action="store_true",
        help="enforce the time bounds of the tests marked 'timing' (make bench does)")


@pytest.fixture
def within(request):
    """``within(seconds, bound, what)``: a time bound, enforced only under ``--timing``.

    Speed is measured by ``make bench``, never by ``make test``: a loaded CI machine must
    not fail a correct change. So ``make test`` runs these tests for their checks on the
    output and prints the seconds; ``make bench`` runs them again with ``--timing``,
    where a bound missed (a quadratic regression) fails.
    """
    enforce = request.config.getoption("--timing")

    def check(seconds: float, bound: float, what: str = "") -> None:
        print(f"\nTIMING {request.node.name}: {seconds:.3g} s (bound {bound:g} s) {what}")
        if enforce:
            assert seconds < bound, f"{seconds:.3g} s, bound {bound:g} s {what}"

    return check


@pytest.fixture(scope="session")
def nlp():
    from pipeline.stages.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory) -> Path:
    """The sample corpus run once through `annalist extract` (in-process, one worker)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path_factory.mktemp("sample_outputs")
    cache = tmp_path_factory.mktemp("sample_cache")
    result = CliRunner().invoke(main, [
        "extract", "--corpus", str(CORPUS), "--out", str(out), "--cache", str(cache),
        "--workers", "1", "--quiet",
    ])
    assert result.exit_code == 0, result.output
    return out
