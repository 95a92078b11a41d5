"""The receiver's log under a flood: one line per kind of message per window."""

from __future__ import annotations

import logging

import pytest

from receiver.logs import RepeatLimit


def test_a_flood_of_one_warning_logs_once_per_window_then_says_how_many_were_left_out(
        caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    logger = logging.getLogger("livestock.test.flood")
    limit = RepeatLimit(window_seconds=10, clock=lambda: now[0])
    logger.addFilter(limit)
    try:
        with caplog.at_level(logging.WARNING, logger="livestock.test.flood"):
            for n in range(10_000):
                now[0] = n / 1_000  # 10,000 in 10 s
                logger.warning("closed a connection from %s", f"203.0.113.{n % 250}")
            now[0] = 10.5
            logger.warning("closed a connection from %s", "203.0.113.1")
            logger.error("another kind of message")
    finally:
        logger.removeFilter(limit)

    assert [r.getMessage() for r in caplog.records] == [
        "closed a connection from 203.0.113.0",
        "closed a connection from 203.0.113.1 (9,999 more like this in the last 10 s)",
        "another kind of message"]
