"""The sidebar controls every console page shares: the language and the session.

Both are remembered in the URL (`?lang=en`, `?session=S1`) so a console's bookmark opens
on the same language and session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.i18n import LANGUAGES, t
from core.common.markup import markdown_t, markdown_text
from core.platforms.provenance import Provenance, label_of
from dashboard import data
from dashboard.data import SessionInfo
from dashboard.render import format_when

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
LANG_KEY = "lang"


def language_switch(default: str) -> str:
    """中文 / English in the sidebar: `?lang=` first, else `default`; kept in the URL."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_KEY)
        st.session_state[LANG_KEY] = wanted if wanted in LANGUAGES else default
    lang: str = st.sidebar.radio("语言 / Language", LANGUAGES, key=LANG_KEY, horizontal=True,
                                 format_func=LANGUAGE_NAMES.__getitem__)
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def language() -> str:
    """The language chosen by `language_switch` on this run."""
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else LANGUAGES[0]


def display_tz() -> tzinfo:
    """The browser's time zone, so a console in Shenzhen shows Shenzhen time; else UTC."""
    name = st.context.timezone
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@dataclass(frozen=True)
class Pick:
    """The session a page shows, and whether it follows the default (nobody picked one)."""

    session_id: str | None
    following: bool


def session_label(session: SessionInfo, tz: tzinfo, lang: str, *, live: bool = False) -> str:
    """The picker's line: the start first (short and distinct), then the title."""
    return (f"{'🔴 ' if live else ''}{format_when(session.start, tz, lang)} · {session.title}")


def session_picker(sessions: Sequence[SessionInfo], default_id: str | None, lang: str,
                   tz: tzinfo, *, page: str, live_id: str | None = None) -> Pick:
    """The session to show: the user's pick, else `?session=` if it exists, else `default_id`.

    Every pick counts: the selectbox keeps its value under a fixed key (its identity never
    depends on the default, which would make Streamlit drop every second pick), and a pick
    is written to the URL so a bookmark reopens it. Until the user picks, the value follows
    `default_id`, so a console opened before the stream shows it once it starts. The full
    title (and id) is shown under the box, wrapped, since the box cuts long names.
    """
    ids = [s.session_id for s in sessions]
    by_id = {s.session_id: s for s in sessions}
    key, picked = f"session.{page}", f"session.{page}.picked"
    wanted = st.query_params.get("session")
    if wanted is not None and wanted not in by_id:
        st.sidebar.warning(markdown_t("ui.session.unknown", lang, session=wanted))
        wanted = None
    if not st.session_state.get(picked) or st.session_state.get(key) not in by_id:
        st.session_state[picked] = False
        st.session_state[key] = wanted or (default_id if default_id in by_id else None)

    def remember_pick() -> None:
        st.session_state[picked] = True
        if st.session_state[key] is not None:
            st.query_params["session"] = st.session_state[key]

    choice: str | None = st.sidebar.selectbox(
        t("ui.session.pick", lang), ids, key=key, on_change=remember_pick,
        format_func=lambda sid: session_label(by_id[sid], tz, lang, live=sid == live_id),
        placeholder=t("ui.session.placeholder", lang))
    if choice is not None:
        chosen = by_id[choice]
        st.sidebar.caption(markdown_text(f"{chosen.title} · {chosen.platform} · "
                                         f"{chosen.market} · {chosen.session_id}"))
    following = not st.session_state[picked] and wanted is None and choice == default_id
    return Pick(choice, following)


def store_error_text(error: Exception, lang: str) -> str:
    """One line: which store could not be read, why, and the commands that make one."""
    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
    return markdown_t("ui.error.store_at", lang, store=data.store_where(), error=reason)


def no_sessions_text(lang: str) -> str:
    return markdown_t("ui.empty.no_sessions_at", lang, store=data.store_where())


def stop_with_error(error: Exception, lang: str) -> NoReturn:
    """Show a domain error as it is, a store error as one line, and stop the page."""
    if isinstance(error, SQLAlchemyError):
        st.error(store_error_text(error, lang))
    else:
        st.error(markdown_text(error))
    st.stop()


def sources_panel(sources: Provenance, lang: str, tz: tzinfo) -> None:
    """The sidebar's "where the numbers come from": each feed of orders, each warehouse's
    latest stock count and the viewer samples, with when they last arrived."""
    def when(moment: datetime | None) -> str:
        return "-" if moment is None else format_when(moment, tz, lang)

    lines = [markdown_t("ui.sources.orders", lang, label=label_of(o.source or None, lang),
                        lines=f"{o.lines:,}", when=when(o.last_ts)) for o in sources.orders]
    lines += [markdown_t("ui.sources.stock", lang, warehouse=s.warehouse_id,
                         when=when(s.counted_at)) for s in sources.stock_counts]
    lines += [markdown_t("ui.sources.viewers", lang, label=label_of(v.source or None, lang),
                         samples=f"{v.samples:,}", when=when(v.last_ts))
              for v in sources.viewers]
    with st.sidebar.expander(t("ui.sources.title", lang), icon="🧾"):
        st.markdown("\n".join(f"- {line}" for line in lines) if lines
                    else t("ui.sources.none", lang))
