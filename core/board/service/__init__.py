"""The live board as a service: read the facts, compute the board, record what changed.

One module per idea:
- `boards`: the board composed at a moment (`board_at`, `board_with_forecast`, `boards_at`,
  with the calm replay and the audience);
- `sessions`: which session, and its clock (`session_clock`, `store_clock`,
  `current_session`, `last_session`, `session_list`, `session_gmv`);
- `facts`: what a board is computed from (`read_facts`, on an open connection);
- `records`: the light records and alerts, written and read back (`record_changes`,
  `recent_alerts`).

Re-exported here, so callers import them from `core.board.service` as before: every name
listed above.
"""

from core.board.service.boards import board_at, board_with_forecast, boards_at
from core.board.service.facts import read_facts
from core.board.service.records import recent_alerts, record_changes
from core.board.service.sessions import (
    current_session,
    last_session,
    session_clock,
    session_gmv,
    session_list,
    store_clock,
)

__all__ = [
    "board_at",
    "board_with_forecast",
    "boards_at",
    "current_session",
    "last_session",
    "read_facts",
    "recent_alerts",
    "record_changes",
    "session_clock",
    "session_gmv",
    "session_list",
    "store_clock",
]
