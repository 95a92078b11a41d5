"""Where the receiver's secrets come from: the environment or a file, never the command line.

LIVESTOCK_SHOPIFY_SECRET (the Shopify app's client secret) or LIVESTOCK_SHOPIFY_SECRET_FILE
(a file holding it); LIVESTOCK_TIKTOK_SECRET or LIVESTOCK_TIKTOK_SECRET_FILE (the TikTok Shop
app secret), with LIVESTOCK_TIKTOK_APP_KEY (the app key TikTok puts in front of the body it
signs; not a secret). A platform without a secret has its endpoint refuse every request (401).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.common.errors import LiveStockError

SHOPIFY_SECRET = "LIVESTOCK_SHOPIFY_SECRET"
TIKTOK_SECRET = "LIVESTOCK_TIKTOK_SECRET"
TIKTOK_APP_KEY = "LIVESTOCK_TIKTOK_APP_KEY"


@dataclass(frozen=True)
class Secrets:
    shopify: str | None = None
    tiktok: str | None = None
    tiktok_app_key: str = ""

    def __repr__(self) -> str:  # never print a secret by accident
        return (f"Secrets(shopify={'set' if self.shopify else 'unset'}, "
                f"tiktok={'set' if self.tiktok else 'unset'})")

    def platforms(self) -> list[str]:
        return [name for name, value in (("shopify", self.shopify), ("tiktok", self.tiktok))
                if value]


def load_secrets(environ: Mapping[str, str] | None = None) -> Secrets:
    """Read the secrets; raise LiveStockError when one is given twice or its file is unreadable."""
    env = os.environ if environ is None else environ
    return Secrets(shopify=_secret(env, SHOPIFY_SECRET), tiktok=_secret(env, TIKTOK_SECRET),
                   tiktok_app_key=env.get(TIKTOK_APP_KEY, "").strip())


def _secret(env: Mapping[str, str], name: str) -> str | None:
    value, file_name = env.get(name), env.get(f"{name}_FILE")
    if value and file_name:
        raise LiveStockError(f"both {name} and {name}_FILE are set: keep one")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8")
        except OSError as error:
            raise LiveStockError(f"{name}_FILE: cannot read {file_name}: {error.strerror}"
                                 ) from None
        if not value.strip():
            raise LiveStockError(f"{name}_FILE: {file_name} is empty")
    return value.strip() if value and value.strip() else None
