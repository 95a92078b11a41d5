"""Slow clients cannot hold the receiver: every request must arrive in full within a
deadline, and past a number of open connections the one that has been sending the longest
is closed to make room.

uvicorn (h11) has an idle keep-alive timeout, but it stops that timer at the first byte
and starts none for a new connection: a client sending a byte every 10 s holds a
connection, a file descriptor and some memory forever, and 20,000 of them exhaust the
process's file descriptors (issue 15, item 2). Its `limit_concurrency` counts open
connections, so under such a flood it would answer 503 to the platforms too. This protocol
is uvicorn's own H11Protocol with two additions:

- a read deadline: from the moment a connection is ready for a request (opened, or its
  last answer sent) the whole request, headers and body, must arrive within
  `read_timeout_seconds`; past it the connection is closed;
- a connection cap: when `max_connections` are open, a new connection closes the one that
  has been waiting for its request the longest, never one whose request is being
  answered. Suspects go first: a connection part-way through a request, or one that has
  never sent a whole request; an idle keep-alive connection that has been answered before
  (a platform's pooled connection) only when there is no suspect left. A platform's
  delivery arrives in milliseconds, so it is never a suspect for long; a flood of slow
  clients evicts itself.

Closings are counted and logged through the repeat-limited log (receiver.logs).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("livestock.receiver")


@dataclass
class ConnectionGuard:
    """Shared by every connection of one server."""

    max_connections: int
    read_timeout_seconds: float
    open: int = 0
    timed_out: int = 0
    evicted: int = 0
    # Connections waiting for (the rest of) a request, the longest waiting first: suspects
    # (part-way through a request, or never answered) and idle keep-alive ones.
    suspects: OrderedDict[GuardedH11Protocol, None] = field(default_factory=OrderedDict)
    idle: OrderedDict[GuardedH11Protocol, None] = field(default_factory=OrderedDict)

    def victim(self) -> GuardedH11Protocol | None:
        """The connection to close for a new one: the longest-waiting suspect, else the
        longest-idle keep-alive connection, else None."""
        return next(iter(self.suspects), None) or next(iter(self.idle), None)

    def protocol(self) -> type[GuardedH11Protocol]:
        """The protocol class to give uvicorn (`http=`), bound to this guard."""
        return type("BoundGuardedH11Protocol", (GuardedH11Protocol,), {"guard": self})


class GuardedH11Protocol(H11Protocol):
    guard: ConnectionGuard

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._counted = False
        self._answered = 0  # requests answered on this connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        guard = self.guard
        guard.open += 1
        self._counted = True
        if guard.open > guard.max_connections:
            victim = guard.victim()
            if victim is None:  # every connection is being answered: refuse this one
                log.warning("connection cap (%d) reached with every connection busy: "
                            "refused a new one", guard.max_connections)
                self._close()
                return
            guard.evicted += 1
            log.warning("connection cap (%d) reached: closed the connection that waited "
                        "longest for its request", guard.max_connections)
            victim._close()
        self._track()

    def connection_lost(self, exc: Exception | None) -> None:
        self._forget()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._track()

    def on_response_complete(self) -> None:
        self._answered += 1
        self._stop_deadline()  # waiting for a new request from now on
        super().on_response_complete()
        self._track()

    def _waiting_for_request(self) -> bool:
        cycle = self.cycle
        return cycle is None or cycle.response_complete or cycle.more_body

    def _idle(self) -> bool:
        """Answered before, and not a byte of the next request yet."""
        cycle = self.cycle
        return (self._answered > 0 and cycle is not None and cycle.response_complete
                and not self.conn.trailing_data[0])

    def _track(self) -> None:
        """Start the read deadline when the connection waits for a request, stop it once
        the request is in (its answer is the application's business); file it among the
        suspects or the idle."""
        if self.transport.is_closing():
            return
        guard = self.guard
        if not self._waiting_for_request():
            self._stop_deadline()
            return
        if self._deadline is None:
            self._deadline = self.loop.call_later(guard.read_timeout_seconds, self._too_slow)
        if self._idle():
            guard.idle[self] = None
        elif self not in guard.suspects:
            guard.idle.pop(self, None)
            guard.suspects[self] = None

    def _too_slow(self) -> None:
        self.guard.timed_out += 1
        log.warning("closed a connection that took more than %g s to send its request",
                    self.guard.read_timeout_seconds)
        self._close()

    def _stop_deadline(self) -> None:
        self.guard.suspects.pop(self, None)
        self.guard.idle.pop(self, None)
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _forget(self) -> None:
        self._stop_deadline()
        if self._counted:
            self._counted = False
            self.guard.open -= 1

    def _close(self) -> None:
        """Close now and stop counting this connection (its connection_lost comes later)."""
        self._forget()
        if not self.transport.is_closing():
            self.transport.close()
