"""Size and time bounds: huge files, huge lines and huge numbers of markers either finish
in bounded time and memory or are refused with a message naming the limit and the setting.

Each test prints one ``BOUND`` line (seconds, peak traced Python memory) so ``pytest -s``
shows the numbers the issue asks for. Memory bounds are checked here; time bounds only
under ``--timing``, which ``make bench`` passes (see ``within`` in ``conftest.py``). Small
limits are passed through ``Settings`` to test the bounds logic; each kind of input is also
tried once at full size.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psutil
import pytest

from pipeline import engine
from pipeline.config import MAX_FILE_BYTES, Settings
from pipeline.readers import read_source

MB = 1024 * 1024


def measure(fn):
    """``(result, seconds, peak RSS growth in MB)`` of ``fn()``; RSS is sampled every 5 ms
    by a thread (tracemalloc would slow spaCy down several times)."""
    proc = psutil.Process()
    base = proc.memory_info().rss
    peak = [base]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.005):
            peak[0] = max(peak[0], proc.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - t0
        stop.set()
        sampler.join()
    peak[0] = max(peak[0], proc.memory_info().rss)
    return result, seconds, (peak[0] - base) / MB


def report(case: str, seconds: float, peak_mb: float, **extra) -> None:
    more = " ".join(f"{k}={v}" for k, v in extra.items())
    print(f"\nBOUND {case}: {seconds:.2f} s, peak RSS +{peak_mb:.0f} MB {more}")


def run_one(tmp_path: Path, name: str, data: bytes, settings: Settings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / name
    path.write_bytes(data)
    del data
    return engine.run([path], corpus_root=corpus, settings=settings, cache=None, workers=1,
                      progress=False)


@pytest.mark.timing
def test_robustness_50mb_file_is_refused_before_it_is_read(tmp_path, nlp, within):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = b"The uprising began in 1804 and the rebels took Belgrade in 1806.\n\n"
    with open(corpus / "huge.txt", "wb") as fh:
        for _ in range(50 * MB // len(line) + 1):
            fh.write(line)
    size = (corpus / "huge.txt").stat().st_size
    assert size > 50 * MB
    outcome, seconds, peak = measure(lambda: engine.run(
        [corpus / "huge.txt"], corpus_root=corpus, settings=Settings(), cache=None,
        workers=1, progress=False))
    report("50 MB file, default --max-bytes", seconds, peak, size=size)
    (result,) = outcome.results
    assert result.status == "error"
    assert result.message.startswith("E108")
    assert f"{size:,} bytes" in result.message and f"{MAX_FILE_BYTES:,}" in result.message
    assert "--max-bytes" in result.message
    within(seconds, 20)
    assert peak < 40, "the refused file was read into memory"


@pytest.mark.timing
def test_robustness_reader_on_a_1mb_single_line_is_bounded(within):
    doc = ("word " * 210_000).encode()[:MB]
    src, seconds, peak = measure(lambda: read_source(
        Path("line.txt"), corpus_root=Path("."), raw=doc, manifest={}))
    report("1 MB single line, reader", seconds, peak)
    assert len(src.raw) == MB
    assert len(src.blocks) == 1
    within(seconds, 30)
    assert peak < 400


@pytest.mark.timing
def test_robustness_1mb_single_line_over_max_chars_is_refused_naming_the_setting(
        tmp_path, nlp, within):
    doc = ("word " * 210_000).encode()[:MB]
    settings = Settings(max_nlp_chars=500_000)
    outcome, seconds, peak = measure(lambda: run_one(tmp_path, "line.txt", doc, settings))
    report("1 MB single line, --max-chars 500000", seconds, peak)
    (result,) = outcome.results
    assert result.status == "error", "the text went to the parser despite --max-chars"
    assert result.message.startswith("E111")
    assert "500,000" in result.message and "--max-chars" in result.message
    assert outcome.n_parsed == 0
    within(seconds, 60)


@pytest.mark.timing
@pytest.mark.parametrize("layout", ["adjacent", "spaced"])
def test_robustness_reader_on_100k_citation_markers_is_linear(layout, within):
    if layout == "adjacent":
        doc = "The treaty was signed in 1807." + "[12]" * 100_000 + " It failed."
    else:
        doc = "Word [1] " * 100_000
    src, seconds, peak = measure(lambda: read_source(
        Path("markers.txt"), corpus_root=Path("."), raw=doc.encode(), manifest={}))
    report(f"100k markers ({layout}), reader", seconds, peak, raw_chars=len(doc))
    assert len(src.markers) == 100_000
    within(seconds, 20)
    assert peak < 400


@pytest.mark.timing
def test_robustness_100k_citation_markers_through_the_document_pipeline(nlp, within):
    """400 sentences each followed by 250 markers: every stage that pairs sentences with
    markers must look only at nearby markers, not all 100,000 of them per sentence."""
    from pipeline.document import extract
    from pipeline.stages import claims, sentences
    from pipeline.stages.nlp import parse

    doc = "".join(
        f"Serbia signed treaty number {i} with Russia in 1807." + "[7]" * 250 + "\n"
        for i in range(400))
    src = read_source(Path("markers.txt"), corpus_root=Path("."), raw=doc.encode(),
                      manifest={})
    assert len(src.markers) == 100_000
    parsed = next(parse(nlp, [src.text]))

    t0 = time.perf_counter()
    sents = sentences.sentences(parsed, src)
    t_sents = time.perf_counter() - t0
    assert len(sents) == 400
    assert all(s.citations == ("[7]",) * 250 for s in sents)
    t0 = time.perf_counter()
    found = claims.extract_claims(parsed, src, sents, [], [])
    t_claims = time.perf_counter() - t0
    assert found

    result, seconds, peak = measure(lambda: extract(src, parsed, Settings()))
    report("100k markers, sentences stage", t_sents, 0.0)
    report("100k markers, claims stage", t_claims, 0.0)
    report("100k markers (400 sentences), extract", seconds, peak, raw_chars=len(doc))
    assert result.status == "ok" and len(result.sentences) == 400
    within(t_sents, 3, "sentences stage (quadratic in markers?)")
    within(t_claims, 10, "claims stage (quadratic in markers?)")
    within(seconds, 60, "extract")


@pytest.mark.timing
@pytest.mark.parametrize("layout", ["div-span", "unmatched-close"])
def test_robustness_html_reader_on_deep_nesting_is_linear(layout, within):
    """Block tags nested 20,000 deep with inline tags between them (a 280 KB page), and as
    many closing tags that match nothing: the reader must not rescan its tag stack."""
    if layout == "div-span":
        doc = "<div><span>" * 20_000 + "Belgrade fell in 1813." + "</span></div>" * 20_000
    else:
        doc = "<div><b>" * 20_000 + "Belgrade fell in 1813." + "</p><i>" * 20_000
    src, seconds, peak = measure(lambda: read_source(
        Path("deep.html"), corpus_root=Path("."), raw=doc.encode(), manifest={}))
    report(f"HTML nested 20,000 deep ({layout}), reader", seconds, peak, raw_chars=len(doc))
    assert src.text == "Belgrade fell in 1813."
    within(seconds, 15, "(quadratic in nesting depth?)")


@pytest.mark.timing
def test_robustness_event_numbers_do_not_rebuild_every_entity_per_span(nlp, within):
    """events._numbers ran span.ents per event, and spaCy rebuilds all of doc.ents on each
    access: a 335,000-character document spent 60 of its 67 s of extraction there."""
    import random

    from spacy.tokens import Doc

    from pipeline.stages import event_participants as events

    words = [w for i in range(20_000) for w in (str(i), "men", "marched", ".")]
    ents = [f"B-{'CARDINAL' if i % 3 else 'GPE'}" if k == 0 else "O"
            for i in range(20_000) for k in range(4)]
    doc = Doc(nlp.vocab, words=words, ents=ents)
    ctx = events._DocContext(doc, None, [], None, None, [], {4: None}, [])
    rng = random.Random(0)
    spans = [doc[a:a + rng.randint(1, 12)] for a in rng.sample(range(len(doc) - 12), 3000)]
    t0 = time.perf_counter()
    got = [events._numbers(span, ctx) for span in spans]
    seconds = time.perf_counter() - t0
    report("3,000 event spans over 20,000 entities, _numbers", seconds, 0.0)
    for span, numbers in zip(spans[:40], got):
        expected = tuple(e.text for e in span.ents if e.label_ in events.NUMBER_LABELS
                         and e.text.lower() not in ("one", "two") and e.start != 4)
        assert numbers == expected
    within(seconds, 3, "(doc.ents rebuilt per span?)")


@pytest.mark.timing
def test_robustness_line_numbers_are_not_recounted_per_record(within):
    """SourceDoc.line_of counted newlines from the start of the file on every call."""
    from tests.helpers import plain_source

    text = "".join(f"Line {i} mentions the year 1804.\n" for i in range(60_000))
    src = plain_source(text)
    positions = list(range(0, len(text), len(text) // 20_000))
    t0 = time.perf_counter()
    lines = [src.line_of(p) for p in positions]
    seconds = time.perf_counter() - t0
    report(f"{len(positions):,} line numbers in a {len(text):,}-character document", seconds,
           0.0)
    assert lines[::50] == [text.count("\n", 0, p) + 1 for p in positions[::50]]
    assert src.line_of(len(text)) == 60_001
    within(seconds, 1)


@pytest.mark.timing
def test_robustness_event_dates_are_found_by_bisection(within):
    """Each clause scanned every date of the document (twice) to find its own."""
    import random

    from pipeline.records import Timex
    from pipeline.stages import event_candidates as events

    rng = random.Random(0)
    timexes = sorted(
        (Timex(start=s, end=s + 9, text="1804", type=rng.choice(["DATE", "DURATION"]),
               value="1804", earliest="1804-01-01" if s % 7 else "",
               latest="1804-12-31", clean_start=s, clean_end=s + rng.randint(1, 30))
         for s in rng.sample(range(3_000_000), 30_000)), key=lambda t: t.clean_start)
    ctx = events._DocContext(None, None, [], None, None, timexes, {}, [])
    windows = [(a, a + rng.randint(0, 400)) for a in rng.sample(range(3_000_000), 10_000)]
    t0 = time.perf_counter()
    found = [events._timexes_within(ctx, a, z) for a, z in windows]
    seconds = time.perf_counter() - t0
    report("10,000 clauses over 30,000 dates, _timexes_within", seconds, 0.0)
    for (a, z), got in zip(windows[:60], found):
        assert got == [t for t in timexes if events._usable(t) and a <= t.clean_start
                       and t.clean_end <= z]
    within(seconds, 2)
