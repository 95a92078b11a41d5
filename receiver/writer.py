"""One writing thread for the receiver: requests hand it deliveries, it commits them in
batches (a group commit) and answers each request with its own outcome.

SQLite has one writer at a time anyway; one thread draining a queue writes many deliveries
per transaction instead of making each request wait its turn for the lock, and nothing is
answered before its batch is committed.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from datetime import datetime

from sqlalchemy import Engine

from core.platforms import service as intake
from core.platforms.webhooks import Delivery

log = logging.getLogger("livestock.receiver")

_Item = tuple[Delivery, datetime, asyncio.AbstractEventLoop, "asyncio.Future[intake.Taken]"]


class BatchWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 128) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def take(self, delivery: Delivery, received_at: datetime) -> intake.Taken:
        """The delivery's outcome once committed; raises what refused it (DeliveryRefused,
        or the store's OperationalError)."""
        self._start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[intake.Taken] = loop.create_future()
        self._queue.put((delivery, received_at, loop, future))
        return await future

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._thread = None

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="webhook-writer",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
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

    def _write(self, batch: list[_Item]) -> None:
        try:
            answers: list[object] = list(intake.take_batch(
                self._engine, deliveries=[(delivery, at) for delivery, at, _loop, _f in batch]))
        except Exception as error:  # every waiting request hears it; the platform retries
            log.error("writing %d deliveries failed: %s", len(batch), error)
            answers = [error] * len(batch)
        for (_delivery, _at, loop, future), answer in zip(batch, answers, strict=True):
            loop.call_soon_threadsafe(_settle, future, answer)


def _settle(future: asyncio.Future[intake.Taken], answer: object) -> None:
    if future.cancelled():
        return
    if isinstance(answer, BaseException):
        future.set_exception(answer)
    else:
        future.set_result(answer)  # type: ignore[arg-type]
