"""The flood phases: signed deliveries at a steady rate while slow clients or oversized
unsigned requests press on the receiver (quiet, slow clients, 413 flood), the pressure sent
from another process, the receiver's descriptors watched meanwhile."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.webhooks.load import RETRY_SECONDS, Delivery, Result, Shared, order_delivery, send_loop
from bench.webhooks.receiver_setup import SKUS, cpu_of

SLOW_HEAD = (b"POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             b"Content-Type: application/json\r\nX-Shopify-Topic: orders/create\r\n"
             b"X-Shopify-Webhook-Id: slow\r\nX-Shopify-Hmac-Sha256: AAAA\r\n"
             b"Content-Length: 100000\r\n\r\n")
FLOOD_REQUEST = (b"POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/json\r\nX-Shopify-Topic: orders/create\r\n"
                 b"X-Shopify-Webhook-Id: flood\r\nContent-Length: 1000000000\r\n\r\n"
                 + b"{" * 4096)
SLOW_BYTE_SECONDS = 10.0


@dataclass
class Phase:
    name: str
    signed: list[Result]
    deliveries: list[tuple[Delivery, str]]
    acked: set[int]
    max_fds: int
    log_bytes: int
    pressure: dict[str, int]
    rows_written: int = 0
    cpu_seconds: float = 0.0


def run_phases(args: argparse.Namespace, port: int, pid: int, engine: object, folder: Path,
               log_file: Path) -> list[Phase]:
    if args.phase_seconds <= 0:
        return []
    phases = []
    first = 50_000_000
    for number, name in enumerate(("quiet", "slow clients", "413 flood")):
        deliveries = [(order_delivery(first + number * 10_000_000 + n,
                                      {SKUS[n % len(SKUS)]: 1 + n % 3}, valid=True), "write")
                      for n in range(int(args.phase_rate * args.phase_seconds))]
        before_log = log_file.stat().st_size
        before_rows = rows_written(engine)
        before_cpu = cpu_of(pid)
        # The pressure comes from another process, so its threads never hold this
        # process's GIL while the signed deliveries are timed.
        context = multiprocessing.get_context("spawn")
        stop = context.Event()
        tallies: multiprocessing.Queue[dict[str, int]] = context.Queue()
        if name == "slow clients":
            presser = context.Process(target=pressure_process, daemon=True, args=(
                press_slowly, (port, args.slow_clients, args.slow_rate), stop, tallies))
            ramp = min(args.slow_clients / args.slow_rate, 15.0)
        elif name == "413 flood":
            presser = context.Process(target=pressure_process, daemon=True, args=(
                flood_413, (port, args.flood_threads), stop, tallies))
            ramp = 2.0
        else:
            presser, ramp = None, 0.0
        if presser is not None:
            presser.start()
        time.sleep(ramp)  # the pressure builds up before the timing starts
        fds: list[int] = []
        watcher = threading.Thread(target=watch_fds, args=(pid, stop, fds), daemon=True)
        watcher.start()
        shared = Shared()
        send_at_rate(port, deliveries, args.phase_rate, min(args.workers, 16), shared)
        stop.set()
        pressure: dict[str, int] = {}
        if presser is not None:
            with contextlib.suppress(queue.Empty):
                pressure = tallies.get(timeout=SLOW_BYTE_SECONDS + 20)
            presser.join(timeout=10)
        watcher.join(timeout=5)
        time.sleep(0.5)
        phases.append(Phase(name, shared.results,
                            deliveries, shared.acked, max(fds, default=0),
                            log_file.stat().st_size - before_log, pressure,
                            rows_written(engine) - before_rows, cpu_of(pid) - before_cpu))
    return phases


def send_at_rate(port: int, deliveries: list[tuple[Delivery, str]], rate: float,
                 workers: int, shared: Shared) -> None:
    work: queue.Queue[tuple[float, Delivery, str] | None] = queue.Queue()
    started = time.perf_counter()
    for position, (delivery, kind) in enumerate(deliveries):
        work.put((started + position / rate, delivery, kind))
    senders = [threading.Thread(target=send_loop, args=(port, work, shared, started),
                                daemon=True) for _ in range(workers)]
    for _ in senders:
        work.put(None)
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=len(deliveries) / rate + RETRY_SECONDS + 10)


def rows_written(engine: object) -> int:
    """Refusals the receiver kept (the floods must add none: nothing is written for a
    request whose signature was not checked)."""
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text("SELECT count(*) FROM webhook_rejection")).scalar_one())


def pressure_process(press: Callable[..., None], args: tuple[object, ...], stop: Any,
                     tallies: Any) -> None:
    """Run `press(*args, stop, tally)` in this (child) process, then hand back its tally."""
    tally: dict[str, int] = {}
    press(*args, stop, tally)
    tallies.put(tally)


def watch_fds(pid: int, stop: Any, seen: list[int]) -> None:
    while not stop.is_set():
        with contextlib.suppress(OSError):
            seen.append(len(os.listdir(f"/proc/{pid}/fd")))
        stop.wait(0.5)


def press_slowly(port: int, count: int, rate: float, stop: Any, tally: dict[str, int]
                 ) -> None:
    """`count` connections that send a byte every SLOW_BYTE_SECONDS (half of them still in
    their headers, half in their body), each opened again when the receiver cuts it off,
    at most `rate` new connections a second in all."""
    for key in ("opened", "cut_off", "refused"):
        tally[key] = 0

    async def main() -> None:
        tickets: asyncio.Queue[None] = asyncio.Queue()

        async def issue() -> None:  # `rate` tickets a second, one per new connection
            while True:
                tickets.put_nowait(None)
                await asyncio.sleep(1 / rate)

        async def one(position: int) -> None:
            while True:
                await tickets.get()
                try:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                except OSError:
                    tally["refused"] += 1
                    continue
                tally["opened"] += 1
                try:
                    writer.write(SLOW_HEAD if position % 2 else SLOW_HEAD[:24])
                    while True:
                        await writer.drain()
                        try:
                            if await asyncio.wait_for(reader.read(4096),
                                                      SLOW_BYTE_SECONDS) == b"":
                                break
                        except TimeoutError:
                            writer.write(b"{" if position % 2 else b"X")
                except OSError:
                    pass
                except asyncio.CancelledError:  # the bench ending the phase
                    writer.close()
                    raise
                tally["cut_off"] += 1
                writer.close()

        tasks = [asyncio.create_task(issue())]
        tasks += [asyncio.create_task(one(n)) for n in range(count)]
        while not stop.is_set():
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(main())


def flood_413(port: int, threads: int, stop: Any, tally: dict[str, int]) -> None:
    """`threads` threads sending unsigned requests that declare a 1 GB body, each on a new
    connection, as fast as the receiver answers."""
    tally.update({"sent": 0, "answered_413": 0, "other": 0})
    lock = threading.Lock()

    def loop() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as flood:
                    flood.sendall(FLOOD_REQUEST)
                    answer = flood.recv(64)
            except OSError:
                answer = b""
            with lock:
                tally["sent"] += 1
                tally["answered_413" if answer.startswith(b"HTTP/1.1 413") else "other"] += 1

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
