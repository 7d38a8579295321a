"""One run over many documents: scan and key them, serve cache hits, send the rest to
an executor, store what comes back. :func:`run` is the engine's entry point."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import cache as cache_mod
from pipeline import errors
from pipeline.cache import Cache
from pipeline.config import Settings
from pipeline.engine import batch, cluster, files, pool, tuning
from pipeline.engine.batch import Item, Outcome
from pipeline.engine.keys import Versions, versions
from pipeline.engine.progress import progress_bar
from pipeline.engine.states import STATES, run_key
from pipeline.gcpause import gc_paused
from pipeline.records import DocResult

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass
class RunResult:
    """What :func:`run` produced."""

    results: list[DocResult]  # sorted by path
    states: dict[str, str]  # path -> new|changed|cached|failed
    timing: dict[str, float]  # seconds: scan, compute, total
    warnings: list[str]
    model: str  # model fingerprint, e.g. en_core_web_sm@3.8.0
    n_cached: int = 0  # served from the extract layer
    n_parsed: int = 0  # ran the spaCy model
    n_extracted: int = 0  # ran extraction only, on a cached parse
    executor: str = "none"  # none|in-process|processes:N|dask:ADDRESS
    run_key: str = ""  # same as plan(...).run_key for these documents and settings

    def counts(self) -> dict[str, int]:
        """How many documents are in each state."""
        found = Counter(self.states.values())
        return {state: found.get(state, 0) for state in STATES}


@dataclass(frozen=True)
class _Job:
    path: Path
    rel: str
    sha256: str
    row: dict[str, str] | None
    parse_key: str
    extract_key: str
    parse_cached: bool


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(
    paths: Sequence[Path],
    *,
    corpus_root: Path,
    settings: Settings,
    cache: Cache | None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
) -> RunResult:
    """Per-document results for ``paths``, from the cache where possible.

    ``workers=1`` runs in this process; more use a process pool (model loaded once per
    worker); ``scheduler="tcp://host:port"`` uses an existing Dask cluster. All three
    give identical results, sorted by path.
    """
    started = time.perf_counter()
    corpus_root = Path(corpus_root)
    n_warn = len(cache.warnings) if cache is not None else 0
    state = _RunState(cache=cache, versions=versions(settings))
    manifest = files.load_manifest(corpus_root, state.warnings)
    index = cache.load_index() if cache is not None else {}
    n_workers = max(1, workers if workers and workers > 0 else default_workers())
    warm = pool.warm_worker(paths, index, settings, n_workers=n_workers, scheduler=scheduler)
    jobs: list[_Job] = []
    found: list[tuple[_Job, dict[str, str] | None]] = []  # extract entries on disk
    decoder = _Decoder(cache, found)  # decodes ``found`` once the scan below has filled it
    executor = "none"
    try:
        for path in sorted((Path(p) for p in paths),
                           key=lambda p: files.relative(p, corpus_root)):
            rel = files.relative(path, corpus_root)
            raw = files.read_bytes(path, rel, settings, corpus_root=corpus_root)
            if isinstance(raw, BaseException):
                state.results[rel] = batch.error_result(rel, "", raw)
                state.states[rel] = "failed"
                state.keys[rel] = ""
                continue
            sha = hashlib.sha256(raw).hexdigest()
            row = manifest.get(rel)
            pk, ek = state.versions.keys(rel=rel, sha256=sha, row=row)
            state.keys[rel] = ek
            known = index.get(files.index_key(path))
            job = _Job(path, rel, sha, row, pk, ek, parse_cached=False)
            if cache is not None and cache.has("extract", ek):
                found.append((job, known))
            else:
                jobs.append(state.job(job, known))
        scanned = time.perf_counter()

        # Decoding a large cache and starting a worker (spaCy, then the model) take a
        # second or two each: when a pool will run anyway, the decoding runs beside it.
        beside = bool(jobs) and len(found) >= tuning.OVERLAP_MIN_CACHED and (
            scheduler is not None or n_workers > 1)
        if warm is not None and not (beside and len(jobs) <= tuning.MAX_BATCH_DOCS):
            warm.shutdown(wait=False, cancel_futures=True)  # not the work it was started for
            warm = None
        if beside:
            decoder.start()
        else:
            decoder.run()
        if jobs:
            executor = state.compute(jobs, settings=settings, corpus_root=corpus_root,
                                     n_workers=n_workers, scheduler=scheduler,
                                     progress=progress, pool_for_one_batch=beside, warm=warm)
        if beside:
            decoder.join()
        if decoder.error is not None:
            raise decoder.error
        state.take(decoder)
        if decoder.misses:  # corrupt entries, already deleted with a warning: recompute
            again = state.compute([state.job(job, known) for job, known in decoder.misses],
                                  settings=settings, corpus_root=corpus_root,
                                  n_workers=n_workers, scheduler=scheduler,
                                  progress=progress)
            executor = again if executor == "none" else executor
    finally:
        if warm is not None:  # unused if the run failed first; a no-op once used
            warm.shutdown(wait=False, cancel_futures=True)
        # Even an interrupted run records what it finished (its entries are stored).
        state.save_index()
    computed = time.perf_counter()
    ordered = sorted(state.results)
    return RunResult(
        results=[state.results[rel] for rel in ordered],
        states={rel: state.states[rel] for rel in ordered},
        timing={
            "scan": round(scanned - started, 4),
            "compute": round(computed - scanned, 4),
            "total": round(time.perf_counter() - started, 4),
        },
        # Sorted: the decoder thread and the pool's feeder may both find corrupt entries.
        warnings=sorted(cache.warnings[n_warn:] if cache is not None else []) + state.warnings,
        model=state.versions.model,
        n_cached=len(decoder.results),
        n_parsed=state.counts["parse"],
        n_extracted=state.counts["extract"],
        executor=executor,
        run_key=run_key(state.keys),
    )


@dataclass
class _RunState:
    """What one run has found so far; outcomes from any executor land here."""

    cache: Cache | None
    versions: Versions
    results: dict[str, DocResult] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    index_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    can_write: bool = True

    def job(self, job: _Job, known: dict[str, str] | None) -> _Job:
        """``job`` to compute (its extract entry is missing or was corrupt)."""
        self.states[job.rel] = "changed" if known is not None else "new"
        return dataclasses.replace(job, parse_cached=self.cache is not None
                                   and self.cache.has("parse", job.parse_key))

    def take(self, decoder: _Decoder) -> None:
        """Take the results the decoder served from the cache."""
        for rel, result in decoder.results.items():
            self.results[rel] = result
            self.states[rel] = "failed" if result.status == "error" else "cached"
        self.index_rows.update(decoder.index_rows)

    def compute(self, jobs: list[_Job], *, settings: Settings, corpus_root: Path,
                n_workers: int, scheduler: str | None, progress: bool,
                pool_for_one_batch: bool = False,
                warm: ProcessPoolExecutor | None = None) -> str:
        """Run ``jobs`` (extract-layer misses) on the right executor; returns its name."""
        by_rel = {job.rel: job for job in jobs}
        sent: dict[str, Item] = {}  # the keys this process computed, by document
        batches = _batches(jobs, self.cache, settings, self.versions,
                           n_workers=1 if scheduler else n_workers, corpus_root=corpus_root,
                           sent=sent)
        with progress_bar(len(jobs), enabled=progress) as bar:
            def done(outcomes: list[Outcome]) -> None:
                for outcome in outcomes:
                    item = sent.get(outcome.rel)
                    if item is None:  # a worker answered for a document never sent
                        self.warnings.append(errors.worker_result_rejected_warning(
                            outcome.rel, "no such document was sent"))
                        continue
                    self.add(by_rel[outcome.rel], outcome, item)
                bar.update(len(outcomes))

            if scheduler:
                cluster.run_dask(scheduler, batches, settings, corpus_root, done, self.warnings)
                return f"dask:{scheduler}"
            if n_workers == 1 or (len(jobs) <= tuning.MAX_BATCH_DOCS and not pool_for_one_batch):
                # One batch of work is not worth starting worker processes for, unless
                # this process has cached results to decode meanwhile.
                batch.run_in_process(batches, settings, corpus_root, done)
                return "in-process"
            n_workers = min(n_workers, math.ceil(len(jobs) / tuning.MAX_BATCH_DOCS))
            pool.run_pool(n_workers, batches, settings, corpus_root, done, self.warnings,
                          warm=warm)
            return f"processes:{n_workers}"

    def add(self, job: _Job, outcome: Outcome, item: Item | None = None) -> None:
        """Take one document's outcome: check it, decode it as the cache would, store it.

        The keys are this process's (``item``, computed here), never the worker's: an
        outcome under other keys, or whose entry does not check out or decode, is
        rejected with a warning, and the document gets an error result (not cached).
        """
        try:
            if item is not None and (outcome.parse_key, outcome.extract_key, outcome.sha256) \
                    != (item.parse_key, item.extract_key, item.sha256):
                raise cache_mod.CorruptEntry("it came back under other keys than were sent")
            payload = cache_mod._payload("extract", outcome.extract_key, outcome.extract_entry)
            result = cache_mod.decode_extract(payload)
            if result.path != job.rel:
                raise cache_mod.CorruptEntry(f"it holds the result of {result.path!r}")
            if outcome.parse_entry is not None:
                cache_mod._payload("parse", outcome.parse_key, outcome.parse_entry)
        except (cache_mod.CorruptEntry, TypeError, ValueError) as exc:
            self.warnings.append(errors.worker_result_rejected_warning(job.rel, str(exc)))
            self.results[job.rel] = batch.error_result(
                job.rel, job.sha256, errors.document_lost(job.rel, "its result was rejected"))
            self.states[job.rel] = "failed"
            return
        self.results[job.rel] = result
        if result.status == "error":
            self.states[job.rel] = "failed"
        self.counts[outcome.work] += 1
        if self.cache is None or not outcome.cacheable or not self.can_write:
            return
        try:
            if outcome.parse_entry is not None:
                self.cache.put_entry("parse", outcome.parse_key, outcome.parse_entry)
            self.cache.put_entry("extract", outcome.extract_key, outcome.extract_entry)
        except OSError as exc:
            # The cache only saves time: a full or read-only disk must not cost the run.
            self.can_write = False
            self.warnings.append(errors.cache_write_warning(self.cache.root, exc))
            return
        self.index_rows[files.index_key(job.path)] = _index_row(
            outcome.sha256, outcome.parse_key, outcome.extract_key, result)

    def save_index(self) -> None:
        if self.cache is None or not self.index_rows:
            return
        try:
            self.cache.update_index(self.index_rows)
        except (OSError, TimeoutError) as exc:
            self.warnings.append(errors.cache_index_write_warning(exc))


class _Decoder(threading.Thread):
    """Decodes the cached results of a run, beside the workers or in the caller's thread.

    Results are built out of the collector's sight (see :mod:`pipeline.gcpause`). An
    entry found corrupt is deleted with a warning by the cache and becomes a miss.
    """

    def __init__(self, cache: Cache | None,
                 found: list[tuple[_Job, dict[str, str] | None]]) -> None:
        super().__init__(name="annalist-decode", daemon=True)
        self.cache = cache
        self.found = found
        self.results: dict[str, DocResult] = {}
        self.index_rows: dict[str, dict[str, str]] = {}
        self.misses: list[tuple[_Job, dict[str, str] | None]] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        if self.cache is None or not self.found:
            return
        try:
            with gc_paused():
                for job, known in self.found:
                    result = self.cache.get_extract(job.extract_key)
                    if result is None:
                        self.misses.append((job, known))
                        continue
                    self.results[job.rel] = result
                    if known is None or known.get("extract") != job.extract_key:
                        self.index_rows[files.index_key(job.path)] = _index_row(
                            job.sha256, job.parse_key, job.extract_key, result)
        except BaseException as exc:  # raised again in the caller's thread
            self.error = exc


def _index_row(sha: str, pk: str, ek: str, result: DocResult) -> dict[str, str]:
    return {"sha256": sha, "parse": pk, "extract": ek, "status": result.status}


def _batches(jobs: list[_Job], cache: Cache | None, settings: Settings, vers: Versions,
             *, n_workers: int, corpus_root: Path,
             sent: dict[str, Item] | None = None) -> Iterator[list[Item]]:
    """Batches of items, reading each file again only when its batch is due."""
    size = max(1, min(tuning.MAX_BATCH_DOCS, math.ceil(len(jobs) / (n_workers * 4))))
    items: list[Item] = []
    chars = 0
    for job in jobs:
        item = _item(job, cache, settings, vers, corpus_root)
        if sent is not None:
            sent[item.rel] = item
        items.append(item)
        chars += len(item.raw)
        if len(items) >= size or chars >= tuning.MAX_BATCH_CHARS:
            yield items
            items, chars = [], 0
    if items:
        yield items


def _item(job: _Job, cache: Cache | None, settings: Settings, vers: Versions,
          corpus_root: Path) -> Item:
    raw = files.read_bytes(job.path, job.rel, settings, corpus_root=corpus_root)
    sha, pk, ek = job.sha256, job.parse_key, job.extract_key
    if isinstance(raw, BaseException):  # deleted, replaced or grown since the scan
        return Item(job.rel, str(job.path), sha, b"", job.row, pk, ek, None, refusal=raw)
    payload = None
    if hashlib.sha256(raw).hexdigest() != sha:
        # Edited during the run: process what is on disk now, under its own keys.
        sha = hashlib.sha256(raw).hexdigest()
        pk, ek = vers.keys(rel=job.rel, sha256=sha, row=job.row)
    elif job.parse_cached and cache is not None:
        payload = cache.get_payload("parse", pk)
    return Item(job.rel, str(job.path), sha, raw, job.row, pk, ek, payload)


def describe(result: RunResult) -> dict[str, Any]:
    """A JSON-ready summary of a run (for logs and the bench)."""
    return {
        "counts": result.counts(),
        "n_cached": result.n_cached,
        "n_parsed": result.n_parsed,
        "n_extracted": result.n_extracted,
        "executor": result.executor,
        "timing": result.timing,
        "warnings": len(result.warnings),
    }
