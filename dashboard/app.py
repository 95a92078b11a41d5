"""The LiveStock dashboard: `streamlit run dashboard/app.py` (the store from LIVESTOCK_DB).

The router only: page setup, the language switch every page shares, the login gate,
the list of pages.
A new page is one more line in PAGES.
"""

import sys
from pathlib import Path

# `streamlit run` puts only dashboard/ on the path; the app imports core and dashboard.
# The script reruns on every interaction: add the root once, not once per rerun.
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402

from core.common.i18n import t  # noqa: E402
from dashboard import auth, controls, data, render  # noqa: E402

# (script, i18n key of its title, icon); the first is the default page.
PAGES = [
    ("views/live_board.py", "ui.nav.board", "🚦"),
    ("views/review.py", "review.nav", "📊"),
    ("views/planner.py", "plan.nav", "🧮"),
    ("views/warehouses.py", "wh.nav", "🏭"),
    ("views/settings.py", "settings.nav", "⚙️"),
]

prompter = st.query_params.get("view") == "prompter"
st.set_page_config(page_title="LiveStock", page_icon="🚦", layout="wide",
                   initial_sidebar_state="collapsed" if prompter else "auto")
st.html(render.WHOLE_METRICS_CSS)
lang = controls.language_switch(data.default_language())
auth.gate(lang)  # signed in (or open access) and the store at this version, or stop
st.navigation([st.Page(script, title=t(key, lang), icon=icon, default=index == 0)
               for index, (script, key, icon) in enumerate(PAGES)]).run()
