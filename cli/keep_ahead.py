"""What the console's first opens would compute, computed once right after a load and kept
beside the store (`core.store.results_cache`), so a new store's first board, review, planner
and warehouses pages read it back instead of computing it while the director waits.

`livestock load` and `livestock demo` call `keep_ahead` after loading. Each part is a core
service that keeps its own result under a fingerprint of the data it read: a later load,
order or count that changes that data makes the page compute afresh, as without this step.
Nothing is kept (and nothing computed) where no results can be kept: an in-memory store, or
`LIVESTOCK_RESULTS=off`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from core.common.errors import LiveStockError

Say = Callable[[str], None]


def keep_ahead(engine: Engine, *, at: datetime | None = None, say: Say | None = None
               ) -> list[str]:
    """Fit and keep, as of `at` (default the store's clock, what the pages will call now):
    the default board session's forecast, the last ended session's review, and the
    planner's and warehouses' planning; what was kept, in words. A part the store has too
    little data for is skipped (the page says why)."""
    from core.board.service import current_session, last_session, session_clock, store_clock
    from core.forecast.service import keep_board_forecast
    from core.planning.service import keep_planning
    from core.review.service import keep_review
    from core.store.results_cache import results_folder

    if results_folder(engine) is None:
        return []
    tell = say or (lambda _text: None)
    kept: list[str] = []
    now = at or store_clock(engine)
    board = current_session(engine, at=at)
    if board is not None:
        tell(f"keeping the forecast of {board} for the board")
        if keep_board_forecast(engine, session_id=board,
                               at=at or session_clock(engine, session_id=board)):
            kept.append(f"the forecast of {board}")
    ended = last_session(engine, at=now)
    if ended is not None:
        tell(f"keeping the review of {ended}")
        try:
            if keep_review(engine, ended, at=now,
                           progress=lambda step: tell(f"keeping the review of {ended}: {step}")):
                kept.append(f"the review of {ended}")
        except LiveStockError:
            pass
    tell("keeping the planning")
    try:
        keep_planning(engine, at=now, progress=tell)
        kept.append("the planning")
    except LiveStockError:
        pass
    return kept
