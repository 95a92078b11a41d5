"""The demand one warehouse expects for one product from now on: the off-stream rate, the
scheduled sessions by their day and, beyond the known schedule, the past stream rate.

Pure values (`core.planning.inputs` builds them from the forecast and the schedule).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionDemand:
    """A scheduled stream's expected units for this warehouse, `day` days from now."""

    day: float
    units: float
    variance: float = 0.0


@dataclass(frozen=True)
class DemandOutlook:
    """Expected demand from now on for one product in one warehouse.

    units over the first t days = off-stream rate x t + the scheduled sessions by day t +
    the past stream rate x the days beyond the known schedule (max(0, t - schedule_days)).
    """

    offstream_per_day: float
    offstream_sd_per_day: float = 0.0
    sessions: tuple[SessionDemand, ...] = ()
    stream_units_per_day: float = 0.0
    schedule_days: float = 0.0

    def units(self, days: float) -> float:
        """Expected units over the next `days` days.

        >>> DemandOutlook(10, sessions=(SessionDemand(3, 200),), stream_units_per_day=5,
        ...               schedule_days=7).units(14)  # 140 + 200 + 5 x 7
        375.0
        """
        if days <= 0:
            return 0.0
        scheduled = sum(s.units for s in self.sessions if s.day <= days)
        beyond = max(0.0, days - self.schedule_days) * self.stream_units_per_day
        return float(self.offstream_per_day * days + scheduled + beyond)

    def sd(self, days: float, lead_time_sd_days: float = 0.0) -> float:
        """sd of demand over `days` (uncertain by lead_time_sd_days): off-stream
        sqrt(L sd_d^2 + mean_d^2 sd_L^2) combined with the sessions' own variances."""
        if days <= 0:
            return 0.0
        daily = self.offstream_per_day + self.stream_units_per_day
        offstream = days * self.offstream_sd_per_day**2 + daily**2 * lead_time_sd_days**2
        sessions = sum(s.variance for s in self.sessions if s.day <= days)
        return math.sqrt(offstream + sessions)
