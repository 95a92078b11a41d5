"""`python -m dashboard.keep_reviews`: keep every ended stream's review ahead, newest first.

A past stream's review is kept beside the store once computed (`core.review.service.
keep_review`: the review, its A/B tests and its light bands), and `livestock load` keeps the
last one; the first open of any other takes 3-7 s on the sample store (the forecast as of
that stream's start is fitted and its track record replayed). The console server starts this
as a child process (dashboard/console.py) at the lowest CPU priority, so the director's
pages and browser come first: it keeps each ended stream's review that isn't kept yet,
newest first, reading back (in a fraction of a second) those that are, and ends when done,
or as soon as the server that started it is gone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from core.common.errors import LiveStockError

Say = Callable[[str], None]


def ended_newest_first(engine: Engine, *, at: datetime) -> list[str]:
    """The sessions that had ended by `at`, the one that ended last first."""
    from core.board.service import session_list

    ended = [(end, session_id) for session_id, *_, end in session_list(engine) if end <= at]
    return [session_id for _end, session_id in sorted(ended, reverse=True)]


def keep_ended_reviews(engine: Engine, *, at: datetime | None = None,
                       go_on: Callable[[], bool] = lambda: True,
                       say: Say | None = None) -> list[str]:
    """Keep the review of every session ended by `at` (default the store's clock), newest
    first, asking `go_on` before each; the sessions whose review is kept now. Nothing is
    done where this store keeps no results (in memory, `LIVESTOCK_RESULTS=off`)."""
    from core.board.service import store_clock
    from core.review.service import keep_review
    from core.store.results_cache import results_folder

    if results_folder(engine) is None:
        return []
    at = at or store_clock(engine)
    kept = []
    for session_id in ended_newest_first(engine, at=at):
        if not go_on():
            break
        try:
            if keep_review(engine, session_id, at=at):
                kept.append(session_id)
        except LiveStockError as error:  # a stream with too little to review: its page says
            if say:
                say(f"{session_id}: {error}")
            continue
        if say:
            say(f"{session_id}: kept")
    return kept


def main() -> int:
    from core.store.db import database_url, make_engine, without_creating

    if hasattr(os, "nice"):
        os.nice(19)  # the console's visitors first
    server = os.getppid()
    engine = make_engine(without_creating(database_url()))  # never a new empty store
    try:
        keep_ended_reviews(engine, go_on=lambda: os.getppid() == server)
    except Exception as error:  # best effort: a page computes what isn't kept, as before
        print(f"keep_reviews: stopped: {(str(error).splitlines() or [''])[0]}",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
