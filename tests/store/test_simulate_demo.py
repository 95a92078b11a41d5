"""The demo's orchestration against a real store: which session, which store, which speed."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from cli.demo import (
    DemoError,
    DemoSession,
    demo_speed,
    fresh_store,
    pick_session,
    resolved_store_url,
    run_demo,
)
from core.store.models import LineupItem, LiveSession, OrderLine, Product

DAY = datetime(2026, 11, 26, tzinfo=UTC)


def add_session(engine: Engine, session_id: str, *, start: datetime, lineup: bool = True,
                orders: int = 0) -> None:
    with Session(engine) as db:
        if db.get(Product, "SKU-A") is None:
            db.add(Product(sku="SKU-A", name="A", category="c", unit_cost=1, price=9.99,
                           currency="USD", presale_allowed=True, supplier_lead_days=5))
        db.add(LiveSession(session_id=session_id, title=f"{session_id} live", platform="tiktok",
                           market="US", start=start, end=start + timedelta(hours=3),
                           traffic="paid"))
        db.commit()
        if lineup:
            db.add(LineupItem(session_id=session_id, sku="SKU-A", slot=1, price=9.99))
        db.add_all([OrderLine(order_id=f"{session_id}-{n}", sku="SKU-A", ts=start, qty=1,
                              unit_price=9.99, currency="USD", session_id=session_id)
                    for n in range(orders)])
        db.commit()


def test_the_demo_plays_the_first_session_that_has_no_orders_yet(engine: Engine) -> None:
    add_session(engine, "S-LAST-WEEK", start=DAY - timedelta(days=7), orders=40)
    add_session(engine, "S-NEXT-WEEK", start=DAY + timedelta(days=7))
    add_session(engine, "S-TODAY", start=DAY + timedelta(hours=20))
    add_session(engine, "S-NO-LINEUP", start=DAY + timedelta(hours=1), lineup=False)

    assert pick_session(engine).session_id == "S-TODAY"


def test_when_every_session_has_orders_the_demo_replays_the_latest(engine: Engine) -> None:
    add_session(engine, "S-OLD", start=DAY - timedelta(days=7), orders=3)
    add_session(engine, "S-NEW", start=DAY - timedelta(days=1), orders=3)
    assert pick_session(engine).session_id == "S-NEW"


def test_a_store_without_sessions_cannot_make_a_demo(engine: Engine) -> None:
    with pytest.raises(DemoError, match="no session with a lineup"):
        pick_session(engine)


def test_a_three_hour_stream_plays_in_five_minutes() -> None:
    stream = DemoSession("S", "t", DAY, DAY + timedelta(hours=3))
    assert demo_speed(stream) == 36.0
    assert demo_speed(DemoSession("S", "t", DAY, DAY + timedelta(minutes=2))) == 1.0


def test_the_demo_store_is_built_afresh_each_time(tmp_path: Path) -> None:
    url = resolved_store_url(f"sqlite:///{tmp_path / 'demo.db'}")
    engine = fresh_store(url)
    add_session(engine, "S-OLD", start=DAY, orders=2)
    engine.dispose()

    engine = fresh_store(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(OrderLine)).scalar_one() == 0
    engine.dispose()


def test_a_relative_store_path_is_made_absolute_for_the_dashboard_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolved_store_url("sqlite:///demo.db") == f"sqlite:///{tmp_path / 'demo.db'}"
    assert resolved_store_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    with pytest.raises(DemoError, match="a file"):
        resolved_store_url("sqlite://")


def test_the_demo_refuses_a_busy_port_before_touching_the_store(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(DemoError, match=f"port {port} is already in use"):
            run_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=tmp_path, port=port,
                     speed=None, seed=1, stop=threading.Event(), say=lambda _: None)
    assert not (tmp_path / "demo.db").exists()


def test_the_demo_names_a_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match=r"no sample data at .*nowhere"):
        run_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=tmp_path / "nowhere",
                 port=1, speed=None, seed=1, stop=threading.Event(), say=lambda _: None)


def test_the_demo_dashboard_listens_on_loopback_only_since_it_has_no_login() -> None:
    from cli.demo import streamlit_command

    command = streamlit_command(port=8501)

    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8501"


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (ROOT / "sample_data" / "sessions.csv").exists(),
                    reason="no sample_data/ to load")
def test_the_demo_hands_every_ended_stream_but_the_last_to_be_kept_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The last one is kept before the console opens (keep_ahead, reviews="last"); the ones
    # before it while the stream plays (cli.keep_ahead.keep_behind).
    import cli.demo
    import cli.keep_ahead
    import core.forecast.service
    from core.review.service import ended_sessions

    served: dict[str, Any] = {}
    monkeypatch.setattr(core.forecast.service, "keep_board_forecast", lambda *a, **k: True)
    monkeypatch.setattr(cli.keep_ahead, "keep_ahead", lambda *a, **k: [])
    monkeypatch.setattr(cli.demo, "_serve", lambda engine, **kwargs: served.update(
        kwargs, ended=ended_sessions(engine, at=kwargs["session"].start)) or 0)

    assert run_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", data_dir=ROOT / "sample_data",
                    port=free_port(), speed=None, seed=1, stop=threading.Event(),
                    say=lambda _: None) == 0

    assert len(served["ended"]) > 2
    assert list(served["earlier"]) == served["ended"][1:]


@pytest.mark.parametrize("console_answers", [True, False])
def test_the_reviews_are_kept_behind_once_the_console_answers_and_stop_with_the_demo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console_answers: bool) -> None:
    import cli.demo
    import cli.keep_ahead

    class QuietLoop:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def start(self) -> None:
            pass

        def close(self) -> None:
            pass

    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    keepers: list[subprocess.Popen[bytes]] = []

    def keep_behind(_engine: Engine, session_ids: Any, *, at: datetime
                    ) -> subprocess.Popen[bytes]:
        keepers.append(subprocess.Popen(sleeper, start_new_session=True))
        return keepers[-1]

    monkeypatch.setattr(cli.demo, "StreamLoop", QuietLoop)
    monkeypatch.setattr(cli.demo, "streamlit_command", lambda port: sleeper)
    monkeypatch.setattr(cli.keep_ahead, "keep_behind", keep_behind)
    monkeypatch.setattr(cli.demo, "console_answers", lambda port: console_answers)
    stop, said = threading.Event(), []
    threading.Timer(1.0, stop.set).start()
    engine = fresh_store(resolved_store_url(f"sqlite:///{tmp_path / 'demo.db'}"))
    try:
        code = cli.demo._serve(engine, url="sqlite://", port=1, seed=1, stop=stop,
                               say=said.append, earlier=["S1", "S2", "S3"],
                               session=DemoSession("S4", "t", DAY, DAY + timedelta(hours=3)),
                               speed=36.0)
    finally:
        engine.dispose()

    assert code == 0
    if not console_answers:  # its first views not made yet: nothing competes with them
        assert keepers == [] and not any("earlier streams" in line for line in said)
        return
    assert any("reviews of the 3 earlier streams" in line for line in said)
    assert len(keepers) == 1 and keepers[0].poll() is not None  # stopped with the demo


def test_the_console_answers_only_once_its_health_check_does(tmp_path: Path) -> None:
    from cli.demo import console_answers

    with socket.socket() as bound:  # bound and listening, as before its first views are made
        bound.bind(("127.0.0.1", 0))
        bound.listen()
        assert not console_answers(bound.getsockname()[1])
    assert not console_answers(free_port())  # nothing there

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/_stcore/health" else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            assert console_answers(server.server_address[1])
        finally:
            server.shutdown()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
