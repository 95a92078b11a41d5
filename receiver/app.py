"""The webhook receiver: POST /webhooks/shopify and POST /webhooks/tiktok.

Each request goes: body read up to the limit (413 past it) within the body deadline (408
past it) -> signature (401) -> body parsed (400 / 422) -> written and committed by the
writer thread (receiver.writer, many deliveries a commit) -> 200.

Nothing is written before the signature is checked: an oversized, late or unsigned
request writes nothing at all (a 413 is decided before the body is read, so its signature
cannot be checked either), so strangers cannot fill the store or hold its write lock. A
signed delivery refused with a 4xx is kept in webhook_rejection for a person to look at,
at most `rejections_per_minute` a minute (the rest are counted in the log), and the
store keeps the newest 10,000 (core.platforms.service.KEEP_REJECTIONS).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from core.common.timeutil import utc_now
from core.platforms import service as intake
from core.platforms import webhooks
from core.platforms.webhooks import MAX_BODY_BYTES, Delivery, DeliveryRefused
from receiver.secrets import Secrets
from receiver.writer import BatchWriter

log = logging.getLogger("livestock.receiver")


class Taken(BaseModel):
    """200: the delivery is committed (or was already). `lines`: order lines written;
    `skipped`: lines without a sku, kept for a person; `pending`: lines of a sku the store
    does not know yet, written once the product is loaded."""

    outcome: str
    lines: int
    order_id: str | None = None
    session_id: str | None = None
    skipped: int = 0
    pending: int = 0


class Problem(BaseModel):
    detail: str


def _json_body(schema: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    return {"required": True,
            "content": {"application/json": {"schema": schema, "example": example}}}


# What the platforms send, as far as the receiver reads it (shopify.dev Order resource;
# partner.tiktokshop.com topic 1, order status change); other fields are allowed and ignored.
SHOPIFY_ORDER = _json_body({
    "type": "object",
    "required": ["id", "created_at", "currency", "line_items"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "created_at": {"type": "string", "format": "date-time"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
        "financial_status": {"type": "string"},
        "customer": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "shipping_address": {"type": "object",
                             "properties": {"country_code": {"type": "string",
                                                             "pattern": "^[A-Z]{2}$"}}},
        "updated_at": {"type": "string", "format": "date-time"},
        "total_discounts": {"type": "string", "pattern": "^[0-9]{1,6}\\.[0-9]{2}$"},
        "line_items": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["quantity", "price"],
            "properties": {"id": {"type": "integer"},
                           "title": {"type": "string"},
                           "sku": {"type": ["string", "null"]},
                           "quantity": {"type": "integer", "minimum": 1},
                           "price": {"type": "string", "pattern": "^[0-9]{1,6}\\.[0-9]{2}$"},
                           "discount_allocations": {"type": "array", "items": {
                               "type": "object", "required": ["amount"],
                               "properties": {"amount": {
                                   "type": "string",
                                   "pattern": "^[0-9]{1,6}\\.[0-9]{2}$"}}}}}}},
    },
}, {"id": 5801234500011, "created_at": "2026-11-27T20:31:07-05:00", "currency": "USD",
    "cancelled_at": None, "customer": {"id": 7012345600001},
    "shipping_address": {"country_code": "US"},
    "line_items": [{"sku": "SKU-101", "quantity": 2, "price": "24.99"}]})
TIKTOK_EVENT = _json_body({
    "type": "object",
    "required": ["type", "tts_notification_id", "shop_id", "timestamp", "data"],
    "properties": {
        "type": {"type": "integer"},
        "tts_notification_id": {"type": "string", "minLength": 1},
        "shop_id": {"type": "string"},
        "timestamp": {"type": "integer"},
        "data": {"type": "object", "required": ["order_id", "order_status"], "properties": {
            "order_id": {"type": "string", "minLength": 1},
            "order_status": {"type": "string", "enum": [
                "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "CANCEL",
                "IN_TRANSIT", "DELIVERED", "COMPLETED"]},
            "is_on_hold_order": {"type": "boolean"},
            "update_time": {"type": "integer"}}},
    },
}, {"type": 1, "tts_notification_id": "7327112393057371910", "shop_id": "7494049642642441621",
    "timestamp": 1644412885, "data": {"order_id": "576486316948490001", "order_status": "CANCEL",
                                      "is_on_hold_order": False, "update_time": 1644412885}})
_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "the body is not an order the store can take"},
    401: {"model": Problem, "description": "missing or wrong signature; nothing written"},
    408: {"model": Problem, "description": "the body took too long to arrive; nothing written"},
    413: {"model": Problem, "description": "the body is larger than the limit; nothing written"},
    422: {"model": Problem, "description": "an impossible value (e.g. a line above the "
                                           "max_units_per_line setting); nothing written"},
    503: {"model": Problem, "description": "the store is busy; retry later"},
}


BODY_TIMEOUT_SECONDS = 10.0
REJECTIONS_PER_MINUTE = 60


class _TooLarge(Exception):
    pass


class RejectionBudget:
    """At most `per_minute` refusals recorded a minute (a token bucket), so a flood of
    refused deliveries cannot keep the store's write lock busy; the rest are counted."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self._capacity = float(per_minute)
        self._tokens = float(per_minute)
        self._rate = per_minute / 60.0
        self._clock = clock
        self._at = clock()
        self._lock = threading.Lock()
        self.left_out = 0

    def take(self) -> bool:
        with self._lock:
            now = self._clock()
            self._tokens = min(self._capacity, self._tokens + (now - self._at) * self._rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            self.left_out += 1
            return False


def create_app(*, engine: Engine, secrets: Secrets, max_body_bytes: int = MAX_BODY_BYTES,
               body_timeout_seconds: float = BODY_TIMEOUT_SECONDS,
               rejections_per_minute: int = REJECTIONS_PER_MINUTE,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    """The receiver over `engine`; `clock` stamps receipts (tests pass a fixed one)."""
    writer = BatchWriter(engine)
    budget = RejectionBudget(rejections_per_minute)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        writer.start()  # applies pending lines whose product was loaded while it was down
        yield
        writer.close()

    app = FastAPI(title="LiveStock webhook receiver", version="1", lifespan=lifespan,
                  description="Signed order webhooks from Shopify and TikTok Shop into the "
                              "LiveStock store.")

    @app.post("/webhooks/shopify", response_model=Taken, responses=_REFUSALS,
              openapi_extra={"requestBody": SHOPIFY_ORDER})
    async def shopify(
        request: Request,
        x_shopify_hmac_sha256: str | None = Header(None),
        x_shopify_topic: str | None = Header(None),
        x_shopify_webhook_id: str | None = Header(None),
    ) -> Any:
        """A Shopify order webhook (orders/create, orders/updated, orders/cancelled...),
        signed with X-Shopify-Hmac-Sha256."""
        def signed(body: bytes) -> bool:
            return webhooks.shopify_signed(body=body, header=x_shopify_hmac_sha256,
                                           secret=secrets.shopify or "")

        def parse(body: bytes) -> Delivery:
            return webhooks.parse_shopify(body=body, topic=x_shopify_topic,
                                          webhook_id=x_shopify_webhook_id)
        return await _receive(request, webhooks.SHOPIFY, signed, parse,
                              delivery_id=x_shopify_webhook_id, topic=x_shopify_topic)

    @app.post("/webhooks/tiktok", response_model=Taken, responses=_REFUSALS,
              openapi_extra={"requestBody": TIKTOK_EVENT})
    async def tiktok(request: Request, authorization: str | None = Header(None)) -> Any:
        """A TikTok Shop webhook (type 1, order status change), signed in Authorization."""
        def signed(body: bytes) -> bool:
            return webhooks.tiktok_signed(body=body, header=authorization,
                                          app_key=secrets.tiktok_app_key,
                                          secret=secrets.tiktok or "")
        return await _receive(request, webhooks.TIKTOK, signed,
                              lambda body: webhooks.parse_tiktok(body=body))

    async def _receive(request: Request, platform: str, signed: Callable[[bytes], bool],
                       parse: Callable[[bytes], Delivery], *, delivery_id: str | None = None,
                       topic: str | None = None) -> JSONResponse:
        received_at = clock()

        async def refuse(status_code: int, reason: str, body: bytes) -> JSONResponse:
            """A signed delivery refused: kept for a person while the budget lasts."""
            if budget.take():
                await run_in_threadpool(
                    intake.record_rejection, engine, platform=platform,
                    received_at=received_at, status_code=status_code, reason=reason,
                    body=body, body_bytes=len(body), delivery_id=delivery_id, topic=topic)
            else:
                log.warning("%s webhook refusals beyond %d a minute are not recorded "
                            "(%d so far)", platform, rejections_per_minute, budget.left_out)
            log.warning("%s webhook refused (%d): %s", platform, status_code, reason)
            return _problem(status_code, reason)

        try:
            async with asyncio.timeout(body_timeout_seconds):
                body = await _read_body(request, max_body_bytes)
        except _TooLarge:
            log.warning("%s webhook refused (413): a body over %d bytes, nothing written",
                        platform, max_body_bytes)
            return _problem(413, f"the body is larger than {max_body_bytes:,} bytes",
                            headers=_CLOSE)
        except TimeoutError:
            log.warning("%s webhook refused (408): the body took more than %g s",
                        platform, body_timeout_seconds)
            return _problem(408, f"the body took more than {body_timeout_seconds:g} s to "
                                 "arrive", headers=_CLOSE)
        except ClientDisconnect:  # gone before its body arrived: nobody to answer
            return _problem(400, "the client went away before its body arrived",
                            headers=_CLOSE)
        if not signed(body):
            return _problem(401, f"missing or wrong {platform} signature: nothing written")
        try:
            delivery = parse(body)
            taken = await writer.take(delivery, received_at)
        except DeliveryRefused as refused:
            return await refuse(refused.status_code, refused.reason, body)
        except OperationalError as error:
            log.error("%s webhook: the store refused the write: %s", platform, error.orig)
            return _problem(503, "the store is busy or unavailable; retry later",
                            headers={"Retry-After": "5"})
        return JSONResponse({"outcome": taken.outcome, "lines": taken.lines,
                             "order_id": taken.order_id, "session_id": taken.session_id,
                             "skipped": taken.skipped, "pending": taken.pending})

    return app


async def _read_body(request: Request, limit: int) -> bytes:
    """The raw body, refusing early past `limit` bytes (by Content-Length, then by count)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge(declared)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge(str(size))
        chunks.append(chunk)
    return b"".join(chunks)


_CLOSE = {"Connection": "close"}  # the rest of the body is not read: the connection ends
_ASGI = Callable[..., Any]


def refuse_oversized_first(app: _ASGI, *, max_body_bytes: int = MAX_BODY_BYTES) -> _ASGI:
    """`app` behind a check of the declared Content-Length: a request declaring more than
    `max_body_bytes` is answered 413 (connection closed) before the framework sees it, so a
    flood of them costs the receiver as little as it can. The endpoint checks again as the
    body arrives, for bodies sent without a Content-Length."""
    detail = f'{{"detail":"the body is larger than {max_body_bytes:,} bytes"}}'.encode()
    start = {"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(detail)).encode()),
        (b"connection", b"close")]}

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"content-length":
                    if value.isdigit() and int(value) > max_body_bytes:
                        log.warning("webhook refused (413): a body over %d bytes, nothing "
                                    "written", max_body_bytes)
                        await send(start)
                        await send({"type": "http.response.body", "body": detail})
                        return
                    break
        await app(scope, receive, send)

    return guarded


def _problem(status_code: int, detail: str, headers: dict[str, str] | None = None
             ) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)
