"""`livestock serve-webhooks` as a real process: secrets, a signed write, SIGKILL, restart."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from cli import app
from core.ingest.service import load_directory
from core.platforms.webhooks import shopify_signature
from core.store.db import make_engine
from core.store.schema import create_schema

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "platforms"
SECRET = "serve-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, FIXTURES / "store")
    engine.dispose()
    return url


@pytest.fixture
def serve(store_url: str, tmp_path: Path) -> Iterator[object]:
    secret_file = tmp_path / "shopify.secret"
    secret_file.write_text(SECRET + "\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIVESTOCK_")}
    env |= {"LIVESTOCK_SHOPIFY_SECRET_FILE": str(secret_file), "PYTHONPATH": str(ROOT)}
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> int:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve-webhooks", "--port", str(port), "--db",
             store_url], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        processes.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return port
            except OSError:
                assert process.poll() is None, process.stderr and process.stderr.read()
                time.sleep(0.05)
        raise AssertionError("serve-webhooks did not listen within 30 s")

    yield start, processes
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)


def post(port: int, body: bytes, webhook_id: str) -> tuple[int, dict[str, object]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/webhooks/shopify", body=body, headers={
        "Content-Type": "application/json", "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Hmac-Sha256": shopify_signature(body=body, secret=SECRET)})
    answer = connection.getresponse()
    status, payload = answer.status, json.loads(answer.read())
    connection.close()
    return status, payload


def test_serve_webhooks_refuses_to_start_without_a_secret(store_url: str) -> None:
    env = {key: "" for key in os.environ if key.startswith("LIVESTOCK_")}

    result = CliRunner().invoke(app, ["serve-webhooks", "--db", store_url], env=env)

    assert result.exit_code == 1
    assert "no webhook secret" in result.output


def test_what_the_receiver_acknowledged_survives_a_sigkill(serve: object, store_url: str
                                                           ) -> None:
    start, processes = serve  # type: ignore[misc]
    body = (FIXTURES / "shopify_orders_create.json").read_bytes()

    port = start()
    first = post(port, body, "w-kill")
    processes[0].send_signal(signal.SIGKILL)
    processes[0].wait(timeout=10)
    start()
    again = post(port, body, "w-kill")

    assert (first[0], first[1]["outcome"]) == (200, "written")
    assert (again[0], again[1]["outcome"]) == (200, "duplicate")
    engine = make_engine(store_url)
    with engine.connect() as conn:
        lines = conn.execute(text("SELECT sku, qty, session_id FROM order_line "
                                  "ORDER BY sku")).all()
    engine.dispose()
    assert [tuple(line) for line in lines] == [("SKU-101", 2, "S-US-1"), ("SKU-204", 1, "S-US-1")]
