"""The load: signed Shopify orders/create deliveries planned at a rate (every 10th a
redelivery, every 100th badly signed), sent on their schedule by threads that retry an
unanswered delivery as a platform would; the baseline (badly signed requests, no store);
and the board computed every 2 s meanwhile."""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench.webhooks.receiver_setup import SECRET, SESSION, SKUS
from core.board.service import board_at
from core.platforms.webhooks import shopify_signature

RETRY_SECONDS = 30.0


@dataclass
class Delivery:
    order_number: int
    webhook_id: str
    body: bytes
    signature: str
    valid: bool
    lines: dict[str, int]


@dataclass
class Result:
    kind: str  # write, duplicate, bad
    status: int
    seconds: float
    attempts: int
    sent_late: float
    sent_at: float
    total: float = 0.0  # from the first attempt to the last answer, retries included


@dataclass
class Shared:
    results: list[Result] = field(default_factory=list)
    acked: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    gave_up: int = 0


def plan(rate: float, seconds: float) -> Iterator[tuple[Delivery, str]]:
    """rate x seconds deliveries: every 10th a redelivery of an earlier one, every 100th
    (offset by 5) badly signed; the rest new orders of 1-3 skus."""
    total = int(rate * seconds)
    sent: list[Delivery] = []
    for n in range(total):
        if n % 10 == 9 and sent:
            yield sent[(n * 7919) % len(sent)], "duplicate"
            continue
        valid = n % 100 != 5
        lines = {SKUS[(n * 13 + k * 7) % len(SKUS)]: 1 + (n + k) % 3
                 for k in range(1 + n % 3)}
        delivery = order_delivery(n, lines, valid=valid)
        if valid:
            sent.append(delivery)
        yield delivery, "write" if valid else "bad"


def order_delivery(n: int, lines: dict[str, int], *, valid: bool) -> Delivery:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    body = json.dumps({
        "id": 9_000_000_000 + n, "created_at": created, "currency": "USD",
        "financial_status": "paid", "shipping_address": {"country_code": "US"},
        "line_items": [{"sku": sku, "quantity": qty, "price": "19.99"}
                       for sku, qty in lines.items()]}).encode()
    signature = shopify_signature(body=body, secret=SECRET if valid else "not-the-secret")
    return Delivery(n, f"bench-{n}", body, signature, valid, lines)


def send_loop(port: int, work: queue.Queue[tuple[float, Delivery, str] | None],
              shared: Shared, started: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    deadline_extra = RETRY_SECONDS
    while (item := work.get()) is not None:
        due, delivery, kind = item
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        sent_late = max(time.perf_counter() - due, 0.0)
        give_up_at = time.perf_counter() + deadline_extra
        first_began = time.perf_counter()
        attempts = 0
        while True:
            attempts += 1
            began = time.perf_counter()
            try:
                connection.request("POST", "/webhooks/shopify", body=delivery.body, headers={
                    "Content-Type": "application/json", "X-Shopify-Topic": "orders/create",
                    "X-Shopify-Webhook-Id": delivery.webhook_id,
                    "X-Shopify-Hmac-Sha256": delivery.signature})
                answer = connection.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status = 0
            seconds = time.perf_counter() - began
            if status in (200, 401, 400, 422) or time.perf_counter() > give_up_at:
                break
            time.sleep(0.05)  # a platform retries an unanswered delivery later
        with shared.lock:
            shared.results.append(Result(kind, status, seconds, attempts, sent_late,
                                         due + sent_late - started,
                                         time.perf_counter() - first_began))
            if status == 200 and delivery.valid:
                shared.acked.add(delivery.order_number)
            elif status != 200 and delivery.valid:
                shared.gave_up += 1
    connection.close()


def measure_baseline(port: int, *, seconds: float) -> list[float]:
    """Answer times of badly signed requests on one connection: no store involved."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    ends = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < ends:
        delivery = order_delivery(10_000_000 + n, {SKUS[0]: 1}, valid=False)
        began = time.perf_counter()
        connection.request("POST", "/webhooks/shopify", body=delivery.body, headers={
            "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": delivery.webhook_id,
            "X-Shopify-Hmac-Sha256": delivery.signature})
        answer = connection.getresponse()
        answer.read()
        times.append(time.perf_counter() - began)
        n += 1
        time.sleep(0.002)
    connection.close()
    return times


def board_loop(engine: object, stop: threading.Event, times: list[float],
               errors: list[str]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        try:
            board_at(engine, session_id=SESSION)  # type: ignore[arg-type]
            times.append(time.perf_counter() - began)
        except Exception as error:  # counted and printed, never hidden
            errors.append(f"{type(error).__name__}: {error}")
        stop.wait(2.0)
