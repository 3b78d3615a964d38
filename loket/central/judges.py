"""Judging new items on every core: re-validation and seal checks in worker processes.

Judging is pure CPU (the intake rules, an Ed25519 verification per Suket) and
Python runs it on one core at a time, so a batch's new items are cut into
slices and judged by a pool of processes while the server's own process goes on
reading requests and writing answers. Workers get each item as the canonical
JSON text central stores anyway (cheap to send, no second serialisation) and
answer with one reason, or None, per item. They use the same ``checks.judge``
as the inline path, so the verdicts cannot differ.

Small batches are judged inline: starting the pool costs more than it saves,
and a server that only ever sees a few items (tests, demos) never starts it.
The pool uses ``spawn`` on every platform (the server runs threads; Windows has
nothing else), and a worker that dies makes the pool start afresh while the
batch at hand is judged inline, so a crash costs time, never an answer.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from loket.central.canon import BatchEntry

# Fewer new items than this are judged inline (a pool round trip costs ~0.2 ms).
INLINE_BELOW = 48
# Slices small enough that concurrent batches from many stations interleave on the workers.
SLICE_MAX = 64


def default_workers() -> int:
    """One process per core; on Windows one (all inline) unless asked for more: the
    Windows test lane runs under Wine, where a process pool never starts, and the
    reference central that needs every core runs on a server."""
    if sys.platform == "win32":
        return 1
    return max(1, os.cpu_count() or 1)


class Judges:
    """Verdicts for a batch's new items, spread over ``workers`` processes (1: all inline)."""

    def __init__(self, workers: int | None = None):
        self.workers = default_workers() if workers is None else max(1, int(workers))
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def verdicts(self, station_id: str, jwks: list[dict[str, str]], today: dt.date,
                 entries: dict[int, BatchEntry]) -> dict[int, str | None]:
        """``{position: reason or None}`` for each entry given."""
        from loket.central.checks import judge

        pool = self._pool_for(len(entries))
        if pool is None:
            return {index: judge(entry, station_id, jwks, today) for index, entry in entries.items()}
        positions = list(entries)
        size = min(SLICE_MAX, math.ceil(len(positions) / self.workers))
        slices = [positions[start:start + size] for start in range(0, len(positions), size)]
        try:
            futures: list[Future] = [
                pool.submit(judge_texts, station_id, jwks, today,
                            [(entries[i].request_json, entries[i].suket_json) for i in part])
                for part in slices]
            reasons = [reason for future in futures for reason in future.result()]
        except BrokenProcessPool:
            self._discard(pool)
            return {index: judge(entry, station_id, jwks, today) for index, entry in entries.items()}
        return dict(zip((i for part in slices for i in part), reasons))

    def start(self) -> None:
        """Start the workers now (a long-running server), rather than on the first big batch."""
        pool = self._pool_for(INLINE_BELOW)
        if pool is not None:
            for future in [pool.submit(warm_up) for _ in range(self.workers)]:
                future.result()

    def _pool_for(self, count: int) -> ProcessPoolExecutor | None:
        if self.workers < 2 or count < INLINE_BELOW:
            return None
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                import multiprocessing

                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=warm_up)
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def warm_up() -> None:
    """In each worker, before its first slice: the rules, the crypto and the region table."""
    from loket.central import checks  # noqa: F401
    from loket.intake import regions
    from loket.printing import seal  # noqa: F401

    try:
        regions.preload()
    except Exception:  # noqa: BLE001 - judging reports the missing table as RegionDataMissing
        pass


def judge_texts(station_id: str, jwks: list[dict[str, str]], today: dt.date,
                texts: list[tuple[str, str | None]]) -> list[str | None]:
    """The worker's side: one reason (or None) per ``(request_json, suket_json)``."""
    from loket.central.checks import judge

    reasons = []
    for request_json, suket_json in texts:
        entry = BatchEntry("", json.loads(request_json), None if suket_json is None else json.loads(suket_json))
        reasons.append(judge(entry, station_id, jwks, today))
    return reasons
