"""Bad input: every class of mistake is named by file, line and column, and loads nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

import core.ingest.service
from cli import app
from core.common.errors import InputError
from core.ingest.service import load_directory
from tests.store.test_ingest import GOOD, ORDERS_HEADER, a_folder, lines, snapshot

WAREHOUSES = "warehouse_id,name,country,mode,currency,storage_fee_unit_day,inbound_fee_unit," \
             "outbound_fee_order,return_fee_unit"
PRODUCTS = "sku,name,category,substitute_group,unit_cost,price,currency,presale_allowed," \
           "supplier_lead_days"
SESSIONS = "session_id,title,platform,market,warmup_start,start,end,traffic"
A_SESSION = "S-9,Live,tiktok,US,2026-11-26T12:00:00-05:00,2026-11-27T20:00:00-05:00," \
            "2026-11-27T23:00:00-05:00,paid"
AN_ORDER = "N-1,SKU-101,2026-11-28T01:00:40Z,2,19.99,USD,S-BF-US,US-FBA,C-1,paid"


def good(stem: str) -> str:
    return (GOOD / f"{stem}.csv").read_text(encoding="utf-8")


def with_line(stem: str, row: str) -> str:
    """The good file with one more row at the end (its line = good rows + 2)."""
    return good(stem) + row + "\n"


# (file stem, file text, line, column, words the message must contain)
BAD_INPUT = {
    "missing required column": (
        "orders", lines("order_id,sku,ts,unit_price,currency",
                        "N-1,SKU-101,2026-11-28T01:00Z,1,USD"),
        1, "qty", "required column is missing"),
    "qty not a number": (
        "orders", with_line("orders", AN_ORDER.replace(",2,19.99", ",two,19.99")),
        7, "qty", "'two' is not a number"),
    "qty not a whole number": (
        "orders", with_line("orders", AN_ORDER.replace(",2,19.99", ",1.5,19.99")),
        7, "qty", "not a whole number"),
    "price not a number": (
        "products", with_line("products", 'SKU-9,x,y,,1.00,"1,240.00",USD,true,7'),
        5, "price", "'1,240.00' is not a number"),
    "flag not true or false": (
        "products", with_line("products", "SKU-9,x,y,,1.00,12.00,USD,maybe,7"),
        5, "presale_allowed", "'maybe' is not true or false"),
    "not a date": (
        "orders", with_line("orders", AN_ORDER.replace("2026-11-28T01:00:40Z", "28/11/2026")),
        7, "ts", "is not a date and time"),
    "timestamp without an offset": (
        "orders", with_line("orders", AN_ORDER.replace("01:00:40Z", "01:00:40")),
        7, "ts", "has no time zone offset"),
    "a bare date is not an instant": (
        "stock", with_line("stock", "SKU-101,US-3PL,2026-11-28,5,0"),
        7, "counted_at", "has no time zone offset"),
    "negative quantity": (
        "stock", with_line("stock", "SKU-101,US-3PL,2026-11-28T00:00:00Z,-5,0"),
        7, "on_hand", "-5 is negative"),
    "negative fee": (
        "warehouses", with_line("warehouses", "JP-3PL,Tokyo,JP,3pl,JPY,-0.1,0,300,400"),
        5, "storage_fee_unit_day", "negative"),
    "order quantity zero": (
        "orders", with_line("orders", AN_ORDER.replace(",2,19.99", ",0,19.99")),
        7, "qty", "must be 1 or more"),
    "unknown sku": (
        "orders", with_line("orders", AN_ORDER.replace("SKU-101", "SKU-999")),
        7, "sku", "unknown sku 'SKU-999'"),
    "unknown warehouse": (
        "stock", with_line("stock", "SKU-101,US-WEST,2026-11-28T00:00:00Z,5,0"),
        7, "warehouse_id", "unknown warehouse 'US-WEST'"),
    "unknown session": (
        "lineup", with_line("lineup", "S-NOPE,SKU-101,4,19.99,"),
        5, "session_id", "unknown session 'S-NOPE'"),
    "duplicate key": (
        "orders", with_line("orders", "TT-5002,SKU-101,2026-11-28T02:00:00Z,1,19.99,USD,,,,"),
        7, "order_id", "already on row 4"),
    "duplicate stock count at the same instant in another offset": (
        "stock", with_line("stock", "SKU-101,US-FBA,2026-11-26T00:00:00Z,1,0"),
        7, "sku", "already on row 2"),
    "end before start": (
        "sessions", with_line("sessions", A_SESSION.replace("2026-11-27T23:00:00-05:00",
                                                            "2026-11-27T19:00:00-05:00")),
        4, "end", "is not after start"),
    "warmup after start": (
        "sessions", with_line("sessions", A_SESSION.replace("2026-11-26T12:00:00-05:00",
                                                            "2026-11-27T21:00:00-05:00")),
        4, "warmup_start", "is after start"),
    "eta before shipped": (
        "inbound", with_line("inbound", "SHP-1,SKU-101,US-FBA,10,air,2026-11-20T00:00:00Z,"
                                        "2026-11-19T00:00:00Z"),
        5, "eta", "is before shipped_at"),
    "clicks above impressions": (
        "funnel", with_line("funnel", "S-BF-US,SKU-204,2026-11-28T01:01:00Z,10,11"),
        4, "clicks", "exceed impressions"),
    "warehouse mode": (
        "warehouses", with_line("warehouses", "JP-3PL,Tokyo,JP,rented,JPY,1,0,300,400"),
        5, "mode", "'rented' is not one of self, 3pl, platform"),
    "lane mode": (
        "lanes", with_line("lanes", "US-3PL,boat,30,3,0.4,100"),
        6, "mode", "'boat' is not one of sea, air, express, rail"),
    "traffic": (
        "sessions", with_line("sessions", A_SESSION.replace(",paid", ",viral")),
        4, "traffic", "'viral' is not one of organic, paid, mixed"),
    "order status": (
        "orders", with_line("orders", AN_ORDER.replace(",paid", ",refunded")),
        7, "status", "'refunded' is not one of paid, cancelled, returned"),
    "country": (
        "warehouses", with_line("warehouses", "JP-3PL,Tokyo,jp,3pl,JPY,1,0,300,400"),
        5, "country", "'jp' is not a country code"),
    "market": (
        "sessions", with_line("sessions", A_SESSION.replace(",US,", ",USA,")),
        4, "market", "'USA' is not a country code"),
    "currency": (
        "orders", with_line("orders", AN_ORDER.replace(",USD,", ",US$,")),
        7, "currency", "'US$' is not a currency code"),
    "empty required value": (
        "products", with_line("products", "SKU-9,,y,,1.00,12.00,USD,true,7"),
        5, "name", "is empty"),
    "empty key": (
        "orders", with_line("orders", AN_ORDER.replace("N-1,", ",")),
        7, "order_id", "is empty"),
    "number too large for the store": (
        "stock", with_line("stock", "SKU-101,US-3PL,2026-11-28T00:00:00Z,3000000000,0"),
        7, "on_hand", "is too large"),
    "id too long": (
        "orders", with_line("orders", AN_ORDER.replace("N-1,", "N" * 65 + ",")),
        7, "order_id", "longer than 64 characters"),
}


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    """A store holding the good files."""
    load_directory(engine, a_folder(tmp_path / "before"))
    return engine


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_named_by_file_line_and_column_and_loads_nothing(
        loaded: Engine, tmp_path: Path, case: tuple[str, str, int, str, str]) -> None:
    stem, content, line, column, words = case
    # The batch also brings a valid new warehouse: it must not be written either.
    warehouses = content if stem == "warehouses" else with_line(
        "warehouses", "JP-3PL,Tokyo,JP,3pl,JPY,0.01,0,300,400")
    folder = a_folder(tmp_path, files={"warehouses": warehouses, stem: content})
    before = snapshot(loaded)
    with pytest.raises(InputError) as caught:
        load_directory(loaded, folder)
    error = caught.value
    assert (error.file, error.line, error.column) == (f"{stem}.csv", line, column)
    assert str(error).startswith(f"{stem}.csv, row {line}, column {column}: ")
    assert words in error.reason
    assert snapshot(loaded) == before


def test_the_first_bad_line_is_the_one_reported(engine: Engine, tmp_path: Path) -> None:
    orders = lines(ORDERS_HEADER,
                   "A-1,SKU-101,2026-11-28T01:00:40Z,1,19.99,USD,,,,",
                   "A-2,SKU-101,2026-11-28T01:00:40,1,19.99,USD,,,,",
                   "A-3,SKU-101,2026-11-28T01:00:40Z,-1,19.99,USD,,,,")
    with pytest.raises(InputError) as caught:
        load_directory(engine, a_folder(tmp_path, only=("warehouses", "products"),
                                        orders=orders))
    assert (caught.value.line, caught.value.column) == (3, "ts")


def test_a_row_with_too_many_values_names_its_line(engine: Engine, tmp_path: Path) -> None:
    products = lines(PRODUCTS, "SKU-9,Ring light, white,lighting,,1.00,12.00,USD,true,7")
    with pytest.raises(InputError, match="has 10 values but the header names 9") as caught:
        load_directory(engine, a_folder(tmp_path, only=(), products=products))
    assert (caught.value.file, caught.value.line) == ("products.csv", 2)


def test_a_column_named_twice_is_refused(engine: Engine, tmp_path: Path) -> None:
    products = lines(PRODUCTS + ",price", "SKU-9,x,y,,1.00,12.00,USD,true,7,13.00")
    with pytest.raises(InputError, match="appears twice") as caught:
        load_directory(engine, a_folder(tmp_path, only=(), products=products))
    assert (caught.value.line, caught.value.column) == (1, "price")


def test_an_empty_file_says_which_columns_it_needs(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is empty.*warehouse_id, name, country"):
        load_directory(engine, a_folder(tmp_path, only=(), warehouses=""))


def test_a_missing_column_with_a_near_name_points_at_the_typo(engine: Engine,
                                                             tmp_path: Path) -> None:
    warehouses = good("warehouses").replace("storage_fee_unit_day", "storage_fee_per_day")
    with pytest.raises(InputError, match="'storage_fee_per_day' looks like a typo of it"):
        load_directory(engine, a_folder(tmp_path, only=(), warehouses=warehouses))


def test_a_file_no_encoding_reads_is_refused_saying_where_and_what_to_do(
        engine: Engine, tmp_path: Path) -> None:
    folder = a_folder(tmp_path, only=())
    (folder / "warehouses.csv").write_bytes(
        (WAREHOUSES + "\n").encode()
        + b"US-1,\x81\x8d\x8f\x90\x9d\xff\xfe bad,US,3pl,USD,0,0,0,0\n")
    with pytest.raises(InputError) as caught:
        load_directory(engine, folder)
    assert caught.value.file == "warehouses.csv"
    assert "is not UTF-8 text (byte 0x81 on row 2)" in caught.value.reason
    assert "CSV UTF-8" in caught.value.reason


def test_a_folder_without_data_files_lists_the_names_it_looked_for(
        engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "Orders.csv").write_text(ORDERS_HEADER + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_directory(engine, tmp_path)
    message = str(caught.value)
    assert "warehouses.csv" in message and "orders.csv" in message
    assert "none of the data files" in message


def test_a_misnamed_file_is_reported(engine: Engine, tmp_path: Path) -> None:
    folder = a_folder(tmp_path, only=("warehouses",))
    (folder / "order.csv").write_text(ORDERS_HEADER + "\n", encoding="utf-8")
    report = load_directory(engine, folder)
    assert report.warnings == ("order.csv is not a LiveStock data file; ignored "
                               "(did you mean orders.csv?)",)


def test_a_folder_that_does_not_exist_is_an_input_error(engine: Engine,
                                                         tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder"):
        load_directory(engine, tmp_path / "nowhere")


def test_every_error_keeps_sessions_and_products_of_the_batch_out(
        engine: Engine, tmp_path: Path) -> None:
    products = with_line("products", "SKU-9,x,y,,1.00,12.00,USD,true,7")
    sessions = with_line("sessions", A_SESSION)
    orders = with_line("orders", AN_ORDER.replace("SKU-101", "SKU-9").replace(",2,", ",-2,"))
    with pytest.raises(InputError):
        load_directory(engine, a_folder(tmp_path, products=products, sessions=sessions,
                                        orders=orders))
    assert all(rows == [] for rows in snapshot(engine).values())


def test_a_row_the_store_refuses_anyway_is_named_by_file_and_lines(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Loosen the loader's own check on qty so the store's constraint (qty > 0) is what fires.
    loose = tuple(replace(c, kind="whole") if c.name == "qty" else c
                  for c in core.ingest.service.FILES[-1].columns)
    files = (*core.ingest.service.FILES[:-1], replace(core.ingest.service.FILES[-1], columns=loose))
    monkeypatch.setattr(core.ingest.service, "FILES", files)
    orders = with_line("orders", AN_ORDER.replace(",2,19.99", ",0,19.99"))
    with pytest.raises(InputError, match="the store refused a row on rows 2-7") as caught:
        load_directory(engine, a_folder(tmp_path, orders=orders))
    assert caught.value.file == "orders.csv"
    assert all(rows == [] for rows in snapshot(engine).values())


def test_rows_are_counted_as_a_spreadsheet_shows_them_past_cells_with_line_breaks(
        engine: Engine, tmp_path: Path) -> None:
    products = lines(PRODUCTS,
                     'SKU-1,"Ring Light\n10 inch, with stand",lighting,,6.5,24.99,USD,true,7',
                     "SKU-2,Tripod,accessories,,3.2,-15.99,USD,false,10")
    with pytest.raises(InputError) as caught:
        load_directory(engine, a_folder(tmp_path, only=(), products=products))
    assert (caught.value.line, caught.value.column) == (3, "price")  # text line 4


def test_too_many_values_after_a_cell_with_line_breaks_names_row_and_text_line(
        engine: Engine, tmp_path: Path) -> None:
    products = lines(PRODUCTS,
                     'SKU-1,"Ring Light\n10 inch",lighting,,6.5,24.99,USD,true,7',
                     "SKU-2,Tripod,accessories,,3.2,15.99,USD,false,10",
                     "SKU-3,Mic, clip-on,audio,,2.1,12.99,USD,true,12")
    with pytest.raises(InputError) as caught:
        load_directory(engine, a_folder(tmp_path, only=(), products=products))
    assert str(caught.value).startswith("products.csv, row 4 (text line 5): has 10 values")


def run_load(folder: Path, tmp_path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["load", str(folder), "--db",
                                      f"sqlite:///{tmp_path / 'store.db'}"])
    return result.exit_code, result.stderr


def test_an_unclosed_quote_in_a_small_csv_is_one_line_naming_row_and_column(
        tmp_path: Path) -> None:
    warehouses = lines(WAREHOUSES, 'US-X,"LA 3PL,US,3pl,USD,0,0,0,0',
                       "US-Y,NJ 3PL,US,3pl,USD,0,0,0,0")
    code, stderr = run_load(a_folder(tmp_path, only=(), warehouses=warehouses), tmp_path)
    assert code == 1
    assert stderr.splitlines() == [
        "error: warehouses.csv, row 2, column name: a quote (\") opened here is never closed, "
        "so the rest of the file reads as one value; close it or remove it"]


def test_a_value_over_128_kib_on_the_first_data_row_is_one_line_naming_row_and_column(
        tmp_path: Path) -> None:
    products = lines(PRODUCTS, f"SKU-1,{'x' * 140_000},lighting,,6.5,24.99,USD,true,7")
    code, stderr = run_load(a_folder(tmp_path, only=(), products=products), tmp_path)
    assert code == 1
    [line] = stderr.splitlines()
    assert line.startswith("error: products.csv, row 2, column name: 'xxxx")
    assert line.endswith("(140,000 characters)' is longer than 1,000 characters")


def test_a_date_in_year_9999_is_one_line_naming_row_and_column(tmp_path: Path) -> None:
    orders = with_line("orders", AN_ORDER.replace("2026-11-28T01:00:40Z",
                                                  "9999-12-31T23:59:59-05:00"))
    code, stderr = run_load(a_folder(tmp_path, orders=orders), tmp_path)
    assert code == 1
    assert stderr.splitlines() == [
        "error: orders.csv, row 7, column ts: '9999-12-31T23:59:59-05:00' is outside the dates "
        "LiveStock keeps (1970 to 2199)"]
