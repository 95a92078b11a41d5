"""Which status an order keeps when deliveries arrive out of order (core.platforms.order_status)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.platforms.order_status import StatusStamp, is_older, status_after

CREATED = datetime(2026, 11, 28, 1, 31, tzinfo=UTC)
REFUNDED = CREATED + timedelta(minutes=40)


def test_a_late_paid_older_than_the_refund_leaves_the_order_returned() -> None:
    refunded = StatusStamp("returned", REFUNDED)

    after = status_after(refunded, incoming="paid", incoming_at=CREATED + timedelta(minutes=9))

    assert after == refunded
    assert is_older(refunded, incoming_at=CREATED + timedelta(minutes=9))


def test_a_newer_version_sets_its_status_even_back_to_paid() -> None:
    refunded = StatusStamp("returned", REFUNDED)
    later = REFUNDED + timedelta(minutes=1)

    assert status_after(refunded, incoming="paid", incoming_at=later) == StatusStamp("paid", later)


def test_two_topics_of_one_change_move_the_status_forward_only() -> None:
    refunded = StatusStamp("returned", REFUNDED)

    assert status_after(refunded, incoming="paid", incoming_at=REFUNDED) == refunded
    assert status_after(StatusStamp("paid", REFUNDED), incoming="returned",
                        incoming_at=REFUNDED) == refunded


def test_a_cancellation_is_final_whatever_comes_after() -> None:
    cancelled = StatusStamp("cancelled", CREATED)

    assert status_after(cancelled, incoming="paid", incoming_at=REFUNDED) == cancelled


def test_a_status_from_a_file_without_a_stamp_only_moves_forward() -> None:
    from_file = StatusStamp("returned", None)

    assert status_after(from_file, incoming="paid", incoming_at=REFUNDED) == from_file
    assert status_after(from_file, incoming="cancelled", incoming_at=REFUNDED) == StatusStamp(
        "cancelled", REFUNDED)


def test_a_new_order_takes_what_its_first_delivery_says() -> None:
    assert status_after(None, incoming="paid", incoming_at=CREATED) == StatusStamp("paid",
                                                                                   CREATED)
    assert not is_older(None, incoming_at=CREATED)
