"""Events, platforms and lots in the plan: the live tier a lead time ahead, the warehouse
that must cover a platform, lots on the way until received, and shipments shared in the
planner's what-if."""

from __future__ import annotations

from core.board.tiers import Tier
from core.common.settings import Settings
from core.planning.events import plan_tier
from core.planning.projection import ProjectionInputs, project_lineup
from core.planning.replenish import PlanLine
from core.planning.serving import covering_warehouses
from core.planning.whatif import share_with_plan

US = {"FBA": "amazon", "FBT": "tiktok", "LA": None, "NJ": None}


def test_a_session_within_the_lead_time_is_live_from_the_first_plan() -> None:
    settings = Settings()
    at_noon = plan_tier(status="scheduled", starts_in_days=0.25, lead_days=45,
                        settings=settings)
    in_warmup = plan_tier(status="warmup", starts_in_days=0.04, lead_days=45,
                          settings=settings)

    assert at_noon == in_warmup == Tier.LIVE
    assert plan_tier(status="scheduled", starts_in_days=60, lead_days=45,
                     settings=settings) == Tier.DAILY
    assert plan_tier(status="ended", starts_in_days=0, lead_days=45,
                     settings=settings) == Tier.DAILY


def test_a_tiktok_stream_is_covered_by_tiktoks_own_warehouse_when_it_holds_the_product() -> None:
    assert covering_warehouses(platform="tiktok", serves=US,
                               carriers={"FBA", "FBT", "LA"}) == ["FBT"]


def test_fba_stock_never_covers_a_tiktok_stream() -> None:
    assert covering_warehouses(platform="tiktok", serves=US, carriers={"FBA", "LA", "NJ"}) \
        == ["LA", "NJ"]
    assert covering_warehouses(platform="tiktok", serves=US, carriers={"FBA"}) == ["FBT"]


def test_a_warehouse_serving_several_platforms_covers_each_of_them() -> None:
    mcf = {"FBA": "amazon;tiktok;shopify", "NJ": None}

    assert covering_warehouses(platform="tiktok", serves=mcf, carriers={"FBA", "NJ"}) == [
        "FBA"]
    assert covering_warehouses(platform="shopify", serves=mcf, carriers={"FBA", "NJ"}) == [
        "FBA"]


def test_without_serves_every_carrier_shares_the_demand() -> None:
    assert covering_warehouses(platform="tiktok", serves={"A": None, "B": None},
                               carriers={"A", "B"}) == ["A", "B"]


def an_item(sku: str, **changes: object) -> ProjectionInputs:
    return ProjectionInputs(100, baseline_units_per_day=10, lead_time_days=0,
                            review_period_days=7, freight_cost_unit=1.0,
                            freight_cost_shipment=300, freight_mode="sea", days=14,
                            labels={"sku": sku, "warehouse_id": "W"}).with_changes(**changes)


def test_a_lineup_on_one_lane_pays_each_days_shipment_once() -> None:
    one = project_lineup([an_item("A")])
    two = project_lineup([an_item("A"), an_item("B")])

    shipments = int((one.frame["ordered"] > 0).sum())
    per_unit = one.totals.ordered_units * 1.0
    assert one.totals.freight_cost == per_unit + shipments * 300
    assert two.totals.freight_cost == 2 * per_unit + shipments * 300


def test_the_plans_other_products_on_the_lane_carry_their_share_of_the_shipment() -> None:
    others = [PlanLine("B", "W", "daily", 0, 0, 0, 300, "sea", None, 0.0),
              PlanLine("C", "W", "daily", 0, 0, 0, 50, "air", None, 0.0),
              PlanLine("D", "X", "daily", 0, 0, 0, 70, "sea", None, 0.0)]

    (item,) = share_with_plan([an_item("A")], others)
    alone = project_lineup([an_item("A")]).totals.freight_cost
    shared = project_lineup([item]).totals.freight_cost

    assert item.co_loaded_units == 300  # B only: C flies, D lands elsewhere
    assert shared < alone
