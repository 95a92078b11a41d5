"""What changed since the last refresh: a product whose light changed is flagged for a while.

The page keeps a `Changes` per session in st.session_state and replaces it on each refresh;
this module only computes the next one, so it is tested without Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.board.model import Light

HIGHLIGHT_SECONDS = 10.0


@dataclass(frozen=True)
class Flag:
    """A light change still on show: the light before, and refreshes left to show it."""

    was: Light
    refreshes_left: int


@dataclass(frozen=True)
class Changes:
    lights: Mapping[str, Light] = field(default_factory=dict)
    flags: Mapping[str, Flag] = field(default_factory=dict)

    @property
    def changed_from(self) -> dict[str, Light]:
        """sku -> the light it had before, for every product flagged on this refresh."""
        return {sku: flag.was for sku, flag in self.flags.items()}


def highlight_refreshes(refresh_seconds: float) -> int:
    """How many refreshes a change stays flagged: ceil(HIGHLIGHT_SECONDS / refresh), >= 2.

    >>> highlight_refreshes(2.0)
    5
    """
    if refresh_seconds <= 0:
        raise ValueError("refresh_seconds must be positive")
    return max(2, math.ceil(HIGHLIGHT_SECONDS / refresh_seconds))


def next_changes(previous: Changes, lights: Mapping[str, Light], *, hold: int) -> Changes:
    """The changes after a refresh that shows `lights` (sku -> light).

    A product whose light differs from the last refresh is flagged for `hold` refreshes
    (counting this one); an older flag counts down and goes. A product seen for the first
    time is not a change, so nothing is flagged when the page opens.
    """
    if hold < 1:
        raise ValueError("hold must be at least one refresh")
    flags: dict[str, Flag] = {}
    for sku, light in lights.items():
        before = previous.lights.get(sku)
        if before is not None and before != light:
            flags[sku] = Flag(was=before, refreshes_left=hold)
            continue
        old = previous.flags.get(sku)
        if old is not None and old.refreshes_left > 1:
            flags[sku] = Flag(was=old.was, refreshes_left=old.refreshes_left - 1)
    return Changes(lights=dict(lights), flags=flags)
