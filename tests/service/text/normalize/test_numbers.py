import pytest

from service.text.normalize.numbers import read_decimal, read_digits, read_int, read_ordinal, roman_value

INTS = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (204, "hai trăm linh bốn"),
    (1005, "một nghìn không trăm linh năm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (175_320, "một trăm bảy mươi lăm nghìn ba trăm hai mươi"),
    (2_000_000, "hai triệu"),
    (1_250_000_000, "một tỷ hai trăm năm mươi triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (1_001_001, "một triệu không trăm linh một nghìn không trăm linh một"),
]


@pytest.mark.parametrize(("number", "spoken"), INTS)
def test_read_int(number: int, spoken: str) -> None:
    assert read_int(number) == spoken


@pytest.mark.parametrize(
    ("whole", "fraction", "spoken"),
    [("6", "8", "sáu phẩy tám"), ("2", "35", "hai phẩy ba mươi lăm"), ("0", "05", "không phẩy không năm")],
)
def test_read_decimal(whole: str, fraction: str, spoken: str) -> None:
    assert read_decimal(whole, fraction) == spoken


def test_ordinals_and_digits() -> None:
    assert [read_ordinal(n) for n in (1, 2, 4, 10)] == ["nhất", "hai", "tư", "mười"]
    assert read_digits("0912") == "không chín một hai"


@pytest.mark.parametrize(("token", "value"), [("XII", 12), ("XXI", 21), ("IV", 4), ("IIII", None), ("VX", None)])
def test_roman_value(token: str, value: int | None) -> None:
    assert roman_value(token) == value
