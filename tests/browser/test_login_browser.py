"""Revocation in a real browser: the live board's auto-refresh stops for a user removed or
re-passworded in secrets.toml while they watch, without anyone touching the page.

A real `streamlit run` reads a secrets.toml in a temp folder (`--secrets.files`); Streamlit
reloads it when it changes, and the board's 2-second fragment re-checks the visitor on its
next run. Screenshot: artifacts/login_revoked.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.common.auth import hash_password
from core.common.timeutil import utc_now
from core.store.db import make_engine
from core.store.schema import create_schema
from tests.app.livestore import TITLE, build_live_store
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or "")]

WAIT_MS = 30_000
SIGN_IN = "LiveStock: sign in"


@dataclass(frozen=True)
class Console:
    base: str
    secrets: Path

    def write_passwords(self, **hashes: str) -> None:
        lines = ["[passwords]", *(f'{user} = "{stored}"' for user, stored in hashes.items()),
                 "[roles]", 'ana = "editor"']
        self.secrets.write_text("\n".join(lines) + "\n", encoding="utf-8")


ANA = hash_password("ana-pw", iterations=1_000)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    url = f"sqlite:///{tmp_path / 'board.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_live_store(engine, now=utc_now())
    engine.dispose()
    secrets = tmp_path / "secrets.toml"
    console_ = Console("", secrets)
    console_.write_passwords(ana=ANA, bo=hash_password("bo-pw", iterations=1_000))
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with dashboard_server(url, log=ROOT / "artifacts" / "login_server.log",
                          options=["--secrets.files", str(secrets)]) as (base, _process):
        yield Console(base, secrets)


def sign_in_to_the_board(page: Any, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/?lang=en")
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".ls-tile", timeout=WAIT_MS)
    page.get_by_text(TITLE).first.wait_for(timeout=WAIT_MS)


def signed_out_without_a_touch(page: Any) -> None:
    page.get_by_role("heading", name=SIGN_IN).wait_for(timeout=15_000)
    assert page.locator(".ls-tile").count() == 0


def test_a_user_removed_or_re_passworded_while_watching_the_board_is_signed_out(
        console: Console) -> None:
    with chromium() as page:
        sign_in_to_the_board(page, console.base, "bo", "bo-pw")
        page.wait_for_timeout(3_000)  # the fragment refreshes the board meanwhile
        assert page.locator(".ls-tile").count() > 0

        console.write_passwords(ana=ANA, bo=hash_password("bo-new-pw", iterations=1_000))
        signed_out_without_a_touch(page)

        sign_in_to_the_board(page, console.base, "bo", "bo-new-pw")
        console.write_passwords(ana=ANA)
        signed_out_without_a_touch(page)
        page.screenshot(path=str(ROOT / "artifacts" / "login_revoked.png"))
