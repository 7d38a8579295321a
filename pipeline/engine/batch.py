"""The unit of work: read, parse and extract a batch of documents, in any process.

The in-process, process-pool and Dask executors all run :func:`process_batch`; its
answers are cache-entry bytes, so the calling process alone writes the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache as cache_mod
from pipeline import errors
from pipeline.cache import CorruptEntry
from pipeline.config import Settings
from pipeline.engine.keys import Versions, versions
from pipeline.errors import AnnalistError, DocumentError
from pipeline.records import DocResult


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
    # Why the file could not be read again when its batch was due (deleted, replaced by a
    # symlink or a pipe since the scan): the document gets that error, not cached.
    refusal: BaseException | None = None


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


def init_worker(model: str, parent_pid: int | None = None) -> None:
    """Process-pool initializer: tie the worker's life to its parent's, then load the
    model once per worker process."""
    global _INIT_ERROR
    if parent_pid is not None:
        exit_with_parent(parent_pid)
    try:
        _load_model(model)
    except BaseException as exc:  # raised again with the first batch, where it is reported
        _INIT_ERROR = exc


def exit_with_parent(parent_pid: int, *, poll: float = 0.5) -> None:
    """Make this worker process exit when ``parent_pid`` dies, even by ``kill -9``.

    A worker holds a loaded model (about 160 MB); orphaned, it would live on forever.
    On Linux the kernel sends SIGKILL when the parent goes (``prctl(PR_SET_PDEATHSIG)``);
    a daemon thread that notices the parent change covers other systems, and the moment
    between this process starting and the call.
    """
    import os
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent_pid:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, name="annalist-parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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


def error_result(rel: str, sha256: str, exc: BaseException) -> DocResult:
    """The ``status=error`` result for a document that ``exc`` stopped."""
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
            if item.refusal is not None:
                outcomes[item.rel] = _failed(item, item.refusal, cacheable=False)
                continue
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
        result = error_result(item.rel, item.sha256, exc)
    return _outcome(item, result, parse_entry,
                    work="extract" if parse_entry is None else "parse")


def _outcome(item: Item, result: DocResult, parse_entry: bytes | None, *, work: str,
             cacheable: bool = True) -> Outcome:
    return Outcome(item.rel, item.sha256, item.parse_key, item.extract_key,
                   cache_mod.encode_extract(item.extract_key, result), parse_entry,
                   work=work, cacheable=cacheable)


def _failed(item: Item, exc: BaseException, *, work: str = "read",
            cacheable: bool = True) -> Outcome:
    result = error_result(item.rel, item.sha256, exc)
    # Out of memory says nothing about the document itself: try it again next run.
    cacheable = cacheable and not isinstance(exc, MemoryError)
    return _outcome(item, result, None, work=work, cacheable=cacheable)


def lost(item: Item, reason: str) -> Outcome:
    """A document whose worker died: an error result that is not cached."""
    exc = errors.document_lost(item.rel, reason)
    return _outcome(item, error_result(item.rel, item.sha256, exc), None, work="read",
                    cacheable=False)


def run_in_process(batches: Iterable[list[Item]], settings: Settings, corpus_root: Path,
                   done: Callable[[list[Outcome]], None]) -> None:
    """The local executor: run ``batches`` one after another in this process."""
    for batch in batches:
        try:
            done(process_batch(batch, settings, str(corpus_root)))
        except WorkerError as exc:
            raise exc.error() from None
