"""Webhook signatures and payloads, without a store or a server."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.platforms.webhooks import (
    DeliveryRefused,
    LineIn,
    merge_same_sku,
    parse_shopify,
    parse_tiktok,
    shopify_signature,
    shopify_signed,
    tiktok_signature,
    tiktok_signed,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
SHOPIFY_ORDER = (FIXTURES / "shopify_orders_create.json").read_bytes()
TIKTOK_EXAMPLE = (FIXTURES / "tiktok_order_status_change.json").read_bytes()


def shopify_body(**changes: object) -> bytes:
    order = json.loads(SHOPIFY_ORDER)
    order.update(changes)
    return json.dumps(order).encode()


def test_tiktok_signature_matches_the_worked_example_of_tiktoks_webhook_overview() -> None:
    # partner.tiktokshop.com "Webhooks overview": app key abcdef, app secret 123.
    assert tiktok_signature(body=TIKTOK_EXAMPLE, app_key="abcdef", secret="123") == (
        "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05")
    assert tiktok_signed(body=TIKTOK_EXAMPLE, app_key="abcdef", secret="123",
                         header="5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05")


def test_tiktok_signature_refuses_a_changed_body_a_wrong_key_or_no_header() -> None:
    good = tiktok_signature(body=TIKTOK_EXAMPLE, app_key="abcdef", secret="123")
    changed = TIKTOK_EXAMPLE.replace(b"UNPAID", b"CANCEL")
    assert not tiktok_signed(body=changed, header=good, app_key="abcdef", secret="123")
    assert not tiktok_signed(body=TIKTOK_EXAMPLE, header=good, app_key="other", secret="123")
    assert not tiktok_signed(body=TIKTOK_EXAMPLE, header=None, app_key="abcdef", secret="123")
    assert not tiktok_signed(body=TIKTOK_EXAMPLE, header=f"Bearer {good}", app_key="abcdef",
                             secret="123")


def test_shopify_signature_is_the_base64_hmac_sha256_of_the_raw_body() -> None:
    # Pinned with `printf '{"id":1}' | openssl dgst -sha256 -binary -hmac hush | base64`.
    assert shopify_signature(body=b'{"id":1}', secret="hush") == (
        "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=")
    assert shopify_signed(body=b'{"id":1}', secret="hush",
                          header="VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=")


@pytest.mark.parametrize("header", [None, "", "not base64!", base64.b64encode(b"x" * 32).decode()])
def test_shopify_signature_refuses_missing_garbled_or_wrong_headers(header: str | None) -> None:
    assert not shopify_signed(body=SHOPIFY_ORDER, header=header, secret="hush")


def test_shopify_signature_refuses_everything_when_no_secret_is_configured() -> None:
    assert not shopify_signed(body=b"{}", header=shopify_signature(body=b"{}", secret=""),
                              secret="")


def test_a_shopify_order_becomes_one_line_per_sku_in_utc_with_country_and_customer() -> None:
    delivery = parse_shopify(body=SHOPIFY_ORDER, topic="orders/create", webhook_id="w-1")

    assert (delivery.kind, delivery.delivery_id, delivery.order_id) == (
        "lines", "w-1", "shopify:5801234500011")
    assert [(line.sku, line.qty, line.unit_price) for line in delivery.lines] == [
        ("SKU-101", 2, 24.99), ("SKU-204", 1, 15.99)]
    first = delivery.lines[0]
    assert first.ts == datetime(2026, 11, 28, 1, 31, 7, tzinfo=UTC)
    assert (first.currency, first.country, first.customer_id, first.status) == (
        "USD", "US", "shopify:7012345600001", "paid")


def test_a_cancelled_or_refunded_shopify_order_carries_that_status() -> None:
    cancelled = parse_shopify(body=shopify_body(cancelled_at="2026-11-27T21:00:00-05:00"),
                              topic="orders/cancelled", webhook_id="w-2")
    refunded = parse_shopify(body=shopify_body(financial_status="refunded"),
                             topic="orders/updated", webhook_id="w-3")

    assert {line.status for line in cancelled.lines} == {"cancelled"}
    assert {line.status for line in refunded.lines} == {"returned"}


def test_a_shopify_line_without_sku_is_skipped_and_kept_while_the_others_are_taken() -> None:
    order = json.loads(SHOPIFY_ORDER)
    order["line_items"].append({"id": 1360009, "title": "Tip", "quantity": 1, "price": "5.00",
                                "sku": None})
    order["line_items"].append({"title": "Gift wrap", "quantity": 2, "price": "1.50",
                                "sku": "  "})

    delivery = parse_shopify(body=json.dumps(order).encode(), topic="orders/create",
                             webhook_id="w")

    assert [line.sku for line in delivery.lines] == ["SKU-101", "SKU-204"]
    assert [(s.line_key, s.position, s.title, s.qty, s.amount) for s in delivery.skipped] == [
        ("1360009", 2, "Tip", 1, 5.0), ("#3", 3, "Gift wrap", 2, 3.0)]


def test_a_skipped_line_s_absurd_quantity_is_kept_as_unknown_not_as_a_number() -> None:
    """Found by schemathesis: 10**30 on a line without a sku crashed the write (SQLite's
    integers stop at 2**63 - 1) and answered 500; a count no order holds is unreadable."""
    order = json.loads(SHOPIFY_ORDER)
    order["line_items"].append({"title": "Tip", "quantity": 10**30, "price": "5.00",
                                "sku": ""})

    delivery = parse_shopify(body=json.dumps(order).encode(), topic="orders/create",
                             webhook_id="w")

    assert [(s.title, s.qty, s.amount) for s in delivery.skipped] == [("Tip", None, None)]


def test_an_order_of_only_lines_without_a_sku_is_still_an_order_with_nothing_to_count() -> None:
    order = json.loads(SHOPIFY_ORDER)
    order["line_items"] = [{"title": "Tip", "quantity": 1, "price": "5.00", "sku": ""}]

    delivery = parse_shopify(body=json.dumps(order).encode(), topic="orders/create",
                             webhook_id="w")

    assert (delivery.kind, delivery.lines, len(delivery.skipped)) == ("lines", (), 1)


def test_unit_prices_are_after_the_discounts_shopify_allocated_to_each_line() -> None:
    order = json.loads(SHOPIFY_ORDER)  # 2 x 24.99 and 1 x 15.99; 10% off the order
    order["line_items"][0]["discount_allocations"] = [
        {"amount": "5.00", "discount_application_index": 0}]
    order["line_items"][1]["discount_allocations"] = [
        {"amount": "1.60", "discount_application_index": 0}]
    order["total_discounts"] = "6.60"

    delivery = parse_shopify(body=json.dumps(order).encode(), topic="orders/create",
                             webhook_id="w")

    assert [(line.sku, line.unit_price) for line in delivery.lines] == [
        ("SKU-101", 22.49), ("SKU-204", 14.39)]


def test_an_order_discount_without_allocations_is_spread_over_the_lines_by_amount() -> None:
    order = json.loads(SHOPIFY_ORDER)  # 49.98 + 15.99 = 65.97 gross
    order["total_discounts"] = "7.00"
    order["shipping_lines"] = [{"price": "4.99", "discount_allocations": [{"amount": "0.40"}]}]

    delivery = parse_shopify(body=json.dumps(order).encode(), topic="orders/create",
                             webhook_id="w")

    net = sum(line.qty * line.unit_price for line in delivery.lines)
    assert net == pytest.approx(65.97 - 6.60, abs=0.0002)
    assert delivery.lines[0].unit_price == pytest.approx(24.99 * (1 - 6.60 / 65.97), abs=1e-4)


def test_the_same_sku_on_many_lines_may_not_add_up_past_what_an_order_line_holds() -> None:
    order = json.loads(SHOPIFY_ORDER)
    order["line_items"] = [{"sku": "SKU-101", "quantity": 1_000_000, "price": "1.00"}] * 2_200

    with pytest.raises(DeliveryRefused, match="adds up to 2,200,000,000 units") as refused:
        parse_shopify(body=json.dumps(order).encode(), topic="orders/create", webhook_id="w")
    assert refused.value.status_code == 422


@pytest.mark.parametrize("parse", ["shopify", "tiktok"])
def test_a_body_of_100k_nested_arrays_is_refused_as_malformed(parse: str) -> None:
    body = b"[" * 100_000 + b"]" * 100_000

    with pytest.raises(DeliveryRefused, match="nested deeper") as refused:
        if parse == "shopify":
            parse_shopify(body=body, topic="orders/create", webhook_id="w")
        else:
            parse_tiktok(body=body)
    assert refused.value.status_code == 400


def test_a_shopify_delivery_carries_the_platforms_stamp_of_its_version() -> None:
    updated = parse_shopify(body=shopify_body(updated_at="2026-11-27T21:10:00-05:00"),
                            topic="orders/updated", webhook_id="w")
    without = parse_shopify(body=shopify_body(updated_at=None), topic="orders/create",
                            webhook_id="w")

    assert updated.status_at == datetime(2026, 11, 28, 2, 10, tzinfo=UTC)
    assert without.status_at == datetime(2026, 11, 28, 1, 31, 7, tzinfo=UTC)  # created_at


@pytest.mark.parametrize(("body", "says"), [
    (b"{not json", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (shopify_body(created_at="2026-11-27 20:31:07"), "no time zone offset"),
    (shopify_body(currency="dollars"), "order.currency"),
    (shopify_body(line_items=[]), "line_items is missing or empty"),
    (shopify_body(line_items=[{"sku": "SKU-101", "quantity": 0, "price": "1"}]), "from 1 to"),
    (shopify_body(line_items=[{"sku": "SKU-101", "quantity": 1, "price": "-3"}]), "0 or more"),
    (shopify_body(id="x" * 80), "longer than 64"),
    (shopify_body(updated_at="9999-12-31T23:00:00-05:00"), "order.updated_at"),
    (shopify_body(line_items=[{"sku": "SKU-101", "quantity": 1, "price": "2.00",
                               "discount_allocations": [{"amount": "3.00"}]}]),
     "add up to more than"),
])
def test_a_malformed_shopify_body_is_refused_naming_the_field(body: bytes, says: str) -> None:
    with pytest.raises(DeliveryRefused, match=says) as refused:
        parse_shopify(body=body, topic="orders/create", webhook_id="w")
    assert refused.value.status_code in (400, 422)


def test_a_shopify_delivery_needs_its_webhook_id_to_be_counted_once() -> None:
    with pytest.raises(DeliveryRefused, match="X-Shopify-Webhook-Id"):
        parse_shopify(body=SHOPIFY_ORDER, topic="orders/create", webhook_id=None)


def test_a_shopify_topic_without_an_order_is_acknowledged_and_ignored() -> None:
    delivery = parse_shopify(body=b'{"id": 1, "title": "T-shirt"}', topic="products/update",
                             webhook_id="w-9")

    assert (delivery.kind, delivery.lines) == ("ignored", ())


def test_tiktoks_order_status_change_is_a_status_for_its_order_not_lines() -> None:
    delivery = parse_tiktok(body=TIKTOK_EXAMPLE)

    assert (delivery.kind, delivery.delivery_id, delivery.order_id, delivery.status) == (
        "status", "7380066284010030890", "tiktok:576653688135258178", "paid")


@pytest.mark.parametrize("status", ["CANCEL", "CANCELLED", "cancelled"])
def test_a_tiktok_cancellation_is_read_as_cancelled(status: str) -> None:
    body = TIKTOK_EXAMPLE.replace(b'"UNPAID"', json.dumps(status).encode())

    assert parse_tiktok(body=body).status == "cancelled"


def test_other_tiktok_webhook_types_are_ignored_and_bad_ones_refused() -> None:
    other = json.loads(TIKTOK_EXAMPLE) | {"type": 6}
    assert parse_tiktok(body=json.dumps(other).encode()).kind == "ignored"
    with pytest.raises(DeliveryRefused, match="tts_notification_id"):
        parse_tiktok(body=b'{"type": 1, "data": {"order_id": "1", "order_status": "X"}}')
    with pytest.raises(DeliveryRefused, match=r"data\.order_id"):
        parse_tiktok(body=b'{"type": 1, "tts_notification_id": "n", "data": {}}')


def test_lines_of_one_sku_merge_with_a_quantity_weighted_price() -> None:
    at = datetime(2026, 11, 27, tzinfo=UTC)
    one = LineIn("o", "SKU-204", at, 1, 12.0, "GBP", "GB", None, "paid")
    two = LineIn("o", "SKU-204", at, 2, 9.0, "GBP", "GB", None, "paid")
    other = LineIn("o", "SKU-101", at, 1, 5.0, "GBP", "GB", None, "paid")

    merged = merge_same_sku([one, other, two])

    assert [(line.sku, line.qty, line.unit_price) for line in merged] == [
        ("SKU-204", 3, 10.0), ("SKU-101", 1, 5.0)]
