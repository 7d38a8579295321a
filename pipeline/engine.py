"""Run the per-document stages over many documents: in-process, a process pool, or Dask.

The flow for every run, whichever executor does the work:

1. read each file's bytes and hash them (cheap), derive its parse and extract keys;
2. serve extract-layer hits straight from the cache (no spaCy, no model), decoding them
   in a thread beside the workers when there are workers to wait for;
3. send the rest, in batches, to :func:`process_batch`: documents with a cached parse
   only run extraction (the model's vocab is enough to rebuild the ``Doc``); the others
   are read, parsed with one ``nlp.pipe`` call per batch, and extracted;
4. write the new cache entries (always from this process, so a Dask cluster needs no
   access to the cache or the corpus), and return results sorted by path.

Every result goes through the cache's encoding, cached or not: the run returns
``DocResult`` decoded from JSON, so a cold run, a warm run, one worker, many workers or a
cluster give identical records. Extraction on a fresh parse and on one decoded from the
parse layer agree because ``DocBin`` keeps every attribute the stages read; a test holds
that over the sample corpus and long texts, and it held over all 1,044 bench documents.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import cache as cache_mod
from pipeline import errors, lang
from pipeline.cache import Cache, CorruptEntry
from pipeline.config import DEFAULT_MODEL, FALLBACK_MODEL, Settings
from pipeline.errors import AnnalistError, DocumentError
from pipeline.gcpause import gc_paused
from pipeline.records import DocResult

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

STATES = ("new", "changed", "cached", "failed")
# Documents per batch sent to a worker: big enough for nlp.pipe to batch well, small
# enough that the last batches do not leave a core idle for long.
MAX_BATCH_DOCS = 16
MAX_BATCH_CHARS = 200_000
# Cached results a run must decode before even one batch of new documents goes to a
# worker process, decoded meanwhile: this process then never imports spaCy or loads the
# model, and a worker gets going only about 0.4 s later than that would take, which is
# the time 250 results take to decode.
OVERLAP_MIN_CACHED = 250
# Batches queued per worker: keeps workers busy without holding the corpus in memory.
IN_FLIGHT_PER_WORKER = 2
# Workers are replaced after this many batches (about 6,000 documents) so memory that
# grows with every new string spaCy meets is given back on very large corpora.
MAX_BATCHES_PER_WORKER = 400
# Seconds to wait for a Dask scheduler before giving up (errors.scheduler_unreachable).
DASK_CONNECT_TIMEOUT = 30
# A pool that dies this many times in a row without finishing a batch is not one bad
# document: stop instead of retrying every document.
MAX_FRUITLESS_POOLS = 3


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


# -- keys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Versions:
    """Everything besides a document's own bytes that goes into its cache keys."""

    model: str
    nlp: str
    spacy: str
    settings: str
    extract: dict[str, str]
    readers: dict[str, str] = field(default_factory=dict)  # suffix -> version, when known
    language: str = ""  # fingerprint of pipeline/lang's word lists

    def reader_for(self, path: str) -> str:
        suffix = Path(path).suffix.lower()
        if suffix in self.readers:
            return self.readers[suffix]
        # Unknown suffix (the reader will refuse it) or no registry: all readers' versions.
        return json.dumps(self.readers, sort_keys=True)

    def keys(self, *, rel: str, sha256: str, row: dict[str, str] | None) -> tuple[str, str]:
        """``(parse_key, extract_key)`` of one document."""
        pk = cache_mod.parse_key(
            path=rel, sha256=sha256, reader=self.reader_for(rel), manifest_row=row,
            model=self.model, nlp_version=self.nlp, spacy_version=self.spacy,
            settings=self.settings, language=self.language,
        )
        return pk, cache_mod.extract_key(pk, self.extract)


def versions(settings: Settings) -> Versions:
    """The versions for ``settings``, found without loading the spaCy model."""
    nlp_version, extract_versions = _stage_versions()
    return Versions(
        model=model_fingerprint(settings.model),
        nlp=nlp_version,
        spacy=package_version("spacy"),
        settings=settings.fingerprint(),
        extract=dict(extract_versions),
        readers=_reader_versions(),
        language=lang.fingerprint(),
    )


def package_version(name: str) -> str:
    """An installed distribution's version, or "unknown"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _stage_versions() -> tuple[str, dict[str, str]]:
    """The nlp stage's version and every extraction stage's version."""
    from pipeline.document import EXTRACT_VERSIONS
    from pipeline.stages import nlp as nlp_stage

    return nlp_stage.VERSION, dict(EXTRACT_VERSIONS)


def model_fingerprint(name: str) -> str:
    """``en_core_web_sm@3.8.0`` for the pipeline ``load_model(name)`` would load.

    Read from the package's ``meta.json`` so an all-cached run never imports the model;
    same value as ``pipeline.stages.nlp.model_fingerprint(nlp)``.
    """
    candidates = [name] + ([FALLBACK_MODEL] if name == DEFAULT_MODEL else [])
    for candidate in candidates:
        meta_path = None
        if Path(candidate).is_dir():
            meta_path = Path(candidate) / "meta.json"
        else:
            try:
                spec = importlib.util.find_spec(candidate)
            except (ImportError, ValueError):
                spec = None
            if spec is not None and spec.submodule_search_locations:
                meta_path = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
        if meta_path is not None and meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}@{meta.get('version', '0')}"
    return f"{name}@not-installed"


def _reader_versions() -> dict[str, str]:
    """``{".txt": "markdown@1+text@1", …}``: every reader a suffix can be read with.

    A ``.txt`` file with front matter is read as markdown, so its key holds both readers'
    versions; bumping either recomputes it, and nothing has to be decoded to know.
    """
    try:
        from pipeline.readers import known_suffixes, reader_for
    except ImportError:
        return {}
    front_matter = "---\ntitle: x\n---\n"
    out = {}
    for suffix in known_suffixes():
        modules = {reader_for(suffix, ""), reader_for(suffix, front_matter)} - {None}
        out[suffix.lower()] = "+".join(sorted(f"{m.NAME}@{m.VERSION}" for m in modules))
    return out


def _load_manifest(corpus_root: Path, warnings: list[str] | None = None
                   ) -> dict[str, dict[str, str]]:
    try:
        from pipeline.readers.manifest import load_manifest
    except ImportError:
        return {}
    return load_manifest(corpus_root, warnings=warnings) or {}


def _rel(path: Path, corpus_root: Path) -> str:
    try:
        return path.relative_to(corpus_root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(corpus_root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _index_key(path: Path) -> str:
    return str(path.absolute())


# -- the unit of work -------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One document sent to a worker; carries its bytes so workers need no corpus access."""

    rel: str
    path: str
    sha256: str
    raw: bytes
    row: dict[str, str] | None
    parse_key: str
    extract_key: str
    parse_payload: bytes | None = None  # a checked parse-layer payload: extract only


@dataclass(frozen=True)
class Outcome:
    """A worker's answer for one document: cache entry bytes, ready to store."""

    rel: str
    sha256: str
    parse_key: str
    extract_key: str
    extract_entry: bytes
    parse_entry: bytes | None  # a new parse-layer entry (None when the parse was cached)
    work: str  # parse (the model ran) | extract (on a cached parse) | read (failed before)
    cacheable: bool = True


_LOCK = threading.Lock()  # one batch at a time per process (Dask workers may have threads)
_INIT_ERROR: BaseException | None = None


def _init_worker(model: str) -> None:
    """Process-pool initializer: load the model once per worker process."""
    global _INIT_ERROR
    try:
        _load_model(model)
    except BaseException as exc:  # raised again with the first batch, where it is reported
        _INIT_ERROR = exc


def _load_model(name: str):
    from pipeline.stages.nlp import load_model

    return load_model(name)  # cached per process by the nlp stage


def _pipe(nlp, texts: list[str]) -> list:
    """Parse ``texts`` in one ``nlp.pipe`` call; a text that breaks it gets its exception."""
    from pipeline.stages.nlp import parse

    try:
        return list(parse(nlp, texts, batch_size=max(1, len(texts))))
    except Exception:
        # Isolate the document that broke the batch; the others still get parsed.
        docs: list = []
        for text in texts:
            try:
                docs.extend(parse(nlp, [text], batch_size=1))
            except Exception as exc:
                docs.append(exc)
        return docs


def _read(item: Item, settings: Settings, corpus_root: Path):
    from pipeline.document import check_size
    from pipeline.readers import read_source

    src = read_source(Path(item.path), corpus_root=corpus_root, raw=item.raw,
                      manifest=item.row or {}, settings=settings)
    check_size(src, settings)  # --max-chars: refuse before the parser sees the text
    return src


def _extract(src, doc, settings: Settings) -> DocResult:
    from pipeline.document import extract

    return extract(src, doc, settings)


def _error(rel: str, sha256: str, exc: BaseException) -> DocResult:
    from pipeline.document import error_result

    return error_result(rel, sha256, exc)


def process_batch(items: Sequence[Item], settings: Settings, corpus_root: str, *,
                  expect: Versions | None = None) -> list[Outcome]:
    """Read, parse and extract a batch of documents (runs in any process).

    A bad document (``DocumentError`` or any exception inside a stage) becomes a
    ``status=error`` result; it never stops the batch. With ``expect`` (the client's
    versions, sent to remote workers) a worker whose Annalist or model differs refuses
    the batch rather than put its results under the client's keys.
    """
    try:
        if _INIT_ERROR is not None:
            raise _INIT_ERROR
        if expect is not None:
            _check_versions(expect, settings)
        return _process_batch(items, settings, corpus_root)
    except AnnalistError as exc:
        # AnnalistError does not survive pickling; this carries it back to the client.
        raise WorkerError(exc.code, exc.message, isinstance(exc, DocumentError)) from None


class WorkerError(Exception):
    """An :class:`AnnalistError` raised in a worker process, in a picklable form."""

    def __init__(self, code: str, message: str, document: bool = False) -> None:
        super().__init__(code, message, document)
        self.code, self.message, self.document = code, message, document

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def error(self) -> AnnalistError:
        return (DocumentError if self.document else AnnalistError)(self.code, self.message)


def _process_batch(items: Sequence[Item], settings: Settings, corpus_root: str) -> list[Outcome]:
    with _LOCK:
        nlp = _load_model(settings.model)
        root = Path(corpus_root)
        outcomes: dict[str, Outcome] = {}
        to_parse = []
        for item in items:
            if item.parse_payload is not None:
                try:
                    src, doc = cache_mod.decode_parse(item.parse_payload, nlp.vocab)
                except CorruptEntry:
                    pass  # parse again below
                else:
                    outcomes[item.rel] = _finish(item, src, doc, settings, None)
                    continue
            try:
                src = _read(item, settings, root)
            except Exception as exc:
                outcomes[item.rel] = _failed(item, exc)
                continue
            to_parse.append((item, src))
        docs = _pipe(nlp, [src.text for _, src in to_parse]) if to_parse else []
        for (item, src), doc in zip(to_parse, docs):
            if isinstance(doc, BaseException):
                outcomes[item.rel] = _failed(item, doc, work="parse")
                continue
            try:
                # Extraction reads the Doc spaCy made, not one decoded from this entry:
                # the DocBin round trip keeps every attribute the stages read, so a later
                # run that finds the parse cached computes the same result (checked over
                # the sample corpus in tests/test_cache.py).
                entry = cache_mod.encode_parse(item.parse_key, src, doc)
            except Exception as exc:
                outcomes[item.rel] = _failed(item, exc, work="parse")
                continue
            outcomes[item.rel] = _finish(item, src, doc, settings, entry)
        return [outcomes[item.rel] for item in items]


def _check_versions(expect: Versions, settings: Settings) -> None:
    mine = versions(settings)
    if mine != expect:
        import socket

        differ = [
            f"{name} {getattr(mine, name)!r} here, {getattr(expect, name)!r} on the client"
            for name in ("model", "nlp", "spacy", "settings", "extract", "readers")
            if getattr(mine, name) != getattr(expect, name)
        ]
        raise errors.worker_versions_differ(socket.gethostname(), differ)


def _finish(item: Item, src, doc, settings: Settings, parse_entry: bytes | None) -> Outcome:
    try:
        result = _extract(src, doc, settings)
    except Exception as exc:
        result = _error(item.rel, item.sha256, exc)
    return _outcome(item, result, parse_entry,
                    work="extract" if parse_entry is None else "parse")


def _outcome(item: Item, result: DocResult, parse_entry: bytes | None, *, work: str,
             cacheable: bool = True) -> Outcome:
    return Outcome(item.rel, item.sha256, item.parse_key, item.extract_key,
                   cache_mod.encode_extract(item.extract_key, result), parse_entry,
                   work=work, cacheable=cacheable)


def _failed(item: Item, exc: BaseException, *, work: str = "read") -> Outcome:
    result = _error(item.rel, item.sha256, exc)
    # Out of memory says nothing about the document itself: try it again next run.
    cacheable = not isinstance(exc, MemoryError)
    return _outcome(item, result, None, work=work, cacheable=cacheable)


def _lost(item: Item, reason: str) -> Outcome:
    """A document whose worker died: an error result that is not cached."""
    exc = errors.document_lost(item.rel, reason)
    return _outcome(item, _error(item.rel, item.sha256, exc), None, work="read",
                    cacheable=False)


# -- the run ----------------------------------------------------------------------------


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
    manifest = _load_manifest(corpus_root, state.warnings)
    index = cache.load_index() if cache is not None else {}
    n_workers = max(1, workers if workers and workers > 0 else default_workers())
    warm = _warm_worker(paths, index, settings, n_workers=n_workers, scheduler=scheduler)
    jobs: list[_Job] = []
    found: list[tuple[_Job, dict[str, str] | None]] = []  # extract entries on disk
    decoder = _Decoder(cache, found)  # decodes ``found`` once the scan below has filled it
    executor = "none"
    try:
        for path in sorted((Path(p) for p in paths), key=lambda p: _rel(p, corpus_root)):
            rel = _rel(path, corpus_root)
            raw = read_bytes(path, rel, settings)
            if isinstance(raw, BaseException):
                state.results[rel] = _error(rel, "", raw)
                state.states[rel] = "failed"
                state.keys[rel] = ""
                continue
            sha = hashlib.sha256(raw).hexdigest()
            row = manifest.get(rel)
            pk, ek = state.versions.keys(rel=rel, sha256=sha, row=row)
            state.keys[rel] = ek
            known = index.get(_index_key(path))
            job = _Job(path, rel, sha, row, pk, ek, parse_cached=False)
            if cache is not None and cache.has("extract", ek):
                found.append((job, known))
            else:
                jobs.append(state.job(job, known))
        scanned = time.perf_counter()

        # Decoding a large cache and starting a worker (spaCy, then the model) take a
        # second or two each: when a pool will run anyway, the decoding runs beside it.
        beside = bool(jobs) and len(found) >= OVERLAP_MIN_CACHED and (
            scheduler is not None or n_workers > 1)
        if warm is not None and not (beside and len(jobs) <= MAX_BATCH_DOCS):
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
        batches = _batches(jobs, self.cache, settings, self.versions,
                           n_workers=1 if scheduler else n_workers)
        with _progress_bar(len(jobs), enabled=progress) as bar:
            def done(outcomes: list[Outcome]) -> None:
                for outcome in outcomes:
                    self.add(by_rel[outcome.rel], outcome)
                bar.update(len(outcomes))

            if scheduler:
                _run_dask(scheduler, batches, settings, corpus_root, done, self.warnings)
                return f"dask:{scheduler}"
            if n_workers == 1 or (len(jobs) <= MAX_BATCH_DOCS and not pool_for_one_batch):
                # One batch of work is not worth starting worker processes for, unless
                # this process has cached results to decode meanwhile.
                for batch in batches:
                    try:
                        done(process_batch(batch, settings, str(corpus_root)))
                    except WorkerError as exc:
                        raise exc.error() from None
                return "in-process"
            n_workers = min(n_workers, math.ceil(len(jobs) / MAX_BATCH_DOCS))
            _run_pool(n_workers, batches, settings, corpus_root, done, self.warnings,
                      warm=warm)
            return f"processes:{n_workers}"

    def add(self, job: _Job, outcome: Outcome) -> None:
        """Take one document's outcome: decode it as the cache would, store it."""
        result = cache_mod.decode_extract(
            cache_mod._payload("extract", outcome.extract_key, outcome.extract_entry))
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
        self.index_rows[_index_key(job.path)] = _index_row(
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
                        self.index_rows[_index_key(job.path)] = _index_row(
                            job.sha256, job.parse_key, job.extract_key, result)
        except BaseException as exc:  # raised again in the caller's thread
            self.error = exc


def read_bytes(path: Path, rel: str, settings: Settings) -> bytes | BaseException:
    """The file's bytes, or the error that refuses it: over ``--max-bytes``, or unreadable."""
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            # Refused before reading, so a huge file never sits in memory.
            return errors.too_large(rel, size, settings.max_file_bytes, "--max-bytes")
        return path.read_bytes()
    except OSError as exc:
        return errors.unreadable_file(rel, exc.strerror or type(exc).__name__)


def _index_row(sha: str, pk: str, ek: str, result: DocResult) -> dict[str, str]:
    return {"sha256": sha, "parse": pk, "extract": ek, "status": result.status}


def _batches(jobs: list[_Job], cache: Cache | None, settings: Settings, vers: Versions,
             *, n_workers: int) -> Iterator[list[Item]]:
    """Batches of items, reading each file again only when its batch is due."""
    size = max(1, min(MAX_BATCH_DOCS, math.ceil(len(jobs) / (n_workers * 4))))
    batch: list[Item] = []
    chars = 0
    for job in jobs:
        item = _item(job, cache, settings, vers)
        batch.append(item)
        chars += len(item.raw)
        if len(batch) >= size or chars >= MAX_BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _item(job: _Job, cache: Cache | None, settings: Settings, vers: Versions) -> Item:
    raw = read_bytes(job.path, job.rel, settings)
    if isinstance(raw, BaseException):  # vanished or grew since the scan
        raw = b""
    sha, pk, ek = job.sha256, job.parse_key, job.extract_key
    payload = None
    if hashlib.sha256(raw).hexdigest() != sha:
        # Edited during the run: process what is on disk now, under its own keys.
        sha = hashlib.sha256(raw).hexdigest()
        pk, ek = vers.keys(rel=job.rel, sha256=sha, row=job.row)
    elif job.parse_cached and cache is not None:
        payload = cache.get_payload("parse", pk)
    return Item(job.rel, str(job.path), sha, raw, job.row, pk, ek, payload)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _progress_bar(total: int, *, enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    # delay: a run that finishes within a moment shows no bar at all.
    return tqdm(total=total, unit="doc", desc="extract", file=sys.stderr, delay=1.0,
                dynamic_ncols=True)


# -- process pool -----------------------------------------------------------------------


def _new_pool(n_workers: int, model: str) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(model,),
                               max_tasks_per_child=MAX_BATCHES_PER_WORKER)


def _ready() -> None:
    """A task that only makes a pool start a worker (its initializer loads the model)."""


def _warm_worker(paths: Sequence[Path], index: Mapping[str, Any], settings: Settings, *,
                 n_workers: int, scheduler: str | None) -> ProcessPoolExecutor | None:
    """A one-worker pool already loading the model, when a few documents are new to a
    large cache (say, one was added): it gets going while this process scans and decodes
    the rest, which takes about as long. None otherwise."""
    if scheduler is not None or n_workers < 2 or len(index) < OVERLAP_MIN_CACHED:
        return None
    new = sum(_index_key(Path(p)) not in index for p in paths)
    if not 1 <= new <= MAX_BATCH_DOCS:
        return None
    pool = _new_pool(1, settings.model)
    pool.submit(_ready)
    return pool


def _run_pool(n_workers: int, batches: Iterable[list[Item]], settings: Settings,
              corpus_root: Path, done: Callable[[list[Outcome]], None],
              warnings: list[str], *, warm: ProcessPoolExecutor | None = None) -> None:
    """Run batches on ``n_workers`` spawned processes, each loading the model once
    (``warm``: a pool from :func:`_warm_worker`, used first).

    A worker that dies (out of memory, a crash in native code) takes its batches with it:
    they are retried one document at a time in a fresh pool, and a document that kills a
    worker twice gets an error result (not cached).
    """
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    queue: deque[list[Item]] = deque()
    source = iter(batches)
    attempts: Counter[str] = Counter()
    per_worker = IN_FLIGHT_PER_WORKER
    fruitless = 0  # pools in a row that broke before finishing any batch
    while True:
        if not queue:
            first = next(source, None)
            if first is None:
                return
            queue.append(first)
        broken = False
        finished_any = False
        executor = warm or _new_pool(n_workers, settings.model)
        warm = None
        with executor as pool:
            pending: dict = {}

            def submit() -> bool:
                batch = queue.popleft() if queue else next(source, None)
                if batch is None:
                    return False
                # Called only within this pool's lifetime, so the binding is the current one.
                pending[pool.submit(process_batch, batch, settings, str(corpus_root))] = batch  # noqa: B023
                return True

            try:
                while len(pending) < n_workers * per_worker and submit():
                    pass
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        batch = pending.pop(fut)
                        try:
                            outcomes = fut.result()
                        except BrokenProcessPool:
                            broken = True
                            _requeue(batch, queue, attempts, done)
                            continue
                        except WorkerError as exc:
                            if not exc.document:
                                raise exc.error() from None  # e.g. no model: the run fails
                            outcomes = [_lost(item, str(exc)) for item in batch]
                        except Exception as exc:
                            reason = f"{type(exc).__name__}: {exc}"
                            outcomes = [_lost(item, reason) for item in batch]
                        finished_any = True
                        done(outcomes)
                        if not broken:
                            submit()
                if not broken and not queue:
                    # All work is done: workers exit while this process reconciles and
                    # writes (a worker holding the model takes about 0.3 s to exit).
                    pool.shutdown(wait=False)
            except BaseException:
                # Ctrl-C or a fatal error: drop queued batches instead of finishing them.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        fruitless = 0 if finished_any else fruitless + int(broken)
        if fruitless >= MAX_FRUITLESS_POOLS:
            raise errors.workers_keep_dying(fruitless)
        if broken:
            per_worker = 1  # while retrying, queue nothing behind a document that may crash
            warnings.append(errors.worker_died_warning())


def _requeue(batch: list[Item], queue: deque, attempts: Counter,
             done: Callable[[list[Outcome]], None]) -> None:
    if len(batch) > 1:
        queue.extendleft([item] for item in reversed(batch))
        return
    item = batch[0]
    attempts[item.rel] += 1
    if attempts[item.rel] >= 2:
        done([_lost(item, "its worker process died twice while processing it")])
    else:
        queue.append(batch)


# -- Dask -------------------------------------------------------------------------------


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise errors.dask_missing(exc) from exc
    return distributed


def _run_dask(address: str, batches: Iterable[list[Item]], settings: Settings,
              corpus_root: Path, done: Callable[[list[Outcome]], None],
              warnings: list[str]) -> None:
    """Run batches on the Dask cluster at ``address``; results come back to this process,
    which writes the cache, so workers need neither the corpus nor the cache directory."""
    distributed = _import_distributed()
    expect = versions(settings)
    try:
        client = distributed.Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except OSError as exc:
        raise errors.scheduler_unreachable(address, exc) from exc
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = n_workers * IN_FLIGHT_PER_WORKER + 1
        source = iter(batches)
        pending: dict = {}
        ac = distributed.as_completed(loop=client.loop)

        def submit() -> bool:
            batch = next(source, None)
            if batch is None:
                return False
            key = "annalist-batch-" + hashlib.sha256(
                "".join(item.extract_key for item in batch).encode()).hexdigest()[:16]
            fut = client.submit(process_batch, batch, settings, str(corpus_root),
                                expect=expect, key=key, pure=False, retries=1)
            pending[fut] = batch
            ac.add(fut)
            return True

        while len(pending) < limit and submit():
            pass
        for fut in ac:
            batch = pending.pop(fut)
            try:
                outcomes = fut.result()
            except WorkerError as exc:
                if not exc.document:
                    raise exc.error() from None  # e.g. versions differ: the run fails
                outcomes = [_lost(item, str(exc)) for item in batch]
            except Exception as exc:
                warnings.append(errors.dask_task_failed_warning(exc, len(batch)))
                outcomes = [_lost(item, f"the Dask task failed: {exc}") for item in batch]
            done(outcomes)
            submit()
    finally:
        client.close()


# -- status and prune -------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a run would do, found without decoding or computing anything."""

    states: dict[str, str]  # path -> new|changed|cached|failed, sorted by path
    keys: dict[str, str]  # path -> extract key ("" when the file cannot be read)
    run_key: str  # changes when any document, version or setting changes

    @property
    def all_cached(self) -> bool:
        return all(state in ("cached", "failed") for state in self.states.values()) and all(
            self.keys.values())


def run_key(keys: dict[str, str]) -> str:
    """One hash of every document's path and extract key: equal keys, equal results."""
    blob = json.dumps(sorted(keys.items()), separators=(",", ":")).encode("utf-8",
                                                                          "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


def plan(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
         cache: Cache | None) -> Plan:
    """States and keys of ``paths`` (cheap: read, hash, look at the index; no spaCy model).

    ``changed`` means the cache index knows the path under a different key (the file, a
    version or a setting changed). A caller that recorded ``run_key`` next to its outputs
    can tell a no-op re-run before loading a single result.
    """
    corpus_root = Path(corpus_root)
    vers = versions(settings)
    manifest = _load_manifest(corpus_root)
    index = cache.load_index() if cache is not None else {}
    states: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path in (Path(p) for p in paths):
        rel = _rel(path, corpus_root)
        raw = read_bytes(path, rel, settings)
        if isinstance(raw, BaseException):
            states[rel], keys[rel] = "failed", ""
            continue
        pk, ek = vers.keys(rel=rel, sha256=hashlib.sha256(raw).hexdigest(),
                           row=manifest.get(rel))
        keys[rel] = ek
        known = index.get(_index_key(path))
        if cache is not None and cache.has("extract", ek):
            if known is not None and known.get("extract") == ek:
                failed = known.get("status") == "error"
            else:
                result = cache.get_extract(ek)
                failed = result is not None and result.status == "error"
            states[rel] = "failed" if failed else "cached"
        else:
            states[rel] = "changed" if known is not None else "new"
    order = sorted(states)
    return Plan(states={rel: states[rel] for rel in order},
                keys={rel: keys[rel] for rel in order}, run_key=run_key(keys))


def status(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
           cache: Cache | None) -> list[tuple[str, str]]:
    """``(path, state)`` per document, sorted by path; state is new|changed|cached|failed."""
    return list(plan(paths, corpus_root=corpus_root, settings=settings,
                     cache=cache).states.items())


def live_keys(paths: Sequence[Path], *, corpus_root: Path, settings: Settings) -> set[str]:
    """Parse and extract keys the current documents use (everything else is prunable)."""
    corpus_root = Path(corpus_root)
    vers = versions(settings)
    manifest = _load_manifest(corpus_root)
    keep: set[str] = set()
    for path in (Path(p) for p in paths):
        rel = _rel(path, corpus_root)
        raw = read_bytes(path, rel, settings)
        if isinstance(raw, BaseException):
            continue
        keep.update(vers.keys(rel=rel, sha256=hashlib.sha256(raw).hexdigest(),
                              row=manifest.get(rel)))
    return keep


def prune(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
          cache: Cache) -> tuple[int, int]:
    """Drop cache entries no current document uses: ``(n_removed, bytes_freed)``."""
    return cache.prune(live_keys(paths, corpus_root=corpus_root, settings=settings))


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
