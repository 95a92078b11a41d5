"""The gate every dashboard run passes before a page: who is there, and a usable store.

Login, from `.streamlit/secrets.toml` (core.common.auth reads it):
- an [auth] section: Streamlit's `st.login` with the team's OIDC provider; the user's
  e-mail, taken only when the provider says it is verified (`email_verified`), is looked up
  in [roles] (a "*" entry covers everyone else; without one, a stranger the provider let in
  is turned away);
- else [passwords]: a name and password form, checked by core.common.auth;
- else no secrets file at all (the local demo): open access, said in the sidebar. A secrets
  file that exists but cannot be fully read, or lets nobody in, keeps the dashboard shut;
  what is wrong goes to the server's log, never to the visitor.
Every run re-checks the visitor against the current secrets, and so does every run of an
auto-refreshing fragment (`guarded_fragment`): a user removed, re-passworded or stripped of
their role is signed out within one refresh.
Then the store: one at another schema revision is refused with what to do.

Pages ask `can_edit()` before they write (settings, loading data); viewers see everything.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit import config

from core.common.auth import OPEN_ACCESS, AuthConfigError, Login, Role, parse_login
from core.common.auth import can_edit as role_can_edit
from core.common.errors import LiveStockError
from core.common.i18n import t
from core.common.markup import markdown_t, markdown_text
from core.store.schema import Standing, StoreVersionError, check_store
from dashboard import data

VISITOR_KEY = "auth.visitor"
log = logging.getLogger("livestock.dashboard")
_logged: set[str] = set()  # each configuration error once, not once per rerun


@dataclass(frozen=True)
class Visitor:
    name: str  # "" with open access
    role: Role
    how: str  # "oidc", "password" or "open"
    # Password users: the fingerprint of the stored hash they signed in against.
    signed_in_with: str = ""


class EditorsOnly(LiveStockError):
    """A viewer tried something only an editor may do."""


def login_settings() -> Login:
    """The login sections of secrets.toml. Open access only when no secrets file is there
    at all; one that exists but cannot be read (a dangling link, invalid TOML, no
    permission) or that lets nobody in raises AuthConfigError."""
    try:
        raw = st.secrets.to_dict()
    except FileNotFoundError as error:  # also Streamlit's "no secrets", "cannot parse"
        present = [path for path in config.get_option("secrets.files")
                   if os.path.lexists(path)]
        if present:
            raise AuthConfigError(f"{present[0]} could not be read (a dangling link, or "
                                  f"not valid TOML?): {error}") from None
        return OPEN_ACCESS
    except (OSError, UnicodeDecodeError) as error:
        raise AuthConfigError(f"the secrets file could not be read: {error}") from None
    return parse_login(raw)


def gate(lang: str) -> Visitor:
    """The visitor of this run, once signed in and the store checked; else the login form
    (or the reason the dashboard is shut) is shown and the run stops here."""
    login = _login_or_stop(lang)
    if login.plain_users:
        st.sidebar.warning(markdown_t("auth.plain_warning", lang,
                                      users=", ".join(login.plain_users)), icon="⚠️")
    visitor = admitted(login)
    if visitor is None:
        st.session_state.pop(VISITOR_KEY, None)
        if login.oidc:
            _oidc_sign_in(login, lang)
        else:
            _password_sign_in(login, lang)
        st.stop()
    st.session_state[VISITOR_KEY] = visitor
    if visitor.how == "open":
        st.sidebar.caption(t("auth.open", lang))
    else:
        _signed_in_box(visitor, lang)
    _check_store(lang)
    return visitor


def admitted(login: Login) -> Visitor | None:
    """Who this session may go on as under `login` (the current secrets), or None. Cheap:
    a password user is re-checked by their stored hash's fingerprint, never by re-deriving."""
    if login.open_access:
        return Visitor(name="", role=Role.EDITOR, how="open")
    if login.oidc:
        email = verified_email(st.user) if st.user.get("is_logged_in") else None
        role = None if email is None else login.oidc_role(email)
        return None if email is None or role is None else Visitor(email, role, "oidc")
    prior = st.session_state.get(VISITOR_KEY)
    if isinstance(prior, Visitor) and prior.how == "password" \
            and login.still_holds(prior.name, prior.signed_in_with):
        return Visitor(prior.name, login.password_role(prior.name), "password",
                       prior.signed_in_with)
    return None


def verified_email(claims: Mapping[str, Any]) -> str | None:
    """The signed-in user's e-mail when the provider vouches for it (`email_verified` true,
    as a boolean or, from some providers, the string "true"); never the display name."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if isinstance(verified, str):
        verified = verified.strip().lower() == "true"
    if verified is not True or not isinstance(email, str) or not email.strip():
        return None
    return email.strip()


def guarded_fragment(*, run_every: float) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """`st.fragment(run_every=...)` whose every run first re-checks the visitor against the
    current secrets; one no longer let in (or let in with another role) gets a full rerun,
    where the gate signs them out. Every auto-refreshing fragment goes through here."""
    def decorate(body: Callable[[], None]) -> Callable[[], None]:
        @functools.wraps(body)
        def guarded() -> None:
            if not still_admitted():
                st.rerun(scope="app")
            body()
        return st.fragment(guarded, run_every=run_every)
    return decorate


def still_admitted() -> bool:
    """Whether this session's visitor is the one the current secrets would let in."""
    try:
        login = login_settings()
    except AuthConfigError:
        return False
    return admitted(login) == st.session_state.get(VISITOR_KEY)


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


def _login_or_stop(lang: str) -> Login:
    """The current login settings; when they are broken, a message that names nothing of
    them (visitors are anonymous here) and the details in the server's log."""
    try:
        return login_settings()
    except AuthConfigError as error:
        if str(error) not in _logged:
            _logged.add(str(error))
            log.error("the dashboard is shut: the login settings in secrets.toml are "
                      "wrong: %s", error)
        st.error(t("auth.config_error", lang), icon="⛔")
        st.stop()


def _password_sign_in(login: Login, lang: str) -> None:
    st.title(t("auth.title", lang))
    with st.form("auth.login"):
        name = st.text_input(t("auth.user", lang), key="auth.name")
        password = st.text_input(t("auth.password", lang), type="password",
                                 key="auth.password")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if submitted:
        role = login.check(name.strip(), password)
        signed_in_with = login.fingerprint_of(name.strip())
        if role is not None and signed_in_with is not None:
            st.session_state[VISITOR_KEY] = Visitor(name.strip(), role, "password",
                                                    signed_in_with)
            st.rerun()
        st.error(t("auth.wrong", lang), icon="⛔")


def _oidc_sign_in(login: Login, lang: str) -> None:
    if not st.user.get("is_logged_in", False):
        st.title(t("auth.title", lang))
        providers = login.oidc_providers or (None,)
        for provider in providers:
            st.button(t("auth.oidc", lang, provider=provider or "SSO"), type="primary",
                      key=f"auth.oidc.{provider}", on_click=st.login, args=(provider,))
        return
    email = verified_email(st.user)
    if email is None:
        st.error(t("auth.unverified", lang), icon="⛔")
    else:
        st.error(markdown_t("auth.no_role", lang, user=email), icon="⛔")
    st.button(t("auth.logout", lang), on_click=st.logout)


def _signed_in_box(visitor: Visitor, lang: str) -> None:
    # The name is whatever the secrets or the provider hold: shown as text, never Markdown
    # (the role's words are the catalog's own).
    st.sidebar.caption(t("auth.signed_in", lang, user=markdown_text(visitor.name),
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
