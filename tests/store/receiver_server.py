"""The receiver served by uvicorn in a thread on loopback, for tests that need real
connections (slow clients, concurrent deliveries)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from core.platforms.webhooks import shopify_signature
from receiver.connections import ConnectionGuard
from receiver.secrets import Secrets
from receiver.serve import Limits, server

SECRET = "live-test-secret"


@dataclass
class Live:
    port: int
    guard: ConnectionGuard

    def post(self, body: bytes, *, webhook_id: str, topic: str = "orders/create",
             signed: bool = True, timeout: float = 10.0) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Content-Type": "application/json", "X-Shopify-Topic": topic,
                   "X-Shopify-Webhook-Id": webhook_id}
        if signed:
            headers["X-Shopify-Hmac-Sha256"] = shopify_signature(body=body, secret=SECRET)
        try:
            connection.request("POST", "/webhooks/shopify", body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, json.loads(answer.read() or b"{}")
        finally:
            connection.close()


@contextmanager
def served(engine: Engine, limits: Limits | None = None) -> Iterator[Live]:
    uvicorn_server = server(engine=engine, secrets=Secrets(shopify=SECRET), host="127.0.0.1",
                            port=0, limits=limits or Limits())
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the receiver did not start within 30 s"
        assert thread.is_alive(), "the receiver stopped while starting"
        time.sleep(0.02)
    port = uvicorn_server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Live(port, uvicorn_server.guard)  # type: ignore[attr-defined]
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=30)
