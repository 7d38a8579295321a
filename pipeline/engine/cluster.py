"""The Dask executor: batches go to an existing cluster, results come back to this
process, so workers need neither the corpus nor the cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline import errors
from pipeline.config import Settings
from pipeline.engine import tuning
from pipeline.engine.batch import Item, Outcome, WorkerError, lost, process_batch
from pipeline.engine.keys import versions


def import_distributed():
    """The ``distributed`` module, or the error that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise errors.dask_missing(exc) from exc
    return distributed


def run_dask(address: str, batches: Iterable[list[Item]], settings: Settings,
              corpus_root: Path, done: Callable[[list[Outcome]], None],
              warnings: list[str]) -> None:
    """Run batches on the Dask cluster at ``address``; results come back to this process,
    which writes the cache, so workers need neither the corpus nor the cache directory."""
    distributed = import_distributed()
    expect = versions(settings)
    # The scheduler and workers run code this process sends and return results it stores:
    # on an untrusted network use tls:// with certificates from Dask's configuration.
    security = distributed.Security()  # reads distributed.comm.tls.* from the Dask config
    if address.startswith("tls://") and not (security.tls_ca_file and security.tls_client_cert):
        raise errors.tls_not_configured(address)
    try:
        client = distributed.Client(address, timeout=tuning.DASK_CONNECT_TIMEOUT,
                                    set_as_default=False, security=security)
    except OSError as exc:
        raise errors.scheduler_unreachable(address, exc) from exc
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = n_workers * tuning.IN_FLIGHT_PER_WORKER + 1
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
                outcomes = [lost(item, str(exc)) for item in batch]
            except Exception as exc:
                warnings.append(errors.dask_task_failed_warning(exc, len(batch)))
                outcomes = [lost(item, f"the Dask task failed: {exc}") for item in batch]
            done(outcomes)
            submit()
    finally:
        client.close()
