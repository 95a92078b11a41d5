"""The simulated stream's model: pure, seeded, no store."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from core.simulate.live_stream import LiveStream, order_id_prefix
from core.simulate.stream_model import (
    FlashDeal,
    ProductPlan,
    StreamMinute,
    StreamPlan,
    plan_flash_deals,
    product_shares,
    ramp_minutes,
    viewer_curve,
)
from core.simulate.stream_plan import (
    DEFAULT_PEAK_VIEWERS,
    LineupLine,
    PastStream,
    StreamFacts,
    expected_peak_viewers,
    learned_orders_per_1000_viewer_minutes,
    mean_order_shares,
    past_stream,
    plan_stream,
)

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
PLENTY = 10**9


def a_product(sku: str, *, share: float, price: float = 20.0, slot: int = 1) -> ProductPlan:
    return ProductPlan(sku=sku, slot=slot, price=price, currency="USD", share=share)


def a_plan(*, minutes: int = 180, peak: float = 3000.0, opening: float = 900.0,
           rate: float = 4.0, products: tuple[ProductPlan, ...] | None = None,
           deals: tuple[FlashDeal, ...] = ()) -> StreamPlan:
    return StreamPlan(
        session_id="S-1", market="US", start=START, end=START + timedelta(minutes=minutes),
        warmup_start=START - timedelta(hours=2), opening_viewers=opening, peak_viewers=peak,
        orders_per_1000_viewer_minutes=rate,
        products=products or (a_product("A", share=0.5), a_product("B", share=0.3),
                              a_product("C", share=0.2)),
        flash_deals=deals)


def play(stream: LiveStream, stock: dict[str, int] | None = None) -> Iterator[StreamMinute]:
    """Draw every minute, taking what sells out of `stock` (plenty when not given)."""
    left = dict(stock) if stock is not None else None
    while (minute := stream.next_minute(
            left if left is not None else Counter({p.sku: PLENTY
                                                   for p in stream.plan.products}))) is not None:
        if left is not None:
            for order in minute.orders:
                left[order.sku] -= order.qty
        yield minute


def at_minute(minute: float) -> datetime:
    return START + timedelta(minutes=minute)


def test_viewers_ramp_up_to_the_peak_then_decay_slowly_to_about_half() -> None:
    plan = a_plan()
    ramp = ramp_minutes(plan.duration_minutes)
    curve = [viewer_curve(at_minute(m), plan=plan) for m in range(180)]

    assert curve[0] == pytest.approx(plan.opening_viewers)
    assert max(curve) == pytest.approx(plan.peak_viewers, rel=0.01)
    assert curve.index(max(curve)) == pytest.approx(ramp, abs=1)
    rising, falling = curve[: int(ramp)], curve[int(ramp) + 1:]
    assert all(a < b for a, b in itertools.pairwise(rising))
    assert all(a >= b for a, b in itertools.pairwise(falling))
    assert curve[-1] == pytest.approx(0.5 * plan.peak_viewers, rel=0.02)
    assert viewer_curve(plan.end, plan=plan) == 0


def test_warm_up_viewers_grow_towards_the_opening_level() -> None:
    plan = a_plan()
    early = viewer_curve(START - timedelta(minutes=110), plan=plan)
    late = viewer_curve(START - timedelta(minutes=5), plan=plan)
    assert 0 < early < late < plan.opening_viewers


def test_viewers_bump_up_while_a_flash_deal_runs() -> None:
    deal = FlashDeal(sku="A", start=at_minute(60), end=at_minute(70), price=15.0,
                     order_boost=5.0)
    plain, with_deal = a_plan(), a_plan(deals=(deal,))

    during = viewer_curve(at_minute(65), plan=with_deal) / viewer_curve(at_minute(65), plan=plain)
    after = viewer_curve(at_minute(75), plan=with_deal) / viewer_curve(at_minute(75), plan=plain)

    assert during == pytest.approx(1.25)
    assert after == pytest.approx(1.0)


def test_orders_follow_viewers_times_conversion_times_share_over_a_seeded_run() -> None:
    plan = a_plan(rate=10.0)
    minutes = list(play(LiveStream(plan, seed=11)))
    expected = sum(m.viewers / 1000 * plan.orders_per_1000_viewer_minutes for m in minutes)
    lines = Counter(order.sku for m in minutes for order in m.orders)

    assert expected > 3000  # enough orders that 5% is three standard deviations
    assert sum(lines.values()) == pytest.approx(expected, rel=0.05)
    for product in plan.products:
        assert lines[product.sku] / sum(lines.values()) == pytest.approx(product.share,
                                                                          abs=0.03)


def test_orders_rise_and_fall_with_the_viewers() -> None:
    minutes = list(play(LiveStream(a_plan(rate=4.0), seed=3)))
    busy = [len(m.orders) for m in minutes if m.viewers > 2500]
    quiet = [len(m.orders) for m in minutes if m.viewers < 1700]
    assert busy and quiet
    assert np.mean(busy) > 1.4 * np.mean(quiet)


def test_a_flash_deal_bursts_its_product_at_the_lower_price() -> None:
    deal = FlashDeal(sku="C", start=at_minute(90), end=at_minute(100), price=14.5,
                     order_boost=6.0)
    minutes = list(play(LiveStream(a_plan(deals=(deal,)), seed=5)))

    def c_orders(first: int, last: int) -> list[float]:
        return [o.unit_price for m in minutes[first:last] for o in m.orders if o.sku == "C"]

    during, before = c_orders(90, 100), c_orders(70, 80)
    assert len(during) > 3 * len(before)
    assert set(during) == {14.5}
    assert set(before) == {20.0}
    assert all(o.flash_deal for m in minutes[90:100] for o in m.orders if o.sku == "C")


def test_a_product_stops_selling_once_its_stock_is_gone() -> None:
    minutes = list(play(LiveStream(a_plan(), seed=2), stock={"A": 40, "B": PLENTY,
                                                             "C": PLENTY}))
    a_orders = [o for m in minutes for o in m.orders if o.sku == "A"]
    sold_out_at = a_orders[-1].ts

    assert sum(o.qty for o in a_orders) == 40
    assert sold_out_at < at_minute(60)
    assert any(o.sku == "B" and o.ts > sold_out_at for m in minutes for o in m.orders)


def test_a_product_without_stock_sells_nothing() -> None:
    minutes = list(play(LiveStream(a_plan(), seed=2), stock={"B": PLENTY, "C": PLENTY}))
    assert not [o for m in minutes for o in m.orders if o.sku == "A"]


def test_most_orders_are_for_one_unit_some_for_two_or_three() -> None:
    quantities = Counter(o.qty for m in play(LiveStream(a_plan(), seed=8)) for o in m.orders)
    total = sum(quantities.values())
    assert set(quantities) == {1, 2, 3}
    assert 0.72 < quantities[1] / total < 0.88
    assert quantities[2] > quantities[3]


def test_the_same_seed_plays_the_same_stream_and_another_seed_another() -> None:
    def orders(seed: int) -> list[tuple[str, datetime, int]]:
        return [(o.sku, o.ts, o.qty) for m in play(LiveStream(a_plan(), seed=seed))
                for o in m.orders]

    assert orders(4) == orders(4)
    assert orders(4) != orders(5)


def test_order_ids_are_unique_and_name_the_session() -> None:
    ids = [o.order_id for m in play(LiveStream(a_plan(), seed=1)) for o in m.orders]
    assert len(ids) == len(set(ids))
    assert all(order_id.startswith("SIM-S-1-") for order_id in ids)


def test_a_long_session_id_still_gives_order_ids_that_fit_the_column() -> None:
    long_id = "BLACK-FRIDAY-" + "X" * 60
    prefix = order_id_prefix(long_id)
    assert len(prefix) + 8 <= 64
    assert prefix != order_id_prefix(long_id + "Y")


def test_the_stream_starts_at_warm_up_without_orders_until_the_start() -> None:
    stream = LiveStream(a_plan(), seed=1, start_from=START - timedelta(minutes=30))
    minutes = list(play(stream))
    warmup = [m for m in minutes if m.start < START]
    assert len(warmup) == 30
    assert all(not m.orders and m.viewers > 0 for m in warmup)
    assert any(m.orders for m in minutes if m.start >= START)


def test_flash_deals_come_several_times_one_product_at_a_time_and_cheaper() -> None:
    products = (a_product("A", share=0.5, price=30.0), a_product("B", share=0.3),
                a_product("C", share=0.2))
    end = START + timedelta(hours=3)
    deals = plan_flash_deals(start=START, end=end, products=products,
                             rng=np.random.default_rng(9))
    prices = {p.sku: p.price for p in products}

    assert len(deals) == 4  # round(180 / 40)
    assert len({d.sku for d in deals}) == 3  # every product before any repeats
    for deal, following in itertools.pairwise(deals):
        assert deal.end <= following.start
    for deal in deals:
        assert timedelta(minutes=1) <= deal.end - deal.start <= timedelta(minutes=20)
        assert deal.start > START and deal.end < end
        assert 0.69 * prices[deal.sku] <= deal.price <= 0.86 * prices[deal.sku]
        assert deal.order_boost >= 4


def test_product_shares_keep_history_and_guess_the_rest_from_slot_and_price() -> None:
    shares = product_shares(
        lineup=[("OLD-1", 1, 20.0), ("OLD-2", 2, 20.0), ("NEW-CHEAP", 3, 10.0),
                ("NEW-DEAR", 3, 40.0)],
        past_shares={"OLD-1": 0.4, "OLD-2": 0.2, "GONE": 0.4})

    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["OLD-1"] == pytest.approx(2 * shares["OLD-2"])
    assert shares["NEW-CHEAP"] == pytest.approx(2 * shares["NEW-DEAR"])
    assert "GONE" not in shares


def test_conversion_is_learned_from_past_streams_else_the_domain_default() -> None:
    past = [PastStream("P1", "US", order_lines=600, viewer_minutes=200_000, peak_viewers=2000,
                       warmup_viewers=500),
            PastStream("P2", "US", order_lines=200, viewer_minutes=0, peak_viewers=0,
                       warmup_viewers=None)]
    assert learned_orders_per_1000_viewer_minutes(past) == pytest.approx(3.0)
    assert learned_orders_per_1000_viewer_minutes([]) == pytest.approx(10 / 3)


def test_the_peak_scales_the_warm_up_by_past_streams_with_fallbacks() -> None:
    past = [PastStream("P1", "US", 1, 1.0, peak_viewers=3000, warmup_viewers=1000),
            PastStream("P2", "US", 1, 1.0, peak_viewers=5000, warmup_viewers=1000)]
    assert expected_peak_viewers(warmup_viewers=800, past=past) == pytest.approx(3200)
    assert expected_peak_viewers(warmup_viewers=None, past=past) == pytest.approx(4000)
    assert expected_peak_viewers(warmup_viewers=800, past=[]) == pytest.approx(2400)
    assert expected_peak_viewers(warmup_viewers=None, past=[]) == DEFAULT_PEAK_VIEWERS


def test_a_plan_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="not after start"):
        a_plan(minutes=0)


def test_a_past_stream_counts_viewer_minutes_and_peak_while_live_and_its_warm_up_apart(
        ) -> None:
    samples = [(START - timedelta(minutes=10), 400), (START + timedelta(minutes=30), 1000),
               (START + timedelta(minutes=90), 2000)]

    past = past_stream(session_id="P1", market="US", start=START,
                       end=START + timedelta(minutes=120), order_lines=50, samples=samples)

    # 30 min held at 1000, 60 min rising to 2000 (90,000), 30 min held at 2000
    assert past.viewer_minutes == pytest.approx(30_000 + 90_000 + 60_000)
    assert (past.peak_viewers, past.warmup_viewers) == (2000.0, 400.0)


def test_shares_average_over_the_past_sessions_that_had_the_product() -> None:
    shares = mean_order_shares(
        order_lines={("P1", "A"): 30, ("P1", "B"): 10, ("P2", "A"): 5, ("P2", "C"): 15},
        lineups=[("P1", "A"), ("P1", "B"), ("P2", "A"), ("P2", "C"), ("P3", "A")])

    assert shares == pytest.approx({"A": (0.75 + 0.25) / 2, "B": 0.25, "C": 0.75})


def test_a_plan_opens_at_the_last_warm_up_sample_and_peaks_by_past_streams() -> None:
    past = (PastStream("P1", "US", 300, 100_000.0, peak_viewers=3000, warmup_viewers=1000),
            PastStream("P2", "GB", 900, 100_000.0, peak_viewers=9000, warmup_viewers=1000))
    facts = StreamFacts(
        market="US", warmup_start=START - timedelta(hours=1), start=START,
        end=START + timedelta(hours=2),
        lineup=(LineupLine("A", 1, 20.0, "USD"), LineupLine("B", 2, 30.0, "USD")),
        warmup=((START - timedelta(minutes=20), 700), (START - timedelta(minutes=5), 600)),
        past=past, past_shares={"A": 0.6})

    plan = plan_stream(facts, session_id="S1", seed=7)

    assert plan.peak_viewers == pytest.approx(700 * 3)  # the market's own past stream
    assert plan.opening_viewers == 600
    assert plan.orders_per_1000_viewer_minutes == pytest.approx(3.0)
    assert [p.sku for p in plan.products] == ["A", "B"]
    assert plan_stream(facts, session_id="S1", seed=7) == plan
