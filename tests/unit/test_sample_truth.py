"""The sample world's truth (sample_data/gen/truth.py): what buyers wanted, beside the files."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import pytest

from sample_data.gen.draws import SEED
from sample_data.gen.tables import Dataset
from sample_data.gen.truth import Truth, generate

MEGA = "S261111-TT-US"


@cache
def world() -> tuple[Dataset, Truth]:
    return generate(SEED)


def test_what_the_streams_sold_in_the_truth_is_what_orders_csv_holds() -> None:
    dataset, truth = world()
    sold: dict[tuple[str, str], int] = defaultdict(int)
    for _order, sku, _ts, qty, _price, _cur, session, *_rest, status in (
            dataset.tables["orders.csv"]):
        if session and status != "cancelled":
            sold[(session, sku)] += int(qty)

    for stream in truth.streams.values():
        for product in stream.products.values():
            assert product.sold_units == sold[(stream.session_id, product.sku)], product.sku


def test_the_mega_live_wanted_more_than_it_sold_and_its_sell_outs_lost_it() -> None:
    _, truth = world()
    mega = truth.streams[MEGA]
    led = mega.products["LED-10M-US"]

    assert mega.is_event
    assert sum(p.demand_units for p in mega.products.values()) > 1.3 * sum(
        p.sold_units for p in mega.products.values())
    assert led.ran_out and led.unmet_units > 0
    assert led.lost_expected == pytest.approx(led.unmet_units, rel=0.25)
    assert not mega.products["RL-12-US"].ran_out


def test_another_seed_draws_another_world_of_the_same_story() -> None:
    dataset, _ = world()
    other, truth = generate("decisions-2")

    assert MEGA in truth.streams
    assert other.tables["sessions.csv"] == dataset.tables["sessions.csv"]
    assert other.tables["orders.csv"] != dataset.tables["orders.csv"]


def test_a_product_whose_buyers_met_an_empty_shelf_ran_out_in_that_stream() -> None:
    # FBA serves Amazon only: a TikTok stream can empty the shelves that ship its orders
    # while FBA still holds units; those buyers met an empty shelf all the same.
    _, truth = world()

    unmet_yet_never_out = [(s.session_id, p.sku) for s in truth.streams.values()
                           for p in s.products.values() if p.unmet_units > 0 and not p.ran_out]

    assert unmet_yet_never_out == []
