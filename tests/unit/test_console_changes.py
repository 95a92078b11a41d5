"""Which tiles stand out after a refresh (dashboard/changes.py)."""

from __future__ import annotations

import pytest

from core.board.model import Light
from dashboard.changes import Changes, highlight_refreshes, next_changes


def test_nothing_is_flagged_when_the_page_opens() -> None:
    first = next_changes(Changes(), {"A": Light.PUSH, "B": Light.SWAP}, hold=3)

    assert first.changed_from == {}


def test_a_light_that_changed_is_flagged_with_the_light_before() -> None:
    first = next_changes(Changes(), {"A": Light.PUSH}, hold=3)

    second = next_changes(first, {"A": Light.SWAP}, hold=3)

    assert second.changed_from == {"A": Light.PUSH}


def test_a_flag_stays_for_hold_refreshes_then_goes() -> None:
    state = next_changes(next_changes(Changes(), {"A": Light.PUSH}, hold=3),
                         {"A": Light.SWAP}, hold=3)
    shown = [state.changed_from]
    for _ in range(3):
        state = next_changes(state, {"A": Light.SWAP}, hold=3)
        shown.append(state.changed_from)

    assert shown == [{"A": Light.PUSH}, {"A": Light.PUSH}, {"A": Light.PUSH}, {}]


def test_a_second_change_restarts_the_flag_from_the_latest_light() -> None:
    state = next_changes(Changes(), {"A": Light.PUSH}, hold=3)
    state = next_changes(state, {"A": Light.SWAP}, hold=3)

    state = next_changes(state, {"A": Light.PRESALE}, hold=3)

    assert state.flags["A"].was is Light.SWAP and state.flags["A"].refreshes_left == 3


def test_a_product_new_to_the_lineup_is_not_a_change() -> None:
    state = next_changes(Changes(), {"A": Light.PUSH}, hold=3)

    assert next_changes(state, {"A": Light.PUSH, "B": Light.PRESALE}, hold=3).changed_from == {}


def test_a_change_stays_about_ten_seconds_whatever_the_refresh() -> None:
    assert highlight_refreshes(2.0) == 5
    assert highlight_refreshes(3.0) == 4
    assert highlight_refreshes(30.0) == 2


def test_bad_refresh_or_hold_values_are_refused() -> None:
    with pytest.raises(ValueError, match="refresh_seconds"):
        highlight_refreshes(0)
    with pytest.raises(ValueError, match="hold"):
        next_changes(Changes(), {}, hold=0)
