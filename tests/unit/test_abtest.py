"""A/B tests: the z-test against a hand computation, verdicts that never crown noise."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.review.abtest import (
    CHI_SQUARE,
    Z_TEST,
    ABKind,
    Arm,
    Verdict,
    arc_elasticity,
    chi_square_p_value,
    elasticity_line,
    evaluate,
    session_tests,
    two_proportion_z_test,
    verdict_line,
)


def arm(sku: str, orders: int, clicks: int, price: float = 10.0, impressions: int = 0) -> Arm:
    return Arm(sku=sku, price=price, impressions=impressions or clicks * 10, clicks=clicks,
               orders=orders)


def test_the_z_test_matches_the_hand_computation_for_40_of_400_against_60_of_400() -> None:
    # pooled p = 100 / 800 = 0.125; se = sqrt(0.125 x 0.875 x (1/400 + 1/400)) = 0.023385;
    # z = (0.15 - 0.10) / 0.023385 = 2.1381; p = 2 x (1 - Phi(2.1381)) = 0.0325.
    result = two_proportion_z_test(successes_a=40, trials_a=400, successes_b=60, trials_b=400)

    assert result.z == pytest.approx(0.05 / math.sqrt(0.125 * 0.875 * (2 / 400)))
    assert result.z == pytest.approx(2.1381, abs=1e-4)
    assert result.p_value == pytest.approx(0.0325, abs=1e-4)


def test_the_z_test_is_symmetric_and_says_which_side_is_better() -> None:
    forward = two_proportion_z_test(successes_a=40, trials_a=400, successes_b=60, trials_b=400)
    backward = two_proportion_z_test(successes_a=60, trials_a=400, successes_b=40,
                                     trials_b=400)

    assert backward.z == pytest.approx(-forward.z)
    assert backward.p_value == pytest.approx(forward.p_value)


def test_two_variants_with_the_same_rate_show_no_difference() -> None:
    result = two_proportion_z_test(successes_a=0, trials_a=50, successes_b=0, trials_b=80)

    assert (result.z, result.p_value) == (0.0, 1.0)


def test_the_z_test_refuses_more_orders_than_clicks() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        two_proportion_z_test(successes_a=5, trials_a=4, successes_b=1, trials_b=10)


def test_a_clear_difference_with_enough_orders_names_the_better_variant() -> None:
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 40, 400), arm("LED10", 60, 400)])

    assert test.test == Z_TEST
    assert test.verdict is Verdict.WINNER
    assert test.winner == "LED10"
    assert test.p_value == pytest.approx(0.0325, abs=1e-4)


def test_a_tiny_sample_is_not_enough_data_even_with_a_small_p_value() -> None:
    # 0 of 20 against 9 of 20: p = 0.0007, but fewer than 10 orders in each variant.
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 0, 20), arm("LED10", 9, 20)])

    assert test.p_value is not None and test.p_value < 0.001
    assert test.verdict is Verdict.TOO_FEW
    assert test.winner is None
    assert "Not enough data" in verdict_line(test, "en")
    assert "数据不够" in verdict_line(test, "zh")


def test_a_difference_that_could_be_chance_names_no_winner() -> None:
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 100, 1000), arm("LED10", 110, 1000)])

    assert test.p_value == pytest.approx(0.46, abs=0.01)
    assert test.verdict is Verdict.NOISE
    assert test.winner is None
    assert verdict_line(test, "en").startswith("Not enough data to name a winner")


def test_more_orders_than_clicks_is_an_incomplete_funnel_not_a_result() -> None:
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 50, 40), arm("LED10", 60, 400)])

    assert test.verdict is Verdict.BAD_FUNNEL
    assert test.p_value is None and test.winner is None
    assert "funnel.csv" in verdict_line(test, "en")


def test_a_variant_without_clicks_is_not_enough_data() -> None:
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 0, 0), arm("LED10", 60, 400)])

    assert test.verdict is Verdict.TOO_FEW and test.p_value is None


def test_with_two_variants_the_chi_square_test_agrees_with_the_z_test() -> None:
    arms = [arm("A", 40, 400), arm("B", 60, 400)]

    assert chi_square_p_value(arms) == pytest.approx(0.0325, abs=1e-4)


def test_three_variants_need_the_best_to_beat_each_other_one() -> None:
    clear = evaluate(group="g", kind=ABKind.GROUP,
                     arms=[arm("A", 40, 400), arm("B", 42, 400), arm("C", 80, 400)])
    close = evaluate(group="g", kind=ABKind.GROUP,
                     arms=[arm("A", 40, 400), arm("B", 60, 400), arm("C", 62, 400)])

    assert clear.test == CHI_SQUARE and clear.winner == "C"
    assert close.p_value is not None and close.p_value < 0.05  # the overall test...
    assert close.winner is None and close.verdict is Verdict.NOISE  # ...but C ~ B


def test_the_arc_elasticity_is_the_midpoint_formula() -> None:
    # ((0.15 - 0.10) / 0.125) / ((19.99 - 24.99) / 22.49) = 0.4 / -0.22232 = -1.799.
    elasticity = arc_elasticity(price_a=24.99, conversion_a=0.10, price_b=19.99,
                                conversion_b=0.15)

    assert elasticity == pytest.approx(0.4 / (-5 / 22.49))
    assert arc_elasticity(price_a=10, conversion_a=0.1, price_b=10, conversion_b=0.2) is None


def test_a_price_test_reports_the_elasticity_it_implies() -> None:
    test = evaluate(group="CHOP price", kind=ABKind.PRICE,
                    arms=[arm("CHOP", 40, 400, price=24.99), arm("CHOP", 60, 400, price=19.99)])

    assert test.winner == "CHOP@19.99"
    assert test.elasticity == pytest.approx(-1.799, abs=1e-3)
    line = elasticity_line(test, "en")
    assert line is not None and "-1.80" in line and "more conversion" in line


def test_the_json_of_a_test_has_exactly_the_product_md_fields() -> None:
    test = evaluate(group="strip", kind=ABKind.GROUP,
                    arms=[arm("LED5", 40, 400, impressions=4000), arm("LED10", 60, 400)])

    body = test.to_json()

    assert list(body) == ["group", "variants", "p_value", "winner"]
    assert body["variants"][0] == {"sku": "LED5", "price": 10.0, "impressions": 4000,
                                   "clicks": 400, "orders": 40, "ctr": 0.1,
                                   "conversion": 0.1}


def variants_frame(rows: list[tuple[str, str, float, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["session_id", "sku", "price", "variant",
                                       "substitute_group"])


def test_a_session_tests_its_labelled_products_of_one_group_and_one_product_across_prices(
        ) -> None:
    variants = variants_frame([
        ("S2", "LED5", 19.0, "A", "strip"), ("S2", "LED10", 29.0, "B", "strip"),
        ("S1", "CHOP", 24.99, "A", "kitchen"), ("S2", "CHOP", 19.99, "B", "kitchen"),
        ("S3", "CHOP", 19.99, "B", "kitchen"),  # not ended yet: out of scope
    ])
    funnel = pd.DataFrame([("S2", "LED5", 4000, 400), ("S2", "LED10", 4000, 400),
                           ("S1", "CHOP", 3000, 400), ("S2", "CHOP", 3000, 400),
                           ("S3", "CHOP", 3000, 400)],
                          columns=["session_id", "sku", "impressions", "clicks"])
    orders = pd.DataFrame([("S2", "LED5", 40), ("S2", "LED10", 60), ("S1", "CHOP", 40),
                           ("S2", "CHOP", 60), ("S3", "CHOP", 90)],
                          columns=["session_id", "sku", "orders"])

    tests = session_tests(session_id="S2", variants=variants, funnel=funnel, orders=orders,
                          sessions_in_scope=["S1"])

    assert [(t.group, t.kind) for t in tests] == [("strip", ABKind.GROUP),
                                                  ("CHOP price", ABKind.PRICE)]
    price = tests[1]
    assert [(a.price, a.clicks, a.orders, a.sessions) for a in price.arms] == [
        (19.99, 400, 60, ("S2",)), (24.99, 400, 40, ("S1",))]


def test_a_labelled_product_seen_at_one_price_only_is_no_test() -> None:
    variants = variants_frame([("S1", "CHOP", 19.99, "B", "kitchen"),
                               ("S2", "CHOP", 19.99, "B", "kitchen")])
    empty = pd.DataFrame(columns=["session_id", "sku", "impressions", "clicks"])

    tests = session_tests(session_id="S2", variants=variants, funnel=empty,
                          orders=pd.DataFrame(columns=["session_id", "sku", "orders"]),
                          sessions_in_scope=["S1"])

    assert tests == []


def test_the_verdict_is_on_conversion_with_margin_per_click_beside_it() -> None:
    cheap = Arm(sku="KG@19.99", price=19.99, impressions=4000, clicks=400, orders=60,
                unit_cost=4.90)
    dear = Arm(sku="KG@24.99", price=24.99, impressions=4000, clicks=400, orders=40,
               unit_cost=4.90)

    test = evaluate(group="KG", kind=ABKind.GROUP, arms=[dear, cheap])

    assert test.winner == "KG@19.99"
    assert cheap.margin_per_click == pytest.approx(0.15 * 15.09)
    assert dear.margin_per_click == pytest.approx(0.10 * 20.09)
    assert verdict_line(test, "en").endswith("margin per click 2.26 vs 2.01")
