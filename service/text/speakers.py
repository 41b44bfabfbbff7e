"""Recognise who speaks: reporter labels, interviewee labels, person references. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
# "H'Hen", "Y Moan", "Êban": names of the Central Highlands carry an apostrophe or a single capital.
NAME_WORD = f"[{UPPER}](?:['’][{UPPER}]?)?[{LOWER}]*(?:['’][{LOWER}]+)?"  # H'Hen, H’Yăm, K’Nhơi, Bh’riu
# 1-5 capitalised syllables: "Bùi Thị Thúy", "Sơn", "H'Hen Niê".
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}}"

HONORIFICS = (
    "đồng chí", "đ/c", "đ.c", "ông", "bà", "anh", "chị", "cô", "thầy", "chú", "bác", "cụ", "em", "cháu",
    "đại tá", "thượng tá", "trung tá", "thiếu tá", "đại úy", "thượng úy", "trung úy", "thiếu úy",
    "thiếu tướng", "trung tướng", "bác sĩ", "bs", "bsck", "tiến sĩ", "ts", "thạc sĩ", "ths", "giáo sư",
    "gs", "pgs", "pgs.ts", "gs.ts", "luật sư", "ls", "luật gia", "thẩm phán", "kiểm sát viên",
    "trợ giúp viên pháp lý", "chuyên gia", "nhà báo", "nghệ nhân", "nghệ sĩ", "kỹ sư", "ks",
    "thượng tọa", "đại đức", "linh mục", "mục sư", "già làng", "trưởng thôn", "trưởng bản", "chủ tịch",
    "bí thư", "phó chủ tịch", "phó bí thư", "giám đốc", "phó giám đốc", "trưởng phòng", "trưởng ban",
    "chủ nhiệm", "hiệu trưởng", "cựu chiến binh", "ccb", "bạn", "đội trưởng", "thôn trưởng", "xã đội trưởng",
    "y sĩ", "y tá", "điều dưỡng", "dược sĩ", "nữ hộ sinh", "kỹ thuật viên", "cán bộ", "chiến sĩ", "thượng sĩ",
    "trung sĩ", "hạ sĩ", "già làng", "già", "người có uy tín", "thầy giáo", "cô giáo", "nhà giáo",
    # who a person is, said before the name as reporters write it: "Kiểm lâm viên Hà Văn Tú:"
    # (not "nông dân", "doanh nhân", "nhà thơ" …: "Nông dân Lò Văn Páo: Làm giàu từ cây quế" is a headline)
    "kiểm lâm viên", "kiểm lâm", "công an viên", "dân quân", "tổ trưởng", "tổ phó", "hội trưởng",
    "chi hội trưởng", "trưởng họ", "trưởng trạm", "trạm trưởng", "giáo viên", "nhân viên", "chủ hộ",
    "sư thầy", "hòa thượng", "ni sư", "kế toán", "bác sĩ thú y", "bsty", "thú y", "đb",
    # a meeting with voters or a dialogue: "Cử tri Phạm Văn Hùng (thôn Đông Xuân):", "Đại biểu Đặng Hữu Lộc:"
    "cử tri", "cư tri", "đại biểu",
)
_HONORIFIC_RX = "|".join(sorted((re.escape(h) for h in HONORIFICS), key=len, reverse=True))

REPORTER_LABEL = re.compile(
    r"^\s*(?:phóng\s+viên|p\.?\s?v\.?|p/v|pv\s*đài|phóng\s+viên\s+\S+|"
    # a press conference's reporters named by their paper: "PV Báo Nhân Dân thường trú tại Lào Cai:"
    # … or by name and paper: "PV Thanh Tùng (Đài PT-TH Quảng Nam):", "Phóng viên Hoàng Mai (Báo Quảng Nam):"
    rf"(?:pv|phóng\s+viên)(?:\s+(?-i:{NAME_WORD})){{1,3}}\s*\([^()]{{2,60}}\)|"
    r"(?:pv|phóng\s+viên)\s+(?:báo|đài|tạp\s+chí|thông\s+tấn\s+xã|ttxvn|vov|vtv|cổng)\b"
    r"(?![^:：]{0,80}\b(?:đã|đang|sẽ|cho\s+biết|có\s+mặt|ghi\s+nhận|chia\s+sẻ|được|là)\b)[^:：]{0,80}|nhà\s+báo|biên\s+tập\s+viên|btv|"
    r"người\s+dẫn(?:\s+chương\s+trình)?|mc|ndct|dct|dẫn|hỏi|hoi|câu\s+hỏi(?:\s+\d+)?|câu\s+\d+|tình\s+huống(?:\s+\d+)?|h|q)"
    r"(?:\s*/\s*(?:reporter|question|q))?(?:\s*\([^()]{1,80}\))?\s*[:：]\s*",
    re.IGNORECASE,
)
# typed without diacritics too ("Hoi:", "Dap:", "Tra loi:")
ANSWER_LABEL = re.compile(r"^\s*(?:đáp|trả\s+lời|giải\s+đáp|tl|đ|a|dap|tra\s+loi)\s*[:：]\s*", re.IGNORECASE)

# Honorifics match in any case; names must be capitalised, so only the honorific group ignores case.
_HON = rf"(?i:{_HONORIFIC_RX})\.?"
_PERSON = re.compile(
    rf"^(?:(?P<hon>{_HON})\s+)?(?P<name>{NAME})"
    rf"(?:\s*(?:[–—−-]|,|\()\s*(?P<office>[^:]*?)\)?)?\s*$"
)
_STARTS_WITH_PERSON = re.compile(rf"^{_HON}\s+{NAME}")

# Capitalised words that open sentences or lists, never a person's name on their own.
NOT_NAMES = {
    "thứ", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "về", "tại", "theo",
    "trong", "ngoài", "sau", "trước", "ngày", "tháng", "hôm", "đặc", "các", "những", "nhiều", "việc",
    "công", "ban", "ủy", "hội", "đảng", "nhà", "trường", "huyện", "xã", "tỉnh", "thị", "thành", "phường",
    "ảnh", "nguồn", "bài", "tin", "kết", "với", "để", "đến", "từ", "nội", "mục", "câu", "phần", "điều",
    "lưu", "chú", "ghi", "đây", "như", "còn", "và", "nhưng", "vì", "do", "nếu", "khi", "ý", "đối",
    "thôn", "xóm", "ấp", "bản", "buôn", "làng", "khu", "tổ", "phố", "đường", "quận", "thời", "địa",
    "số", "lịch", "mức", "giá", "điểm", "hạng", "loại", "chủ", "trưởng", "phó", "trạm", "trung", "sở",
    "phòng", "hợp", "bộ", "chi", "lớp", "học", "giờ", "buổi", "sáng", "chiều", "tối", "đợt", "lần",
    "ở", "nay", "hiện", "đêm", "trưa", "rồi", "cùng", "chính", "mỗi", "cả", "toàn", "bên", "dưới", "trên",
    "giữa", "qua", "nhờ", "bởi", "dù", "dẫu", "tuy", "song", "người", "mọi", "này", "đó", "kể", "vậy",
}


@dataclass(frozen=True)
class Person:
    name: str
    title: str | None


def _clean_office(office: str | None) -> str | None:
    office = (office or "").strip(" ,–—-()")
    return office or None


def parse_person(label: str) -> Person | None:
    """A person reference such as "Đồng chí Bùi Thị Thúy – Ủy viên Ban Thường vụ" or "Ông Nguyễn Văn A"."""
    label = label.strip().rstrip(":：").strip()
    if not label or len(label) > 250:
        return None
    match = _PERSON.match(label)
    if not match:
        return None
    name, hon, office = match.group("name"), match.group("hon"), match.group("office")
    words = name.split()
    if not hon:
        # Without an honorific, demand a full name (2+ syllables, all capitalised) and no sentence opener.
        if len(words) < 2 or words[0].lower() in NOT_NAMES or any(w.isupper() and len(w) > 1 for w in words):
            return None
        if office is None and len(words) < 3:
            return None
    if any(not w[0].isupper() for w in words):
        return None
    return Person(name=name, title=_clean_office(office))


def titled(label: str) -> bool:
    """The label opens with who the person is (an honorific, a rank, a trade) before a capitalised name."""
    return bool(_STARTS_WITH_PERSON.match(label.strip()))


def starts_with_person(line: str) -> Person | None:
    """The person a line opens with, when it opens with an honorific and a capitalised name."""
    head = _STARTS_WITH_PERSON.match(line)
    return parse_person(head.group(0)) if head else None


def split_label(line: str) -> tuple[str, str] | None:
    """(label, rest) when the line starts with 'Label:'; the label is at most a short phrase."""
    match = re.match(r"^([^:：]{1,200})[:：]\s*(.*)$", line)
    if not match:
        return None
    return match.group(1).strip(), match.group(2).strip()
