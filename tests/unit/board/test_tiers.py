"""The board's safety tier: it follows the session and jumps on a viewer surge."""

from __future__ import annotations

import pytest

from tests.unit.board.builders import a_product, a_session, board_of


@pytest.mark.parametrize(
    ("minutes_in", "viewers", "expected", "tier"),
    [
        (-300, None, None, "daily"),       # scheduled
        (-60, 1000, 1000, "warmup"),       # warming up, as expected
        (-60, 1500, 1000, "warmup"),       # exactly +50%: not yet a surge
        (-60, 1501, 1000, "live"),         # a surge lifts the tier at once
        (30, 200, 1000, "live"),           # live, whatever the audience
        (150, 5000, 1000, "daily"),        # ended
    ],
)
def test_the_tier_follows_the_session_and_jumps_on_a_50_percent_surge(
        minutes_in: float, viewers: int | None, expected: float | None, tier: str) -> None:
    session = a_session(minutes_in=minutes_in, viewers=viewers, expected_viewers=expected)

    assert board_of(a_product(), session=session).tier == tier
