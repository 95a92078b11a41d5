"""Where the board's numbers came from, and which live feeds went quiet."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from core.common.errors import NotFound
from core.ingest.service import load_directory
from core.platforms.imports.amazon import import_amazon_inventory
from core.platforms.imports.shopify import import_shopify_orders
from core.platforms.imports.tiktok import import_tiktok_orders
from core.platforms.provenance import describe, label_of
from core.platforms.service import sources, stale_feeds, take_delivery
from core.platforms.webhooks import parse_shopify, parse_tiktok

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
LIVE = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # S-US-1 runs 01:00-04:00 UTC


@pytest.fixture
def store(engine: Engine) -> Engine:
    load_directory(engine, FIXTURES / "store")
    return engine


def shopify_webhook(store: Engine, *, received_at: datetime, webhook_id: str = "w-1") -> None:
    body = (FIXTURES / "shopify_orders_create.json").read_bytes()
    take_delivery(store, delivery=parse_shopify(body=body, topic="orders/create",
                                                webhook_id=webhook_id),
                  received_at=received_at)


def tiktok_status(store: Engine, *, order_id: str, received_at: datetime) -> None:
    body = json.dumps({"type": 1, "tts_notification_id": f"n-{order_id}", "shop_id": "1",
                       "timestamp": 1, "data": {"order_id": order_id,
                                                "order_status": "AWAITING_SHIPMENT"}})
    take_delivery(store, delivery=parse_tiktok(body=body.encode()), received_at=received_at)


def test_sources_tell_each_orders_origin_with_units_net_of_cancellations(store: Engine
                                                                         ) -> None:
    import_shopify_orders(store, FIXTURES / "shopify_orders_export.csv")
    shopify_webhook(store, received_at=LIVE)

    found = sources(store, session_id="S-US-1")

    assert [(s.source, s.label, s.lines, s.units) for s in found.orders] == [
        ("import:shopify-orders", "Shopify orders export", 3, 3),  # #1003 (1 unit) cancelled
        ("webhook:shopify", "Shopify webhook (live)", 2, 3)]


def test_sources_as_of_a_moment_count_only_what_was_known_then(store: Engine) -> None:
    import_shopify_orders(store, FIXTURES / "shopify_orders_export.csv")

    early = sources(store, session_id="S-US-1", at=datetime(2026, 11, 28, 1, 20, tzinfo=UTC))

    assert [(s.source, s.lines) for s in early.orders] == [("import:shopify-orders", 2)]


def test_sources_give_each_market_warehouses_latest_count(store: Engine) -> None:
    counted = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    import_amazon_inventory(store, FIXTURES / "amazon_fba_manage_inventory.txt",
                            counted_at=counted)

    found = sources(store, session_id="S-US-1")

    assert [(s.warehouse_id, s.counted_at, s.skus) for s in found.stock_counts] == [
        ("US-3PL", None, 0), ("US-FBA", counted, 3)]


def test_sources_are_named_in_both_languages_and_unknown_ones_as_they_are() -> None:
    assert label_of("import:tiktok-orders", "zh") == "TikTok Shop 订单导出"
    assert label_of("erp-sync", "en") == "erp-sync"
    assert label_of(None, "en").startswith("unknown")


def test_sources_of_an_unknown_session_raise_not_found(store: Engine) -> None:
    with pytest.raises(NotFound, match="S-NOPE"):
        sources(store, session_id="S-NOPE")


def test_a_webhook_feed_quiet_longer_than_the_limit_is_stale_while_live(store: Engine) -> None:
    shopify_webhook(store, received_at=LIVE - timedelta(minutes=10))
    with store.begin() as conn:
        conn.execute(text("INSERT INTO viewer_sample (session_id, ts, viewers) "
                          "VALUES ('S-US-1', :ts, 900)"), {"ts": LIVE - timedelta(seconds=20)})

    stale = stale_feeds(store, session_id="S-US-1", now=LIVE, max_age_seconds=300)
    fresh = stale_feeds(store, session_id="S-US-1", now=LIVE, max_age_seconds=900)

    assert [(f.kind, f.source, round(f.age_seconds or 0)) for f in stale] == [
        ("webhook", "webhook:shopify", 600)]
    assert stale[0].message == "No Shopify webhook for 10 min: is the receiver running?"
    assert describe(stale[0], "zh") == "10 分钟没有收到 Shopify 推送：接收服务还在运行吗？"
    assert fresh == []


def test_no_viewer_count_since_the_start_is_stale(store: Engine) -> None:
    stale = stale_feeds(store, session_id="S-US-1", now=LIVE, max_age_seconds=120)

    assert [(f.kind, f.last_at, round(f.age_seconds or 0)) for f in stale] == [
        ("viewers", None, 3600)]


def test_nothing_is_stale_outside_the_stream(store: Engine) -> None:
    shopify_webhook(store, received_at=LIVE - timedelta(days=1))

    assert stale_feeds(store, session_id="S-US-1", now=LIVE + timedelta(hours=3),
                       max_age_seconds=60) == []


def test_tiktok_orders_without_lines_are_flagged_until_the_export_brings_them(
        store: Engine) -> None:
    with store.begin() as conn:
        conn.execute(text("INSERT INTO viewer_sample (session_id, ts, viewers) "
                          "VALUES ('S-US-1', :ts, 900)"), {"ts": LIVE})
    tiktok_status(store, order_id="576486316948490001", received_at=LIVE - timedelta(seconds=5))

    before = stale_feeds(store, session_id="S-US-1", now=LIVE, max_age_seconds=600)
    import_tiktok_orders(store, FIXTURES / "tiktok_orders_export.csv",
                         timezone="America/Los_Angeles")
    after = stale_feeds(store, session_id="S-US-1", now=LIVE, max_age_seconds=600)

    assert [(f.kind, f.count) for f in before] == [("missing_lines", 1)]
    assert after == []
