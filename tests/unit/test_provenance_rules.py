"""Which live feeds count as quiet, decided on plain values (no store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.platforms.provenance import describe, missing_lines, quiet_viewers, quiet_webhooks

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
NOW = START + timedelta(minutes=40)


def test_a_platform_quiet_for_longer_than_the_limit_is_stale_and_a_recent_one_is_not() -> None:
    last = {"tiktok": NOW - timedelta(seconds=30), "shopify": NOW - timedelta(minutes=10)}

    stale = quiet_webhooks(last, now=NOW, max_age_seconds=300)

    assert [(f.source, f.age_seconds) for f in stale] == [("webhook:shopify", 600.0)]
    assert describe(stale[0], "en").startswith("No Shopify")


def test_a_viewer_feed_without_any_sample_counts_from_the_start() -> None:
    none_yet = quiet_viewers(None, start=START, now=NOW, max_age_seconds=600)
    recent = quiet_viewers(NOW - timedelta(seconds=20), start=START, now=NOW,
                           max_age_seconds=600)

    assert [(f.key, f.age_seconds) for f in none_yet] == [("feed.viewers_none", 2400.0)]
    assert recent == []


def test_orders_announced_without_lines_are_flagged_whatever_their_age() -> None:
    assert missing_lines(0, last_announced=None) == []
    assert [(f.kind, f.count) for f in missing_lines(3, last_announced=NOW)] == [
        ("missing_lines", 3)]
