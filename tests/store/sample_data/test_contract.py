"""The files' contract: the committed sample loads into a fresh store without warnings, uses
exactly the promised columns, and stays small enough for git."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from core.ingest.service import load_directory
from core.store import models
from tests.store.sample_data.sample import FILES, SAMPLE, rows


def test_the_committed_sample_loads_into_a_fresh_store_without_warnings(engine: Engine) -> None:
    report = load_directory(engine, SAMPLE)

    assert report.warnings == ()
    assert {f.file for f in report.files} == set(FILES)
    with Session(engine) as session:
        stored_orders = session.execute(select(func.count()).select_from(models.OrderLine)
                                        ).scalar_one()
        stored_counts = session.execute(select(func.count()).select_from(models.StockCount)
                                        ).scalar_one()
    assert stored_orders == len(rows("orders.csv"))
    assert stored_counts == len(rows("stock.csv"))


def test_the_files_use_exactly_the_columns_of_the_contract() -> None:
    promised = {
        "warehouses.csv": "warehouse_id,name,country,mode,currency,storage_fee_unit_day,"
                          "inbound_fee_unit,outbound_fee_order,return_fee_unit,serves,"
                          "receiving_days",
        "products.csv": "sku,name,category,substitute_group,unit_cost,price,currency,"
                        "presale_allowed,supplier_lead_days,moq,case_pack",
        "lanes.csv": "warehouse_id,mode,transit_days,transit_days_sd,cost_unit,cost_shipment,"
                     "from_warehouse_id",
        "stock.csv": "sku,warehouse_id,counted_at,on_hand,reserved",
        "inbound.csv": "shipment_id,sku,warehouse_id,qty,mode,shipped_at,eta,received_at",
        "sessions.csv": "session_id,title,platform,market,warmup_start,start,end,traffic,"
                        "expected_viewers",
        "lineup.csv": "session_id,sku,slot,price,variant",
        "viewers.csv": "session_id,ts,viewers,interactions",
        "funnel.csv": "session_id,sku,ts,impressions,clicks",
        "orders.csv": "order_id,sku,ts,qty,unit_price,currency,session_id,warehouse_id,"
                      "customer_id,status",
    }
    for name, header in promised.items():
        first_line = (SAMPLE / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == header, name


def test_the_committed_files_stay_small_enough_for_git() -> None:
    total_bytes = sum((SAMPLE / name).stat().st_size for name in FILES)
    assert total_bytes < 5_000_000
