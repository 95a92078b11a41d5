"""The review's timeline draws each held light as one bar (dashboard.review_charts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from dashboard.review_charts import merged_bands

START = datetime(2026, 11, 11, 16, 0, tzinfo=UTC)


def bands(*rows: tuple[str, int, int, int, str, str]) -> pd.DataFrame:
    """(sku, begin minute, end minute, available, reason, source) rows of one light."""
    return pd.DataFrame(
        [(sku, START + timedelta(minutes=b), START + timedelta(minutes=e), "push", available,
          reason, source) for sku, b, e, available, reason, source in rows],
        columns=["sku", "begin", "end", "light", "available", "reason", "source"])


def test_back_to_back_steps_of_a_product_are_one_band_from_its_first_to_its_last() -> None:
    merged = merged_bands(bands(("A", 5, 10, 90, "covers the stream", "replayed"),
                                ("A", 0, 5, 100, "covers the stream", "replayed"),
                                ("A", 10, 15, 80, "selling fast", "replayed")))

    assert merged.to_dict("records") == [{
        "sku": "A", "begin": START, "end": START + timedelta(minutes=15), "light": "push",
        "available": 100, "reason": "covers the stream", "source": "replayed",
        "available_end": 80}]


def test_a_gap_another_product_or_another_source_starts_a_new_band() -> None:
    merged = merged_bands(bands(("A", 0, 5, 100, "r", "replayed"),
                                ("A", 10, 15, 90, "r", "replayed"),  # another light between
                                ("A", 15, 20, 85, "r", "recorded"),  # the board's own record
                                ("B", 0, 5, 7, "r", "replayed"),
                                ("B", 5, 10, 7, "r", "replayed")))

    assert [(row.sku, row.begin.minute, row.end.minute, row.available, row.available_end)
            for row in merged.itertuples()] == [
        ("A", 0, 5, 100, 100), ("A", 10, 15, 90, 90), ("A", 15, 20, 85, 85),
        ("B", 0, 10, 7, 7)]


def test_no_bands_stay_no_bands() -> None:
    merged = merged_bands(bands())

    assert merged.empty and list(merged.columns)[-1] == "available_end"
