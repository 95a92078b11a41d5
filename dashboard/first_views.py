"""What the console's pages show when opened without a pick, computed as the server starts.

The planner and the warehouses read the planning data and make the plan (about 0.6 s, kept
`PLANNING_TTL_SECONDS`), the review reads the stream that ended last; the first visitor of
a new server would wait for each in their page's first run. `warm()` calls the same cached
functions the pages call, inside the server's runtime (dashboard/console.py's lifespan,
before the port opens), so their caches hold them when the first visitor comes.

Best effort: a store that is missing, empty, foreign or at another version is not this
module's to report (every page says so in one line, naming the store and the command that
makes one); a step that fails is skipped and the server starts as it would have.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from streamlit.logger import get_logger

from dashboard import planning_data, review_data

# Streamlit's logger: shown with the server's own lines (`--logger.level info`).
log = get_logger(__name__)


def _planning() -> None:
    planning_data.planning(None)  # `None`: "now", the pages' default (no `?at=`)
    planning_data.plan(None)
    planning_data.warehouse_view(None)


def _review() -> None:
    session_id = review_data.default_session_id()
    if session_id is not None:
        review_data.review(session_id)
        review_data.lights(session_id)
        review_data.alerts(session_id)


# (what, how): in the order a director's first clicks most often go.
STEPS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("planning", _planning),
    ("review of the last stream", _review),
)


def warm() -> list[str]:
    """Run `STEPS`; the names of those done (a failed one is logged and skipped)."""
    done = []
    for name, step in STEPS:
        began = time.perf_counter()
        try:
            step()
        except Exception as error:  # best effort: the page itself reports what is wrong
            first_line = (str(error).splitlines() or [type(error).__name__])[0]
            log.info("first views: %s skipped (%s)", name, first_line)
            continue
        done.append(name)
        log.info("first views: %s ready in %.2f s", name, time.perf_counter() - began)
    return done
