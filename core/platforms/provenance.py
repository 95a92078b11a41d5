"""Where a session's numbers came from, and which live feeds have gone quiet: the values
and the rules; `core.platforms.reads` reads the store for them and `core.platforms.service`
(`sources`, `stale_feeds`) puts the two together.

`Provenance` answers "where does this number come from": the session's order lines grouped
by `order_line.source` (webhook:shopify, import:tiktok-orders, load:orders.csv,
simulate...), the latest stock count of each warehouse of its market, and its viewer
samples by source.

`StaleFeed`s answer "can I trust the live board now": while the session is live, a feed
is stale when its last arrival is more than `max_age_seconds` old:
- webhook:<platform>: the receiver's last receipt from a platform that has delivered before
  (wall-clock time: the receiver may be down or the platform's subscription removed);
- viewers: the session's last viewer sample (none since the start counts from the start);
- missing_lines: TikTok announced orders since the start that the store has no lines for
  (its status webhook carries no lines: import the TikTok export), whatever their age.
A quiet order feed is not called stale: a product may simply not sell for a while.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from core.common.i18n import CATALOG, t


@dataclass(frozen=True)
class OrderSource:
    """Order lines of one source in the session: `units` leaves cancelled lines out."""

    source: str
    label: str
    lines: int
    units: int
    first_ts: datetime | None
    last_ts: datetime | None


@dataclass(frozen=True)
class StockSource:
    warehouse_id: str
    counted_at: datetime | None
    skus: int


@dataclass(frozen=True)
class ViewerSource:
    source: str
    samples: int
    last_ts: datetime | None


@dataclass(frozen=True)
class Provenance:
    session_id: str
    at: datetime | None
    orders: tuple[OrderSource, ...]
    stock_counts: tuple[StockSource, ...]
    viewers: tuple[ViewerSource, ...]


@dataclass(frozen=True)
class StaleFeed:
    """A live feed to warn about. kind: webhook, viewers or missing_lines; `describe` says
    it in a language, `message` in English."""

    kind: str
    source: str
    last_at: datetime | None
    age_seconds: float | None
    count: int
    key: str

    @property
    def message(self) -> str:
        return describe(self, "en")


def describe(feed: StaleFeed, lang: str) -> str:
    """The warning a person reads, in `lang` (zh or en)."""
    age = _age(feed.age_seconds, lang)
    platform = feed.source.removeprefix("webhook:").capitalize().replace("Tiktok", "TikTok")
    return t(feed.key, lang, platform=platform, age=age, count=feed.count)


def label_of(source: str | None, lang: str = "en") -> str:
    """A person's name for an order_line.source; unknown sources are shown as they are."""
    if source is None:
        return t("source.unknown", lang)
    key = f"source.{source}"
    return t(key, lang) if key in CATALOG else source


def quiet_webhooks(last_receipts: Mapping[str, datetime], *, now: datetime,
                   max_age_seconds: float) -> list[StaleFeed]:
    """Platforms (platform -> last receipt at or before `now`) whose last delivery is more
    than `max_age_seconds` old, by platform."""
    found = []
    for platform, last in sorted(last_receipts.items()):
        age = (now - last).total_seconds()
        if age > max_age_seconds:
            found.append(StaleFeed("webhook", f"webhook:{platform}", last, age, 0,
                                   "feed.webhook_quiet"))
    return found


def quiet_viewers(last_sample: datetime | None, *, start: datetime, now: datetime,
                  max_age_seconds: float) -> list[StaleFeed]:
    """The viewer feed when its last sample (none yet: counted from the start) is more than
    `max_age_seconds` old at `now`."""
    age = (now - (last_sample or start)).total_seconds()
    if age <= max_age_seconds:
        return []
    key = "feed.viewers_quiet" if last_sample is not None else "feed.viewers_none"
    return [StaleFeed("viewers", "viewers", last_sample, age, 0, key)]


def missing_lines(orders: int, *, last_announced: datetime | None) -> list[StaleFeed]:
    """TikTok orders announced without lines that the store still has no lines for."""
    if not orders:
        return []
    return [StaleFeed("missing_lines", "webhook:tiktok", last_announced, None, orders,
                      "feed.missing_lines")]


def _age(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return ""
    if seconds >= 90:
        return t("feed.age_minutes", lang, n=f"{seconds / 60:.0f}")
    return t("feed.age_seconds", lang, n=f"{seconds:.0f}")
