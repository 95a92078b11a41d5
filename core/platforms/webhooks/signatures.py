"""Is a delivery signed: each platform's HMAC-SHA256 of the raw body, compared in constant time.

Shopify (shopify.dev "Verify webhook deliveries"): `X-Shopify-Hmac-Sha256` is the base64
HMAC-SHA256 of the raw body keyed with the app's client secret.

TikTok Shop (partner.tiktokshop.com "Webhooks overview"): `Authorization` is the lowercase
hex HMAC-SHA256 of app_key + raw body keyed with the app secret (no timestamp is signed, so
replays are caught by `tts_notification_id`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def shopify_signature(*, body: bytes, secret: str) -> str:
    """base64(HMAC-SHA256(key=secret, message=body)), what X-Shopify-Hmac-Sha256 carries."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def tiktok_signature(*, body: bytes, app_key: str, secret: str) -> str:
    """hex(HMAC-SHA256(key=app_secret, message=app_key + body)), what Authorization carries.

    TikTok's worked example (app_key abcdef, secret 123) gives 5dec0f11...31ac05.
    """
    return hmac.new(secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def shopify_signed(*, body: bytes, header: str | None, secret: str) -> bool:
    """True when `header` is the body's signature; compared in constant time."""
    if not header or not secret:
        return False
    try:
        given = base64.b64decode(header.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(given, expected)


def tiktok_signed(*, body: bytes, header: str | None, app_key: str, secret: str) -> bool:
    if not header or not secret:
        return False
    expected = tiktok_signature(body=body, app_key=app_key, secret=secret)
    return hmac.compare_digest(header.strip().lower().encode(), expected.encode())
