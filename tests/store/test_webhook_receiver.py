"""The receiver over a real SQLite store: signatures, duplicates, refusals, sessions."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from core.ingest.service import load_directory
from core.platforms.imports.tiktok import import_tiktok_orders
from core.platforms.webhooks import shopify_signature, tiktok_signature
from receiver.app import create_app
from receiver.secrets import Secrets, load_secrets

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
SHOPIFY_SECRET = "shpss_test_secret"
TIKTOK_KEY, TIKTOK_SECRET = "6a1b2c3d", "tiktok-test-secret"
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> Engine:
    load_directory(engine, FIXTURES / "store")
    return engine


@contextmanager
def receiver_of(store: Engine) -> Iterator[TestClient]:
    app = create_app(engine=store, secrets=Secrets(SHOPIFY_SECRET, TIKTOK_SECRET, TIKTOK_KEY),
                     max_body_bytes=64_000, clock=lambda: NOW)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client(store: Engine) -> Iterator[TestClient]:
    with receiver_of(store) as test_client:
        yield test_client


def order(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / "shopify_orders_create.json").read_text())
    body.update(changes)
    return body


def post_shopify(client: TestClient, body: dict[str, Any] | bytes, *, webhook_id: str = "w-1",
                 topic: str = "orders/create", signature: str | None = "sign") -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": topic,
               "X-Shopify-Webhook-Id": webhook_id}
    if signature == "sign":
        headers["X-Shopify-Hmac-Sha256"] = shopify_signature(body=raw, secret=SHOPIFY_SECRET)
    elif signature is not None:
        headers["X-Shopify-Hmac-Sha256"] = signature
    return client.post("/webhooks/shopify", content=raw, headers=headers)


def post_tiktok(client: TestClient, *, order_id: str, status: str, notification: str) -> Any:
    raw = json.dumps({"type": 1, "tts_notification_id": notification, "shop_id": "7494",
                      "timestamp": 1795000000, "data": {"order_id": order_id,
                                                        "order_status": status,
                                                        "is_on_hold_order": False,
                                                        "update_time": 1795000000}}).encode()
    return client.post("/webhooks/tiktok", content=raw, headers={
        "Authorization": tiktok_signature(body=raw, app_key=TIKTOK_KEY, secret=TIKTOK_SECRET)})


def rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def order_lines(engine: Engine) -> list[tuple[Any, ...]]:
    return rows(engine, "SELECT order_id, sku, qty, session_id, status, source FROM order_line "
                        "ORDER BY order_id, sku")


def test_a_signed_order_is_committed_then_acknowledged(client: TestClient, store: Engine) -> None:
    answer = post_shopify(client, order())

    assert answer.status_code == 200
    assert answer.json() == {"outcome": "written", "lines": 2,
                             "order_id": "shopify:5801234500011", "session_id": "S-US-1",
                             "skipped": 0, "pending": 0}
    assert order_lines(store) == [
        ("shopify:5801234500011", "SKU-101", 2, "S-US-1", "paid", "webhook:shopify"),
        ("shopify:5801234500011", "SKU-204", 1, "S-US-1", "paid", "webhook:shopify")]
    assert rows(store, "SELECT platform, delivery_id, outcome, lines FROM webhook_receipt") == [
        ("shopify", "w-1", "written", 2)]


@pytest.mark.parametrize("signature", [None, "", "bm90IHRoZSBzaWduYXR1cmU=", "garbage!"])
def test_a_missing_or_wrong_signature_is_401_and_writes_nothing(
        client: TestClient, store: Engine, signature: str | None) -> None:
    answer = post_shopify(client, order(), signature=signature)

    assert answer.status_code == 401
    assert order_lines(store) == []
    assert rows(store, "SELECT count(*) FROM webhook_receipt") == [(0,)]
    assert rows(store, "SELECT count(*) FROM webhook_rejection") == [(0,)]


def test_a_body_changed_after_signing_is_401(client: TestClient, store: Engine) -> None:
    raw = json.dumps(order()).encode()
    signature = shopify_signature(body=raw, secret=SHOPIFY_SECRET)

    answer = post_shopify(client, raw.replace(b'"quantity": 2', b'"quantity": 200'),
                          signature=signature)

    assert answer.status_code == 401
    assert order_lines(store) == []


def test_a_redelivery_with_the_same_webhook_id_is_200_and_counted_once(
        client: TestClient, store: Engine) -> None:
    first = post_shopify(client, order())
    again = post_shopify(client, order())

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["outcome"] == "duplicate"
    assert rows(store, "SELECT sum(qty) FROM order_line") == [(3,)]


def test_the_same_order_under_another_webhook_id_is_counted_once(
        client: TestClient, store: Engine) -> None:
    post_shopify(client, order(), webhook_id="w-1")
    post_shopify(client, order(), webhook_id="w-2", topic="orders/paid")

    assert rows(store, "SELECT count(*), sum(qty) FROM order_line") == [(2, 3)]
    assert rows(store, "SELECT count(*) FROM webhook_receipt") == [(2,)]


def test_a_cancellation_sticks_even_when_an_older_create_arrives_late(
        client: TestClient, store: Engine) -> None:
    post_shopify(client, order(cancelled_at="2026-11-27T21:00:00-05:00"), webhook_id="w-2",
                 topic="orders/cancelled")
    post_shopify(client, order(), webhook_id="w-1")

    assert {line[4] for line in order_lines(store)} == {"cancelled"}


def test_a_line_of_an_unknown_sku_waits_while_the_known_lines_are_written(
        client: TestClient, store: Engine) -> None:
    body = order()
    body["line_items"][1]["sku"] = "SKU-999"

    answer = post_shopify(client, body, webhook_id="w-7")

    assert answer.status_code == 200
    assert (answer.json()["outcome"], answer.json()["lines"], answer.json()["pending"]) == (
        "written", 1, 1)
    assert order_lines(store) == [
        ("shopify:5801234500011", "SKU-101", 2, "S-US-1", "paid", "webhook:shopify")]
    assert rows(store, "SELECT order_id, sku, qty, session_id, status "
                       "FROM webhook_pending_line") == [
        ("shopify:5801234500011", "SKU-999", 1, "S-US-1", "paid")]
    [(outcome, note)] = rows(store, "SELECT outcome, note FROM webhook_receipt")
    assert outcome == "written" and "SKU-999" in note
    assert rows(store, "SELECT count(*) FROM webhook_rejection") == [(0,)]


def test_a_waiting_line_is_written_at_the_next_delivery_after_its_product_is_loaded(
        client: TestClient, store: Engine) -> None:
    body = order()
    body["line_items"][1]["sku"] = "SKU-310"
    with store.begin() as conn:
        conn.execute(text("DELETE FROM product WHERE sku = 'SKU-310'"))
    assert post_shopify(client, body, webhook_id="w-8").json()["pending"] == 1
    load_directory(store, FIXTURES / "store")

    later = post_shopify(client, order(id=5801234500099), webhook_id="w-9")

    assert later.status_code == 200
    assert rows(store, "SELECT order_id, sku, qty, status, source FROM order_line "
                       "WHERE sku = 'SKU-310'") == [
        ("shopify:5801234500011", "SKU-310", 1, "paid", "webhook:shopify")]
    assert rows(store, "SELECT count(*) FROM webhook_pending_line") == [(0,)]


def test_a_malformed_signed_body_is_400_and_recorded(client: TestClient, store: Engine) -> None:
    answer = post_shopify(client, b'{"id": 12, "created_at": ', webhook_id="w-5")

    assert answer.status_code == 400
    assert rows(store, "SELECT status_code, delivery_id FROM webhook_rejection") == [
        (400, "w-5")]
    assert order_lines(store) == []


@pytest.mark.parametrize("signature", ["sign", None])
def test_an_oversized_body_is_413_and_writes_nothing_signed_or_not(
        client: TestClient, store: Engine, signature: str | None) -> None:
    body = order(note="x" * 70_000)

    answer = post_shopify(client, body, signature=signature)

    assert answer.status_code == 413
    assert answer.headers["connection"] == "close"
    assert rows(store, "SELECT count(*) FROM webhook_rejection") == [(0,)]
    assert order_lines(store) == []


def test_a_flood_of_huge_unsigned_requests_writes_nothing(client: TestClient, store: Engine
                                                          ) -> None:
    for n in range(200):
        answer = client.post("/webhooks/shopify", content=b"{}", headers={
            "Content-Length": "1000000000", "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": f"flood-{n}", "X-Forwarded-For": "203.0.113.9"})
        assert answer.status_code == 413

    assert rows(store, "SELECT count(*) FROM webhook_rejection") == [(0,)]
    assert rows(store, "SELECT count(*) FROM webhook_receipt") == [(0,)]


@pytest.mark.parametrize(("created_at", "country", "session"), [
    ("2026-11-27T20:31:07-05:00", "US", "S-US-1"),   # during the US stream
    ("2026-11-27T19:59:59-05:00", "US", None),       # a second before it starts
    ("2026-11-27T23:00:00-05:00", "US", None),       # the moment it ends
    ("2026-11-27T19:30:00+00:00", "GB", "S-GB-1"),   # the UK stream, same evening
    ("2026-11-27T20:31:07-05:00", "GB", None),       # a UK buyer while only the US is live
    ("2026-11-27T20:31:07-05:00", None, None),       # no shipping address: off-stream
])
def test_an_order_belongs_to_the_live_session_of_its_shipping_country(
        client: TestClient, store: Engine, created_at: str, country: str | None,
        session: str | None) -> None:
    address = {"country_code": country} if country else None

    answer = post_shopify(client, order(created_at=created_at, shipping_address=address))

    assert answer.json()["session_id"] == session
    assert {line[3] for line in order_lines(store)} == {session}


def test_a_tiktok_cancellation_cancels_the_lines_the_export_brought(store: Engine) -> None:
    # Imported before the receiver starts: the in-memory test store is one connection, which
    # the writer thread's start-up sweep must not share with the import's staging table.
    import_tiktok_orders(store, FIXTURES / "tiktok_orders_export.csv",
                         timezone="America/Los_Angeles")

    with receiver_of(store) as client:
        answer = post_tiktok(client, order_id="576486316948490003", status="CANCEL",
                             notification="n-1")
        again = post_tiktok(client, order_id="576486316948490003", status="CANCEL",
                            notification="n-1")

    assert answer.json() == {"outcome": "status", "lines": 2,
                             "order_id": "tiktok:576486316948490003", "session_id": None,
                             "skipped": 0, "pending": 0}
    assert again.json()["outcome"] == "duplicate"
    assert rows(store, "SELECT sku, status FROM order_line "
                       "WHERE order_id = 'tiktok:576486316948490003' ORDER BY sku") == [
        ("SKU-204", "cancelled"), ("SKU-310", "cancelled")]


def test_a_tiktok_status_for_an_order_without_lines_is_kept_as_no_lines(
        client: TestClient, store: Engine) -> None:
    answer = post_tiktok(client, order_id="5799", status="AWAITING_SHIPMENT", notification="n-2")

    assert answer.status_code == 200
    assert answer.json()["outcome"] == "no_lines"
    assert rows(store, "SELECT outcome, order_id FROM webhook_receipt") == [
        ("no_lines", "tiktok:5799")]
    assert order_lines(store) == []


def test_a_tiktok_request_signed_with_another_key_is_401(client: TestClient, store: Engine
                                                          ) -> None:
    raw = (FIXTURES / "tiktok_order_status_change.json").read_bytes()

    answer = client.post("/webhooks/tiktok", content=raw, headers={
        "Authorization": tiktok_signature(body=raw, app_key="abcdef", secret="123")})

    assert answer.status_code == 401
    assert rows(store, "SELECT count(*) FROM webhook_receipt") == [(0,)]


def test_secrets_come_from_the_environment_or_a_file_never_both(tmp_path: Path) -> None:
    secret_file = tmp_path / "shopify.secret"
    secret_file.write_text("from-a-file\n")

    from_env = load_secrets({"LIVESTOCK_SHOPIFY_SECRET": "from-env"})
    from_file = load_secrets({"LIVESTOCK_SHOPIFY_SECRET_FILE": str(secret_file),
                              "LIVESTOCK_TIKTOK_SECRET": "t", "LIVESTOCK_TIKTOK_APP_KEY": "k"})

    assert (from_env.shopify, from_env.tiktok) == ("from-env", None)
    assert (from_file.shopify, from_file.tiktok, from_file.tiktok_app_key) == (
        "from-a-file", "t", "k")
    assert "from-a-file" not in repr(from_file)
    with pytest.raises(Exception, match="keep one"):
        load_secrets({"LIVESTOCK_SHOPIFY_SECRET": "a",
                      "LIVESTOCK_SHOPIFY_SECRET_FILE": str(secret_file)})
    with pytest.raises(Exception, match="cannot read"):
        load_secrets({"LIVESTOCK_TIKTOK_SECRET_FILE": str(tmp_path / "missing")})


def test_a_group_commit_answers_each_delivery_as_if_it_came_alone(store: Engine) -> None:
    from core.platforms.service import LineTooLarge, take_batch
    from core.platforms.webhooks import parse_shopify, parse_tiktok

    def shopify(webhook_id: str, **changes: Any) -> Any:
        return parse_shopify(body=json.dumps(order(**changes)).encode(), topic="orders/create",
                             webhook_id=webhook_id)

    huge = order(id=7)
    huge["line_items"][0]["quantity"] = 100_001
    cancel = {"type": 1, "tts_notification_id": "n-9", "shop_id": "1", "timestamp": 1,
              "data": {"order_id": "42", "order_status": "CANCEL"}}
    tiktok_lines = shopify("w-t", id=42)  # stands in for lines the TikTok export brought
    tiktok_lines = type(tiktok_lines)(**{**tiktok_lines.__dict__, "order_id": "tiktok:42",
                                         "lines": tuple(type(line)(**{**line.__dict__,
                                                                      "order_id": "tiktok:42"})
                                                        for line in tiktok_lines.lines)})
    batch = [shopify("w-1", cancelled_at="2026-11-27T21:00:00-05:00"),
             shopify("w-2"),                       # a late create of the cancelled order
             shopify("w-1", cancelled_at="2026-11-27T21:00:00-05:00"),  # redelivered
             parse_shopify(body=json.dumps(huge).encode(), topic="orders/create",
                           webhook_id="w-3"),
             tiktok_lines,
             parse_tiktok(body=json.dumps(cancel).encode())]

    answers = take_batch(store, deliveries=[(delivery, NOW) for delivery in batch])

    assert [getattr(a, "outcome", type(a).__name__) for a in answers] == [
        "written", "written", "duplicate", "LineTooLarge", "written", "status"]
    assert isinstance(answers[3], LineTooLarge)
    assert order_lines(store) == [
        ("shopify:5801234500011", "SKU-101", 2, "S-US-1", "cancelled", "webhook:shopify"),
        ("shopify:5801234500011", "SKU-204", 1, "S-US-1", "cancelled", "webhook:shopify"),
        ("tiktok:42", "SKU-101", 2, "S-US-1", "cancelled", "webhook:shopify"),
        ("tiktok:42", "SKU-204", 1, "S-US-1", "cancelled", "webhook:shopify")]
    assert rows(store, "SELECT count(*) FROM webhook_receipt") == [(4,)]
