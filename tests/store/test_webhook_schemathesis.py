"""Property tests of the receiver against its own OpenAPI spec (schemathesis).

Each generated request is sent twice: as generated (no valid signature: must be refused with
a 4xx and write nothing), and signed with the test secret (must never be a 5xx; when
refused, nothing is written). Bounded: a few dozen examples per endpoint, no shrinking.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.core import NotSet
from sqlalchemy import Engine, text

from core.ingest.service import load_directory
from core.platforms.webhooks import shopify_signature, tiktok_signature
from receiver.app import create_app
from receiver.secrets import Secrets

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PLATFORM_FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
SHOPIFY_SECRET, TIKTOK_KEY, TIKTOK_SECRET = "shpss_schema", "key", "tiktok-schema"
COUNTED = ("order_line", "webhook_receipt")


@pytest.fixture
def api(sqlite_engine: Engine) -> Any:
    load_directory(sqlite_engine, PLATFORM_FIXTURES / "store")
    app = create_app(engine=sqlite_engine,
                     secrets=Secrets(SHOPIFY_SECRET, TIKTOK_SECRET, TIKTOK_KEY),
                     max_body_bytes=200_000)
    app.state.engine = sqlite_engine
    app.state.client = TestClient(app)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api")


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in COUNTED}


def raw_body(body: object) -> bytes:
    """The bytes a platform would sign: negative cases may carry no body or raw bytes."""
    if isinstance(body, NotSet):
        return b""
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    return json.dumps(body).encode()


def signed_headers(path: str, raw: bytes) -> dict[str, str]:
    if path.endswith("/shopify"):
        return {"X-Shopify-Hmac-Sha256": shopify_signature(body=raw, secret=SHOPIFY_SECRET),
                "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": raw.hex()[:60]}
    return {"Authorization": tiktok_signature(body=raw, app_key=TIKTOK_KEY,
                                              secret=TIKTOK_SECRET)}


@schema.parametrize()
@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_the_receiver_never_fails_and_writes_nothing_it_refuses(case: schemathesis.Case
                                                                 ) -> None:
    app = case.operation.schema.app
    engine: Engine = app.state.engine
    before = counts(engine)

    unsigned = case.call()

    if case.method.upper() != "POST":
        assert unsigned.status_code == 405
        return
    assert unsigned.status_code in (400, 401, 413, 422), unsigned.text
    assert counts(engine) == before

    raw = raw_body(case.body)
    signed = app.state.client.post(case.formatted_path, content=raw,
                                   headers={"Content-Type": "application/json",
                                            **signed_headers(case.formatted_path, raw)})

    assert signed.status_code < 500, signed.text
    if signed.status_code != 200:
        assert counts(engine) == before, signed.text
