"""The process-pool executor: spawned workers that each load the model once, replaced
when one dies so a crashing document costs only itself."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import errors
from pipeline.config import Settings
from pipeline.engine import files, tuning
from pipeline.engine.batch import Item, Outcome, WorkerError, init_worker, lost, process_batch

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def _new_pool(n_workers: int, model: str) -> ProcessPoolExecutor:
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    # Workers exit when this process dies, however it dies (see batch.exit_with_parent).
    return ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(model, os.getpid()),
                               max_tasks_per_child=tuning.MAX_BATCHES_PER_WORKER)


def _ready() -> None:
    """A task that only makes a pool start a worker (its initializer loads the model)."""


def warm_worker(paths: Sequence[Path], index: Mapping[str, Any], settings: Settings, *,
                 n_workers: int, scheduler: str | None) -> ProcessPoolExecutor | None:
    """A one-worker pool already loading the model, when a few documents are new to a
    large cache (say, one was added): it gets going while this process scans and decodes
    the rest, which takes about as long. None otherwise."""
    if scheduler is not None or n_workers < 2 or len(index) < tuning.OVERLAP_MIN_CACHED:
        return None
    new = sum(files.index_key(Path(p)) not in index for p in paths)
    if not 1 <= new <= tuning.MAX_BATCH_DOCS:
        return None
    pool = _new_pool(1, settings.model)
    pool.submit(_ready)
    return pool


def run_pool(n_workers: int, batches: Iterable[list[Item]], settings: Settings,
              corpus_root: Path, done: Callable[[list[Outcome]], None],
              warnings: list[str], *, warm: ProcessPoolExecutor | None = None) -> None:
    """Run batches on ``n_workers`` spawned processes, each loading the model once
    (``warm``: a pool from :func:`warm_worker`, used first).

    A worker that dies (out of memory, a crash in native code) takes its batches with it:
    they are retried one document at a time in a fresh pool, and a document that kills a
    worker twice gets an error result (not cached).
    """
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    queue: deque[list[Item]] = deque()
    source = iter(batches)
    attempts: Counter[str] = Counter()
    per_worker = tuning.IN_FLIGHT_PER_WORKER
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
                            outcomes = [lost(item, str(exc)) for item in batch]
                        except Exception as exc:
                            reason = f"{type(exc).__name__}: {exc}"
                            outcomes = [lost(item, reason) for item in batch]
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
        if fruitless >= tuning.MAX_FRUITLESS_POOLS:
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
        done([lost(item, "its worker process died twice while processing it")])
    else:
        queue.append(batch)
