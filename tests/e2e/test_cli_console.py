"""The CLI as a new user runs it right after the Quickstart: one line on a store that is
missing, empty or not LiveStock's (naming it and the command that makes one), nothing
created by asking, and a piped board whose "why" column stays readable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.common.timeutil import utc_now
from core.store.db import make_engine
from core.store.schema import create_schema
from tests.app.livestore import SESSION_ID, build_live_store
from tests.review_store import SESSION_ID as REVIEWED
from tests.review_store import build_review_store

ROOT = Path(__file__).resolve().parents[2]
CLI = "from cli import app; app(prog_name=\"livestock\")"


def livestock(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LIVESTOCK_DB", "COLUMNS")}
    return subprocess.run([sys.executable, "-c", CLI, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("command", [["board", "--session", "S1"], ["plan"],
                                     ["review", "--session", "S1"],
                                     ["forecast", "--session", "S1"]])
def test_a_missing_store_is_one_line_naming_it_and_how_to_make_one_and_stays_missing(
        tmp_path: Path, command: list[str]) -> None:
    result = livestock(*command, cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(tmp_path / "livestock.db") in result.stderr
    assert "livestock load DIR" in result.stderr and "livestock demo" in result.stderr
    assert not (tmp_path / "livestock.db").exists()


def test_an_empty_or_foreign_store_is_one_line_too(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    (tmp_path / "notes.db").write_text("not a database at all\n")

    for name in ("empty.db", "notes.db"):
        result = livestock("board", "--session", "S1", "--db", f"sqlite:///{name}",
                           cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert str(tmp_path / name) in result.stderr and "livestock load DIR" in result.stderr


def test_a_plain_file_path_is_a_sqlite_store_and_a_wrong_address_one_line(
        tmp_path: Path) -> None:
    made = livestock("load", str(ROOT / "tests" / "fixtures" / "ingest" / "good"),
                     "--db", "shop.db", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "shop.db").stat().st_size > 0

    for wrong in ("mysql://host/shop", "postgresql+psycopg://me:hunter2@host:port/shop"):
        result = livestock("plan", "--db", wrong, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "--db" in result.stderr and "postgresql+psycopg://user@host/db" in result.stderr
        assert "hunter2" not in result.stderr


def test_a_piped_board_keeps_whole_reasons_in_its_why_column(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    create_schema(engine)
    build_live_store(engine, now=utc_now())
    engine.dispose()

    result = livestock("board", "--session", SESSION_ID, "--db", "sqlite:///live.db",
                       cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    # one line, not 12-character shreds
    assert "swap to LED Strip 10m (1,240 left)" in result.stdout


def test_the_html_report_follows_the_commands_english_and_utc_unless_told(tmp_path: Path
                                                                          ) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'review.db'}")
    create_schema(engine)
    build_review_store(engine)
    engine.dispose()

    plain = livestock("review", "--session", REVIEWED, "--html", "plain.html", "--db",
                      "sqlite:///review.db", cwd=tmp_path)
    chinese = livestock("review", "--session", REVIEWED, "--html", "zh.html", "--lang", "zh",
                        "--tz", "Asia/Shanghai", "--db", "sqlite:///review.db", cwd=tmp_path)

    assert plain.returncode == 0 and chinese.returncode == 0, plain.stderr + chinese.stderr
    report = (tmp_path / "plain.html").read_text()
    assert '<html lang="en"' in report and "Time (UTC)" in report
    assert '<html lang="zh-CN"' in (tmp_path / "zh.html").read_text()
