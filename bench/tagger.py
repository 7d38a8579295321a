"""Throughput of the tagger alone: ``python -m bench.tagger DIR [--spacy N]``.

Words are whitespace-separated tokens of the decoded files. Times are CPU seconds of this
process (``time.process_time``), so a busy shared machine distorts them less than wall
time would. ``--spacy N`` also times
spaCy's ``en_core_web_sm`` (via :func:`pipeline.stages.nlp.load_model`) on the first N
files, for comparison.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.temporal import tag


def _texts(folder: Path) -> list[str]:
    return [p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.iterdir())
            if p.is_file()]


def words_per_second(texts: list[str], *, mode: str = "narrative") -> tuple[int, float, int]:
    """(words, seconds, expressions) for tagging every text once."""
    words = sum(len(t.split()) for t in texts)
    t0 = time.process_time()
    found = sum(len(tag(t, dct="2020-01-01", mode=mode)) for t in texts)
    return words, time.process_time() - t0, found


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--spacy", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    texts = _texts(args.folder)
    for mode in ("news", "narrative"):
        words, secs, found = words_per_second(texts, mode=mode)
        print(f"tagger ({mode}): {len(texts)} files, {words:,} words, {found:,} expressions, "
              f"{secs:.2f} CPU s, {words / secs:,.0f} words/s")
    if args.spacy:
        from pipeline.stages.nlp import load_model
        nlp = load_model()
        sample = texts[:args.spacy]
        words = sum(len(t.split()) for t in sample)
        t0 = time.process_time()
        for _ in nlp.pipe(sample):
            pass
        secs = time.process_time() - t0
        print(f"spaCy: {len(sample)} files, {words:,} words, {secs:.2f} CPU s, "
              f"{words / secs:,.0f} words/s")


if __name__ == "__main__":
    main()
