"""Shared fixtures: one spaCy model per test session, paths to the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


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
