"""The Streamlit app over core: the router, cached reads, pages and their HTML builders."""
