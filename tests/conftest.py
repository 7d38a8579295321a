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
