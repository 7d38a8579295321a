"""Run the per-document stages over many documents: in-process, a process pool, or Dask.

The flow for every run, whichever executor does the work:

1. read each file's bytes and hash them (cheap), derive its parse and extract keys
   (:mod:`.files`, :mod:`.keys`);
2. serve extract-layer hits straight from the cache (no spaCy, no model), decoding them
   in a thread beside the workers when there are workers to wait for (:mod:`.runner`);
3. send the rest, in batches, to :func:`~.batch.process_batch` in this process, a
   process pool (:mod:`.pool`) or a Dask cluster (:mod:`.cluster`): documents with a
   cached parse only run extraction (the model's vocab is enough to rebuild the ``Doc``);
   the others are read, parsed with one ``nlp.pipe`` call per batch, and extracted;
4. write the new cache entries (always from this process, so a Dask cluster needs no
   access to the cache or the corpus), and return results sorted by path.

Every result goes through the cache's encoding, cached or not: the run returns
``DocResult`` decoded from JSON, so a cold run, a warm run, one worker, many workers or a
cluster give identical records. Extraction on a fresh parse and on one decoded from the
parse layer agree because ``DocBin`` keeps every attribute the stages read; a test holds
that over the sample corpus and long texts, and it held over all 1,044 bench documents.

:mod:`.states` answers what a run would do without doing it (``annalist status``,
``annalist cache prune``); :mod:`.tuning` holds the batch sizes and timeouts.
"""

from __future__ import annotations

from pipeline.engine.batch import Item, Outcome, WorkerError, process_batch
from pipeline.engine.files import read_bytes
from pipeline.engine.keys import Versions, model_fingerprint, package_version, versions
from pipeline.engine.runner import RunResult, default_workers, describe, run
from pipeline.engine.states import STATES, Plan, live_keys, plan, prune, run_key, status

__all__ = [
    "STATES",
    "Item",
    "Outcome",
    "Plan",
    "RunResult",
    "Versions",
    "WorkerError",
    "default_workers",
    "describe",
    "live_keys",
    "model_fingerprint",
    "package_version",
    "plan",
    "process_batch",
    "prune",
    "read_bytes",
    "run",
    "run_key",
    "status",
    "versions",
]
