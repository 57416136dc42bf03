"""Keep Python's cyclic garbage collector out of the loops that build one object per record.

Reading, validating and scoring a million records allocate millions of dicts,
records and ledger rows, none of them in a reference cycle. Each allocation
counts towards the collector's next run, and each run walks every live tracked
object again: at 1 M records that was about a fifth of ``evaluate()``'s time
(measured with ``benchmarks/bench.py``). Reference counting still frees
everything; the collector resumes, as it was, when the loop ends.

When it resumes after a loop that made many objects (a batch, not one small
unit), they are all young, and the first allocation after would have the
collector walk every one of them (a tenth of a second per three million), then
soon a full collection walk them again as they age: ``gc.freeze()`` then
``gc.unfreeze()`` moves them straight to the oldest generation instead, which a
full collection visits when it next runs, as it visits every long-lived object.
Skipped when the process has frozen objects of its own, which must stay frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Young objects beyond which a paused loop's objects go straight to the oldest generation.
_MANY = 100_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, unless the caller already paused it.

    Nested and concurrent uses are safe: only the use that paused it resumes it, so
    a collector disabled by the caller stays disabled."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > _MANY and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
