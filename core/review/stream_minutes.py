"""Stream time in minutes, as the review counts it."""

from __future__ import annotations

from datetime import timedelta

MINUTE = timedelta(minutes=1)


def in_minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60
