"""Rules that turn written forms into spoken Vietnamese. Each rule is a pure str -> str step."""

from __future__ import annotations

import re

from service.text.normalize.lexicon import LETTERS, WORD, units
from service.text.normalize.numbers import (
    read_day,
    read_decimal,
    read_digits,
    read_int,
    read_month,
    read_ordinal,
    roman_value,
)
from service.text.vietnamese import UPPER, is_syllable

# A number as Vietnamese writes it: dots group thousands, a comma starts the decimals.
NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_B = rf"(?<![{WORD}.,/])"  # nothing number-like or word-like glued before


GLUE = "\u00a0"  # joins the words of one expansion, so chunking never cuts a number or an abbreviation


def glue(words: str) -> str:
    return words.replace(" ", GLUE)


def read_number(token: str) -> str:
    whole, _, fraction = token.replace(".", "").partition(",")
    return glue(read_decimal(whole, fraction) if fraction else read_int(int(whole)))


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def etc(text: str) -> str:
    """v.v.. (and so on) -> vân vân, wherever it is glued."""
    return re.sub(r"[.,]?\s*\bv\.\s?v\b\.*", " vân vân.", text)


def glued(text: str) -> str:
    """Covid-19 -> Covid 19; a number glued to a capitalised word (4Về) -> 4 Về."""
    text = re.sub(rf"(?<=[{LETTERS}])-(?=\d)", " ", text)
    return re.sub(r"(?<![\w.,/])(\d+)(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ])", r"\1 ", text)


_PHONE = re.compile(r"(?<![\d.,])\(?0\d{1,4}\)?(?:[.\s-]?\d{2,4}){1,4}(?![\d]|[.,]\d)")


def phones(text: str) -> str:
    """0912.345.678, 0229.3871.234 -> digits read one by one, a short pause between groups.

    A Vietnamese phone number starts with 0 and has 10 or 11 digits; no quantity starts with 0.
    """
    def say(m: re.Match[str]) -> str:
        groups = re.findall(r"\d+", m.group(0))
        if not 10 <= sum(len(g) for g in groups) <= 11:
            return m.group(0)
        return ", ".join(glue(read_digits(g)) for g in groups)

    return _PHONE.sub(say, text)


def times(text: str) -> str:
    """6h30, 17h00, 17:30, 14 giờ 00 -> giờ and phút in words."""
    def say(m: re.Match[str]) -> str:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 24 or minute > 59:
            return m.group(0)
        return glue(f"{read_int(hour)} giờ" + (f" {read_int(minute)}" if minute else ""))

    text = re.sub(rf"{_B}(\d{{1,2}})\s?[hH](\d{{2}})?(?:'|\s?ph(?:út)?\b)?(?![{WORD}])", say, text)
    text = re.sub(rf"{_B}(\d{{1,2}}):(\d{{2}})(?![\d:])", say, text)
    return re.sub(r"(\d{1,2})\s+giờ\s+00(?:\s+phút)?(?!\d)", r"\1 giờ", text)


_DAY_PREFIX = r"(?:(?P<ngay>(?i:ngày))\s+)?(?:(?P<mung>(?i:mùng|mồng))\s+)?"


def _say_date(m: re.Match[str], *, add_ngay: bool) -> str:
    day, month = int(m.group("d")), int(m.group("m"))
    if not _valid_date(day, month):
        return m.group(0)
    head = m.group("ngay") or ("ngày" if add_ngay else "")
    words = [head, read_day(day), "tháng", read_month(month)]
    if m.groupdict().get("y"):
        words += ["năm", read_int(_year(m.group("y")))]
    return glue(" ".join(w for w in words if w))


def dates(text: str) -> str:
    """17/05/2021, 15/5/2016, 2/9, tháng 4/2022, ngày 10-3 -> words, never 'ngày ngày'."""
    full = rf"{_DAY_PREFIX}{_B}(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d/.]\d)"
    text = re.sub(full, lambda m: _say_date(m, add_ngay=True), text)

    def month_year(m: re.Match[str]) -> str:
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return m.group(0)
        return glue(f"{m.group(1) or 'tháng'} {read_month(month)} năm {read_int(int(m.group(3)))}")

    text = re.sub(rf"(?:((?i:tháng))\s+)?{_B}(\d{{1,2}})[/-](\d{{4}})(?![\d/])", month_year, text)
    text = re.sub(rf"{_DAY_PREFIX}{_B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\d/]|[.,]\d)",
                  lambda m: _say_date(m, add_ngay=False), text)
    # With a dash, only after ngày/mùng or a time of day (sáng 15-3): otherwise 10-3 is a range.
    return re.sub(r"(?:(?P<ngay>(?i:ngày|sáng|chiều|tối|trưa|đêm|rạng sáng|hôm))\s+(?:(?P<mung>(?i:mùng|mồng))\s+)?"
                  r"|(?P<mung2>(?i:mùng|mồng))\s+)"
                  r"(?P<d>\d{1,2})-(?P<m>\d{1,2})(?![\d-])", lambda m: _say_date(m, add_ngay=False), text)


def ranges(text: str) -> str:
    """2021 - 2025, 30-35 -> 'đến' between the numbers."""
    return re.sub(rf"{_B}({NUM})\s*[-–—]\s*({NUM})(?!\d|[.,/-]\d)", r"\1 đến \2", text)


_ROMAN_CONTEXT = (
    r"(?i:khóa|đại hội|quý|thế kỷ|kỳ|phần|chương|mục|tập|hạng|cấp|loại|giai đoạn|quân khu|vùng|"
    r"hội nghị trung ương|trung ương|thứ|lần|số|đợt|phiên|nhiệm kỳ|kỷ niệm|bài|điều|khoản|nhóm|lớp)"
)


def roman(text: str) -> str:
    """khóa XII, Đại hội XIII, quý III, thế kỷ XXI -> numbers; a Roman-looking word elsewhere stays."""
    def say(m: re.Match[str]) -> str:
        value = roman_value(m.group(3))
        if value is None:
            return m.group(0)
        year = f" năm {m.group(5)}" if m.group(5) else ""
        return f"{m.group(1)}{m.group(2)}{glue(read_int(value))}{m.group(4)}{year}"

    return re.sub(rf"(?<![{WORD}])({_ROMAN_CONTEXT})(\s+\(?)([IVXLC]+)(\)?)(?:/(\d{{4}}))?(?![{WORD}])", say, text)


def ordinals(text: str) -> str:
    """thứ 1 -> thứ nhất, lần thứ 4 -> lần thứ tư, Thứ 2 (Monday) -> Thứ hai."""
    return re.sub(rf"(?<![{WORD}])((?i:thứ))\s+(\d{{1,3}})(?![\d.,{WORD}])",
                  lambda m: f"{m.group(1)}{GLUE}{glue(read_ordinal(int(m.group(2))))}", text)


def _unit_pattern() -> re.Pattern[str]:
    forms = sorted(units(), key=len, reverse=True)
    return re.compile(rf"({NUM})\s?({'|'.join(re.escape(u) for u in forms)})(?![{WORD}²³])")


_UNIT_RX = _unit_pattern()


def number_units(text: str) -> str:
    """12 km, 5.200 ha, 250 m2, 12°C, 6,8% -> the unit in words after the number."""
    return _UNIT_RX.sub(lambda m: f"{m.group(1)}{GLUE}{glue(units()[m.group(2)])}", text)


_PER = {"ngày", "tuần", "tháng", "năm", "quý", "giờ", "phút", "lượt", "người", "hộ", "lần", "ca", "buổi", "vụ",
        "khóa", "kỳ", "đợt", "suất", "em", "học sinh", "xã"}


def ratios(text: str) -> str:
    """2 lần/tháng -> lần mỗi tháng; tạ/ha -> tạ trên héc ta; đồng/người/năm chains too (lower-case words)."""
    def say(m: re.Match[str]) -> str:
        right = m.group(1)
        return f" {'mỗi' if right in _PER else 'trên'}{GLUE}{glue(units().get(right, right))}"

    return re.sub(rf"(?<=[a-zđà-ỹ])/([a-zđà-ỹ]+[23²³]?)(?![{WORD}])", say, text)


def fractions(text: str) -> str:
    """25/30 (not a date) -> hai mươi lăm trên ba mươi."""
    return re.sub(rf"{_B}({NUM})/({NUM})(?![\d/])", r"\1 trên \2", text)


def versions(text: str) -> str:
    """4.0 -> bốn chấm không: a dot not followed by a thousands group is spoken 'chấm'."""
    def say(m: re.Match[str]) -> str:
        minor = m.group(2)
        spoken_minor = read_digits(minor) if minor.startswith("0") and len(minor) > 1 else read_int(int(minor))
        return glue(f"{read_int(int(m.group(1)))} chấm {spoken_minor}")

    return re.sub(r"(?<![\d.,])(\d+)\.(\d{1,2})(?![\d]|\.\d)", say, text)


def numbers(text: str) -> str:
    """Every number left: 175.320 -> một trăm bảy mươi lăm nghìn ba trăm hai mươi; 6,8 -> sáu phẩy tám."""
    return re.sub(rf"(?<![{WORD}])({NUM})(?![{WORD}])", lambda m: read_number(m.group(1)), text)


LETTER_NAMES = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy",
    "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích", "Y": "i", "Z": "dét",
}
def capitals(text: str) -> str:
    """Unknown all-caps tokens: an uppercase Vietnamese word is lowered; an acronym is spelled."""
    def say(m: re.Match[str]) -> str:
        token = m.group(0)
        if is_syllable(token):
            return token.lower()
        return glue(" ".join(LETTER_NAMES.get(c, c) for c in token))

    return re.sub(rf"(?<![{WORD}])[{UPPER}]{{2,8}}(?![{WORD}])", say, text)


def symbols(text: str) -> str:
    """Signs a voice would skip or misread: %, &, +, slashes, dashes and brackets between words."""
    text = text.replace("%", " phần trăm").replace("&", " và ").replace("°", " độ")
    text = re.sub(r"\s*[()\[\]]\s*", ", ", text)
    text = re.sub(r"\s+[-–—]+\s+", ", ", text)
    text = re.sub(r"(?<=\w)[/-](?=\w)", " ", text)
    text = re.sub(r"\s*\+\s*", " cộng ", text)
    return text


def tidy(text: str) -> str:
    text = re.sub(r"[^\S\u00a0]+", " ", text)
    text = re.sub(r" ?\u00a0[\u00a0 ]*", GLUE, text)
    text = re.sub(r"\s+([,.;:!?…])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^[\s,;:]+|[\s,;:]+$", "", text)
    return re.sub(r"\.{2,}(?!\.)", ".", text)
