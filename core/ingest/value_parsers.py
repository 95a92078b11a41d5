"""A column's distinct texts parsed into values, by the kind of the column.

Each parser returns the values, which texts are bad, and what to say about a bad one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from core.common.choices import platform_id
from core.ingest.datafiles import Column

TIME_EXAMPLE = "2026-11-26T20:00:00+08:00"


class Parsed(NamedTuple):
    """The distinct texts of a column, parsed: their values, which are bad, what to say."""

    values: pd.Series
    bad: np.ndarray
    message: Callable[[str], str]


def _parse_code(letters: int, what: str, example: str) -> Callable[[pd.Series, Column], Parsed]:
    pattern = re.compile(f"[A-Z]{{{letters}}}")

    def parse(distinct: pd.Series, _column: Column) -> Parsed:
        bad = np.array([pattern.fullmatch(text) is None for text in distinct], dtype=bool)
        return Parsed(distinct, bad, lambda text: (
            f"'{text}' is not a {what} code: {letters} uppercase letters, e.g. {example}"))
    return parse


def _parse_choice(distinct: pd.Series, column: Column) -> Parsed:
    lowered = distinct.str.lower()
    lowered = lowered.where(lowered.ne(""), column.default or "")
    bad = np.array([text not in column.choices for text in lowered], dtype=bool)
    return Parsed(lowered, bad,
                   lambda text: f"'{text}' is not one of {', '.join(column.choices)}")


_FLAGS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _parse_flag(distinct: pd.Series, _column: Column) -> Parsed:
    lowered = distinct.str.lower()
    bad = np.array([text not in _FLAGS for text in lowered], dtype=bool)
    parsed = lowered.map(lambda text: _FLAGS.get(text, False)).astype(bool)
    return Parsed(parsed, bad, lambda text: f"'{text}' is not true or false")


def _parse_number(distinct: pd.Series, _column: Column) -> Parsed:
    numbers = pd.to_numeric(distinct, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    bad = (numbers.isna() & distinct.ne("")).to_numpy(dtype=bool)
    return Parsed(numbers, bad, lambda text: f"'{text}' is not a number")


# The offset ends the text: Z, +08:00 or -0500 right after a digit of the time of day (a
# bare date such as 2026-11-26 must not pass for a time with an offset of -11:26).
_OFFSET = re.compile(r"\d(?:[Zz]|[+-]\d{2}:?\d{2})$")


def _parse_instant(distinct: pd.Series, _column: Column) -> Parsed:
    # Times in a file share few endings (+08:00, Z): test the pattern once per ending.
    suffix_codes, suffixes = pd.factorize(distinct.str[-9:])
    has_offset = np.array([_OFFSET.search(s) is not None for s in suffixes],
                          dtype=bool)[suffix_codes]
    instants = pd.to_datetime(distinct.where(has_offset), format="ISO8601", utc=True,
                              errors="coerce")
    bad = instants.isna().to_numpy() & distinct.ne("").to_numpy()

    def message(text: str) -> str:
        if _OFFSET.search(text) is None and not pd.isna(
                pd.to_datetime(text, format="ISO8601", errors="coerce")):
            return f"'{text}' has no time zone offset (write e.g. {TIME_EXAMPLE})"
        return f"'{text}' is not a date and time (ISO 8601, e.g. {TIME_EXAMPLE})"
    return Parsed(instants, bad, message)


def _parse_platform(distinct: pd.Series, _column: Column) -> Parsed:
    ids = [platform_id(text) for text in distinct]
    bad = np.array([i is None and text != "" for i, text in zip(ids, distinct, strict=True)],
                   dtype=bool)
    return Parsed(pd.Series([i or "" for i in ids], dtype=object), bad, lambda text: (
        f"'{text}' is not a platform: write tiktok, amazon, shopify or another lowercase id"))


def _parse_platforms(distinct: pd.Series, _column: Column) -> Parsed:
    """";"-separated platform ids, kept sorted and joined by ";" (empty = every platform)."""
    values, bad = [], []
    for text in distinct:
        parts = [part for part in text.split(";") if part.strip()]
        ids = [platform_id(part) for part in parts]
        bad.append(any(i is None for i in ids))
        values.append(";".join(sorted({i for i in ids if i is not None})))
    return Parsed(pd.Series(values, dtype=object), np.array(bad, dtype=bool), lambda text: (
        f"'{text}' is not a list of platforms: write ids separated by ';', e.g. amazon;tiktok"))


PARSERS: dict[str, Callable[[pd.Series, Column], Parsed]] = {
    "country": _parse_code(2, "country", "US"),
    "currency": _parse_code(3, "currency", "USD"),
    "choice": _parse_choice,
    "flag": _parse_flag,
    "decimal": _parse_number,
    "whole": _parse_number,
    "positive": _parse_number,
    "instant": _parse_instant,
    "platform": _parse_platform,
    "platforms": _parse_platforms,
}
