"""The words of platform exports in their languages: column names and order statuses.

A column is found by its name in any spelling a platform has used: English, Chinese or
Japanese, older names, British spelling, any letter case or width (NFKC: ＳＫＵ is SKU),
with "-", "_" and spaces alike and "Qty" as "Quantity". `header_key` is that comparison.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A status containing one of these (any case) is a cancellation: cancelled, canceled,
# Cancellation; 已取消, 取消; キャンセル, キャンセル済み.
CANCELLED_WORDS = ("cancel", "取消", "キャンセル")
# Shopify's financial status of a fully refunded order.
REFUNDED_WORDS = ("refunded", "已退款", "返金済み")


def header_key(name: str) -> str:
    """The form two column names are compared in: 'AFN Fulfilable Qty' and
    'afn-fulfillable-quantity' give the same key."""
    text = unicodedata.normalize("NFKC", name).strip().strip("\ufeff").lower()
    text = re.sub(r"[\s_\-]+", " ", text).strip(" .:：。")
    text = re.sub(r"fulfil(?!l)", "fulfill", text)  # British spelling
    return re.sub(r"\bqty\b", "quantity", text)


def find_columns(header: Iterable[str], names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{LiveStock's name of a column: the file's own name of it} for the columns of `names`
    (LiveStock's name -> other names it goes by) the header holds; the first match wins."""
    written = list(header)
    keys = [header_key(name) for name in written]
    found: dict[str, str] = {}
    for canonical, others in names.items():
        for candidate in (canonical, *others):
            key = header_key(candidate)
            if key in keys:
                found[canonical] = written[keys.index(key)]
                break
    return found


def is_cancelled(status: str) -> bool:
    lowered = status.lower()
    return any(word in lowered for word in CANCELLED_WORDS)


def is_refunded(status: str) -> bool:
    lowered = status.strip().lower()
    return lowered in REFUNDED_WORDS
