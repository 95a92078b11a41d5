"""A chunk of a data file checked value by value: converted, or the first problem raised.

Each column is converted on its distinct values (`pd.factorize`) rather than row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.ingest.datafiles import Column, FileSpec, InOrder
from core.ingest.duplicate_keys import SeenKeys, check_duplicates
from core.ingest.file_problems import Problems
from core.ingest.references import KnownKeys, check_reference
from core.ingest.value_parsers import PARSERS

MAX_ID_CHARS = 64
MAX_WHOLE = 2_147_483_647  # an INTEGER column on PostgreSQL
MAX_DECIMAL = 9_999_999_999  # NUMERIC(14, 4): ten digits before the point


def validated(spec: FileSpec, chunk: pd.DataFrame, known: KnownKeys, seen: SeenKeys
              ) -> dict[str, pd.Series]:
    """Every column of the chunk converted to its values, or an InputError."""
    problems = Problems(chunk, spec)
    values: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in chunk.columns:
            continue
        raw = chunk[column.name].str.strip()
        chunk[column.name] = raw  # messages quote the value as read, less its spaces
        empty = raw.eq("")
        if column.default and column.kind != "choice" and empty.any():
            raw = raw.mask(empty, column.default)  # an empty optional cell reads as its default
            empty = raw.eq("")
        if not column.empty_ok:
            problems.add(column.name, empty, lambda _p: "is empty; a value is required")
        values[column.name] = _convert(column, raw, empty, problems)
        if column.refers_to:
            check_reference(column, values[column.name], known, problems)
    for column in spec.columns:
        if column.name in spec.key and column.name not in values and column.default is not None:
            # A key column a file may leave out (lanes' from_warehouse_id): its default.
            values[column.name] = pd.Series(column.default, index=chunk.index, dtype=object)
    for rule in spec.in_order:
        if rule.earlier in values and rule.later in values:
            _check_order(rule, values, problems)
    problems.raise_first()
    check_duplicates(spec, values, seen, problems)
    problems.raise_first()
    return values


def _convert(column: Column, raw: pd.Series, empty: pd.Series, problems: Problems
             ) -> pd.Series:
    name = column.name
    if column.kind in ("id", "text"):
        if column.kind == "id":
            problems.add(name, raw.str.len().gt(MAX_ID_CHARS), lambda p: (
                f"'{problems.raw(name, p)}' is longer than {MAX_ID_CHARS} characters"))
        return raw
    # Parse each distinct text once: a million orders hold a few hundred prices.
    codes, distinct = pd.factorize(raw)
    parsed = PARSERS[column.kind](pd.Series(distinct, dtype=object), column)
    problems.add(name, parsed.bad[codes] & ~empty.to_numpy(),
                 lambda p: parsed.message(problems.raw(name, p)))
    if column.kind in ("whole", "positive", "decimal"):
        _check_numbers(column, parsed.values.to_numpy()[codes], problems)
    return parsed.values.take(codes).set_axis(raw.index)


def _check_numbers(column: Column, numbers: np.ndarray, problems: Problems) -> None:
    name = column.name
    largest = MAX_DECIMAL if column.kind == "decimal" else MAX_WHOLE
    with np.errstate(invalid="ignore"):
        if column.kind != "decimal":
            problems.add(name, np.isfinite(numbers) & (numbers != np.floor(numbers)),
                         lambda p: f"'{problems.raw(name, p)}' is not a whole number")
        problems.add(name, numbers < 0,
                     lambda p: f"{problems.raw(name, p)} is negative; it must be 0 or more")
        problems.add(name, numbers > largest, lambda p: (
            f"{problems.raw(name, p)} is too large (at most {largest:,.0f})"))
        if column.kind == "positive":
            problems.add(name, numbers == 0, lambda _p: "0 is not allowed; it must be 1 or more")


def _check_order(rule: InOrder, values: dict[str, pd.Series], problems: Problems) -> None:
    earlier, later = values[rule.earlier], values[rule.later]
    wrong = earlier.ge(later) if rule.strict else earlier.gt(later)
    problems.add(rule.blame, wrong.fillna(False), lambda p: rule.says.format(
        earlier=problems.raw(rule.earlier, p), later=problems.raw(rule.later, p)))
