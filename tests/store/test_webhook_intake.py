"""What a signed delivery does to the store: the status ordered by the platform's own
stamps, the line cap, a poisoned delivery kept from its batch-mates, lines without a sku
kept aside, lines of an unknown sku kept until the product is loaded, discounts, and the
refusals kept for a person without letting them grow the store.

Store tests: each runs on SQLite and on the PostgreSQL named by LIVESTOCK_TEST_PG.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DataError

from core.common.settings import Settings
from core.ingest.service import load_directory
from core.platforms import service as intake
from core.platforms.webhooks import parse_shopify, shopify_signature
from core.store.db import make_engine
from core.store.schema import create_schema, drop_schema
from core.store.settings_store import save_settings
from receiver.app import create_app
from receiver.secrets import Secrets
from receiver.writer import BatchWriter
from tests.store.receiver_server import served

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
SECRET = "shpss_intake_secret"
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
ORDER = "shopify:5801234500011"


@pytest.fixture
def store(engine: Engine) -> Engine:
    load_directory(engine, FIXTURES / "store")
    return engine


@pytest.fixture
def client(store: Engine) -> Iterator[TestClient]:
    app = create_app(engine=store, secrets=Secrets(shopify=SECRET), clock=lambda: NOW)
    with TestClient(app) as test_client:
        yield test_client


def order(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / "shopify_orders_create.json").read_text())
    body.update(changes)
    return body


def post(client: TestClient, body: dict[str, Any] | bytes, *, webhook_id: str,
         topic: str = "orders/create") -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/webhooks/shopify", content=raw, headers={
        "Content-Type": "application/json", "X-Shopify-Topic": topic,
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Hmac-Sha256": shopify_signature(body=raw, secret=SECRET)})


def rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def statuses(engine: Engine) -> set[str]:
    return {status for (status,) in rows(engine, "SELECT status FROM order_line")}


# ---------------------------------------------------------------------------------------
# Item 8: the status follows the platform's own stamps.


def test_a_late_orders_paid_does_not_undo_a_refund(client: TestClient, store: Engine) -> None:
    post(client, order(updated_at="2026-11-27T20:31:08-05:00"), webhook_id="w-create")
    post(client, order(financial_status="refunded", updated_at="2026-11-27T21:10:00-05:00"),
         webhook_id="w-refund", topic="orders/updated")

    late = post(client, order(updated_at="2026-11-27T20:40:00-05:00"), webhook_id="w-paid",
                topic="orders/paid")

    assert (late.status_code, late.json()["outcome"]) == (200, "stale")
    assert statuses(store) == {"returned"}


def test_a_replay_of_the_older_body_under_a_new_id_does_not_undo_a_refund(
        client: TestClient, store: Engine) -> None:
    created = order(updated_at="2026-11-27T20:31:08-05:00")
    post(client, created, webhook_id="w-create")
    post(client, order(financial_status="refunded", updated_at="2026-11-27T21:10:00-05:00"),
         webhook_id="w-refund", topic="orders/updated")

    post(client, created, webhook_id="w-replay")
    post(client, created, webhook_id="w-create")  # the same delivery again

    assert statuses(store) == {"returned"}
    assert rows(store, "SELECT status, stamped_at IS NOT NULL FROM webhook_order") == [
        ("returned", True)]


def test_a_newer_version_of_the_order_may_set_it_back_to_paid(client: TestClient,
                                                              store: Engine) -> None:
    post(client, order(financial_status="refunded", updated_at="2026-11-27T21:10:00-05:00"),
         webhook_id="w-refund", topic="orders/updated")

    post(client, order(financial_status="partially_refunded",
                       updated_at="2026-11-27T22:00:00-05:00"), webhook_id="w-later",
         topic="orders/updated")

    assert statuses(store) == {"paid"}


def test_an_older_version_does_not_change_the_quantities_either(client: TestClient,
                                                                store: Engine) -> None:
    edited = order(updated_at="2026-11-27T21:00:00-05:00")
    edited["line_items"][0]["quantity"] = 1
    post(client, edited, webhook_id="w-edit", topic="orders/edited")

    post(client, order(updated_at="2026-11-27T20:31:08-05:00"), webhook_id="w-create")

    assert rows(store, "SELECT sku, qty FROM order_line ORDER BY sku") == [
        ("SKU-101", 1), ("SKU-204", 1)]


# ---------------------------------------------------------------------------------------
# Item 7: the line cap, and one poisoned delivery never fails its batch-mates.


@pytest.mark.parametrize("quantity", [100_001, 3_000_000_000])
def test_a_line_above_the_cap_is_refused_and_nothing_of_its_order_stored(
        client: TestClient, store: Engine, quantity: int) -> None:
    body = order()
    body["line_items"][0]["quantity"] = quantity

    answer = post(client, body, webhook_id="w-big")

    assert 400 <= answer.status_code < 500
    assert "100,000" in answer.json()["detail"] or "1,000,000" in answer.json()["detail"]
    for table in ("order_line", "webhook_pending_line", "webhook_receipt", "webhook_order"):
        assert rows(store, f"SELECT count(*) FROM {table}") == [(0,)], table


def test_the_line_cap_is_a_setting(client: TestClient, store: Engine) -> None:
    save_settings(store, Settings(max_units_per_line=1))

    answer = post(client, order(), webhook_id="w-two")  # SKU-101 x 2

    assert answer.status_code == 422
    assert "at most 1 are taken" in answer.json()["detail"]
    assert rows(store, "SELECT count(*) FROM order_line") == [(0,)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A store several threads and a server share: a SQLite file, or the test PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        import os
        url = os.environ.get("LIVESTOCK_TEST_PG")
        if not url:
            pytest.skip("no PostgreSQL server: set LIVESTOCK_TEST_PG to a URL to run this too")
        engine = make_engine(url)
        drop_schema(engine)
    create_schema(engine)
    load_directory(engine, FIXTURES / "store")
    yield engine
    engine.dispose()


def test_a_poisoned_delivery_gets_a_4xx_and_its_40_concurrent_batch_mates_are_stored(
        shared_store: Engine) -> None:
    poisoned = order(id=1)
    poisoned["line_items"] = [{"sku": "SKU-101", "quantity": 1_000_000, "price": "1.00"}] * 2_200
    honest = [json.dumps(order(id=1000 + n)).encode() for n in range(40)]

    with served(shared_store) as live, ThreadPoolExecutor(max_workers=41) as pool:
        bad = pool.submit(live.post, json.dumps(poisoned).encode(), webhook_id="w-poison")
        good = [pool.submit(live.post, body, webhook_id=f"w-{n}")
                for n, body in enumerate(honest)]
        answers = [future.result() for future in good]

    assert 400 <= bad.result()[0] < 500
    assert [status for status, _ in answers] == [200] * 40
    assert rows(shared_store, "SELECT count(DISTINCT order_id), max(qty) FROM order_line") == [
        (40, 2)]


def test_a_batch_the_store_refuses_is_written_again_one_delivery_at_a_time(
        store: Engine) -> None:
    gate, calls = threading.Event(), list[int]()
    deliveries = [parse_shopify(body=json.dumps(order(id=n)).encode(), topic="orders/create",
                                webhook_id=f"w-{n}") for n in range(6)]

    def take_batch(engine: Engine, *, deliveries: list[Any], max_units: int) -> list[Any]:
        gate.wait(timeout=10)  # holds the first batch until the others are queued
        calls.append(len(deliveries))
        if any(delivery.order_id == "shopify:3" for delivery, _at in deliveries):
            raise DataError("INSERT INTO order_line", {}, Exception("integer out of range"))
        return intake.take_batch(engine, deliveries=deliveries, max_units=max_units)

    writer = BatchWriter(store, take_batch=take_batch)

    async def send_all() -> list[Any]:
        tasks = [asyncio.create_task(writer.take(delivery, NOW)) for delivery in deliveries]
        await asyncio.sleep(0.2)
        gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    try:
        answers = asyncio.run(send_all())
    finally:
        writer.close()

    refused = answers[3]
    assert getattr(refused, "status_code", None) == 422
    assert "integer out of range" in str(refused)
    assert [getattr(a, "outcome", None) for n, a in enumerate(answers) if n != 3] == [
        "written"] * 5
    assert max(calls) > 1  # the poisoned one was in a batch with others
    assert rows(store, "SELECT count(DISTINCT order_id) FROM order_line") == [(5,)]


# ---------------------------------------------------------------------------------------
# Issue 13: lines without a sku, lines of an unknown sku, discounts.


def test_lines_without_a_sku_are_kept_for_a_person_and_counted_in_the_receipt(
        client: TestClient, store: Engine) -> None:
    body = order()
    body["line_items"].append({"id": 1360009, "title": "Tip", "quantity": 1, "price": "5.00",
                               "sku": None})

    answer = post(client, body, webhook_id="w-tip")
    post(client, body, webhook_id="w-tip-again", topic="orders/paid")

    assert answer.status_code == 200
    assert (answer.json()["lines"], answer.json()["skipped"]) == (2, 1)
    assert rows(store, "SELECT order_id, line_key, title, qty, amount, currency "
                       "FROM webhook_skipped_line") == [(ORDER, "1360009", "Tip", 1, 5.0, "USD")]
    notes = [note for (note,) in rows(store, "SELECT note FROM webhook_receipt")]
    assert all("1 line(s) without a sku" in note for note in notes)
    assert rows(store, "SELECT count(*) FROM order_line") == [(2,)]


def test_an_order_of_only_a_tip_is_acknowledged_with_nothing_to_count(
        client: TestClient, store: Engine) -> None:
    answer = post(client, order(line_items=[{"title": "Tip", "quantity": 1, "price": "5.00"}]),
                  webhook_id="w-only-tip")

    assert (answer.status_code, answer.json()["outcome"]) == (200, "skipped")
    assert rows(store, "SELECT count(*) FROM webhook_skipped_line") == [(1,)]


def test_pending_lines_follow_their_orders_cancellation_and_arrive_cancelled(
        client: TestClient, store: Engine) -> None:
    body = order()
    body["line_items"][1]["sku"] = "SKU-NEW"
    post(client, body, webhook_id="w-create")
    post(client, {**body, "cancelled_at": "2026-11-27T21:00:00-05:00",
                  "updated_at": "2026-11-27T21:00:00-05:00"}, webhook_id="w-cancel",
         topic="orders/cancelled")
    with store.begin() as conn:
        conn.execute(text("INSERT INTO product (sku, name, category, unit_cost, price, "
                          "currency, presale_allowed, supplier_lead_days) VALUES "
                          "('SKU-NEW', 'New lamp', 'lighting', 1, 2, 'USD', true, 7)"))

    written = intake.apply_pending(store)

    assert written == 1
    assert rows(store, "SELECT sku, status FROM order_line ORDER BY sku") == [
        ("SKU-101", "cancelled"), ("SKU-NEW", "cancelled")]
    assert rows(store, "SELECT count(*) FROM webhook_pending_line") == [(0,)]


def test_the_idle_receiver_writes_pending_lines_soon_after_the_product_is_loaded(
        shared_store: Engine) -> None:
    body = order()
    body["line_items"][1]["sku"] = "SKU-310"
    with shared_store.begin() as conn:
        conn.execute(text("DELETE FROM product WHERE sku = 'SKU-310'"))
    intake.take_delivery(shared_store, delivery=parse_shopify(
        body=json.dumps(body).encode(), topic="orders/create", webhook_id="w-1"),
        received_at=NOW)
    writer = BatchWriter(shared_store, sweep_seconds=0.05)
    writer.start()
    try:
        load_directory(shared_store, FIXTURES / "store")  # products.csv brings SKU-310 back
        deadline = time.monotonic() + 10
        while rows(shared_store, "SELECT count(*) FROM webhook_pending_line") != [(0,)]:
            assert time.monotonic() < deadline, "the pending line was never written"
            time.sleep(0.05)
    finally:
        writer.close()

    assert rows(shared_store, "SELECT sku, qty FROM order_line ORDER BY sku") == [
        ("SKU-101", 2), ("SKU-310", 1)]


def test_stored_unit_prices_are_after_the_orders_discount(client: TestClient,
                                                          store: Engine) -> None:
    body = order(total_discounts="6.60")
    body["line_items"][0]["discount_allocations"] = [{"amount": "5.00"}]
    body["line_items"][1]["discount_allocations"] = [{"amount": "1.60"}]

    post(client, body, webhook_id="w-discount")

    prices = rows(store, "SELECT sku, unit_price FROM order_line ORDER BY sku")
    assert [(sku, float(price)) for sku, price in prices] == [
        ("SKU-101", 22.49), ("SKU-204", 14.39)]


# ---------------------------------------------------------------------------------------
# Items 1 and 9: refusals.


def test_a_signed_body_of_100k_nested_arrays_is_400_not_500(client: TestClient,
                                                              store: Engine) -> None:
    answer = post(client, b"[" * 100_000 + b"]" * 100_000, webhook_id="w-deep")

    assert answer.status_code == 400
    assert "nested" in answer.json()["detail"]


def test_signed_refusals_are_recorded_at_most_so_many_a_minute(store: Engine) -> None:
    app = create_app(engine=store, secrets=Secrets(shopify=SECRET), rejections_per_minute=3)
    with TestClient(app) as client:
        answers = [post(client, b'{"id": 1, ', webhook_id=f"w-{n}").status_code
                   for n in range(20)]

    assert answers == [400] * 20
    assert rows(store, "SELECT count(*) FROM webhook_rejection") == [(3,)]


def test_only_the_newest_refusals_are_kept(store: Engine, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(intake, "KEEP_REJECTIONS", 5)

    for n in range(8):
        intake.record_rejection(store, platform="shopify", received_at=NOW, status_code=400,
                                reason=f"bad {n}", body=b"{", body_bytes=1)

    assert rows(store, "SELECT reason FROM webhook_rejection ORDER BY id") == [
        (f"bad {n}",) for n in range(3, 8)]
