"""Which encoding a file is read in: UTF-8 first, else the one clearly most likely (with a
warning naming it), else a refusal showing how each candidate would read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.common.errors import InputError
from core.ingest.text_encoding import detect_encoding

AMAZON_HEADER = "sku\tproduct-name\tafn-fulfillable-quantity\tafn-reserved-quantity\n"


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_or_without_a_byte_order_mark_reads_without_a_warning(tmp_path: Path
                                                                        ) -> None:
    text = "sku,name\nSKU-1,蓝牙耳机 Kid’s\n"
    plain = detect_encoding(written(tmp_path, "a.csv", text.encode()))
    marked = detect_encoding(written(tmp_path, "b.csv", b"\xef\xbb\xbf" + text.encode()))
    assert (plain.codec, plain.warning, plain.lines) == ("utf-8", None, 2)
    assert (marked.codec, marked.warning) == ("utf-8-sig", None)


def test_a_windows_1252_amazon_report_is_read_with_a_warning_fit_for_a_text_report(
        tmp_path: Path) -> None:
    rows = "".join(f"SKU-{i}\tPlain tripod {i}\t{i}\t0\n" for i in range(200))
    report = written(tmp_path, "inventory.txt", (AMAZON_HEADER + rows
                                                 + "KT-1\tKid’s Toy Drum\t4\t0\n").encode("cp1252"))

    found = detect_encoding(report)

    assert found.codec == "cp1252"
    assert found.warning is not None
    assert "Windows-1252" in found.warning and "row 202" in found.warning
    assert "UTF-8 text" in found.warning and "CSV" not in found.warning


@pytest.mark.parametrize(("text", "codec", "named"), [
    ("订单ID,订单状态,卖家SKU,商品名称,数量,国家/地区\n5764,已取消,SKU-1,手机支架 三脚架,2,美国\n",
     "gb18030", "GBK/GB18030"),
    ("注文ID,注文ステータス,セラーSKU,商品名,数量,国/地域\n5764,キャンセル,SKU-1,スマホ三脚,2,日本\n",
     "cp932", "CP932"),
    ("Name,Lineitem name,Shipping City\n#1,Größe Lampe – weiß,München\n", "cp1252",
     "Windows-1252"),
])
def test_excel_exports_of_china_japan_and_europe_are_read_with_a_warning_naming_the_encoding(
        tmp_path: Path, text: str, codec: str, named: str) -> None:
    found = detect_encoding(written(tmp_path, "export.csv", text.encode(codec)))
    assert found.codec == codec
    assert found.warning is not None and named in found.warning
    assert "CSV UTF-8" in found.warning


def test_western_text_is_never_taken_for_chinese(tmp_path: Path) -> None:
    text = "Name,Lineitem name\n#1,Kid’s Café crème brûlée\n#2,Señor Müller’s light\n"
    assert detect_encoding(written(tmp_path, "shop.csv", text.encode("cp1252"))).codec == (
        "cp1252")


def test_a_file_that_reads_several_ways_is_refused_showing_each_reading(tmp_path: Path
                                                                         ) -> None:
    path = written(tmp_path, "products.csv",
                   "sku,name\nSKU-1,手机支架\nSKU-2,补光灯\n".encode("gbk"))

    with pytest.raises(InputError) as refused:
        detect_encoding(path)

    message = refused.value.reason
    assert "reads several ways" in message
    assert "as GBK/GB18030 (Simplified Chinese) it reads '手机支架'" in message
    assert "CP949 (Korean)" in message and "CSV UTF-8" in message


def test_excel_unicode_text_in_utf16_is_read(tmp_path: Path) -> None:
    path = written(tmp_path, "inventory.txt", (AMAZON_HEADER + "SKU-1\tKid’s drum\t4\t0\n")
                   .encode("utf-16"))
    found = detect_encoding(path)
    assert (found.codec, found.warning, found.lines) == ("utf-16", None, 2)


def test_a_utf8_file_with_one_damaged_byte_is_refused_naming_its_row(tmp_path: Path) -> None:
    rows = "".join(f"SKU-{i},补光灯 {i} 寸,灯具\n" for i in range(20)).encode()
    path = written(tmp_path, "products.csv", b"sku,name,category\n" + rows
                   + b"SKU-X,Kid\x92s lamp,toys\n")

    with pytest.raises(InputError) as refused:
        detect_encoding(path)

    assert refused.value.line == 22
    assert "is UTF-8 but for byte 0x92" in refused.value.reason
