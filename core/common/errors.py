"""Domain errors: each carries a message a seller can act on.

Entry points (the CLI, the dashboard pages) turn these into a one-line message and a
non-zero exit, or an `st.error`; nothing below them prints.
"""

from __future__ import annotations


class LiveStockError(Exception):
    """Base class of every error LiveStock raises on purpose."""


class InputError(LiveStockError):
    """A data file (or a webhook body) is wrong: says which file, row and column.

    `line` is the row as a spreadsheet shows it (the header is row 1; a cell holding line
    breaks is still one row); `text_line`, when known and different, is the line of the text
    file where that row starts, for a text editor.
    """

    def __init__(self, message: str, *, file: str, line: int | None = None,
                 column: str | None = None, text_line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.text_line = text_line
        self.reason = message
        where = file
        if line is not None:
            where += f", row {line}"
            if text_line is not None and text_line != line:
                where += f" (text line {text_line})"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


class NotFound(LiveStockError):
    """A session, product or warehouse the user named is not in the store."""


class StoreVersionError(LiveStockError):
    """The store's schema is older or newer than this LiveStock understands."""
