"""The loader's file specs against the store's tables, and the report a person reads."""

from __future__ import annotations

import pytest

from core.ingest.datafiles import FILES, REFERENCE_SOURCES, FileSpec
from core.ingest.load_report import FileReport, LoadReport
from core.store.models import table_named


@pytest.mark.parametrize("spec", FILES, ids=[spec.name for spec in FILES])
def test_each_file_upserts_by_its_tables_primary_key(spec: FileSpec) -> None:
    assert spec.key == tuple(c.name for c in table_named(spec.table).primary_key.columns)


@pytest.mark.parametrize("spec", FILES, ids=[spec.name for spec in FILES])
def test_each_file_fills_every_column_its_table_requires(spec: FileSpec) -> None:
    table = table_named(spec.table)
    read = {column.name for column in spec.columns}
    required = {c.name for c in table.columns if not c.nullable and c.default is None}
    assert read <= {c.name for c in table.columns}
    assert required - read <= {"source"}


def test_every_reference_names_a_key_column_of_the_store_and_the_file_that_fills_it() -> None:
    filled_by = {spec.name: spec for spec in FILES}
    for table_name, key, file in REFERENCE_SOURCES.values():
        assert key in table_named(table_name).primary_key.columns
        assert filled_by[file].table == table_name


def test_the_files_load_in_an_order_where_references_come_first() -> None:
    names = [spec.name for spec in FILES]
    assert names.index("warehouses.csv") < names.index("lanes.csv") < names.index("orders.csv")
    assert names.index("products.csv") < names.index("stock.csv")
    assert names.index("sessions.csv") < names.index("lineup.csv")
    assert len(names) == 10


def test_a_file_report_counts_what_was_neither_new_nor_updated_as_unchanged() -> None:
    report = FileReport("orders.csv", rows_read=10, inserted=6, updated=1, encoding="utf-8")
    assert report.unchanged == 3
    assert report.rows_loaded == 7


def test_the_summary_has_a_line_per_file_and_the_total() -> None:
    report = LoadReport(files=(
        FileReport("products.csv", rows_read=3, inserted=3, updated=0, encoding="utf-8"),
        FileReport("orders.csv", rows_read=1_200_000, inserted=1_000_000, updated=5,
                   encoding="gb18030"),
    ), warnings=(), seconds=12.34)
    lines = report.summary().splitlines()
    assert lines[0] == "loaded 2 file(s), 1,200,003 rows in 12.3 s"
    assert lines[1].split() == ["products.csv", "3", "rows:", "3", "new,", "0", "updated,",
                                "0", "unchanged"]
    assert "1,000,000 new, 5 updated, 199,995 unchanged" in lines[2]
