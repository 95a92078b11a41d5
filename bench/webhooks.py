"""The webhook receiver under a live stream's order rate, killed and restarted midway, then
under a slow-client flood and a 413 flood.

    python bench/webhooks.py [--rate 500] [--seconds 60] [--workers 24] [--keep DIR]
                             [--phase-seconds 20] [--phase-rate 100] [--slow-clients 2000]
                             [--slow-rate 200] [--flood-threads 4] [--max-connections N]

Loopback only, bounded: `rate` x `seconds` deliveries, then at most 30 s of retries; then
three phases of `phase-seconds` each, signed deliveries at `phase-rate` throughout:
quiet (the yardstick), slow clients (`slow-clients` connections sending a byte every 10 s,
half of them in their headers, half in their body, opened again when cut off, at most
`slow-rate` new connections a second, as slowhttptest does) and a 413
flood (`flood-threads` threads sending unsigned requests declaring a 1 GB body, as fast as
they are answered). Each phase prints the signed deliveries' p50 / p99 (READINGS: p99 under
1 s), the receiver's open file descriptors, how much it logged, and for the flood how many
rows it wrote (none: nothing is written before the signature).
Starts `livestock serve-webhooks` on a fresh SQLite store (one US session live now, 40
lineup products with stock), then sends signed Shopify orders/create deliveries at `rate`
per second: 10% are redeliveries of an earlier one (same X-Shopify-Webhook-Id), 1% are
badly signed (their orders must never land). A thread computes the board
(core.board.service.board_at) every 2 s meanwhile. Halfway through, the receiver gets
SIGKILL and is started again; the
senders retry unanswered deliveries as a platform would.

Baseline, measured in the same run before the load: the answer time of a badly signed
request (401: read, HMAC, no store). Prints p50 / p99 answer times of signed writes beside
it and their ratio, the rate the receiver sustained, the board's times, and the audit:
every acknowledged order exactly once in the store (its lines and units, not doubled),
every badly signed one absent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import multiprocessing
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from core.board.service import board_at  # noqa: E402
from core.ingest.service import load_directory  # noqa: E402
from core.platforms.webhooks import shopify_signature  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402

SECRET = "bench-secret"
SESSION = "BENCH-US"
SKUS = [f"BENCH-{n:03d}" for n in range(40)]
RETRY_SECONDS = 30.0


@dataclass
class Delivery:
    order_number: int
    webhook_id: str
    body: bytes
    signature: str
    valid: bool
    lines: dict[str, int]


@dataclass
class Result:
    kind: str  # write, duplicate, bad
    status: int
    seconds: float
    attempts: int
    sent_late: float
    sent_at: float
    total: float = 0.0  # from the first attempt to the last answer, retries included


@dataclass
class Shared:
    results: list[Result] = field(default_factory=list)
    acked: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    gave_up: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=500.0, help="deliveries per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run")
    parser.add_argument("--workers", type=int, default=24, help="sending threads")
    parser.add_argument("--port", type=int, default=0, help="receiver port (0: a free one)")
    parser.add_argument("--keep", type=Path, help="keep the store in this folder")
    parser.add_argument("--phase-seconds", type=float, default=20.0,
                        help="length of each flood phase (0: none)")
    parser.add_argument("--phase-rate", type=float, default=100.0,
                        help="signed deliveries per second during the flood phases")
    parser.add_argument("--slow-clients", type=int, default=2_000,
                        help="slow connections kept open in the slow-client phase")
    parser.add_argument("--slow-rate", type=float, default=200.0,
                        help="new slow connections opened per second at most")
    parser.add_argument("--flood-threads", type=int, default=4,
                        help="threads sending oversized unsigned requests in the 413 phase")
    parser.add_argument("--max-connections", type=int,
                        help="the receiver's --max-connections (its default when not given)")
    args = parser.parse_args()
    if not (0 < args.rate <= 5_000 and 0 < args.seconds <= 600):
        parser.error("--rate must be in (0, 5000] and --seconds in (0, 600]")
    if not (0 <= args.phase_seconds <= 600 and 0 < args.phase_rate <= 2_000
            and 0 <= args.slow_clients <= 10_000 and 0 <= args.flood_threads <= 64
            and 0 < args.slow_rate <= 10_000):
        parser.error("--phase-seconds in [0, 600], --phase-rate in (0, 2000], "
                     "--slow-clients in [0, 10000], --flood-threads in [0, 64]")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="livestock-bench-webhooks-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    url = f"sqlite:///{folder / 'bench.db'}"
    build_store(url, folder)
    port = args.port or free_port()
    log_file = folder / "receiver.log"
    receiver = start_receiver(url, port, log_file, args.max_connections)
    try:
        baseline = measure_baseline(port, seconds=2.0)
        deliveries = list(plan(args.rate, args.seconds))
        shared = Shared()
        stop_board = threading.Event()
        board_times: list[float] = []
        board_errors: list[str] = []
        engine = make_engine(url)
        board = threading.Thread(target=board_loop, args=(engine, stop_board, board_times,
                                                          board_errors), daemon=True)
        board.start()
        started = time.perf_counter()
        work: queue.Queue[tuple[float, Delivery, str] | None] = queue.Queue()
        for position, (delivery, kind) in enumerate(deliveries):
            work.put((started + position / args.rate, delivery, kind))
        senders = [threading.Thread(target=send_loop, args=(port, work, shared, started),
                                    daemon=True) for _ in range(args.workers)]
        for _ in senders:
            work.put(None)
        for sender in senders:
            sender.start()
        time.sleep(max(args.seconds / 2 - (time.perf_counter() - started), 0))
        killed_at = time.perf_counter()
        cpu_seconds = cpu_of(receiver.pid)
        receiver.send_signal(signal.SIGKILL)
        receiver.wait()
        receiver = start_receiver(url, port, log_file, args.max_connections)
        downtime = time.perf_counter() - killed_at
        for sender in senders:
            sender.join(timeout=args.seconds + RETRY_SECONDS + 10)
        elapsed = time.perf_counter() - started
        cpu_seconds += cpu_of(receiver.pid)
        stop_board.set()
        board.join(timeout=30)
        phases = run_phases(args, port, receiver.pid, engine, folder, log_file)
        for phase in phases:
            deliveries += phase.deliveries
            shared.acked |= phase.acked
        audit = audit_store(engine, deliveries, shared.acked)
        engine.dispose()
    finally:
        receiver.send_signal(signal.SIGTERM)
        try:
            receiver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            receiver.kill()
    kill_window = (killed_at - started - 1.0, killed_at - started + downtime + 2.0)
    report(args, baseline, shared, elapsed, downtime, kill_window, board_times, board_errors,
           audit, cpu_seconds)
    report_phases(phases)
    flood_wrote = any(phase.rows_written for phase in phases)
    return 0 if audit["ok"] and not flood_wrote else 1


# ---------------------------------------------------------------------------------------
# The store and the receiver.


def build_store(url: str, folder: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    (data / "warehouses.csv").write_text(
        "warehouse_id,name,country,mode,currency,storage_fee_unit_day,inbound_fee_unit,"
        "outbound_fee_order,return_fee_unit\nUS-FBA,FBA,US,platform,USD,0.02,0,4.6,2.9\n")
    (data / "products.csv").write_text(
        "sku,name,category,substitute_group,unit_cost,price,currency,presale_allowed,"
        "supplier_lead_days\n" + "".join(f"{sku},Item {sku},bench,,5,20,USD,true,7\n"
                                         for sku in SKUS))
    start, end = now - timedelta(minutes=10), now + timedelta(hours=3)
    (data / "sessions.csv").write_text(
        "session_id,title,platform,market,warmup_start,start,end,traffic\n"
        f"{SESSION},Bench live,shopify,US,,{start.isoformat()},{end.isoformat()},paid\n")
    (data / "lineup.csv").write_text(
        "session_id,sku,slot,price,variant\n" + "".join(
            f"{SESSION},{sku},{n},20,\n" for n, sku in enumerate(SKUS)))
    counted = (now - timedelta(hours=1)).isoformat()
    (data / "stock.csv").write_text(
        "sku,warehouse_id,counted_at,on_hand,reserved\n" + "".join(
            f"{sku},US-FBA,{counted},1000000,0\n" for sku in SKUS))
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, data)
    engine.dispose()


def start_receiver(url: str, port: int, log_file: Path, max_connections: int | None
                   ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LIVESTOCK_SHOPIFY_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    cap = [] if max_connections is None else ["--max-connections", str(max_connections)]
    with log_file.open("ab") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve-webhooks", "--host", "127.0.0.1", "--port",
             str(port), "--db", url, *cap], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the receiver did not listen on port {port} within 30 s")


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------------------------------
# The load.


def plan(rate: float, seconds: float) -> Iterator[tuple[Delivery, str]]:
    """rate x seconds deliveries: every 10th a redelivery of an earlier one, every 100th
    (offset by 5) badly signed; the rest new orders of 1-3 skus."""
    total = int(rate * seconds)
    sent: list[Delivery] = []
    for n in range(total):
        if n % 10 == 9 and sent:
            yield sent[(n * 7919) % len(sent)], "duplicate"
            continue
        valid = n % 100 != 5
        lines = {SKUS[(n * 13 + k * 7) % len(SKUS)]: 1 + (n + k) % 3
                 for k in range(1 + n % 3)}
        delivery = order_delivery(n, lines, valid=valid)
        if valid:
            sent.append(delivery)
        yield delivery, "write" if valid else "bad"


def order_delivery(n: int, lines: dict[str, int], *, valid: bool) -> Delivery:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    body = json.dumps({
        "id": 9_000_000_000 + n, "created_at": created, "currency": "USD",
        "financial_status": "paid", "shipping_address": {"country_code": "US"},
        "line_items": [{"sku": sku, "quantity": qty, "price": "19.99"}
                       for sku, qty in lines.items()]}).encode()
    signature = shopify_signature(body=body, secret=SECRET if valid else "not-the-secret")
    return Delivery(n, f"bench-{n}", body, signature, valid, lines)


def send_loop(port: int, work: queue.Queue[tuple[float, Delivery, str] | None],
              shared: Shared, started: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    deadline_extra = RETRY_SECONDS
    while (item := work.get()) is not None:
        due, delivery, kind = item
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        sent_late = max(time.perf_counter() - due, 0.0)
        give_up_at = time.perf_counter() + deadline_extra
        first_began = time.perf_counter()
        attempts = 0
        while True:
            attempts += 1
            began = time.perf_counter()
            try:
                connection.request("POST", "/webhooks/shopify", body=delivery.body, headers={
                    "Content-Type": "application/json", "X-Shopify-Topic": "orders/create",
                    "X-Shopify-Webhook-Id": delivery.webhook_id,
                    "X-Shopify-Hmac-Sha256": delivery.signature})
                answer = connection.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status = 0
            seconds = time.perf_counter() - began
            if status in (200, 401, 400, 422) or time.perf_counter() > give_up_at:
                break
            time.sleep(0.05)  # a platform retries an unanswered delivery later
        with shared.lock:
            shared.results.append(Result(kind, status, seconds, attempts, sent_late,
                                         due + sent_late - started,
                                         time.perf_counter() - first_began))
            if status == 200 and delivery.valid:
                shared.acked.add(delivery.order_number)
            elif status != 200 and delivery.valid:
                shared.gave_up += 1
    connection.close()


def measure_baseline(port: int, *, seconds: float) -> list[float]:
    """Answer times of badly signed requests on one connection: no store involved."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    ends = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < ends:
        delivery = order_delivery(10_000_000 + n, {SKUS[0]: 1}, valid=False)
        began = time.perf_counter()
        connection.request("POST", "/webhooks/shopify", body=delivery.body, headers={
            "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": delivery.webhook_id,
            "X-Shopify-Hmac-Sha256": delivery.signature})
        answer = connection.getresponse()
        answer.read()
        times.append(time.perf_counter() - began)
        n += 1
        time.sleep(0.002)
    connection.close()
    return times


def board_loop(engine: object, stop: threading.Event, times: list[float],
               errors: list[str]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        try:
            board_at(engine, session_id=SESSION)  # type: ignore[arg-type]
            times.append(time.perf_counter() - began)
        except Exception as error:  # counted and printed, never hidden
            errors.append(f"{type(error).__name__}: {error}")
        stop.wait(2.0)


# ---------------------------------------------------------------------------------------
# The flood phases: signed deliveries at a steady rate while slow clients or oversized
# unsigned requests press on the receiver.

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


def report_phases(phases: list[Phase]) -> None:
    if not phases:
        return

    def ms(values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return 1000 * ordered[min(int(q * len(ordered)), len(ordered) - 1)]

    quiet = [r.total for r in phases[0].signed if r.status == 200]
    print("  phases (signed deliveries throughout, answer time retries included; READINGS: "
          "p99 under 1 s):")
    for phase in phases:
        times = [r.total for r in phase.signed if r.status == 200]
        failed = sum(1 for r in phase.signed if r.status != 200)
        retried = sum(1 for r in phase.signed if r.attempts > 1)
        extra = ", ".join(f"{key} {value:,}" for key, value in phase.pressure.items())
        print(f"    {phase.name:<13} signed {len(times):,} answered 200 ({failed} not, "
              f"{retried} retried), "
              f"p50 {ms(times, .5):6.1f} ms  p99 {ms(times, .99):6.1f} ms  "
              f"(p99 {ms(times, .99) / max(ms(quiet, .99), 1e-9):4.1f}x quiet); "
              f"receiver fds max {phase.max_fds:,}; log +{phase.log_bytes:,} bytes"
              + (f"; {extra}" if extra else ""))
        print(f"    {'':<13} receiver CPU {phase.cpu_seconds:.1f} s; webhook_rejection rows "
              f"written meanwhile: {phase.rows_written:,}")


# ---------------------------------------------------------------------------------------
# The audit and the report.


def audit_store(engine: object, deliveries: list[tuple[Delivery, str]], acked: set[int]
                ) -> dict[str, object]:
    expected = {d.order_number: d for d, kind in deliveries if kind == "write"}
    bad = {d.order_number for d, kind in deliveries if kind == "bad"}
    with engine.connect() as conn:  # type: ignore[attr-defined]
        stored: dict[int, dict[str, int]] = {}
        for order_id, sku, qty in conn.execute(text(
                "SELECT order_id, sku, qty FROM order_line WHERE source = 'webhook:shopify'")):
            stored.setdefault(int(order_id.split(":")[1]) - 9_000_000_000, {})[sku] = qty
        receipts = conn.execute(text("SELECT count(*) FROM webhook_receipt")).scalar_one()
    lost = [n for n in acked if stored.get(n) != expected[n].lines]
    doubled = [n for n, lines in stored.items() if n in expected and lines != expected[n].lines]
    landed_bad = [n for n in bad if n in stored]
    return {"ok": not lost and not doubled and not landed_bad, "expected": len(expected),
            "acked": len(acked), "stored": len(stored), "lost": len(lost),
            "doubled": len(doubled), "bad_landed": len(landed_bad), "bad": len(bad),
            "receipts": receipts}


def report(args: argparse.Namespace, baseline: list[float], shared: Shared, elapsed: float,
           downtime: float, kill_window: tuple[float, float], board_times: list[float],
           board_errors: list[str], audit: dict[str, object], cpu_seconds: float) -> None:
    def ms(values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return 1000 * ordered[min(int(q * len(ordered)), len(ordered) - 1)]

    first = [r for r in shared.results if r.attempts == 1 and r.status]
    writes = [r.seconds for r in first if r.kind == "write" and r.status == 200]
    dups = [r.seconds for r in first if r.kind == "duplicate" and r.status == 200]
    steady = [r.seconds for r in first if r.kind == "write" and r.status == 200
              and not kill_window[0] <= r.sent_at <= kill_window[1]]
    bad = [r for r in shared.results if r.kind == "bad"]
    retried = sum(1 for r in shared.results if r.attempts > 1)
    late = [r.sent_late for r in shared.results]
    answered = sum(1 for r in shared.results if r.status)
    base = statistics.median(baseline) * 1000
    print(f"webhook receiver, {args.rate:g}/s for {args.seconds:g} s "
          f"({len(shared.results):,} deliveries, {args.workers} senders), loopback, SQLite WAL")
    print(f"  baseline (401, no store)   p50 {base:6.2f} ms   p99 {ms(baseline, .99):6.2f} ms")
    print(f"  signed write (200)         p50 {ms(writes, .5):6.2f} ms   p99 "
          f"{ms(writes, .99):6.2f} ms   p50 ratio to baseline {ms(writes, .5) / base:4.1f}x")
    print(f"  signed write, steady       p50 {ms(steady, .5):6.2f} ms   p99 "
          f"{ms(steady, .99):6.2f} ms   (leaving out 1 s before the kill to 2 s after the "
          "restart)")
    print(f"  redelivery (200 duplicate) p50 {ms(dups, .5):6.2f} ms   p99 {ms(dups, .99):6.2f} ms")
    print(f"  sustained: {answered / elapsed:,.0f} answers/s over {elapsed:.1f} s; sender lag "
          f"p50 {ms(late, .5):.1f} ms p99 {ms(late, .99):.1f} ms (how late a delivery left "
          "its schedule)")
    print(f"  receiver CPU: {cpu_seconds:.1f} s for {answered:,} answers = "
          f"{1000 * cpu_seconds / max(answered, 1):.2f} ms each (one core: about "
          f"{answered / max(cpu_seconds, 1e-9):,.0f} answers/s)")
    print(f"  SIGKILL at {args.seconds / 2:g} s, listening again {downtime:.2f} s later; "
          f"{retried:,} deliveries retried, {shared.gave_up} given up")
    print(f"  badly signed: {sum(1 for r in bad if r.status == 401)}/{len(bad)} answered 401")
    print(f"  board_at every 2 s: {len(board_times)} runs, p50 {ms(board_times, .5):.1f} ms, "
          f"p99 {ms(board_times, .99):.1f} ms, {len(board_errors)} errors"
          + (f" (first: {board_errors[0]})" if board_errors else ""))
    print(f"  audit: {audit['acked']:,} of {audit['expected']:,} orders acknowledged, "
          f"{audit['stored']:,} in the store, {audit['lost']} acknowledged but lost, "
          f"{audit['doubled']} doubled, {audit['bad_landed']} of {audit['bad']} badly signed "
          f"landed; {audit['receipts']:,} receipts -> {'OK' if audit['ok'] else 'FAILED'}")


if __name__ == "__main__":
    raise SystemExit(main())
