"""A session as it is played: its times, lineup and flash deals, and the run's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class LineupEntry:
    sku: str
    slot: int
    price: float
    variant: str


@dataclass(frozen=True)
class FlashDeal:
    sku: str
    start_min: int
    end_min: int
    price: float


@dataclass(frozen=True)
class SessionPlan:
    session_id: str
    title: str
    platform: str
    market: str
    traffic: str
    warmup_start: datetime
    start: datetime
    end: datetime
    peak_viewers: float
    orders_per_1000: float
    lineup: tuple[LineupEntry, ...]
    flash: tuple[FlashDeal, ...]
    special: str
    copy: int

    @property
    def duration_min(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def warmup_min(self) -> int:
        return int((self.start - self.warmup_start).total_seconds() // 60)

    @property
    def segment_min(self) -> int:
        """Minutes each product is pitched before the host moves to the next slot."""
        return max(6, min(20, round(self.duration_min / (len(self.lineup) * 1.3))))

    def pitched(self, minute: int) -> str:
        return self.lineup[(minute // self.segment_min) % len(self.lineup)].sku

    def flash_at(self, sku: str, minute: int) -> FlashDeal | None:
        for deal in self.flash:
            if deal.sku == sku and deal.start_min <= minute < deal.end_min:
                return deal
        return None


@dataclass(frozen=True)
class Context:
    anchor: date
    window_start: date
    demo_at: datetime  # tonight's start: the data ends here
    fraction: float  # share of past sessions and off-stream orders kept (scale < 1)
    copies: int
