"""Rules that turn written forms into spoken Vietnamese. Each rule is a pure str -> str step."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from service.text.normalize.lexicon import LETTERS, WORD, builtin, units
from service.text.normalize.numbers import (
    read_day,
    read_decimal,
    read_digits,
    read_int,
    read_month,
    read_ordinal,
    roman_value,
)
from service.text.vietnamese import LOWER, UPPER, is_syllable

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


@cache
def document_codes() -> dict[str, str]:
    rows = resources.files("service").joinpath("data/document_codes.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in rows.splitlines() if line.strip() and not line.startswith("#"))


_DOC_TYPES_WRITTEN = {"thông báo": "TB", "kế hoạch": "KH", "quyết định": "QĐ", "nghị định": "NĐ", "thông tư": "TT",
                      "chỉ thị": "CT", "nghị quyết": "NQ", "hướng dẫn": "HD", "công văn": "CV", "báo cáo": "BC",
                      "tờ trình": "TTr", "giấy mời": "GM", "công điện": "CĐ", "kết luận": "KL"}


def document_numbers(text: str) -> str:
    """45/TB-UBND, 30/2020/NĐ-CP -> the number, the year, then the codes in words; the type is not repeated
    after "Nghị định", "Thông tư" ... ("Nghị định ba mươi năm hai nghìn không trăm hai mươi của chính phủ")."""
    codes = document_codes()

    def say(m: re.Match[str]) -> str:
        parts = re.split(r"[-–]", m.group(3))
        if not all(p in codes for p in parts):
            return m.group(0)
        before = text[max(0, m.start() - 30):m.start()].lower()
        named = next((code for word, code in _DOC_TYPES_WRITTEN.items()
                      if re.search(rf"{word}\s*(?:số)?\s*[:：]?\s*$", before)), None)
        kind, *issuers = parts
        if len(parts) == 1:
            kind, issuers = parts[0], []
        number = read_digits(m.group(1)) if m.group(1).startswith("0") and len(m.group(1)) > 2 else read_int(
            int(m.group(1)))
        words = [number]
        if m.group(2):
            words += ["năm", read_int(int(m.group(2)))]
        if re.match(r"\s+(?i:của)\s", text[m.end():]):
            issuers = []  # "… 12/2026/NQ-HĐND của HĐND tỉnh": the issuer is said once, by the sentence
        if named == kind:  # "Kế hoạch số 12/KH-UBND": the type is said once
            words += [("của" if m.group(2) else "trên"), *(codes[p] for p in issuers)] if issuers else []
        else:
            words += ["trên", codes[kind], *(codes[p] for p in issuers)]
        return glue(" ".join(words))

    return re.sub(r"(?<![\w/.])(\d{1,5})/(?:(\d{4})/)?([A-ZĐ][A-Za-zĐđ]{0,6}(?:[-–][A-ZĐ][A-Za-zĐđ]{0,9}){0,3})"
                  r"(?![\w-])", say, text)


def _initial(word: str) -> str:
    return unicodedata.normalize("NFD", word[:1])[:1].upper()  # Ủy -> U, Đ stays Đ


_LEVELS = {"xã", "huyện", "tỉnh", "phường", "quận", "thị", "trấn", "thành", "phố"}


def definitions(text: str) -> str:
    """Trung tâm Y tế huyện (TTYT): an acronym in brackets right after the words it abbreviates is not read twice."""
    out, at = [], 0
    for m in _ACRONYM_IN_BRACKETS.finditer(text):
        letters = re.sub(r"[^A-ZĐ]", "", m.group(1))
        words = re.findall(rf"[{WORD}]+", text[max(at, m.start() - 160):m.start()])[-(len(letters) + 3):]
        # "Trung tâm Y tế huyện (TTYT)": the level after the name is not part of the acronym
        ends = (len(words), len(words) - 1) if words and words[-1].lower() in _LEVELS else (len(words),)
        if any("".join(_initial(w) for w in words[start:end]) == letters
               for end in ends for start in range(max(0, end - len(letters) - 2), end)):
            out.append(text[at:m.start()].rstrip())
            at = m.end()
    return "".join(out) + text[at:]


_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(([A-ZĐ][A-ZĐ&-]{1,9})\)")


def glued(text: str) -> str:
    """Covid-19 -> Covid 19; a number glued to a capitalised word (4Về) -> 4 Về. Not 7h-11h: a range of hours."""
    text = re.sub(rf"(?<=[{LETTERS}])(?<!\d[hHg])-(?=\d)", " ", text)
    return re.sub(r"(?<![\w.,/])(\d+)(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ])", r"\1 ", text)


_PHONE = re.compile(r"(?<![\d.,])\(?0\d{1,4}\)?(?:[.\s-]?\d{1,4}){1,5}(?![\d]|[.,]\d)")


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


_SERVICE = re.compile(r"(?<![\d.,])(1[89]00)[.\s]?(\d{3,4})(?:[.\s]?(\d{2,4}))?(?![\d]|[.,]\d)")
_SHORT = re.compile(r"(?i:(?:gọi|số|tổng\s+đài|đường\s+dây\s+nóng|hotline|đt|điện\s+thoại|cấp\s+cứu|cứu\s+hỏa|"
                    r"cứu\s+hoả|chữa\s+cháy|cứu\s+nạn(?:,?\s+cứu\s+hộ)?|công\s+an|cảnh\s+sát)\s*"
                    r"(?:ngay|tới|đến|số)?\s*[:：]?\s*)(11[1-9](?:\s*(?:,|;|/|hoặc|và)\s*11[1-9])*)(?!\d|[.,]\d)")
# Four-digit service lines (1022, 1080) only where a hotline is named: "số 1022" may be a document's number.
_HOTLINE = re.compile(r"(?i:(?:gọi|tổng\s+đài|đường\s+dây\s+nóng|hotline)\s*(?:ngay|tới|đến|số)?\s*[:：]?\s*)"
                      r"(1\d{3})(?!\d|[.,]\d)")


def service_numbers(text: str) -> str:
    """1900 1234, 1800.1234, 19001009, tổng đài 1022 and the emergency numbers 113, 114, 115: read digit by
    digit."""
    def digits(m: re.Match[str]) -> str:
        spoken = re.sub(r"\d+", lambda d: glue(read_digits(d.group(0))), m.group(1))
        return m.group(0)[: m.start(1) - m.start(0)] + spoken

    text = _SERVICE.sub(lambda m: ", ".join(glue(read_digits(g)) for g in m.groups() if g), text)
    return _HOTLINE.sub(digits, _SHORT.sub(digits, text))


# "g" is the southern way to write giờ (7g30), only with its minutes: 15g alone is grams.
_CLOCK = r"(\d{1,2})\s?(?:[hH]|g(?=\d{2})|giờ|:)\s?(\d{2})?(?:\s?(?:'|phút|ph)\b|')?"


def _clock(hour_text: str, minute_text: str | None) -> str | None:
    hour, minute = int(hour_text), int(minute_text or 0)
    if hour > 24 or minute > 59:
        return None
    return glue(f"{read_int(hour)} giờ" + (f" {read_int(minute)}" if minute else ""))


def times(text: str) -> str:
    """6h30, 17h00, 17:30, 14 giờ 00, 7h30 - 11h00 -> giờ and phút in words; a range is read "đến"."""
    def span(m: re.Match[str]) -> str:
        start, end = _clock(m.group(1), m.group(2)), _clock(m.group(3), m.group(4))
        return f"{start} đến {end}" if start and end else m.group(0)

    def say(m: re.Match[str]) -> str:
        return _clock(m.group(1), m.group(2)) or m.group(0)

    text = re.sub(rf"{_B}{_CLOCK}\s*[-–—]\s*{_CLOCK}(?![\d{WORD}])", span, text)
    text = re.sub(rf"{_B}(\d{{1,2}})\s?(?:[hH]|g(?=\d{{2}}))(\d{{2}})?(?:'|\s?ph(?:út)?\b)?(?![{WORD}])", say, text)
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


def date_ranges(text: str) -> str:
    """10-15/3, từ 10 - 12/3/2025 -> days joined by 'đến' before the month: mười đến mười lăm tháng ba."""
    def say(m: re.Match[str]) -> str:
        first, last, month = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (_valid_date(first, month) and _valid_date(last, month) and first < last):
            return m.group(0)
        year = f" năm {read_int(_year(m.group(4)))}" if m.group(4) else ""
        return glue(f"{read_day(first)} đến ngày {read_day(last)} tháng {read_month(month)}{year}")

    def span(m: re.Match[str]) -> str:
        d1, m1, d2, m2 = (int(m.group(i)) for i in (1, 2, 4, 5))
        if not (_valid_date(d1, m1) and _valid_date(d2, m2)):
            return m.group(0)
        first = f"{read_day(d1)} tháng {read_month(m1)}" + (f" năm {read_int(_year(m.group(3)))}" if m.group(3) else "")
        last = f"{read_day(d2)} tháng {read_month(m2)}" + (f" năm {read_int(_year(m.group(6)))}" if m.group(6) else "")
        return glue(f"{first} đến ngày {last}")

    # 01/12 - 15/12/2026: two whole dates joined by a dash are a span, read "đến ngày".
    date = r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"
    text = re.sub(rf"{_B}{date}\s*[-–]\s*{date}(?![\d/])", span, text)
    return re.sub(rf"{_B}(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?(?![\d/])", say, text)


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


def roads(text: str) -> str:
    """Quốc lộ 1A, QL 14, km 25+300: road numbers with their letter, chainages read "cộng"."""
    text = re.sub(r"(?i:\b(km))\s*(\d+)\s*\+\s*(\d+)\b",
                  lambda m: glue(f"ki lô mét {read_int(int(m.group(2)))} cộng {read_int(int(m.group(3)))}"), text)
    def say(m: re.Match[str]) -> str:
        kind = _ROAD_KINDS.get(m.group(2), m.group(2))
        # "Đường ĐT.741": the road's kind already says "đường"
        lead = "" if m.group(1) and kind.lower().startswith("đường") else (m.group(1) or "")
        if lead == "" and m.group(1) and m.group(1)[:1].isupper():
            kind = kind[:1].upper() + kind[1:]
        letter = f" {LETTER_NAMES[m.group(4)]}" if m.group(4) else ""
        return f"{lead}{kind} " + glue(read_int(int(m.group(3))) + letter)

    return re.sub(r"((?i:đường)\s+)?((?i:quốc\s+lộ|tỉnh\s+lộ|đường\s+tỉnh|đường\s+huyện)|QL|TL|ĐT|ĐH|ĐX)\s*\.?\s*"
                  r"(\d{1,3})([A-Z])?\b", say, text)


_ROAD_KINDS = {"QL": "quốc lộ", "TL": "tỉnh lộ", "ĐT": "đường tỉnh", "ĐH": "đường huyện", "ĐX": "đường xã"}


def ranges(text: str) -> str:
    """2021 - 2025, 30-35 -> 'đến' between the numbers."""
    return re.sub(rf"{_B}({NUM})\s*[-–—]\s*({NUM})(?!\d|[.,/-]\d)", r"\1 đến \2", text)


_ROMAN_CONTEXT = (
    r"(?i:khóa|đại hội|quý|thế kỷ|kỳ|phần|chương|mục|tập|hạng|cấp|loại|giai đoạn|quân khu|vùng|"
    r"hội nghị trung ương|trung ương|thứ|lần|số|đợt|phiên|nhiệm kỳ|kỷ niệm|bài|điều|khoản|nhóm|lớp)"
)


def roman(text: str) -> str:
    """khóa XII, Đại hội XIII, quý III, thế kỷ XXI, a section's "II." -> numbers; a Roman-looking word
    elsewhere stays."""
    def say(m: re.Match[str]) -> str:
        value = roman_value(m.group(3))
        if value is None:
            return m.group(0)
        year = f" năm {m.group(5)}" if m.group(5) else ""
        return f"{m.group(1)}{m.group(2)}{glue(read_int(value))}{m.group(4)}{year}"

    def heading(m: re.Match[str]) -> str:
        value = roman_value(m.group(2))
        return m.group(0) if value is None else f"{m.group(1)}{glue(read_int(value))}{m.group(3)}"

    # "II. NỘI DUNG", "IV) Tổ chức thực hiện": a plan's or notice's section number at the start of a line.
    text = re.sub(r"(?m)^(\s*)([IVX]{1,5})([.)]\s)", heading, text)
    return re.sub(rf"(?<![{WORD}])({_ROMAN_CONTEXT})(\s+\(?)([IVXLC]+)(\)?)(?:/(\d{{4}}))?(?![{WORD}])", say, text)


_WEEKDAY_NAMES = {2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy"}


def weekdays(text: str) -> str:
    """T2-T6 -> thứ hai đến thứ sáu; T7, CN in a list of days -> thứ bảy, chủ nhật."""
    def day(token: str) -> str:
        return "chủ nhật" if token.upper() == "CN" else f"thứ {_WEEKDAY_NAMES[int(token[1])]}"

    text = re.sub(r"(?<![\w/])(T[2-7]|CN)\s*[-–]\s*(T[2-7]|CN)(?![\w/])",
                  lambda m: glue(f"{day(m.group(1))} đến {day(m.group(2))}"), text)

    def listed(m: re.Match[str]) -> str:  # a day in a list of days: "Thứ 7, CN", "T2, T4, T6"
        before, after = text[max(0, m.start() - 16):m.start()], text[m.end():m.end() + 6]
        others = text[:m.start()] + text[m.end():]
        in_list = (re.search(r"(?i:thứ\s+\w+|T[2-7]|CN)\s*[,;-]\s*$", before)
                   or re.match(r"\s*[,;]\s*(?:T[2-7]|CN)\b", after)
                   or re.search(r"(?i:sáng|chiều|tối|trưa|các\s+ngày)\s*$", before)
                   # "làm việc T2–T6; sáng T7 trực …; CN nghỉ": once the line has named days, these are days too
                   or re.search(rf"(?i:\bthứ[\s{GLUE}]+(?:hai|ba|tư|năm|sáu|bảy))|(?<![\w/])T[2-7](?![\w/])", others))
        return glue(day(m.group(0))) if in_list else m.group(0)

    return re.sub(r"(?<![\w/])(?:T[2-7]|CN)(?![\w/])", listed, text)


def ordinals(text: str) -> str:
    """thứ 1 -> thứ nhất, lần thứ 4 -> lần thứ tư, Thứ 2 (Monday) -> Thứ hai."""
    return re.sub(rf"(?<![{WORD}])((?i:thứ))\s+(\d{{1,3}})(?![\d.,{WORD}])",
                  lambda m: f"{m.group(1)}{GLUE}{glue(read_ordinal(int(m.group(2))))}", text)


def _unit_pattern() -> re.Pattern[str]:
    forms = sorted(units(), key=len, reverse=True)
    return re.compile(rf"({NUM})\s?({'|'.join(re.escape(u) for u in forms)})(?![{WORD}²³])")


_UNIT_RX = _unit_pattern()
_CAPS_UNIT_RX = re.compile(rf"({NUM})\s?([A-Z]{{2,3}}[23]?)(?![{WORD}²³])")  # "12 KM" in a headline set in capitals


_HEIGHT = re.compile(r"(?<![\d.,])([12])m([0-9]{2})(?![\d{WORD}])".replace("{WORD}", WORD))


def number_units(text: str) -> str:
    """12 km, 5.200 ha, 250 m2, 12°C, 6,8% (and 12 KM in capitals) -> the unit in words after the number."""
    text = _HEIGHT.sub(lambda m: glue(f"{read_number(m.group(1))} mét {read_number(m.group(2))}"), text)  # 1m60
    text = _UNIT_RX.sub(lambda m: f"{m.group(1)}{GLUE}{glue(units()[m.group(2)])}", text)
    return _CAPS_UNIT_RX.sub(lambda m: f"{m.group(1)}{GLUE}{glue(units()[m.group(2).lower()])}"
                             if m.group(2).lower() in units() else m.group(0), text)


_PER = {"ngày", "tuần", "tháng", "năm", "quý", "giờ", "phút", "lượt", "người", "hộ", "lần", "ca", "buổi", "vụ",
        "khóa", "kỳ", "đợt", "suất", "em", "học sinh", "xã", "thôn", "con", "lao động", "trẻ", "cháu", "sào",
        "năm học", "học kỳ", "đối tượng", "hồ sơ", "bộ", "lô", "thửa", "xe", "chuyến"}


_RATIO = re.compile(rf"(?<![{WORD}])([{WORD}]*[{LETTERS}²³])/([{LOWER}][{LOWER}A-Z]*[23²³]?)(?![{WORD}])"
                    rf"(?=\s([{LOWER}]+))?")


def ratios(text: str) -> str:
    """2 lần/tháng -> lần mỗi tháng; tạ/ha -> tạ trên héc ta; đồng/kWh; đồng/người/năm chains too. A slash that
    belongs to an abbreviation (đ/c, v/v) or a unit (km/h) is left for them."""
    def say(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        unit = left.lstrip("0123456789.,")  # "40km/h": the unit glued to its number
        if f"{unit}/{right}" in units() or f"{left}/{right}" in builtin().by_form:
            return m.group(0)
        each = right in _PER or f"{right} {m.group(3)}" in _PER  # đồng/học sinh: a two-word head counted
        return f"{left} {'mỗi' if each else 'trên'}{GLUE}{glue(units().get(right, right))}"

    for _ in range(3):  # đồng/người/năm: each slash after the one before it is read
        text, count = _RATIO.subn(say, text)
        if not count:
            break
    return text


def slashed_words(text: str) -> str:
    """Hotline/Đường dây nóng: two names for one thing, read with a pause."""
    return re.sub(rf"(?<=[{WORD}])/(?=[{UPPER}])", ", ", text)


def round_the_clock(text: str) -> str:
    """24/24h, 24/24 giờ, 24/7: the hours of a service that never closes."""
    text = re.sub(r"(?<![\d/])24\s?/\s?24\s?(?:h|giờ)?(?![\w/])", glue("hai mươi tư trên hai mươi tư giờ"), text)
    return re.sub(r"(?<![\d/])24\s?/\s?7(?![\w/])", glue("hai mươi tư trên bảy"), text)


def dimensions(text: str) -> str:
    """Ảnh 3x4, phòng 4 x 6 m: sizes read 'nhân'."""
    return re.sub(r"(?<![\w.,])(\d{1,4})\s?[xX×]\s?(\d{1,4})(?![\d.,]\d|[^\W\d_])",
                  lambda m: glue(f"{read_int(int(m.group(1)))} nhân {read_int(int(m.group(2)))}"), text)


_RECORD = re.compile(r"((?i:(?:số\s+)?tài\s+khoản|STK|mã(?:\s+(?:số|hồ\s+sơ|định\s+danh|hộ|khách\s+hàng|bảo\s+hiểm))?|"
                     r"số\s+thẻ|số\s+hiệu|số\s+hồ\s+sơ|số\s+định\s+danh|CCCD|BHXH|BHYT)\s*(?:số)?\s*[:：]?\s*)"
                     r"(\d{6,9}|\d{2,6}(?:[ .-]\d{2,6}){1,6})(?![\d]|[.,]\d)")


def _in_fours(digits: str) -> str:
    return ", ".join(glue(read_digits(digits[i:i + 4])) for i in range(0, len(digits), 4))


def records(text: str) -> str:
    """An account, card or record number named as such ("STK:", "mã hồ sơ") is no quantity and no phone: read
    digit by digit, in the groups it is written in (1234 5678 9012), or in fours when written in one run."""
    def say(m: re.Match[str]) -> str:
        groups = re.split(r"[ .-]", m.group(2))
        spoken = _in_fours(groups[0]) if len(groups) == 1 else ", ".join(glue(read_digits(g)) for g in groups)
        return m.group(1) + spoken

    return _RECORD.sub(say, text)


# "số 12/3 đường Lê Lợi", "ngõ 45/12": a house number and its branch, not a date.
_ADDRESS = re.compile(r"(?i:(?<![\w])(?:số(?:\s+nhà)?|nhà|ngõ|ngách|hẻm|kiệt|lô))\s+(\d{1,4})/(\d{1,4})(?![\d/])"
                      r"(?=\s+(?i:đường|phố|ngõ|ngách|hẻm|kiệt|tổ|khu|thôn|xóm|ấp|khóm|phường|xã)\b|\s*,)")


def addresses(text: str) -> str:
    return _ADDRESS.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + glue(
        f"{read_int(int(m.group(1)))} trên {read_int(int(m.group(2)))}"), text)


# "37B1-246.81", "29A-123.45", "51F-9876": a vehicle's plate, every character read in turn.
_PLATE = re.compile(r"(?<![\w.])(\d{2})([A-Z]{1,2})(\d?)[-\s](\d{3}\.\d{2}|\d{4,5})(?![\w]|[.,]\d)")


def plates(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        head = " ".join([read_digits(m.group(1)), *(LETTER_NAMES[c] for c in m.group(2)), read_digits(m.group(3))])
        return glue(f"{head.strip()}, {read_digits(m.group(4).replace('.', ''))}")

    return _PLATE.sub(say, text)


# Addresses on the web and e-mail, read as an announcer spells them out: "dichvucong chấm gov chấm vn",
# "xatanphu a còng gmail chấm com".
_EMAIL = re.compile(r"(?<![\w.])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)(?<![.])")
_DOMAIN = re.compile(r"(?<![\w@.])(?:https?://)?((?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info))"
                     r"(/[\w./-]*)?(?![\w-])")


def web_addresses(text: str) -> str:
    def dotted(name: str) -> str:
        return " chấm ".join(p for p in name.split(".") if p)

    text = _EMAIL.sub(lambda m: f"{dotted(m.group(1))} a còng {dotted(m.group(2))}", text)
    return _DOMAIN.sub(lambda m: dotted(m.group(1)) + (
        " gạch chéo " + " gạch chéo ".join(p for p in m.group(2).split("/") if p) if m.group(2) and m.group(2) != "/"
        else ""), text)


def digit_strings(text: str) -> str:
    """Ten digits or more in one run are a record number whatever names them: read in fours."""
    return re.sub(r"(?<![\d.,])\d{10,}(?![\d]|[.,]\d)", lambda m: _in_fours(m.group(0)), text)


# Xóm 3A, tổ 12B, lô B2, ca F0: a number and one capital letter, each read in turn.
_LETTER_CODE = re.compile(rf"(?<![{WORD}.,/])(?:(\d{{1,3}})([A-Z])|([A-Z])(\d{{1,3}}))(?![{WORD}]|[.,]\d)")


def letter_codes(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        if m.group(1):
            return glue(f"{read_int(int(m.group(1)))} {LETTER_NAMES[m.group(2)]}")
        return glue(f"{LETTER_NAMES[m.group(3)]} {read_int(int(m.group(4)))}")

    return _LETTER_CODE.sub(say, text)


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
    text = re.sub(r"[,;:]+\s*([.!?…])", r"\1", text)  # "(… thôn ba)." read as ", … thôn ba,." ends with the stop
    text = re.sub(r"^[\s,;:]+|[\s,;:]+$", "", text)
    return re.sub(r"\.{2,}(?!\.)", ".", text)
