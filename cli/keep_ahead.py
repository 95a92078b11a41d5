"""What the console's first opens would compute, computed once right after a load and kept
beside the store (`core.store.results_cache`), so a new store's first board, review, planner
and warehouses pages read it back instead of computing it while the director waits.

`livestock load` and `livestock demo` call `keep_ahead` after loading. Each part is a core
service that keeps its own result under a fingerprint of the data it read: a later load,
order or count that changes that data makes the page compute afresh, as without this step.
Nothing is kept (and nothing computed) where no results can be kept: an in-memory store, or
`LIVESTOCK_RESULTS=off`.

A review is kept under the data up to its stream's end, so a later load (tomorrow's orders)
leaves the reviews kept before it as they are: only the streams new to the store are
reviewed again. Every ended stream's review (`reviews="all"`, what `livestock load` does)
costs a few seconds a stream the first time (the forecast as of its start, the board
replayed for its light bands), spread over worker processes; the demo keeps the last one
only (`reviews="last"`), as it starts a new store each time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from typing import Literal

from sqlalchemy import Engine

from core.common.errors import LiveStockError

Say = Callable[[str], None]
Reviews = Literal["all", "last"]
# Worker processes that keep the reviews (each its own connection; SQLite serves readers
# side by side, as PostgreSQL does). More than this gains little: they share the store.
MAX_WORKERS = 4


def keep_ahead(engine: Engine, *, at: datetime | None = None, say: Say | None = None,
               reviews: Reviews = "all") -> list[str]:
    """Fit and keep, as of `at` (default the store's clock, what the pages will call now):
    the default board session's forecast, the review of every stream ended by then (the
    last one first; with `reviews="last"` that one only), and the planner's and
    warehouses' planning; what was kept, in words. A part the store has too little data for
    is skipped (the page says why)."""
    from core.board.service import current_session, session_clock, store_clock
    from core.forecast.service import keep_board_forecast
    from core.planning.service import keep_planning
    from core.review.service import ended_sessions
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
    ended = ended_sessions(engine, at=now)  # the last first, as the review page's default
    older = ended[1:] if reviews == "all" else []
    if ended:
        last = ended[0]
        tell(f"keeping the review of {last}")
        if _keep_one(last, at=now, engine=engine,
                     progress=lambda step: tell(f"keeping the review of {last}: {step}")):
            kept.append(f"the review of {last}")
    tell("keeping the planning")
    try:
        keep_planning(engine, at=now, progress=tell)
        kept.append("the planning")
    except LiveStockError:
        pass
    if older:
        count = keep_reviews(engine, older, at=now, progress=lambda done, total: tell(
            f"keeping the reviews of the earlier streams: {done}/{total}"))
        if count:
            kept.append(f"the review of {count} earlier stream" if count == 1
                        else f"the reviews of {count} earlier streams")
    return kept


def keep_reviews(engine: Engine, session_ids: Sequence[str], *, at: datetime,
                 progress: Callable[[int, int], None] | None = None,
                 workers: int | None = None) -> int:
    """Keep the review of each of `session_ids` as of `at` (`core.review.service.keep_review`),
    in `workers` processes (default: one per CPU, at most `MAX_WORKERS`), telling
    `progress(done, total)` after each; how many were kept (a stream with too little data
    to review is skipped)."""
    total = len(session_ids)
    workers = max(1, min(workers or os.cpu_count() or 1, MAX_WORKERS, total))
    kept = 0
    if workers == 1:
        for done, session_id in enumerate(session_ids, start=1):
            kept += _keep_one(session_id, at=at, engine=engine)
            if progress is not None:
                progress(done, total)
        return kept
    url = engine.url.render_as_string(hide_password=False)
    # spawn: a fresh interpreter per worker (no engine or connection copied from this one)
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_keep_in_worker, url, session_id, at)
                   for session_id in session_ids]
        for done, future in enumerate(as_completed(futures), start=1):
            kept += future.result()
            if progress is not None:
                progress(done, total)
    return kept


def _keep_in_worker(url: str, session_id: str, at: datetime) -> bool:
    from core.store.db import make_engine

    engine = make_engine(url)
    try:
        return _keep_one(session_id, at=at, engine=engine)
    finally:
        engine.dispose()


def _keep_one(session_id: str, *, at: datetime, engine: Engine,
              progress: Callable[[str], None] | None = None) -> bool:
    """`keep_review`; False (nothing kept) for a stream with too little data to review."""
    from core.review.service import keep_review

    try:
        return keep_review(engine, session_id, at=at, progress=progress)
    except LiveStockError:
        return False
