"""Export values in the platforms' languages and money formats: amounts (price-parser),
countries (pycountry), column names and order statuses."""

from __future__ import annotations

import pytest

from core.platforms.imports.countries import country_code
from core.platforms.imports.money import Money, NotAnAmount, read_money
from core.platforms.imports.vocabulary import find_columns, header_key, is_cancelled


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("24.99", 24.99, None),
    ("BRL 35,91", 35.91, "BRL"),
    ("€35,91", 35.91, "EUR"),
    ("11,000 JPY", 11000.0, "JPY"),
    ("¥1,580", 1580.0, None),  # yen or yuan: the sign alone does not say
    ("1.249,00", 1249.0, None),
    ("$1,234.56", 1234.56, None),
    ("US$ 12.50", 12.5, "USD"),
    ("12.500", 12.5, None),  # a plain number is read as written, never as 12,500
])
def test_amounts_are_read_with_their_currency_separators_and_decimal_commas(
        text: str, amount: float, currency: str | None) -> None:
    assert read_money(text) == Money(amount, currency)


@pytest.mark.parametrize("text", ["-5.00", "(5.00)", "3-5", "12 pcs", "", "abc"])
def test_negative_or_unreadable_amounts_are_refused(text: str) -> None:
    with pytest.raises(NotAnAmount):
        read_money(text)


@pytest.mark.parametrize(("name", "code"), [
    ("日本", "JP"), ("美国", "US"), ("米国", "US"), ("United States", "US"),
    ("United States of America", "US"), ("UK", "GB"), ("英国", "GB"), ("Deutschland", "DE"),
    ("España", "ES"), ("us", "US"), ("马来西亚", "MY"),
])
def test_country_names_in_english_chinese_japanese_and_others_become_iso_codes(
        name: str, code: str) -> None:
    assert country_code(name) == code


def test_an_unknown_country_name_is_not_guessed() -> None:
    assert country_code("Narnia") is None


@pytest.mark.parametrize("status", ["Cancelled", "canceled", "CANCELLATION", "已取消",
                                    "キャンセル", "キャンセル済み"])
def test_cancellations_are_read_in_every_language(status: str) -> None:
    assert is_cancelled(status)


@pytest.mark.parametrize("status", ["Shipped", "已发货", "発送済み", "Completed"])
def test_other_statuses_are_not_cancellations(status: str) -> None:
    assert not is_cancelled(status)


def test_older_and_british_amazon_column_names_match_the_api_names() -> None:
    assert header_key("AFN Fulfilable Qty") == header_key("afn-fulfillable-quantity")
    assert header_key("AFN Fulfillable Qty") == header_key("afn-fulfillable-quantity")
    assert find_columns(["Merchant SKU", "AFN Encumbered Qty"], {
        "sku": ("Merchant SKU",), "afn-reserved-quantity": ("AFN Encumbered Qty",)}) == {
        "sku": "Merchant SKU", "afn-reserved-quantity": "AFN Encumbered Qty"}


def test_full_width_column_names_match() -> None:
    assert find_columns(["注文ＩＤ"], {"Order ID": ("注文ID",)}) == {"Order ID": "注文ＩＤ"}
