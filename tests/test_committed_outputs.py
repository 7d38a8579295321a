"""The committed outputs/ are what `make extract` writes today (README: byte for byte)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
# .annalist-state.json records timings (the one file a re-run may change); the lock is
# the run's own.
HIDDEN = ".annalist"


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in out.rglob("*") if p.is_file() and not p.name.startswith(HIDDEN)}


def test_committed_outputs_are_what_extract_writes_today(tmp_path):
    # The corpus sits beside the outputs as in the repository, so relative links agree,
    # and the committed registry comes along, as it does for `make extract`.
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "outputs", tmp_path / "outputs")
    result = CliRunner().invoke(main, [
        "extract", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "outputs"),
        "--no-cache", "--workers", "1", "--quiet",
    ])
    assert result.exit_code == 0, result.output
    committed, written = _files(ROOT / "outputs"), _files(tmp_path / "outputs")
    stale = sorted(name for name in committed.keys() | written.keys()
                   if committed.get(name) != written.get(name))
    assert stale == [], f"regenerate outputs/ with make extract ARGS=--no-cache: {stale}"
