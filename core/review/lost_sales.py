"""What the stock-outs cost: units the stream would have sold while a product was out.

lost_units: the pace per viewer before the first stock-out, times the viewer-minutes while
out of stock,
    lost = units sold before ran_out_at / viewer-minutes before ran_out_at
           x viewer-minutes while out of stock,
e.g. 120 units over 30 minutes of 1,000 viewers (30,000 viewer-minutes) is 0.004 units per
viewer-minute; out for 60 minutes of 500 viewers (30,000 viewer-minutes) -> 120 lost.
A product out from the first minute has no pace of its own: its forecast rate per
viewer-minute stands in (forecast expected / (forecast viewers x stream minutes)); None
without a forecast. With no viewer samples at all, stream minutes stand in for
viewer-minutes.
"""

from __future__ import annotations


def lost_units(*, units_before: float, viewer_minutes_before: float,
               viewer_minutes_out: float, minutes_before: float, minutes_out: float,
               fallback_per_viewer_minute: float | None = None,
               viewers_known: bool = True) -> float | None:
    """Units the stock-outs cost (module docstring).

    >>> lost_units(units_before=120, viewer_minutes_before=30_000, viewer_minutes_out=30_000,
    ...            minutes_before=30, minutes_out=60)
    120.0
    """
    for name, value in (("units_before", units_before),
                        ("viewer_minutes_before", viewer_minutes_before),
                        ("viewer_minutes_out", viewer_minutes_out),
                        ("minutes_before", minutes_before), ("minutes_out", minutes_out)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if minutes_out <= 0:
        return 0.0
    if not viewers_known:
        if minutes_before > 0:
            return units_before / minutes_before * minutes_out
        return None
    if viewer_minutes_before > 0:
        return units_before / viewer_minutes_before * viewer_minutes_out
    if fallback_per_viewer_minute is not None:
        return fallback_per_viewer_minute * viewer_minutes_out
    return None
