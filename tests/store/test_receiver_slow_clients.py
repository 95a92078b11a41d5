"""Slow and greedy clients against the receiver served by uvicorn on loopback: they are
timed out, capped and evicted, the platform's signed deliveries are still answered, and the
log says so in a few lines instead of one per connection.

Small limits (fractions of a second, tens of connections) stand in for the defaults
(10 s, 1,000 connections); bench/webhooks/ runs the real sizes.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from core.ingest.service import load_directory
from core.platforms.webhooks import shopify_signature
from core.store.db import make_engine
from core.store.schema import create_schema
from receiver.logs import FLOODED_LOGGERS, RepeatLimit
from receiver.serve import Limits
from tests.store.receiver_server import SECRET, Live, served

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
ORDER = (FIXTURES / "shopify_orders_create.json").read_bytes()
QUICK = Limits(read_timeout_seconds=0.5, body_timeout_seconds=0.5, keep_alive_seconds=1,
               max_connections=20)
HEADERS = (b"POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"Content-Type: application/json\r\nX-Shopify-Topic: orders/create\r\n"
           b"X-Shopify-Webhook-Id: slow\r\nContent-Length: 5000\r\n\r\n")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_schema(engine)
    load_directory(engine, FIXTURES / "store")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def fresh_log_limits() -> Iterator[None]:
    yield
    for name in FLOODED_LOGGERS:
        logger = logging.getLogger(name)
        for limit in [f for f in logger.filters if isinstance(f, RepeatLimit)]:
            logger.removeFilter(limit)


def slow_client(live: Live, first: bytes) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", live.port), timeout=5)
    client.sendall(first)
    return client


def closed_within(client: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing, when it closed within `seconds`; else None."""
    client.settimeout(0.05)
    received, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = client.recv(65_536)
        except TimeoutError:
            try:
                client.send(b"x")  # a byte now and then, as a slow client does
            except OSError:
                return received
            continue
        except OSError:
            return received
        if not chunk:
            return received
        received += chunk
    return None


def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_read_deadline(store: Engine) -> None:
    with served(store, QUICK) as live:
        client = slow_client(live, HEADERS[:20])
        began = time.monotonic()
        answer = closed_within(client, 5)
        took = time.monotonic() - began
        client.close()

        assert answer is not None, "the slow client was never cut off"
        assert 0.4 < took < 2.0
        assert live.guard.timed_out == 1


def test_a_body_sent_a_byte_at_a_time_gets_408_at_the_body_deadline(store: Engine) -> None:
    with served(store, Limits(read_timeout_seconds=5, body_timeout_seconds=0.5)) as live:
        client = slow_client(live, HEADERS + b"{")
        answer = closed_within(client, 4)
        client.close()

    assert answer is not None and answer.startswith(b"HTTP/1.1 408")
    with store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM webhook_rejection")).scalar_one() == 0


def test_an_idle_keep_alive_connection_is_closed(store: Engine) -> None:
    with served(store, QUICK) as live:
        client = socket.create_connection(("127.0.0.1", live.port), timeout=5)
        began = time.monotonic()
        client.settimeout(5)
        assert client.recv(100) == b""  # closed without a byte sent
        client.close()

    assert time.monotonic() - began < 2.0


def test_endless_headers_get_a_400(store: Engine) -> None:
    with served(store, QUICK) as live:
        client = slow_client(live, HEADERS[:-2] + b"X-Padding: " + b"a" * 40_000)
        answer = closed_within(client, 4)
        client.close()

    assert answer is not None and answer.startswith(b"HTTP/1.1 400")


def test_past_the_connection_cap_slow_clients_are_evicted_and_signed_deliveries_answered(
        store: Engine, caplog: pytest.LogCaptureFixture) -> None:
    limits = Limits(read_timeout_seconds=5, body_timeout_seconds=5, max_connections=20)
    answered: list[float] = []
    with caplog.at_level(logging.WARNING), served(store, limits) as live:
        slow = [slow_client(live, HEADERS[:30]) for _ in range(60)]
        for n in range(10):
            began = time.monotonic()
            status, payload = live.post(json.dumps({**json.loads(ORDER), "id": 100 + n}
                                                   ).encode(), webhook_id=f"w-{n}")
            answered.append(time.monotonic() - began)
            assert (status, payload["outcome"]) == (200, "written")
            slow += [slow_client(live, HEADERS[:30]) for _ in range(20)]
        open_now = live.guard.open
        evicted = live.guard.evicted
        for client in slow:
            client.close()

    assert open_now <= 20
    assert evicted >= 200
    assert max(answered) < 1.0
    cap_lines = [r for r in caplog.records if "connection cap" in r.getMessage()]
    assert 1 <= len(cap_lines) <= 3, [r.getMessage() for r in cap_lines]


def test_a_request_declaring_a_huge_body_is_answered_413_at_once_and_writes_nothing(
        store: Engine) -> None:
    declared = HEADERS.replace(b"Content-Length: 5000", b"Content-Length: 1000000000")
    with served(store, QUICK) as live:
        began = time.monotonic()
        client = slow_client(live, declared + b"{")
        answer = closed_within(client, 4)
        client.close()

    assert answer is not None and answer.startswith(b"HTTP/1.1 413")
    assert b"connection: close" in answer.lower()
    assert time.monotonic() - began < 0.4  # not after the read deadline
    with store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM webhook_rejection")).scalar_one() == 0


def test_a_platforms_idle_keep_alive_connection_outlives_a_flood_of_slow_ones(
        store: Engine) -> None:
    limits = Limits(read_timeout_seconds=5, keep_alive_seconds=5, max_connections=5)
    with served(store, limits) as live:
        platform = http.client.HTTPConnection("127.0.0.1", live.port, timeout=5)

        def deliver(n: int) -> int:
            body = json.dumps({**json.loads(ORDER), "id": 300 + n}).encode()
            platform.request("POST", "/webhooks/shopify", body=body, headers={
                "Content-Type": "application/json", "X-Shopify-Topic": "orders/create",
                "X-Shopify-Webhook-Id": f"keep-{n}",
                "X-Shopify-Hmac-Sha256": shopify_signature(body=body, secret=SECRET)})
            answer = platform.getresponse()
            answer.read()
            return answer.status

        first = deliver(1)
        slow = [slow_client(live, HEADERS[:30]) for _ in range(30)]
        time.sleep(0.2)
        second = deliver(2)  # on the same connection: it was never closed
        for client in slow:
            client.close()
        platform.close()

    assert (first, second) == (200, 200)
    assert live.guard.evicted >= 25
