"""The numbers that tune the engine (batch sizes, queue depths, timeouts), in one place.

Every engine module reads them as ``tuning.NAME`` when it runs, so a test can change one.
"""

from __future__ import annotations

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
