"""Two ``annalist extract`` runs on one output directory never interleave their files.

The first run is held inside its write phase (a gated writer, see ``runs.py``) while the
second starts: without ``--wait`` the second refuses with E120 and names the fix; with
``--wait`` it queues, and once the first finishes it runs on top of the first one's
outputs, so the directory ends up exactly as two runs one after the other leave it.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.fixtures.hostile import runs


@pytest.fixture(scope="module")
def setup(tmp_path_factory, nlp):
    """Two corpora and the reference outputs: A alone, and A then B in one directory."""
    root = tmp_path_factory.mktemp("concurrent")
    corpus_a = runs.make_corpus(root / "corpus_a")
    corpus_b = runs.make_corpus(root / "corpus_b")
    runs.change_corpus(corpus_b)
    cache = root / "cache"
    runs.extract_in_process(corpus_a, root / "ref_a", cache)
    runs.extract_in_process(corpus_b, root / "ref_b", cache)
    shutil.copytree(root / "ref_a", root / "ref_ab")
    runs.extract_in_process(corpus_b, root / "ref_ab", cache)
    refs = {name: runs.snapshot(root / name) for name in ("ref_a", "ref_b", "ref_ab")}
    # B run after A keeps A's ID history: B's outputs depend on whether A's were there.
    assert refs["ref_ab"] != refs["ref_b"]
    return root, corpus_a, corpus_b, cache, refs


def _extract(corpus, out, cache, *extra):
    return ["extract", "--corpus", corpus, "--out", out, "--cache", cache, "--workers", "1",
            "--quiet", *extra]


def _hold_lock(root, corpus, out, cache, name):
    """Start a run that takes the lock and stays in its write phase until ``gate`` exists."""
    gate = root / f"{name}.gate"
    first = runs.start(runs.command(*_extract(corpus, out, cache), gate=gate),
                       root / f"{name}.log")
    lock = out / ".annalist.lock"
    assert runs.wait_for(lambda: runs.holds_flock(lock, first.pid), first), \
        (root / f"{name}.log").read_text()
    return first, gate


def test_robustness_second_run_refuses_with_e120(setup):
    root, corpus_a, corpus_b, cache, refs = setup
    out = root / "out_refuse"
    first, gate = _hold_lock(root, corpus_a, out, cache, "refuse")
    try:
        second = subprocess.run(runs.command(*_extract(corpus_b, out, cache)), cwd=runs.ROOT,
                                capture_output=True, text=True, timeout=300)
        assert runs.holds_flock(out / ".annalist.lock", first.pid)
    finally:
        gate.touch()
    assert first.wait(timeout=300) == 0, (root / "refuse.log").read_text()
    assert second.returncode == 2, second.stderr
    assert "E120: another annalist run is writing to" in second.stderr
    assert "--wait SECONDS" in second.stderr and "--out" in second.stderr
    assert runs.snapshot(out) == refs["ref_a"]


def test_robustness_second_run_with_wait_queues_behind_the_first(setup):
    root, corpus_a, corpus_b, cache, refs = setup
    out = root / "out_wait"
    first, gate = _hold_lock(root, corpus_a, out, cache, "wait")
    try:
        second = runs.start(runs.command(*_extract(corpus_b, out, cache, "--wait", "300")),
                            root / "wait2.log")
        # Idle means it started up and is polling for the lock the first run holds.
        assert runs.idle(second), (root / "wait2.log").read_text()
        assert runs.snapshot(out) == {}  # nothing written while both are alive
    finally:
        gate.touch()
    assert first.wait(timeout=300) == 0, (root / "wait.log").read_text()
    assert second.wait(timeout=300) == 0, (root / "wait2.log").read_text()
    assert "E120" not in (root / "wait2.log").read_text()
    # B ran after A had written, on top of A's outputs: never interleaved with them.
    assert runs.snapshot(out) == refs["ref_ab"]
