"""Revenue after discounts: an order-level discount spread over the order's lines (pure).

Shopify's line `price` is before discounts. Each line item carries its share of every
discount in `discount_allocations` (shopify.dev Order resource: a line-level discount, and
the line's part of an order-level one allocated "across" the lines), so a line's net amount
is price x quantity - the sum of its allocations. Payloads without allocations on any line
(older API versions) still carry the order's `total_discounts`: that amount, less the
discounts on shipping lines, is spread over the lines in proportion to their gross amount.

Example: lines of 30.00 and 10.00 and an order discount of 4.00 without allocations: the
first line nets 27.00, the second 9.00.
"""

from __future__ import annotations

from collections.abc import Sequence


def spread_discount(gross_amounts: Sequence[float], *, discount: float) -> list[float]:
    """Each line's share of `discount`, in proportion to its gross amount (rounded to 4
    places; the shares add up to the discount). Lines of 0 get 0; no gross at all: 0s."""
    total = sum(gross_amounts)
    if discount <= 0 or total <= 0:
        return [0.0] * len(gross_amounts)
    discount = min(discount, total)
    shares = [round(discount * amount / total, 4) for amount in gross_amounts]
    largest = max(range(len(shares)), key=lambda i: gross_amounts[i])
    shares[largest] = round(shares[largest] + discount - sum(shares), 4)
    return shares

