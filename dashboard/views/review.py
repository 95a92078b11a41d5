"""The post-stream review: what sold, when each product ran out, what it cost, A/B results.

Widgets -> dashboard.review_data (cached core.review.service) -> figures and tables from
dashboard.review_charts; the download button builds the same HTML report as
`livestock review --html` when clicked.
"""

from dataclasses import replace

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.errors import LiveStockError
from core.common.i18n import t
from core.common.markup import markdown_t, markdown_text
from core.common.timeutil import utc_now
from core.review.abtest import ABTest
from core.review.model import SessionReview
from core.review.service import LIGHT_STEP_MINUTES
from dashboard import controls, data, report, review_data
from dashboard import review_charts as charts
from dashboard.render import format_count, format_money_by_currency, format_when

lang = controls.language()
tz = controls.display_tz()
# The console is dark: the charts draw their own dark theme (theme=None keeps it).
CHART_CONFIG = {"displaylogo": False}


def pick_session() -> str:
    """The user's pick, else `?session=` if it exists, else the last ended stream."""
    try:
        sessions = data.sessions()
        default = review_data.default_session_id()
    except (LiveStockError, SQLAlchemyError) as error:
        controls.stop_with_error(error, lang)
    if not sessions:
        st.info(controls.no_sessions_text(lang), icon="📭")
        st.stop()
    default = default or sessions[0].session_id
    choice = controls.session_picker(sessions, default, lang, tz, page="review").session_id
    return choice or default


def show_kpis(review: SessionReview) -> None:
    out = sum(1 for p in review.products if p.ran_out_at is not None)
    peak = review.peak_viewers
    columns = st.columns(5)
    columns[0].metric(t("review.kpi.gmv", lang),
                      format_money_by_currency(review.gmv_by_currency, review.currency))
    columns[1].metric(t("review.kpi.items_sold", lang), format_count(review.items_sold))
    columns[2].metric(t("review.kpi.peak_viewers", lang),
                      "–" if peak is None else format_count(peak))
    columns[3].metric(t("review.kpi.lost_sales", lang),
                      format_money_by_currency(review.lost_revenue_by_currency,
                                               review.currency),
                      t("review.kpi.lost_units", lang, units=format_count(review.lost_units)),
                      delta_color="off", delta_arrow="off", help=t("review.note.lost", lang))
    columns[4].metric(t("review.kpi.ran_out", lang), f"{out} / {len(review.products)}")


def show_ab(review: SessionReview) -> tuple[ABTest, ...]:
    """The A/B tests, loaded here: they pool other sessions (seconds for a live stream)."""
    st.subheader(t("review.section.ab", lang))
    try:
        with st.spinner(t("review.loading", lang)):
            ab_tests = review_data.ab_tests(review.session_id)
    except (LiveStockError, SQLAlchemyError) as error:
        controls.stop_with_error(error, lang)
    if not ab_tests:
        st.caption(t("review.ab.none", lang))
    names = {p.sku: p.name for p in review.products}
    for index, test in enumerate(ab_tests):
        sentences = [markdown_text(line) for line in charts.ab_sentences(test, lang)]
        st.markdown(f"**{markdown_text(charts.ab_heading(test, names, lang))}**")
        if test.winner:
            st.success(sentences[0], icon="🏆")
        else:
            st.warning(sentences[0], icon="⚖️")
        for sentence in sentences[1:]:
            st.caption(sentence)
        table, chart = st.columns([3, 2])
        table.dataframe(charts.ab_table(test, lang), hide_index=True)
        chart.plotly_chart(charts.ab_figure(test, lang, dark=True), config=CHART_CONFIG,
                           key=f"ab-{index}", theme=None)
    return ab_tests


session_id = pick_session()
try:
    with st.spinner(t("review.loading", lang)):
        review = review_data.review(session_id)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)

st.title(markdown_t("review.title", lang, title=review.title))
st.caption(markdown_t("review.window", lang, platform=review.platform, market=review.market,
                      start=format_when(review.start, tz, lang),
                      end=format_when(review.end, tz, lang))
           + f" · {markdown_text(review.session_id)}")
note = report.status_note(review, lang, tz)
if note:
    st.info(note, icon="🕒")
show_kpis(review)

# The product table first (what the team came for); the timeline, which replays the board
# when the stream kept no light records, fills its place above once it is ready.
st.subheader(t("review.section.timeline", lang))
timeline = st.empty()
st.caption(t("review.note.lights", lang, step=f"{LIGHT_STEP_MINUTES:g}"))

st.subheader(t("review.section.products", lang))
st.dataframe(charts.product_table(review, lang, tz), hide_index=True)
st.caption(t("review.note.lost", lang))

try:
    with timeline.container(), st.spinner(t("review.loading", lang)):
        lights = review_data.lights(session_id)
        alerts = review_data.alerts(session_id)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)
timeline.plotly_chart(charts.timeline_figure(review, lights, alerts, lang, tz, dark=True),
                      config=CHART_CONFIG, key="timeline", theme=None)

left, right = st.columns(2)
left.subheader(t("review.section.forecast", lang))
left.plotly_chart(charts.forecast_figure(review, lang, dark=True), config=CHART_CONFIG,
                  key="forecast", theme=None)
left.caption(report.forecast_note(review, lang))
right.subheader(t("review.section.retention", lang))
right.plotly_chart(charts.retention_figure(review, lang, dark=True), config=CHART_CONFIG,
                   key="retention", theme=None)
right.caption(t("review.note.watch_time", lang))

ab_tests = show_ab(review)

st.subheader(t("review.section.replenish", lang))
try:
    with st.spinner(t("plan.loading", lang)):
        plan = review_data.plan(session_id)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)
if plan:
    st.dataframe(charts.plan_table(plan, lang), hide_index=True)
else:
    st.caption(t("review.replenish.none", lang))

st.subheader(t("review.section.alerts", lang))
if alerts:
    st.dataframe(charts.alert_table(alerts, lang, tz), hide_index=True)
else:
    st.caption(t("review.alerts.none", lang))

st.sidebar.download_button(
    t("review.download", lang),
    data=lambda: report.report_html(replace(review, ab_tests=ab_tests), lights=lights,
                                    alerts=alerts, plan=plan, lang=lang, tz=tz,
                                    made_at=utc_now()),
    file_name=f"review-{session_id}.html", mime="text/html", icon="📥", on_click="ignore")
