"""A stream's viewers over time: viewers(t), viewer-minutes, and retention against the peak.

viewers(t) is the latest viewer sample at or before t (0 before the first one).
"""

from __future__ import annotations

import bisect
from datetime import datetime

import numpy as np
import pandas as pd

from core.review.stream_minutes import in_minutes


class ViewerCurve:
    """viewers(t) as a step function of the samples, and its integral (viewer-minutes)."""

    def __init__(self, samples: pd.DataFrame) -> None:
        ordered = samples.sort_values("ts")
        self._ts: list[datetime] = [t.to_pydatetime() if isinstance(t, pd.Timestamp) else t
                                    for t in ordered["ts"]]
        self._viewers = [float(v) for v in ordered["viewers"]]
        cumulative = [0.0]
        for i in range(1, len(self._ts)):
            cumulative.append(cumulative[-1] + self._viewers[i - 1] * in_minutes(
                self._ts[i] - self._ts[i - 1]))
        self._cumulative = cumulative

    @property
    def empty(self) -> bool:
        return not self._ts

    def at(self, moment: datetime) -> float:
        """The latest sample at or before `moment`; 0 before the first."""
        i = bisect.bisect_right(self._ts, moment) - 1
        return self._viewers[i] if i >= 0 else 0.0

    def _integral_to(self, moment: datetime) -> float:
        i = bisect.bisect_right(self._ts, moment) - 1
        if i < 0:
            return 0.0
        return self._cumulative[i] + self._viewers[i] * in_minutes(moment - self._ts[i])

    def viewer_minutes(self, begin: datetime, end: datetime) -> float:
        """The sum of viewers x minutes over [begin, end].

        Example: samples 1,000 at 20:00 and 500 at 20:30 -> 20:00 to 21:00 is
        1,000 x 30 + 500 x 30 = 45,000 viewer-minutes.
        """
        if end <= begin:
            return 0.0
        return self._integral_to(end) - self._integral_to(begin)


def retention(samples: pd.DataFrame, *, begin: datetime, until: datetime) -> pd.DataFrame:
    """The viewer curve of the stream, relative to its peak.

    Columns: ts, minute (since `begin`), viewers, retention (viewers / peak viewers of the
    stream, 0..1). Only samples in [begin, until].
    """
    live = samples[(samples["ts"] >= begin) & (samples["ts"] <= until)].sort_values("ts")
    peak = float(live["viewers"].max()) if len(live) else 0.0
    minutes = [(in_minutes(ts - begin)) for ts in live["ts"]]
    viewers = live["viewers"].astype(float).to_numpy()
    return pd.DataFrame({
        "ts": live["ts"].to_numpy(), "minute": np.array(minutes, dtype=float),
        "viewers": viewers.astype(int),
        "retention": viewers / peak if peak > 0 else np.zeros(len(live))})
