"""What a reader sees of a Markdown element's source: backslash escapes removed (user text
reaches Markdown escaped by core.common.markup.markdown_text)."""

from __future__ import annotations

import re


def shown(markdown: str) -> str:
    r"""'LED10 wins\: 15\.0\%' -> 'LED10 wins: 15.0%'."""
    return re.sub(r"\\(.)", r"\1", markdown)
