"""One module per screen, listed in dashboard/app.py's PAGES.

Not named `pages/`: Streamlit treats a `pages/` folder beside the entry script as the old
multipage layout, runs the first request through it before st.navigation takes over, and
AppTest reruns a page's script without the router (no language switch) when one exists.
"""
