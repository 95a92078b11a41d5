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
only (`reviews="last"`) before its console opens, as it starts a new store each time, and
the earlier ones behind it (`keep_behind`): one process at the lowest CPU priority, while
the stream plays.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import suppress
from datetime import datetime
from pathlib import Path
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


def keep_behind(engine: Engine, session_ids: Sequence[str], *, at: datetime
                ) -> subprocess.Popen[bytes] | None:
    """Start keeping the reviews of `session_ids` as of `at` in one process of its own, at the
    lowest CPU priority (`lowest_priority`: the console and a playing stream go first), in a
    session of its own (a Ctrl-C meant for the caller does not reach it: the caller stops it with
    `cli.processes.stop_process`). It says one line when done. None when there is nothing
    to keep, or nowhere to keep it. The store's URL goes by `LIVESTOCK_DB`, as to the
    console (not on a command line, where a password would show)."""
    from core.store.results_cache import results_folder

    if not session_ids or results_folder(engine) is None:
        return None
    url = engine.url.render_as_string(hide_password=False)
    code = "from cli.keep_ahead import _behind_main; _behind_main()"
    return subprocess.Popen([sys.executable, "-c", code, at.isoformat(), *session_ids],
                            cwd=Path(__file__).resolve().parents[1],
                            env={**os.environ, "LIVESTOCK_DB": url}, start_new_session=True,
                            stdin=subprocess.DEVNULL)


def lowest_priority() -> None:
    """This process at the lowest CPU priority: the idle scheduling class (it runs when
    nothing else wants a CPU), nice 19, and its scheduling group at nice 19 too, where Linux
    groups processes by session (autogroup: a process in a session of its own, as
    `keep_behind`'s, would otherwise get as much CPU as the whole session of the console and
    the stream, whatever its nice; measured: the demo's board 2.2 -> 3.3 s while it ran).
    Best effort: a system without one of these leaves that one as it is."""
    with suppress(OSError):
        os.nice(19)
    with suppress(OSError, AttributeError):  # run only when nothing else wants the CPU
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    with suppress(OSError), open("/proc/self/autogroup", "w", encoding="ascii") as group:
        group.write("19")


def _behind_main() -> None:
    """`keep_behind`'s process: argv is the moment, then the session ids."""
    from core.store.db import database_url, make_engine

    lowest_priority()
    # Stopped by SIGTERM (`cli.processes.stop_process`): end as on an exception, so a result
    # being written (each is written whole: core.store.results_cache) leaves no temporary
    # file behind.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    at, session_ids = datetime.fromisoformat(sys.argv[1]), sys.argv[2:]
    began = time.perf_counter()
    engine = make_engine(database_url())
    try:
        kept = keep_reviews(engine, session_ids, at=at, workers=1)
    finally:
        engine.dispose()
    print(f"Kept the reviews of {kept} earlier stream{'s' if kept != 1 else ''} "
          f"in {time.perf_counter() - began:.0f} s", flush=True)


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
