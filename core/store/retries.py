"""Work on a store that is briefly busy: one transaction, retried with a growing wait on a
transient error (a lock held too long, a dropped connection), else a `SimulationError`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, exc

from core.common.errors import LiveStockError

log = logging.getLogger(__name__)

RETRY_ATTEMPTS = 10
RETRY_FIRST_WAIT_SECONDS = 0.05
RETRY_MAX_WAIT_SECONDS = 2.0
TRANSIENT_WORDS = ("locked", "busy", "deadlock", "could not serialize", "connection",
                   "server closed", "timeout", "timed out")


class SimulationError(LiveStockError):
    """The simulation cannot start or go on (bad speed, a busy store, a session already playing)."""


def read_with_retries(engine: Engine, work: Callable[[Connection], Any]) -> Any:
    return with_retries(engine, work, what="reading", write=False)


def with_retries(engine: Engine, work: Callable[[Connection], Any], *, what: str,
                 write: bool = True, attempts: int = RETRY_ATTEMPTS) -> Any:
    """Run `work` in one transaction; on a transient OperationalError (a lock held too
    long, a dropped connection) roll back and try again with a growing wait."""
    wait = RETRY_FIRST_WAIT_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            if write:
                with engine.begin() as conn:
                    return work(conn)
            with engine.connect() as conn:
                return work(conn)
        except exc.OperationalError as error:
            if not _transient(error):
                raise SimulationError(f"the store refused {what}: {error.orig}") from error
            log.warning("store busy while %s (attempt %d of %d): %s", what, attempt,
                        attempts, error.orig)
            if attempt == attempts:
                raise SimulationError(
                    f"the store stayed busy while {what} ({attempts} tries): another "
                    "program holds it; every tick before was saved whole, run the "
                    "simulation again to replay") from error
            time.sleep(wait)
            wait = min(wait * 2, RETRY_MAX_WAIT_SECONDS)
    raise AssertionError("unreachable")


def _transient(error: exc.OperationalError) -> bool:
    """A lock held too long or a dropped connection: worth another try, unlike a missing
    table or column."""
    message = str(error.orig).lower()
    return error.connection_invalidated or any(word in message for word in TRANSIENT_WORDS)
