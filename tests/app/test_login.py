"""The dashboard's login gate and roles, run headless (AppTest) on a SQLite store in a file.

Secrets are given the way Streamlit reads .streamlit/secrets.toml (`AppTest.secrets`); an
OIDC sign-in is stood in for by `AppTest.user`, as Streamlit's provider callback would set it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from sqlalchemy import Column, Engine, MetaData, String, Table, update
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from core.common import auth
from core.common.auth import hash_password
from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.store.migrations import head_revision, migrate
from core.store.schema import drop_schema, upgrade_store
from core.store.settings_store import load_settings, save_settings
from tests.app.livestore import TITLE, build_live_store
from tests.app.planstore import APP, app_store
from tests.app.shown import shown as unescaped

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


def written(app: AppTest) -> str:
    """Every text on the page and in the sidebar as Streamlit was given it (Markdown source;
    the board's tiles are HTML), joined."""
    parts = [getattr(e, "value", "") for kind in ("title", "markdown", "caption", "info",
                                                  "error", "warning") for e in app.get(kind)]
    return "\n".join([*map(str, parts), *(e.proto.body for e in app.get("html"))])


def shown(app: AppTest) -> str:
    """What a visitor reads: `written` with Markdown's backslash escapes taken out."""
    return unescaped(written(app))


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


def test_a_user_name_that_looks_like_markdown_is_shown_as_typed_not_as_bold_or_a_link(
        store: Engine) -> None:
    name = "**boss** [x](http://evil)"
    secrets = {"passwords": {name: hash_password("boss-pw", iterations=1_000)},
               "roles": {name: "editor"}}

    app = sign_in(dashboard(secrets), name, "boss-pw")

    caption = next(c.value for c in app.sidebar.caption if "Signed in" in c.value)
    # Rendered as CommonMark (Streamlit's Markdown): the name's characters, no bold, no link.
    rendered = MarkdownIt("commonmark").renderInline(caption)
    assert rendered == "Signed in: **boss** [x](http://evil) · editor"
    assert f"Signed in: {name} · editor" in shown(app)


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
    app = dashboard(OIDC, user={"is_logged_in": True, "email": "ana@shop.cn",
                                "email_verified": True})

    assert TITLE in shown(app)
    assert "Signed in: ana@shop.cn · editor" in shown(app)


def test_with_oidc_a_stranger_the_provider_let_in_is_turned_away(store: Engine) -> None:
    app = dashboard(OIDC, user={"is_logged_in": True, "email": "someone@gmail.com",
                                "email_verified": True})

    assert "someone@gmail.com has no role" in shown(app)
    assert TITLE not in shown(app)


@pytest.mark.parametrize("claims", [
    {"email": "ana@shop.cn", "email_verified": False},
    {"email": "ana@shop.cn"},  # the provider says nothing about it
    {"name": "ana@shop.cn"},  # a display name is whatever the user typed
    {"name": "ana@shop.cn", "email": "ana.alt@mail.example", "email_verified": False},
])
def test_with_oidc_a_role_comes_only_from_a_verified_email(
        store: Engine, claims: dict[str, Any]) -> None:
    app = dashboard(OIDC, user={"is_logged_in": True, **claims})

    assert TITLE not in shown(app)
    assert [e.value for e in app.error] == [
        "Your sign-in provider did not confirm your e-mail address, so no role can be given: "
        "sign out and use an account whose e-mail is verified."]


def test_with_oidc_a_user_whose_role_is_removed_is_turned_away_on_the_next_rerun(
        store: Engine) -> None:
    app = dashboard(OIDC, user={"is_logged_in": True, "email": "ana@shop.cn",
                                "email_verified": "true"})
    assert TITLE in shown(app)

    app.secrets["roles"] = {"bo@shop.cn": "editor"}
    app.run()

    assert "ana@shop.cn has no role" in shown(app) and TITLE not in shown(app)


def test_a_user_re_passworded_after_signing_in_is_signed_out_on_the_next_rerun(
        store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets()), "bo", "bo-pw")
    assert TITLE in shown(app)

    app.secrets["passwords"] = {**app.secrets["passwords"],
                                "bo": hash_password("bo-new-pw", iterations=1_000)}
    app.run()

    assert [title.value for title in app.title] == ["LiveStock: sign in"]
    assert TITLE not in shown(app) and "Signed in: bo" not in shown(app)
    app.secrets["passwords"] = passwords_secrets()["passwords"]  # even back to an old hash
    app.run()
    assert TITLE not in shown(app)


def test_a_user_removed_after_signing_in_is_signed_out_on_the_next_rerun(
        store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets()), "bo", "bo-pw")
    assert TITLE in shown(app)

    app.secrets["passwords"] = {"ana": app.secrets["passwords"]["ana"]}
    app.run()

    assert [title.value for title in app.title] == ["LiveStock: sign in"]
    assert TITLE not in shown(app)


def test_a_role_changed_after_signing_in_applies_on_the_next_rerun(store: Engine) -> None:
    app = sign_in(dashboard(passwords_secrets()), "ana", ANA_PASSWORD)

    app.secrets["roles"] = {"ana": "viewer"}
    app.run()

    assert "Signed in: ana · viewer (read-only)" in shown(app)


def test_reruns_after_signing_in_never_rederive_the_password(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = sign_in(dashboard(passwords_secrets()), "ana", ANA_PASSWORD)
    derived: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(name: str, password: bytes, salt: bytes, iterations: int) -> bytes:
        derived.append(iterations)
        return real(name, password, salt, iterations)

    monkeypatch.setattr(auth.hashlib, "pbkdf2_hmac", counting)
    for _ in range(3):
        app.run()

    assert TITLE in shown(app) and derived == []


def test_a_wildcard_editor_role_does_not_promote_a_password_user(store: Engine) -> None:
    secrets = {"passwords": {"bo": hash_password("bo-pw", iterations=1_000)},
               "roles": {"*": "editor"}}
    app = sign_in(dashboard(secrets), "bo", "bo-pw")

    assert "Signed in: bo · viewer (read-only)" in shown(app)


SHUT = ("This dashboard is shut: its login settings cannot be used. The administrator finds "
        "what is wrong in the server's log.")


def test_a_malformed_login_section_keeps_the_dashboard_shut_and_tells_only_the_log(
        store: Engine, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="livestock.dashboard"):
        app = dashboard({"passwords": {"ana": "pw"}, "roles": {"ana": "<b>admin</b>"}})

    assert [e.value for e in app.error] == [SHUT]
    assert "<b>admin</b>" not in shown(app) and "ana =" not in shown(app)
    assert TITLE not in shown(app)
    assert "[roles] ana = '<b>admin</b>'" in caplog.text


class FileSecrets(Secrets):
    """Streamlit's secrets, read from the files as `streamlit run` reads them (no watcher
    thread left behind by a test)."""

    def _maybe_install_file_watchers(self) -> None:
        return None


@pytest.fixture
def secrets_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where Streamlit reads secrets.toml for this test (a file not written yet): read
    afresh from the file, not handed over as AppTest.secrets."""
    monkeypatch.setattr(st, "secrets", FileSecrets())
    path = tmp_path / ".streamlit" / "secrets.toml"
    path.parent.mkdir()
    with patch_config_options({"secrets.files": [str(path)]}):
        yield path


@pytest.mark.parametrize("content", [
    "",  # empty
    "\n# all commented out\n",
    '[roles]\nana = "editor"\n"*" = "editor"\n',
    '[passwords]\n[roles]\nana = "editor"\n',
    '[passwords\nana = "pw"\n',  # not valid TOML
    '[auth]\n',
])
def test_a_secrets_file_that_lets_nobody_in_keeps_the_dashboard_shut(
        store: Engine, secrets_path: Path, content: str) -> None:
    secrets_path.write_text(content, encoding="utf-8")

    app = dashboard()

    assert [e.value for e in app.error] == [SHUT]
    assert TITLE not in shown(app) and "Open access" not in shown(app)


def test_a_dangling_link_to_secrets_keeps_the_dashboard_shut_and_the_log_names_it(
        store: Engine, secrets_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secrets_path.symlink_to(secrets_path.parent / "gone.toml")

    with caplog.at_level(logging.ERROR, logger="livestock.dashboard"):
        app = dashboard()

    assert [e.value for e in app.error] == [SHUT]
    assert TITLE not in shown(app)
    assert f"{secrets_path} could not be read" in caplog.text


def test_no_secrets_file_at_all_is_the_open_demo(store: Engine, secrets_path: Path) -> None:
    app = dashboard()

    assert "Open access: no login configured" in shown(app)
    assert TITLE in shown(app)


def test_a_readable_secrets_file_signs_users_in(store: Engine, secrets_path: Path) -> None:
    secrets_path.write_text(f'[passwords]\nbo = "{hash_password("bo-pw", iterations=1_000)}"\n',
                            encoding="utf-8")

    app = sign_in(dashboard(), "bo", "bo-pw")

    assert "Signed in: bo · viewer (read-only)" in shown(app)


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
