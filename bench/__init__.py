"""Benchmark and synthetic-data tooling for ``make bench``: not part of the installed package.

* ``bench/run.py``: ``python -m bench.run --corpus DIR --out bench/results.json``, the figures
  ``make bench`` prints (throughput against bare ``nlp.pipe``, incremental runs, memory,
  reconciliation growth).
* ``bench/synthetic.py``: deterministic synthetic corpora of event mentions for the
  reconciliation timings and for tests of reconciliation at scale.
* ``bench/tagger.py``: throughput of the temporal tagger alone.

Run these from the repository root (``python -m bench.run``); they import ``pipeline`` like any
user code does.
"""
