"""Text from the store or the URL, made safe for where it is shown: the one escaping helper.

A session title, a platform, a warehouse id, a substitute group, a product name or a
`?session=` someone was sent is data, never markup: in Markdown (Streamlit's st.markdown,
st.caption, st.info, widget labels) a title like `[Session expired, sign in again](http://…)`
would be a link and `![](http://…)` an image that reports the dashboard's address; in HTML
(the tiles, the prompter, the report, plotly's labels) a `<a>` would be live.

- `markdown_text`: every ASCII punctuation character backslash-escaped (CommonMark lets any
  of them be escaped, so the text reads the same), line breaks folded into spaces (no
  heading, list or quote can start), so no link, image, autolink, emphasis, HTML, LaTeX or
  Streamlit directive (`:red[…]`) can form.
- `html_text`: `&`, `<`, `>` and both quotes as entities (html.escape).
- `markdown_t` / `html_t`: an i18n text whose placeholders are filled with escaped values
  (the catalog's own Markdown, such as `livestock load DIR` in backticks, stays as written).

>>> markdown_text("[Sign in](http://x.example)")
'\\\\[Sign in\\\\]\\\\(http\\\\:\\\\/\\\\/x\\\\.example\\\\)'
>>> html_text('<a href="x">')
'&lt;a href=&quot;x&quot;&gt;'
"""

from __future__ import annotations

import html
import string
from typing import Any

from core.common.i18n import t

_PUNCTUATION = frozenset(string.punctuation)


def markdown_text(value: object) -> str:
    """`value` as text that Markdown shows literally, on one line."""
    text = " ".join(str(value).split())
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in text)


def html_text(value: object) -> str:
    """`value` as text that HTML shows literally (attribute values included)."""
    return html.escape(str(value), quote=True)


def markdown_t(key: str, lang: str, **params: Any) -> str:
    """`core.common.i18n.t` with every parameter escaped for Markdown."""
    return t(key, lang, **{name: markdown_text(value) for name, value in params.items()})


def html_t(key: str, lang: str, **params: Any) -> str:
    """`core.common.i18n.t` with every parameter escaped for HTML."""
    return t(key, lang, **{name: html_text(value) for name, value in params.items()})
