"""Vietnamese readings of numbers (northern standard): 21 hai mươi mốt, 25 hai mươi lăm, 204 hai trăm linh bốn."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", "nghìn", "triệu", "tỷ"]


def _below_hundred(n: int, *, after_hundreds: bool) -> list[str]:
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return (["linh"] if after_hundreds else []) + [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_thousand(n: int, *, full: bool) -> list[str]:
    """A three-digit group; full means a higher group precedes, so 'không trăm' is spoken (2021)."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _below_hundred(rest, after_hundreds=False)
    return [DIGITS[hundreds], "trăm", *_below_hundred(rest, after_hundreds=True)]


def read_int(n: int) -> str:
    """The spoken form of a whole number; tỷ repeats for very large numbers (nghìn tỷ)."""
    if n < 0:
        return "âm " + read_int(-n)
    if n == 0:
        return "không"
    if n >= 1_000_000_000:
        high, low = divmod(n, 1_000_000_000)
        tail = _groups(low, full=True) if low else []
        return " ".join([read_int(high), "tỷ", *tail])
    return " ".join(_groups(n, full=False))


def _groups(n: int, *, full: bool) -> list[str]:
    parts: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        parts.append(group)
    words: list[str] = []
    started = full
    for level in range(len(parts) - 1, -1, -1):
        group = parts[level]
        if group == 0:
            continue
        words += _below_thousand(group, full=started)
        if GROUPS[level]:
            words.append(GROUPS[level])
        started = True
    return words


def read_digits(digits: str) -> str:
    """Digit by digit, as phone numbers and codes are read."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def read_decimal(whole: str, fraction: str) -> str:
    """2,35 -> hai phẩy ba mươi lăm; 0,05 -> không phẩy không năm."""
    head = read_int(int(whole)) if whole else "không"
    tail = read_digits(fraction) if fraction.startswith("0") or len(fraction) > 3 else read_int(int(fraction))
    return f"{head} phẩy {tail}"


ORDINAL_SPECIAL = {1: "nhất", 4: "tư"}


def read_ordinal(n: int) -> str:
    """thứ nhất, thứ hai, thứ tư, thứ mười."""
    return ORDINAL_SPECIAL.get(n) or read_int(n)


MONTHS = {1: "một", 4: "tư"}


def read_month(n: int) -> str:
    return MONTHS.get(n) or read_int(n)


def read_day(n: int) -> str:
    """Days one to ten take 'mùng' (mùng hai tháng chín)."""
    return f"mùng {read_int(n)}" if n <= 10 else read_int(n)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(token: str) -> int | None:
    """The value of a well-formed Roman numeral, or None (so 'MIX' or 'DIV' is not mistaken for one)."""
    if not token or any(c not in _ROMAN for c in token):
        return None
    total = 0
    for i, c in enumerate(token):
        value = _ROMAN[c]
        if i + 1 < len(token) and _ROMAN[token[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if to_roman(total) == token else None


def to_roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)
