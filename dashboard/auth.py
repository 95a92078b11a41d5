"""The gate every dashboard run passes before a page: who is there, and a usable store.

Login, from `.streamlit/secrets.toml` (core.common.auth reads it):
- an [auth] section: Streamlit's `st.login` with the team's OIDC provider; the user's
  e-mail is looked up in [roles] (a "*" entry covers everyone else; without one, a
  stranger the provider let in is turned away);
- else [passwords]: a name and password form, checked by core.common.auth;
- else nothing at all (the local demo): open access, said in the sidebar.
Then the store: one at another schema revision is refused with what to do.

Pages ask `can_edit()` before they write (settings, loading data); viewers see everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit import config

from core.common.auth import AuthConfigError, Login, Role, parse_login
from core.common.auth import can_edit as role_can_edit
from core.common.errors import LiveStockError
from core.common.i18n import t
from core.store.schema import Standing, StoreVersionError, check_store
from dashboard import data

VISITOR_KEY = "auth.visitor"


@dataclass(frozen=True)
class Visitor:
    name: str  # "" with open access
    role: Role
    how: str  # "oidc", "password" or "open"


class EditorsOnly(LiveStockError):
    """A viewer tried something only an editor may do."""


def login_settings() -> Login:
    """The login sections of secrets.toml; open access only when there is no secrets file
    at all (one that exists but cannot be read keeps the dashboard shut)."""
    try:
        raw = st.secrets.to_dict()
    except FileNotFoundError:
        unreadable = [path for path in config.get_option("secrets.files")
                      if Path(path).is_file()]
        if unreadable:
            raise AuthConfigError(f"{unreadable[0]} could not be read: is it valid "
                                  "TOML?") from None
        raw = {}
    return parse_login(raw)


def gate(lang: str) -> Visitor:
    """The visitor of this run, once signed in and the store checked; else the login form
    (or the reason the dashboard is shut) is shown and the run stops here."""
    try:
        login = login_settings()
    except AuthConfigError as error:
        st.error(t("auth.config_error", lang, error=str(error)), icon="⛔")
        st.stop()
    if login.plain_users:
        st.sidebar.warning(t("auth.plain_warning", lang, users=", ".join(login.plain_users)),
                           icon="⚠️")
    if login.open_access:
        visitor = Visitor(name="", role=Role.EDITOR, how="open")
        st.sidebar.caption(t("auth.open", lang))
    elif login.oidc:
        visitor = _oidc_visitor(login, lang)
    else:
        visitor = _password_visitor(login, lang)
    st.session_state[VISITOR_KEY] = visitor
    if visitor.how != "open":
        _signed_in_box(visitor, lang)
    _check_store(lang)
    return visitor


def current() -> Visitor | None:
    """This session's visitor: the one the gate let in; with no login configured (a page
    run on its own), the open-access editor; else None."""
    visitor = st.session_state.get(VISITOR_KEY)
    if isinstance(visitor, Visitor):
        return visitor
    try:
        open_access = login_settings().open_access
    except AuthConfigError:
        return None
    return Visitor(name="", role=Role.EDITOR, how="open") if open_access else None


def can_edit() -> bool:
    """Whether this session's visitor may change settings or load data."""
    visitor = current()
    return visitor is not None and role_can_edit(visitor.role)


def require_editor(lang: str) -> None:
    """Raise EditorsOnly (a LiveStockError pages already show) unless the visitor edits."""
    if not can_edit():
        raise EditorsOnly(t("auth.editors_only", lang))


def _password_visitor(login: Login, lang: str) -> Visitor:
    visitor = st.session_state.get(VISITOR_KEY)
    if isinstance(visitor, Visitor) and visitor.how == "password" \
            and visitor.name in login.passwords:
        return Visitor(visitor.name, login.role_of(visitor.name) or Role.VIEWER, "password")
    st.title(t("auth.title", lang))
    with st.form("auth.login"):
        name = st.text_input(t("auth.user", lang), key="auth.name")
        password = st.text_input(t("auth.password", lang), type="password",
                                 key="auth.password")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if submitted:
        role = login.check(name.strip(), password)
        if role is not None:
            st.session_state[VISITOR_KEY] = Visitor(name.strip(), role, "password")
            st.rerun()
        st.error(t("auth.wrong", lang), icon="⛔")
    st.stop()


def _oidc_visitor(login: Login, lang: str) -> Visitor:
    if not st.user.get("is_logged_in", False):
        st.title(t("auth.title", lang))
        providers = login.oidc_providers or (None,)
        for provider in providers:
            st.button(t("auth.oidc", lang, provider=provider or "SSO"), type="primary",
                      key=f"auth.oidc.{provider}", on_click=st.login, args=(provider,))
        st.stop()
    email = str(st.user.get("email") or st.user.get("name") or "")
    role = login.role_of(email)
    if role is None:
        st.error(t("auth.no_role", lang, user=email or "?"), icon="⛔")
        st.button(t("auth.logout", lang), on_click=st.logout)
        st.stop()
    return Visitor(email, role, "oidc")


def _signed_in_box(visitor: Visitor, lang: str) -> None:
    st.sidebar.caption(t("auth.signed_in", lang, user=visitor.name,
                         role=t(f"auth.role.{visitor.role}", lang)))
    if st.sidebar.button(t("auth.logout", lang), key="auth.logout"):
        st.session_state.pop(VISITOR_KEY, None)
        if visitor.how == "oidc":
            st.logout()
        st.rerun()


def _check_store(lang: str) -> None:
    """Stop with what to do when the store is at another schema revision. Checked on every
    full run (a few ms), so a store upgraded by a newer LiveStock is noticed. A store that
    cannot be read at all is left to the page, which says so in its own words."""
    try:
        check_store(data.engine())
    except SQLAlchemyError:
        return
    except StoreVersionError as error:
        version = error.version
        if version is None:
            st.error(str(error), icon="⛔")
        else:
            key = "store.too_new" if version.standing is Standing.NEWER else "store.too_old"
            st.error(t(key, lang, revision=version.revision, head=version.head), icon="⛔")
        st.stop()
