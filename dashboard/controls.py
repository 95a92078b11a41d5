"""The sidebar controls every console page shares: the language and the session.

Both are remembered in the URL (`?lang=en`, `?session=S1`) so a console's bookmark opens
on the same language and session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.i18n import LANGUAGES, t
from core.platforms.provenance import Provenance, label_of
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


def session_picker(sessions: Sequence[SessionInfo], live_id: str | None, lang: str,
                   tz: tzinfo) -> str | None:
    """The session to show: `?session=` if it exists, else the live one, else the user's pick.

    Until the user picks, the default follows whichever session is live, so a console
    opened before the stream shows it once it starts.
    """
    ids = [s.session_id for s in sessions]
    labels = {s.session_id: f"{'🔴 ' if s.session_id == live_id else ''}{s.title} · "
                            f"{format_when(s.start, tz, lang)} · {s.session_id}"
              for s in sessions}
    wanted = st.query_params.get("session")
    if wanted is not None and wanted not in labels:
        st.sidebar.warning(t("ui.session.unknown", lang, session=wanted))
        wanted = None
    default = wanted or live_id
    choice: str | None = st.sidebar.selectbox(
        t("ui.session.pick", lang), ids, index=ids.index(default) if default in ids else None,
        format_func=labels.__getitem__, placeholder=t("ui.session.placeholder", lang))
    if choice is not None and choice != default:  # a pick, not the default: bookmark it
        st.query_params["session"] = choice
    return choice


def stop_with_error(error: Exception, lang: str) -> NoReturn:
    """Show a domain error as it is, a store error as one line, and stop the page."""
    if isinstance(error, SQLAlchemyError):
        st.error(t("ui.error.store", lang, error=str(error).splitlines()[0]))
    else:
        st.error(str(error))
    st.stop()


def sources_panel(sources: Provenance, lang: str, tz: tzinfo) -> None:
    """The sidebar's "where the numbers come from": each feed of orders, each warehouse's
    latest stock count and the viewer samples, with when they last arrived."""
    def when(moment: datetime | None) -> str:
        return "-" if moment is None else format_when(moment, tz, lang)

    lines = [t("ui.sources.orders", lang, label=label_of(o.source or None, lang),
               lines=f"{o.lines:,}", when=when(o.last_ts)) for o in sources.orders]
    lines += [t("ui.sources.stock", lang, warehouse=s.warehouse_id, when=when(s.counted_at))
              for s in sources.stock_counts]
    lines += [t("ui.sources.viewers", lang, label=label_of(v.source or None, lang),
                samples=f"{v.samples:,}", when=when(v.last_ts)) for v in sources.viewers]
    with st.sidebar.expander(t("ui.sources.title", lang), icon="🧾"):
        st.markdown("\n".join(f"- {line}" for line in lines) if lines
                    else t("ui.sources.none", lang))
