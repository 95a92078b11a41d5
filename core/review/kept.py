"""A finished session's review as plain JSON values, to keep beside the store
(`core.store.results_cache`) and read back exactly: `review_record` / `review_of_record`,
`frame_record` / `frame_of_record` (the light bands).

A review is frozen dataclasses (`SessionReview`, its products, stock-outs, forecast and A/B
tests) and DataFrames (viewers, sales, availability). Each value is written with what it
was (a dataclass by name, a tuple, an enum, a time stamp, a frame with its dtypes), so what
comes back compares equal field by field and the page and the JSON show the same thing.
Only the review's own types are read back (never an arbitrary class, never pickle).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from core.review.abtest import ABKind, ABTest, Arm, Verdict
from core.review.model import ForecastRange, ForecastTrack, ProductReview, SessionReview
from core.review.stockouts import StockOut

_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    SessionReview, ProductReview, ForecastRange, ForecastTrack, StockOut, ABTest, Arm)}
_ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (ABKind, Verdict)}


def review_record(review: SessionReview) -> dict[str, Any]:
    """The review as JSON values; `review_of_record` reverses it."""
    record = _encode(review)
    assert isinstance(record, dict)
    return record


def review_of_record(record: Mapping[str, Any]) -> SessionReview:
    """The review `review_record` wrote."""
    review = _decode(record)
    if not isinstance(review, SessionReview):
        raise ValueError("not a kept review")
    return review


def frame_record(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame as its columns, dtypes and rows (time stamps in ISO 8601)."""
    rows = [[_encode(value) for value in row] for row in frame.itertuples(index=False)]
    return {"columns": [str(c) for c in frame.columns],
            "dtypes": [str(d) for d in frame.dtypes], "rows": rows}


def frame_of_record(record: Mapping[str, Any]) -> pd.DataFrame:
    """The frame `frame_record` wrote, with its dtypes."""
    columns = list(record["columns"])
    rows = [[_decode(value) for value in row] for row in record["rows"]]
    frame = pd.DataFrame(rows, columns=columns)
    for column, dtype in zip(columns, record["dtypes"], strict=True):
        if dtype.startswith("datetime64"):
            frame[column] = pd.to_datetime(frame[column], utc=True).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def _encode(value: Any) -> Any:
    # Enums first: a verdict is a StrEnum, a str too, and must come back as itself (the
    # page asks `verdict is Verdict.WINNER`).
    if isinstance(value, Enum):
        return {"enum": type(value).__name__, "value": value.value}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.generic):
        return _encode(value.item())
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, pd.DataFrame):
        return {"frame": frame_record(value)}
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"class": type(value).__name__,
                "fields": {f.name: _encode(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot keep a {type(value).__name__} in a review")


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "enum" in value:
        return _ENUMS[value["enum"]](value["value"])
    if "timestamp" in value:
        return pd.Timestamp(value["timestamp"])
    if "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    if "frame" in value:
        return frame_of_record(value["frame"])
    if "tuple" in value:
        return tuple(_decode(item) for item in value["tuple"])
    if "class" in value:
        cls = _CLASSES[value["class"]]
        return cls(**{name: _decode(item) for name, item in value["fields"].items()})
    raise ValueError("not a kept review value")
