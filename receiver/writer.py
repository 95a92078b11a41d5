"""One writing thread for the receiver: requests hand it deliveries, it commits them in
batches (a group commit) and answers each request with its own outcome.

SQLite has one writer at a time anyway; one thread draining a queue writes many deliveries
per transaction instead of making each request wait its turn for the lock, and nothing is
answered before its batch is committed.

One bad delivery never fails its batch-mates: when a batch's transaction fails, each of its
deliveries is written again on its own, so only the one the store refuses hears it (a value
the store cannot hold is a 422 kept for a person; a busy store is a 503 the platform
retries). When no delivery has come for `sweep_seconds`, the thread writes the pending
lines whose product has been loaded since (core.platforms.service.apply_pending).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from core.platforms import service as intake
from core.platforms.webhooks import Delivery, DeliveryRefused

log = logging.getLogger("livestock.receiver")

_Item = tuple[Delivery, datetime, asyncio.AbstractEventLoop, "asyncio.Future[intake.Taken]"]
_Answer = intake.Taken | DeliveryRefused | BaseException
TakeBatch = Callable[..., list[intake.Taken | DeliveryRefused]]
SETTINGS_SECONDS = 5.0  # how long a read of the line cap setting is used


class BatchWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 128, sweep_seconds: float = 30.0,
                 take_batch: TakeBatch = intake.take_batch) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._sweep_seconds = sweep_seconds
        self._take_batch = take_batch
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._cap: tuple[float, int] | None = None  # (read at, max_units_per_line)

    async def take(self, delivery: Delivery, received_at: datetime) -> intake.Taken:
        """The delivery's outcome once committed; raises what refused it (DeliveryRefused,
        or the store's OperationalError)."""
        self.start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[intake.Taken] = loop.create_future()
        self._queue.put((delivery, received_at, loop, future))
        return await future

    def start(self) -> None:
        """Start the thread (it first writes pending lines whose product is now known)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="webhook-writer",
                                                daemon=True)
                self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._thread = None

    def _run(self) -> None:
        self._sweep()
        while True:
            try:
                first = self._queue.get(timeout=self._sweep_seconds)
            except queue.Empty:
                self._sweep()
                continue
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._write(batch)
            if stop:
                return

    def _sweep(self) -> None:
        try:
            written = intake.apply_pending(self._engine)
        except Exception as error:  # the next sweep or delivery tries again
            log.error("writing pending order lines failed: %s", error)
            return
        if written:
            log.warning("wrote %d pending order line(s) whose product is now loaded", written)

    def _max_units(self) -> int:
        now = time.monotonic()
        if self._cap is None or now - self._cap[0] > SETTINGS_SECONDS:
            self._cap = (now, intake.max_units_per_line(self._engine))
        return self._cap[1]

    def _write(self, batch: list[_Item]) -> None:
        deliveries = [(delivery, at) for delivery, at, _loop, _future in batch]
        answers: Sequence[_Answer]
        try:
            answers = self._take_batch(self._engine, deliveries=deliveries,
                                       max_units=self._max_units())
        except Exception as error:
            if len(batch) == 1:
                answers = [_refusal(error)]
            else:  # find the one that failed: each alone, so the others are taken
                log.warning("writing %d deliveries together failed (%s): writing each "
                            "alone", len(batch), type(error).__name__)
                answers = [self._alone(delivery) for delivery in deliveries]
        for (_delivery, _at, loop, future), answer in zip(batch, answers, strict=True):
            loop.call_soon_threadsafe(_settle, future, answer)

    def _alone(self, delivery: tuple[Delivery, datetime]) -> _Answer:
        try:
            [answer] = self._take_batch(self._engine, deliveries=[delivery],
                                        max_units=self._max_units())
        except Exception as error:
            return _refusal(error)
        return answer


def _refusal(error: Exception) -> BaseException:
    """What a delivery whose write failed hears: a value the store cannot hold is the
    delivery's own fault (422, kept for a person); anything else is passed on (a busy store
    is a 503, a bug a 500)."""
    if isinstance(error, DBAPIError) and not isinstance(error, OperationalError):
        reason = str(error.orig).strip().splitlines()[0][:300] if error.orig else type(error)
        log.error("the store refused a delivery: %s", reason)
        return DeliveryRefused(f"the store cannot hold this order: {reason}", status_code=422)
    log.error("writing a delivery failed: %s", error)
    return error


def _settle(future: asyncio.Future[intake.Taken], answer: object) -> None:
    if future.cancelled():
        return
    if isinstance(answer, BaseException):
        future.set_exception(answer)
    else:
        future.set_result(answer)  # type: ignore[arg-type]
