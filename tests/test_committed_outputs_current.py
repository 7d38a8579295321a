"""The committed outputs/ are what `make extract` writes for corpus/ with this code: a
fresh clone's first `make extract` finds nothing changed and leaves the tree clean. When
this fails, regenerate them (README, "Developing": `annalist extract --no-cache`, then a
plain `annalist extract` to record the run state)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_committed_outputs_are_current_for_the_sample_corpus(tmp_path):
    # Side by side as in the repository: the report links into the corpus by its path.
    corpus, out = tmp_path / "corpus", tmp_path / "outputs"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(ROOT / "outputs", out)
    result = CliRunner().invoke(main, ["extract", "--corpus", str(corpus), "--out", str(out),
                                       "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "Nothing changed since the last run" in result.output, result.output[-400:]
