"""The live board on the director's console, and its prompter view (`?view=prompter`).

Widgets -> dashboard.data -> HTML from dashboard.render. The board refreshes itself every
`refresh_seconds` in a fragment whose output stays small (HTML tiles and metrics, no
charts), since a page that reruns all stream long must not grow the server's memory.
"""

from datetime import tzinfo
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.board.model import Board, Light, SessionStatus
from core.common.errors import LiveStockError
from core.common.i18n import t
from core.common.markup import markdown_text
from core.platforms.provenance import describe
from dashboard import auth, controls, data, render
from dashboard.changes import Changes, highlight_refreshes, next_changes

lang = controls.language()
tz = controls.display_tz()
prompter = st.query_params.get("view") == "prompter"
st.html(render.CSS)
if prompter:
    st.html(render.PROMPTER_CSS)


def store_error(error: Exception) -> None:
    st.error(controls.store_error_text(error, lang))


def flag_changes(view: str, board: Board, refresh_seconds: float) -> dict[str, Light]:
    """Compare with this view's last refresh: sku -> the light before, while flagged."""
    key = f"changes:{view}:{board.session_id}"
    changes = next_changes(st.session_state.get(key, Changes()),
                           {row.sku: row.light for row in board.products},
                           hold=highlight_refreshes(refresh_seconds))
    st.session_state[key] = changes
    return changes.changed_from


def status_note(board: Board, info: data.SessionInfo, zone: tzinfo) -> str:
    """When a session that is not live starts (or ended), by the board's own clock."""
    if board.status in (SessionStatus.SCHEDULED, SessionStatus.WARMUP):
        wait = render.format_duration((info.start - board.at).total_seconds() / 60, lang)
        return t("ui.status.starts", lang, when=render.format_when(info.start, zone, lang),
                 wait=wait)
    if board.status is SessionStatus.ENDED:
        return t("ui.status.ended_at", lang, when=render.format_when(info.end, zone, lang))
    return ""


def read_board(info: data.SessionInfo, *, following: bool) -> Board | None:
    """The board now. While following the default session and it is not live, check
    whether the default moved on (a stream started or ended) and reopen the page if so."""
    try:
        # Quick once the session's forecast is kept; the first open of a session fits it.
        with st.spinner(t("ui.board.loading", lang)):
            board = data.board(info.session_id)
        if (following and board.status is not SessionStatus.LIVE
                and data.default_session_id() != info.session_id):
            st.rerun(scope="app")
        return board
    except LiveStockError as error:
        st.error(markdown_text(error))
    except SQLAlchemyError as error:
        store_error(error)
    return None


def warn_stale_feeds(board: Board) -> None:
    try:
        feeds = data.stale_feeds(board.session_id, now=board.at)
    except SQLAlchemyError as error:
        store_error(error)
        return
    if feeds:
        st.warning(" · ".join(markdown_text(describe(feed, lang)) for feed in feeds), icon="📡")


def show_board(info: data.SessionInfo, refresh_seconds: float, following: bool) -> None:
    @auth.guarded_fragment(run_every=refresh_seconds)
    def board_fragment() -> None:
        board = read_board(info, following=following)
        if board is None:
            return
        changed = flag_changes("board", board, refresh_seconds)
        st.html(render.header_html(board, lang, tz, status_note(board, info, tz)))
        warn_stale_feeds(board)
        if following and board.status is not SessionStatus.LIVE:
            showing = "next" if board.status is not SessionStatus.ENDED else "last"
            st.info(t("ui.empty.none_live", lang) + " " + t(f"ui.empty.showing_{showing}", lang),
                    icon="🕒")
        try:
            gmv = data.gmv(board.session_id, at=board.at)
        except SQLAlchemyError as error:
            store_error(error)
            gmv = None
        for column, kpi in zip(st.columns(6), render.kpis(board, lang, gmv), strict=True):
            column.metric(kpi.label, kpi.value, kpi.delta)
        if not board.products:
            st.info(t("ui.empty.no_lineup", lang), icon="📭")
            return
        try:
            feed = render.alerts_html(data.alerts(info.session_id), lang, tz)
        except SQLAlchemyError as error:
            store_error(error)
            feed = ""
        st.html(render.board_html(render.tiles_html(board, lang, changed), feed))

    board_fragment()


def show_prompter(info: data.SessionInfo, refresh_seconds: float, following: bool) -> None:
    @auth.guarded_fragment(run_every=refresh_seconds)
    def prompter_fragment() -> None:
        board = read_board(info, following=following)
        if board is not None:
            changed = flag_changes("prompter", board, refresh_seconds)
            st.html(render.prompter_html(board, lang, tz, changed,
                                         status_note(board, info, tz)))

    prompter_fragment()


try:
    settings = data.settings()
    default_id = data.default_session_id()
    sessions = data.sessions(including=default_id)
except SQLAlchemyError as error:
    store_error(error)
    st.stop()
except LiveStockError as error:  # e.g. a setting in the store that makes no sense
    st.error(markdown_text(error))
    st.stop()

if not sessions:
    st.info(controls.no_sessions_text(lang), icon="📭")
    st.stop()

pick = controls.session_picker(sessions, default_id, lang, tz, page="board", live_id=default_id)
session_id = pick.session_id
if session_id is None:
    st.info(t("ui.session.placeholder", lang), icon="👈")
    st.stop()

if prompter:
    query = urlencode({"session": session_id, "lang": lang})
    st.sidebar.link_button(t("ui.board.open_board", lang), f"?{query}", icon="🚦")
else:
    query = urlencode({"view": "prompter", "session": session_id, "lang": lang})
    st.sidebar.link_button(t("ui.board.open_prompter", lang), f"?{query}", icon="📺")
chosen = next(s for s in sessions if s.session_id == session_id)
try:
    controls.sources_panel(data.sources(session_id), lang, tz)
except SQLAlchemyError as error:
    store_error(error)
show = show_prompter if prompter else show_board
show(chosen, settings.refresh_seconds, following=pick.following)
