"""The receiver's log stays readable under a flood: each kind of message at most once per
window, then one line saying how many like it were left out.

A flood of slow or oversized requests makes the same warning (or the same traceback)
thousands of times a second; written out it filled 237 MB in 45 s. `RepeatLimit` is a
logging filter keyed by logger and message template (not the arguments, which differ from
request to request): the first record of a key in each window passes with its traceback;
the others are counted, and the next one to pass says "(N more like this in the last W s)".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

# The loggers a flood reaches: ours, uvicorn's (protocol errors, "Exception in ASGI
# application") and asyncio's (accept() failing when out of file descriptors).
FLOODED_LOGGERS = ("livestock.receiver", "uvicorn.error", "asyncio")


class RepeatLimit(logging.Filter):
    def __init__(self, *, window_seconds: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[tuple[str, str], float] = {}
        self._left_out: dict[tuple[str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = self._clock()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self._window:
                self._left_out[key] = self._left_out.get(key, 0) + 1
                return False
            self._last[key] = now
            left_out = self._left_out.pop(key, 0)
            if len(self._last) > 10_000:  # keys are templates: this is only a backstop
                self._last = {key: now}
        if left_out:
            record.msg = (f"{record.msg} ({left_out:,} more like this in the last "
                          f"{self._window:g} s)")
        return True


def limit_repeats(names: Iterable[str] = FLOODED_LOGGERS, *, window_seconds: float = 10.0
                  ) -> RepeatLimit:
    """Put one RepeatLimit on each logger of `names` (records logged there directly: a
    logger's filters do not see its children's records, so each is named)."""
    limit = RepeatLimit(window_seconds=window_seconds)
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RepeatLimit) for f in logger.filters):
            logger.addFilter(limit)
    return limit
