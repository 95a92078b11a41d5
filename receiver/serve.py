"""Running the receiver: uvicorn with limits that hold under a flood.

- `max_body_bytes` (1 MiB): a huge body is a 413 from its Content-Length, before it is read;
- `body_timeout_seconds` (10 s): a body sent a byte at a time is a 408 (the app's deadline);
- `read_timeout_seconds` (10 s): a request's headers and body must arrive within this from
  the moment the connection is ready for it, else it is closed (receiver.connections);
- `keep_alive_seconds` (5 s): idle keep-alive connections close (uvicorn's
  `timeout_keep_alive`);
- `max_connections` (10,000, and below the process's file descriptor limit, whose soft
  value is first raised to the hard one): past it, the connection waiting longest for its
  request is closed (receiver.connections);
- `max_header_bytes` (16 KiB): longer headers are a 400 (h11's
  `max_incomplete_event_size`, through uvicorn);
- `backlog` (2,048): connections the kernel queues before the receiver accepts them.

uvicorn's `limit_concurrency` counts open connections and answers 503 past it, so under a
slow-client flood it would turn the platforms away too; it is set above the connection
cap, as a backstop only. Repeated log lines are limited (receiver.logs).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

import uvicorn
from sqlalchemy import Engine

from core.platforms.webhooks import MAX_BODY_BYTES
from receiver.app import BODY_TIMEOUT_SECONDS, create_app, refuse_oversized_first
from receiver.connections import ConnectionGuard
from receiver.logs import limit_repeats
from receiver.secrets import Secrets

# File descriptors kept free of connections: the store's files, the log, uvicorn's own.
FD_RESERVE = 64


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = MAX_BODY_BYTES
    body_timeout_seconds: float = BODY_TIMEOUT_SECONDS
    read_timeout_seconds: float = 10.0
    keep_alive_seconds: float = 5.0
    max_connections: int = 10_000
    max_header_bytes: int = 16_384
    backlog: int = 2_048


def connection_cap(wanted: int) -> int:
    """`wanted`, or fewer when the process may not open that many files: raises the soft
    file-descriptor limit to the hard one first (Linux's default soft limit is 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - FD_RESERVE))


def server(*, engine: Engine, secrets: Secrets, host: str, port: int,
           limits: Limits = Limits()) -> uvicorn.Server:
    """A uvicorn server of the receiver with `limits`, not started (`.run()` serves).
    Repeated log lines are limited from here on (receiver.logs)."""
    limit_repeats()
    guard = ConnectionGuard(max_connections=connection_cap(limits.max_connections),
                            read_timeout_seconds=limits.read_timeout_seconds)
    app = create_app(engine=engine, secrets=secrets, max_body_bytes=limits.max_body_bytes,
                     body_timeout_seconds=limits.body_timeout_seconds)
    config = uvicorn.Config(
        refuse_oversized_first(app, max_body_bytes=limits.max_body_bytes),
        host=host, port=port, http=guard.protocol(), log_level="warning", access_log=False,
        timeout_keep_alive=int(max(1, limits.keep_alive_seconds)),
        limit_concurrency=guard.max_connections + 16, backlog=limits.backlog,
        h11_max_incomplete_event_size=limits.max_header_bytes)
    uvicorn_server = uvicorn.Server(config)
    uvicorn_server.guard = guard  # type: ignore[attr-defined]  # for tests and the bench
    return uvicorn_server


def serve(*, engine: Engine, secrets: Secrets, host: str, port: int,
          limits: Limits = Limits()) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM)."""
    server(engine=engine, secrets=secrets, host=host, port=port, limits=limits).run()
