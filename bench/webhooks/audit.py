"""The audit: every acknowledged order exactly once in the store (its lines and units, not
doubled), every badly signed one absent."""

from __future__ import annotations

from sqlalchemy import text

from bench.webhooks.load import Delivery


def audit_store(engine: object, deliveries: list[tuple[Delivery, str]], acked: set[int]
                ) -> dict[str, object]:
    expected = {d.order_number: d for d, kind in deliveries if kind == "write"}
    bad = {d.order_number for d, kind in deliveries if kind == "bad"}
    with engine.connect() as conn:  # type: ignore[attr-defined]
        stored: dict[int, dict[str, int]] = {}
        for order_id, sku, qty in conn.execute(text(
                "SELECT order_id, sku, qty FROM order_line WHERE source = 'webhook:shopify'")):
            stored.setdefault(int(order_id.split(":")[1]) - 9_000_000_000, {})[sku] = qty
        receipts = conn.execute(text("SELECT count(*) FROM webhook_receipt")).scalar_one()
    lost = [n for n in acked if stored.get(n) != expected[n].lines]
    doubled = [n for n, lines in stored.items() if n in expected and lines != expected[n].lines]
    landed_bad = [n for n in bad if n in stored]
    return {"ok": not lost and not doubled and not landed_bad, "expected": len(expected),
            "acked": len(acked), "stored": len(stored), "lost": len(lost),
            "doubled": len(doubled), "bad_landed": len(landed_bad), "bad": len(bad),
            "receipts": receipts}
