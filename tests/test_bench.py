"""The benchmark's own pieces: word counts, process-tree memory, the table."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run as bench


def test_bench_counts_whitespace_separated_words(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"one two\n\nthree\tfour  ")
    (tmp_path / "b.txt").write_bytes(b"caf\xc3\xa9 \xff")  # not valid UTF-8: still words
    assert bench.count_words([tmp_path / "a.txt", tmp_path / "b.txt"]) == 6


def test_bench_tree_memory_sees_children() -> None:
    pytest.importorskip("psutil")
    code = ("import subprocess, sys, time; b = bytearray(60_000_000); "
            "subprocess.run([sys.executable, '-c', 'import time; c = bytearray(60_000_000); "
            "time.sleep(0.6)'])")
    proc = subprocess.Popen([sys.executable, "-c", code])
    with bench.TreeMemory(proc.pid, interval=0.02) as mem:
        proc.wait()
    assert mem.peak_total > 110 * 2**20  # both processes' 60 MB at once
    assert mem.peak_single < mem.peak_total


def _report(**over) -> dict:
    run = {"seconds": 100.0, "peak_rss_mb": 1500.0, "peak_rss_single_mb": 600.0,
           "returncode": 0, "stderr_tail": [], "words_per_s": 4000.0}
    report = {
        "corpus": {"documents": 1044, "words": 422000}, "workers": 2, "machine": {"cpus": 2},
        "nlp_pipe": {"n_process": 2, "seconds": 90.0, "words_per_s": 4690.0},
        "spacy_one_process": {"words_per_s": 2600.0},
        "temporal_tagger": {"words_per_s": 200000.0},
        "extract_cold": run, "extract_noop": {**run, "seconds": 2.0,
                                              "outputs_identical_to_cold": True},
        "extract_add_one": {**run, "seconds": 5.0, "fraction_of_cold": 0.05},
        "ratio": 0.9, "reconcile": {"sizes": {"10000": 1.0, "100000": 12.0}, "growth": 12.0,
                                    "growth_range": [11.5, 12.75], "best_over_best": 12.25,
                                    "nlogn_bound": 12.5},
        "targets": {"met": {"ratio": True, "noop_seconds": True, "add_one_fraction": True,
                            "peak_rss_mb": True, "reconcile_growth": True}},
    }
    report.update(over)
    return report


def test_bench_table_shows_every_figure_and_misses() -> None:
    text = bench.table(_report())
    for needle in ("4,000 words/s", "4,690 words/s", "0.900", "2.00 s", "5.0% of cold",
                   "x12.00", "x11.50 to x12.75", "best over best x12.25", "1,500 MB", "200,000 words/s", "100,000 mentions"):
        assert needle in text
    assert "targets missed" not in text
    missed = _report(targets={"met": {"ratio": False}})
    assert "targets missed: ratio" in bench.table(missed)


def test_bench_judges_targets_on_unrounded_figures() -> None:
    report = _report(nlp_pipe={"n_process": 2, "seconds": 93.447, "words_per_s": 4519.4},
                     extract_cold={**_report()["extract_cold"], "seconds": 103.857},
                     reconcile={"growth": 12.5, "nlogn_bound": 12.5, "within_nlogn": False})
    met = bench.judge(report, [report["extract_cold"]])
    assert met["ratio"] is False  # 0.8998, which rounds to 0.900
    assert met["reconcile_growth"] is False  # x12.504 rounds to x12.50
    assert met["noop_seconds"] and met["add_one_fraction"] and met["all_runs_succeeded"]
    report["nlp_pipe"]["seconds"] = 93.48
    assert bench.judge(report, [])["ratio"] is True


def test_bench_ratio_is_taken_against_nlp_pipe_either_side_of_the_cold_run() -> None:
    pipe = bench.bracketed_pipe({"n_process": 2, "seconds": 70.0}, {"seconds": 90.0}, 400_000)
    assert pipe == {"n_process": 2, "seconds": 80.0, "words_per_s": 5000.0,
                    "runs": [70.0, 90.0]}
    text = bench.table(_report(nlp_pipe=pipe))
    assert "5,000 words/s (80.0 s, mean of 70.0 s before and 90.0 s after)" in text


def test_bench_reports_the_median_add_one_run_with_every_run() -> None:
    runs = [{"seconds": 9.0, "returncode": 0}, {"seconds": 6.0, "returncode": 0},
            {"seconds": 7.0, "returncode": 1}]
    assert bench.median_run(runs) == {"seconds": 7.0, "returncode": 1, "runs": [9.0, 6.0, 7.0]}
    add = {**_report()["extract_add_one"], "seconds": 7.0, "fraction_of_cold": 0.07,
           "runs": [9.0, 6.0, 7.0]}
    assert "7.00 s (7.0% of cold, median of 3)" in bench.table(_report(extract_add_one=add))


def test_bench_components_can_time_nlp_pipe_alone(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Serbia and Russia signed a treaty in 1807.\n")
    (tmp_path / "b.md").write_text("# Notes\n\nThe Congress of Berlin met in 1878.\n")
    out = bench.measure_components(tmp_path, 1, pipe_only=True)
    assert set(out) == {"n_texts", "words", "nlp_pipe"}
    assert out["n_texts"] == 2 and out["words"] == 17
    assert out["nlp_pipe"]["n_process"] == 1 and out["nlp_pipe"]["seconds"] > 0


def test_bench_reconcile_measures_every_size_and_restores_affinity() -> None:
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    out = bench.measure_reconcile([200, 400], repeats=1)
    assert out["process_per_run"] is True
    assert set(out["sizes"]) == {"200", "400"}
    assert all(t > 0 for t in out["sizes"].values())
    assert out["nlogn_bound"] == round(2 * math.log(400) / math.log(200), 2)
    assert out["log_bound"] == round(math.log(400) / math.log(200), 3)
    # small, large, small, side by side, small: every long run is bracketed by small ones
    assert out["timeline"] == ["200", "400", "200", "2x200", "200"]
    small, (big,), (side,) = out["runs"]["200"], out["runs"]["400"], out["runs"]["2x200"]
    # (the runs are kept in whole milliseconds, the ratios are taken unrounded)
    assert out["growth"] == pytest.approx(big / ((small[0] + small[1]) / 2), rel=0.05)
    assert out["side_by_side"]["growth"] == pytest.approx(side / ((small[1] + small[2]) / 2),
                                                          rel=0.05)
    assert out["side_by_side"]["copies"] == 2 and out["side_by_side"]["mentions"] == 400
    assert out["beyond_size"] == pytest.approx(big / side, rel=0.05)
    assert out["within_nlogn"] is (out["beyond_size"] <= out["log_bound"]) or \
        abs(out["beyond_size"] - out["log_bound"]) < 0.002
    assert out["within_nlogn_raw"] is (out["growth"] <= out["nlogn_bound"]) or \
        abs(out["growth"] - out["nlogn_bound"]) < 0.01
    if before is not None:
        assert os.sched_getaffinity(0) == before


def test_bench_reconcile_once_times_the_pickled_corpus_and_restores_affinity(tmp_path) -> None:
    import pickle

    from bench.synthetic import make_results

    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    corpus = tmp_path / "c.pickle"
    corpus.write_bytes(pickle.dumps(make_results(300, seed=0)))
    out = bench.reconcile_once(corpus)
    assert out["seconds"] > 0
    if before is not None:
        assert out["cpu"] == min(before)
        assert os.sched_getaffinity(0) == before
    corpus.write_bytes(b"not a pickle")
    with pytest.raises(pickle.UnpicklingError):
        bench.reconcile_once(corpus)


def test_bench_bracketed_ratios_cancel_drift_that_best_over_best_does_not() -> None:
    # The machine slows by half after the first small run: every short run but the first
    # is slow, the long runs average fast and slow spells. The true growth is 10.
    timeline = [("s", 1.0), ("b", 15.0), ("s", 2.0), ("b", 20.0), ("s", 2.0), ("b", 20.0),
                ("s", 2.0)]
    ratios = bench.bracketed_ratios(timeline, "b", "s")
    assert ratios == [10.0, 10.0, 10.0]
    assert min(t for n, t in timeline if n == "b") / min(t for n, t in timeline if n == "s") \
        == 15.0  # best over best: overstated by half
    # Other runs between a long run and its small neighbours are skipped over.
    assert bench.bracketed_ratios([("s", 1.0), ("b", 11.0), ("c", 9.0), ("s", 1.2)], "b",
                                  "s") == [pytest.approx(10.0)]
    assert bench.spread([11.0, 9.0, 12.0]) == (11.0, 9.0, 12.0)
    with pytest.raises(ValueError, match="needs a s run before and after"):
        bench.bracketed_ratios([("s", 1.0), ("b", 10.0)], "b", "s")
    with pytest.raises(ValueError):
        bench.spread([])


def test_bench_side_by_side_corpus_is_independent_copies() -> None:
    from bench.synthetic import make_results, make_side_by_side

    one = make_results(300, seed=0)
    side = make_side_by_side(300, 3)
    ids = [r.doc_id for r in side]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) == 3 * len(one)
    assert [r for r in side if r.doc_id in {d.doc_id for d in one}] == one  # copy 0 is it
    assert sum(len(r.event_mentions) for r in side) == 900
    mention_ids = [em.event_mention_id for r in side for em in r.event_mentions]
    assert len(set(mention_ids)) == len(mention_ids)


def test_bench_table_judges_growth_beyond_what_size_alone_costs() -> None:
    rec = {"sizes": {"10000": 1.0, "100000": 13.0}, "growth": 13.0,
           "growth_range": [12.0, 14.0], "best_over_best": 13.0, "nlogn_bound": 12.5,
           "within_nlogn_raw": False, "side_by_side": {
               "copies": 10, "mentions": 100000, "best": 13.4, "growth": 13.4,
               "growth_range": [12.9, 14.1]},
           "beyond_size": 0.97, "beyond_size_range": [0.9, 1.05], "log_bound": 1.25,
           "within_nlogn": True}
    report = _report(reconcile=rec)
    report["targets"]["met"] = bench.judge(report, [])
    text = bench.table(report)
    for needle in ("10 x 10,000 mentions side by side", "13.40 s", "x13.00", "(no)",
                   "x13.40 (paired runs x12.90 to x14.10)", "x0.970 (runs x0.900 to x1.050)",
                   "<= x1.250 (n log n)"):
        assert needle in text
    assert "targets missed" not in text
    report["targets"]["met"] = bench.judge(_report(reconcile={**rec, "within_nlogn": False}), [])
    assert "reconcile_growth" in bench.table(report).splitlines()[-1]


def test_bench_large_reconcile_reports_seconds_and_peak_memory() -> None:
    out = bench.measure_reconcile_large(400)
    assert out["mentions"] == 400 and out["seconds"] > 0
    assert out["peak_rss_mb"] >= out["corpus_rss_mb"] > 0


def test_bench_judges_and_tables_the_large_reconcile_targets() -> None:
    large = {"mentions": 1_000_000, "seconds": 85.0, "peak_rss_mb": 4500.0,
             "corpus_rss_mb": 3000.0}
    report = _report(reconcile={**_report()["reconcile"], "large": large})
    met = bench.judge(report, [])
    assert met["large_reconcile_seconds"] is True
    assert met["large_reconcile_peak_rss_mb"] is False
    report["targets"]["met"] = met
    text = bench.table(report)
    for needle in ("reconcile 1,000,000 mentions (one run)", "85.0 s", "< 90 s",
                   "4,500 MB (corpus loaded: 3,000 MB)", "< 4,096 MB"):
        assert needle in text
    assert "large_reconcile_peak_rss_mb" in text.splitlines()[-1]
    assert "large_reconcile_seconds" not in bench.judge(_report(), [])
