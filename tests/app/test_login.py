"""The dashboard's login gate and roles, run headless (AppTest) on a SQLite store in a file.

Secrets are given the way Streamlit reads .streamlit/secrets.toml (`AppTest.secrets`); an
OIDC sign-in is stood in for by `AppTest.user`, as Streamlit's provider callback would set it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, update
from streamlit.testing.v1 import AppTest

from core.common.auth import hash_password
from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.store.migrations import head_revision, migrate
from core.store.schema import drop_schema, upgrade_store
from core.store.settings_store import load_settings, save_settings
from tests.app.livestore import TITLE, build_live_store
from tests.app.planstore import APP, app_store

ANA_PASSWORD = "长城-Great-Wall-2026"
SETTINGS_PAGE = "views/settings.py"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with app_store(tmp_path, monkeypatch) as engine:
        build_live_store(engine, now=utc_now())
        yield engine


def passwords_secrets() -> dict[str, Any]:
    return {"passwords": {"ana": hash_password(ANA_PASSWORD, iterations=1_000),
                          "bo": hash_password("bo-pw", iterations=1_000)},
            "roles": {"ana": "editor", "bo": "viewer"}}


def dashboard(secrets: dict[str, Any] | None = None, *, page: str | None = None,
              user: dict[str, Any] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = "en"
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    if user is not None:
        app.user = user
    if page is not None:
        app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input(key="auth.name").input(name)
    app.text_input(key="auth.password").input(password)
    app.button[0].click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def shown(app: AppTest) -> str:
    """Every text on the page and in the sidebar (the board's tiles are HTML), joined."""
    parts = [getattr(e, "value", "") for kind in ("title", "markdown", "caption", "info",
                                                  "error", "warning") for e in app.get(kind)]
    return "\n".join([*map(str, parts), *(e.proto.body for e in app.get("html"))])


def test_with_no_secrets_the_dashboard_is_open_and_says_so(store: Engine) -> None:
    app = dashboard()

    assert "Open access: no login configured" in shown(app)
    assert TITLE in shown(app)


def test_with_passwords_nothing_shows_before_signing_in(store: Engine) -> None:
    app = dashboard(passwords_secrets())

    assert [title.value for title in app.title] == ["LiveStock: sign in"]
    assert TITLE not in shown(app)


def test_a_wrong_password_is_refused_and_the_board_stays_hidden(store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets()), "ana", "great-wall")

    assert [e.value for e in app.error] == ["Wrong name or password."]
    assert TITLE not in shown(app)


def test_the_right_password_opens_the_board_and_names_the_user_and_role(store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets()), "ana", ANA_PASSWORD)

    assert TITLE in shown(app)
    assert "Signed in: ana · editor" in shown(app)
    app.sidebar.button(key="auth.logout").click().run()
    assert [title.value for title in app.title] == ["LiveStock: sign in"]


def test_a_plain_text_password_works_with_a_loud_warning(store: Engine) -> None:
    app = sign_in(dashboard({"passwords": {"cy": "cy-pw"}}), "cy", "cy-pw")

    assert TITLE in shown(app)
    assert any("PLAIN TEXT" in w.value and "cy" in w.value for w in app.warning)


def test_a_viewer_sees_settings_read_only_and_cannot_save(store: Engine) -> None:
    save_settings(store, Settings(tier_live_days=21.0, language="en"))
    app = sign_in(dashboard(passwords_secrets(), page=SETTINGS_PAGE), "bo", "bo-pw")

    assert any("only editors may change settings" in i.value for i in app.info)
    number_inputs = [w for w in app.number_input if (w.key or "").startswith("settings.")]
    assert number_inputs and all(w.disabled for w in number_inputs)
    assert [b.disabled for b in app.button if b.label == "Save"] == [True]
    assert load_settings(store).tier_live_days == 21.0


def test_an_editor_saves_settings(store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets(), page=SETTINGS_PAGE), "ana", ANA_PASSWORD)
    live_days = next(w for w in app.number_input if (w.key or "").startswith(
        "settings.tier_live_days."))

    assert not live_days.disabled
    live_days.set_value(18.0)
    next(b for b in app.button if b.label == "Save").click().run()

    assert not app.exception
    assert load_settings(store).tier_live_days == 18.0


OIDC = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback",
                 "cookie_secret": "x" * 32, "client_id": "livestock",
                 "client_secret": "s", "server_metadata_url":
                     "https://accounts.example.com/.well-known/openid-configuration"},
        "roles": {"ana@shop.cn": "editor"}}


def test_with_oidc_a_signed_out_visitor_gets_only_the_sign_in_button(store: Engine) -> None:
    app = dashboard(OIDC)

    assert [b.label for b in app.button] == ["Sign in with SSO"]
    assert TITLE not in shown(app)


def test_with_oidc_a_listed_user_is_let_in_with_their_role(store: Engine) -> None:
    app = dashboard(OIDC, user={"is_logged_in": True, "email": "ana@shop.cn"})

    assert TITLE in shown(app)
    assert "Signed in: ana@shop.cn · editor" in shown(app)


def test_with_oidc_a_stranger_the_provider_let_in_is_turned_away(store: Engine) -> None:
    app = dashboard(OIDC, user={"is_logged_in": True, "email": "someone@gmail.com"})

    assert "someone@gmail.com has no role" in shown(app)
    assert TITLE not in shown(app)


def test_a_malformed_login_section_keeps_the_dashboard_shut(store: Engine) -> None:
    app = dashboard({"passwords": {"ana": "pw"}, "roles": {"ana": "admin"}})

    assert len(app.error) == 1 and "[roles] ana = 'admin'" in app.error[0].value
    assert TITLE not in shown(app)


# ---------------------------------------------------------------------------------------
# A store at another schema revision is refused with what to do.


def test_an_older_store_is_refused_with_run_livestock_upgrade_until_it_is_upgraded(
        store: Engine) -> None:
    drop_schema(store)
    with store.connect() as conn:
        migrate(conn, to="0001")
        conn.commit()

    app = dashboard()

    assert len(app.error) == 1
    assert "run `livestock upgrade`" in app.error[0].value and "0001" in app.error[0].value
    assert TITLE not in shown(app)
    upgrade_store(store)
    build_live_store(store, now=utc_now())
    app.run()
    assert not app.error and TITLE in shown(app)  # upgraded: the same console carries on


def test_a_store_upgraded_by_a_newer_livestock_is_refused_with_upgrade_livestock(
        store: Engine) -> None:
    app = dashboard()
    assert TITLE in shown(app)
    with store.begin() as conn:
        conn.execute(update(Table("alembic_version", MetaData(),
                                  Column("version_num", String(32))))
                     .values(version_num="0999"))

    app.run()

    assert [e.value for e in app.error] == [
        f"This store was written by a newer LiveStock (schema revision 0999; this one knows "
        f"up to {head_revision()}): upgrade LiveStock."]
