"""What a line is by its shape and words alone: page furniture, the frame of an administrative document, radio
script marks. Pure predicates over one line; the segmenter weighs them with the line's place in the document.
The vocabularies are data (service/data/layout.toml).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from service.text.vietnamese import LOWER, UPPER


@cache
def vocabulary() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(resources.files("service").joinpath("data/layout.toml").read_text(encoding="utf-8"))


def _alternation(words: list[str]) -> str:
    ordered = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _words(section: str, key: str) -> str:
    return _alternation(vocabulary()[section][key])


def is_page_mark(line: str) -> bool:
    """A page number or running footer of a PDF ("- 2 -", "Bản tin … Trang 7"; a header that sets its parts
    apart with dashes may be longer: "Đài TT xã … – Chương trình phát thanh tối thứ Bảy 28/11/2026 – trang 4/4")."""
    limit = 30 if re.search(r"[–—|]\s*(?:trang|page)\s+\d", line, re.IGNORECASE) else 16
    return words(line) <= limit and bool(PAGE_MARK.search(line)) and not ends_sentence(line)


def cells(raw: str) -> list[str]:
    """The cells of a line pasted from a table: split at tabs, wide runs of spaces, or " | " bars."""
    bars = r"|\s+\|\s+" if len(re.findall(r"\s\|\s", raw)) >= 2 else ""
    return [c.strip(" |") for c in re.split(rf"\t|\s{{3,}}|\u00a0{{2,}}{bars}", raw) if c.strip(" |")]


def words(line: str) -> int:
    return len(line.split())


def letters(line: str) -> int:
    return len(re.findall(r"[^\W\d_]", line))


def is_upper(line: str) -> bool:
    """All capitals (a heading, an issuing body, a signer's office), ignoring digits and punctuation."""
    if not line.isupper():  # a lowercase letter anywhere, or no letter at all: most lines end here, cheaply
        return False
    return sum(c.isalpha() for c in line) >= 2


_SENTENCE_END = re.compile(r"[.!?…;]\s*[\"”’»)]*\s*$")


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and not re.search(r"(?:\.\s*){3}$", line)


def sentences(line: str) -> int:
    return max(1, len(re.findall(r"[.!?…](?:[\"”’)]*)(?:\s|$)", line)))


def is_prose(line: str) -> bool:
    """A sentence of running text: what articles, notices and scripts are made of (not a menu, a heading or a
    link)."""
    if len(re.findall(r"\s[|•·]\s", line)) >= 2:  # items of a menu bar
        return False
    n = words(line)
    return (n >= 9 and ends_sentence(line)) or n >= 28 or (n >= 5 and sentences(line) >= 2 and ends_sentence(line))


# --- web page furniture ---------------------------------------------------------------------------------------

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|t[2-7])"
_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}"
_TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?\s*(?:\(?\s*gmt\s*[+-]\s*\d+\s*\)?|sa|ch|am|pm)?"
DATE_BANNER = re.compile(
    rf"^[\s|(\[]*(?:(?:bản\s+tin\s+)?số\s+\d+\s*[-–—]\s*)?(?:(?:sáng|trưa|chiều|tối)\s+(?={_WEEKDAY}))?(?:(?:hôm\s+nay|(?:bài\s+viết\s+)?được\s+đăng(?:\s+tải)?(?:\s+lúc)?|đăng\s+tải\s+lúc|cập\s+nhật(?:\s+lúc)?|cập\s+nhật\s+ngày|đăng\s+(?:ngày|lúc)|ngày\s+đăng|"
    rf"thời\s+gian(?:\s+đăng)?|ngày\s+cập\s+nhật|xuất\s+bản|ngày\s+xuất\s+bản|phát\s+sóng|ngày\s+phát|ngày|đăng)"
    rf"\s*[,:]?\s*)?(?:{_WEEKDAY}\s*[,-]?\s*)?(?:ngày\s+)?(?:{_DATE}|{_TIME})"
    rf"(?:\s*[,|–-]?\s*(?:lúc\s+|ngày\s+)?(?:{_DATE}|{_TIME}))*"
    rf"(?:\s*[|,–-]\s*(?:người\s+đăng|đăng\s+bởi|tác\s+giả|người\s+viết)\s*[:：]\s*(?:[^\s|:\d]+\s*){{1,5}}?)?"
    rf"(?:\s*[|,–-]\s*(?:lượt\s+xem|lượt\s+đọc|đã\s+xem|xem)\s*[:：]?\s*[\d.,]+)?[\s|)\]]*$",
    re.IGNORECASE,
)
# "Thu Hà | 12/03/2025", "Quản trị viên | 12/03/2025 08:30": author and date of a post.
# "Mai Hoa | 29/11/2026 16:45", "Ngọc Trâm  •  07:15, 09/12/2026": the author and when the story went up
AUTHOR_DATE = re.compile(rf"^[^|:\d]{{2,60}}\s*[|–•·-]\s*(?:(?:{_WEEKDAY}\s*,?\s*)?{_DATE}(?:\s*[,|–-]?\s*{_TIME})?|"
                         rf"{_TIME}\s*[,|–-]?\s*{_DATE})\s*$", re.IGNORECASE)


@cache
def opens_with(section: str, key: str) -> re.Pattern[str]:
    """Lines that open with one of the words of a vocabulary list."""
    return re.compile(rf"^\W*(?:{_words(section, key)})\b", re.IGNORECASE)


@cache
def _chrome_rx() -> re.Pattern[str]:
    words_ = _words("web", "chrome")
    return re.compile(rf"^(?:[\W\d_]*(?:{words_})\b[\W\d_]*)+$", re.IGNORECASE)


@cache
def _related_rx() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{_words('web', 'related')})\s*(?:[:：»›>(\[].*)?\W*$", re.IGNORECASE)


@cache
def _related_inline_rx() -> re.Pattern[str]:
    return re.compile(r"^\W*(?:xem\s+thêm|đọc\s+thêm|xem\s+tiếp|mời\s+xem|bài\s+liên\s+quan|tin\s+liên\s+quan|>>|"
                      r"đọc\s+ngay|xem\s+ngay|đọc\s+tiếp|tin\s+nên\s+đọc|bài\s+nên\s+đọc|có\s+thể\s+bạn\s+quan\s+tâm)"
                      r"\s*[:：>»]|^\s*(?:>>|»)\s*\S", re.IGNORECASE)


@cache
def _section_rx() -> re.Pattern[str]:
    name = _words("web", "section")
    return re.compile(
        rf"^\W*(?:{name})(?:\s+(?:trong|ngoài|của)\s+(?:huyện|tỉnh|xã|nước|thành\s+phố|thị\s+xã|phường)|"
        rf"\s+\w+)?(?:\s*[-–|»>/:›]\s*(?:{name}))*\W*$",
        re.IGNORECASE)


def is_site_name(line: str) -> bool:
    """The name of the site or paper heading the page ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN …", "Báo Nhân Dân")."""
    return words(line) <= 16 and not ends_sentence(line) and bool(opens_with("web", "sites").match(line)) and (
        is_upper(line) or words(line) <= 4 or bool(re.search(r"(?:điện\s+tử|online|\.vn|\.com)\s*$", line, re.I)))


def is_furniture_sentence(line: str) -> bool:
    """A page's own sentence about itself ("Theo dõi Báo … trên Google News", "Mời bạn đọc xem thêm …")."""
    mark = re.match(r"^\W*giọng\s+đọc\s*[:：]\s*", line, re.IGNORECASE)
    if mark and words(line[mark.end():]) >= 5 and not re.search(r"\|\s*(?:nam|nữ)\b|miền\s+(?:bắc|nam|trung)\s*\|",
                                                                 line, re.IGNORECASE):
        return False  # a script's "Giọng đọc: Đài truyền thanh xã … xin thông báo", not a page's voice picker
    return words(line) <= 25 and bool(opens_with("web", "openers").match(line))


def is_programme_heading(line: str) -> bool:
    """"CHƯƠNG TRÌNH PHÁT THANH …", "Chuyên mục Sức khoẻ cộng đồng": a script's own headline."""
    return words(line) <= 30 and not ends_sentence(line) and bool(opens_with("radio", "programmes").match(line))


def is_column_name(line: str) -> bool:
    """"CHUYÊN MỤC QUỐC PHÒNG TOÀN DÂN", "Hộp thư bạn nghe đài": the name of a regular column, not of its item."""
    return words(line) <= 12 and not ends_sentence(line) and bool(opens_with("radio", "columns").match(line))


def is_menu(cells_: list[str]) -> bool:
    """Three or more short cells and no sentence: a menu bar flattened onto one line."""
    return len(cells_) >= 3 and all(words(c) <= 5 and not ends_sentence(c) for c in cells_)


# "14 tháng 3 lúc 07:42 ·", "3 giờ ·": when a social post was made.
POST_TIME = re.compile(r"^\W*(?:\d{1,2}\s+tháng\s+\d{1,2}(?:,?\s+\d{4})?(?:\s+lúc\s+\d{1,2}:\d{2})?"
                       # a mail client's: "15:42 18 thg 11, 2024 (2 ngày trước)"
                       r"|(?:\d{1,2}:\d{2}\s+)?\d{1,2}\s+thg\s+\d{1,2}(?:,?\s+\d{4})?(?:\s*\([^()]{1,30}\))?"
                       r"|\d{1,2}\s+(?:giờ|phút|ngày)"
                       r"(?:\s+trước)?)(?:\s*[·•]\s*đã\s+chỉnh\s+sửa)?\s*[·•]?\W*$", re.IGNORECASE)


def is_date_banner(line: str) -> bool:
    line = VIEWS_AFTER.sub("", line)  # "Thứ Năm, 15/10/2026 - 06:45   |   👁 1.284"
    return bool(DATE_BANNER.match(line) or AUTHOR_DATE.match(line) or POST_TIME.match(line))


VIEWS_AFTER = re.compile(r"\s*[|·•]\s*(?:👁|lượt\s+xem|lượt\s+đọc|xem)?\s*:?\s*[\d.,]+\s*$", re.IGNORECASE)


def is_chrome(line: str) -> bool:
    """Menus, share bars, counters, font and print widgets: a short line made only of such words."""
    home_first = re.match(r"^\W*(?:trang\s+chủ|home)\s+\w", line, re.IGNORECASE)
    if home_first and not ends_sentence(line) and words(line) <= 40:
        return True  # a site menu copied as one line always starts at the home page
    if words(line) > 14:
        return False
    font_widget = re.search(r"(?:^|\s)a\s*[-–]\s*a\s*a\s*\+|(?:^|\s)a\s*\+\s*a\s*a\s*[-–]|^\W*a\s*[-+]\s*$", line,
                            re.IGNORECASE)
    if LINK_LINE.match(line) or PLAYER.match(line):
        return True
    line = FILE_INFO.sub("", line)  # "Tải file âm thanh (MP3 – 13,4 MB)", "Tải về (.mp3)": the button and its file
    return bool(_chrome_rx().match(line)) or bool(font_widget and words(line) <= 10) or bool(
        re.match(r"^[\W_]+$", line) and not re.search(r"[\"“”]", line))  # a rule or a row of stars (not a number)


FILE_INFO = re.compile(r"\s*\([^()]{0,30}\b(?:mp3|mp4|m4a|wav|pdf|docx?|xlsx?|kb|mb|gb)\b[^()]{0,20}\)\s*$",
                       re.IGNORECASE)
# "🎧 Nghe lại tại: https://…", "Xem video: youtu.be/…", "Link: …": where to listen or read again, not words for air.
LINK_LINE = re.compile(r"^\W*(?:(?:nghe|xem|đọc)\s+(?:lại|thêm|tiếp|chi\s+tiết|toàn\s+văn|video|bài\s+gốc)"
                       r"(?:\s+(?:tại|ở|qua))?|link(?:\s+\w+)?|video|clip)?\s*[:：]?\s*"
                       r"(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
COMMENT_WIDGET = re.compile(r"^\W*(?:trả\s+lời|thích|phản\s+hồi|báo\s+cáo|chia\s+sẻ)(?:\s*\(\d+\))?\s*[·•|]?\s*"
                            r"(?:trả\s+lời|thích|phản\s+hồi|báo\s+cáo|chia\s+sẻ)\b", re.IGNORECASE)
SOCIAL = re.compile(r"(?:#\w+\s*){2,}|\bvà\s+\d+\s+người\s+khác\b|\b\d+\s+(?:bình\s+luận|lượt\s+chia\s+sẻ)\b",
                    re.IGNORECASE)
PAGE_MARK = re.compile(r"(?:^|\s)(?:trang|page)\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$|^\W*[-–]?\s*\d{1,3}\s*[-–]?\W*$",
                       re.IGNORECASE)
DURATION = re.compile(r"^\W*\d{1,3}\s*(?:phút|giây|”|\"|'|s)(?:\s*\d{1,2}\s*(?:giây|”|\"|s))?\W*$", re.IGNORECASE)


_MAIL_FIELDS = r"from|to|cc|bcc|date|subject|sent|từ|đến|tiêu\s+đề|chủ\s+đề|người\s+gửi|người\s+nhận"
EMAIL_HEADER = re.compile(
    rf"^\W*(?:-{{3,}}\s*forwarded\s+message|(?:{_MAIL_FIELDS}|gửi\s+lúc|ngày\s+gửi)\s*[:：].{{0,160}}"
    r"(?:@|<|\b\d{1,2}:\d{2}\b|\bthg\b|\bv/v\b|\bre:|\bfwd?:))",
    re.IGNORECASE)
PAGE_PRINT = re.compile(r"^\s*(?:https?://\S+(?:\s+\d+\s*/\s*\d+)?|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)/?|"
                        r"\d{1,2}/\d{1,2}/\d{2,4},\s*\d{1,2}:\d{2}\b.*|\(?\s*(?:xem\s+tiếp|tiếp\s+theo)\s+trang\s+\d+\s*\)?)\s*$",
                        re.IGNORECASE)
GLUED_SHARE = re.compile(r"(?:facebook|zalo|twitter|copy\s*link|google\s*news|email|messenger)", re.IGNORECASE)


# A field of a forwarded e-mail's header; the bare field ("Subject: ban tin tuan 47") is known by its neighbours.
EMAIL_FIELD = re.compile(rf"^\W*(?:{_MAIL_FIELDS})\s*[:：]", re.IGNORECASE)
# What a mail client prints around the attachments: "2 tệp đính kèm • Đã quét bằng Gmail"
ATTACHMENTS = re.compile(r"^\W*\d+\s+(?:tệp|file|tập\s+tin)\s+đính\s+kèm\b", re.IGNORECASE)


def is_email_or_print(line: str) -> bool:
    """A forwarded e-mail's headers, a browser's print header or footer, a jump line of a printed paper."""
    if words(line) <= 30 and (EMAIL_HEADER.match(line) or PAGE_PRINT.match(line)):
        return True
    glued = re.sub(r"\s+", "", line)
    return words(line) <= 6 and len(GLUED_SHARE.findall(glued)) >= 2 and not GLUED_SHARE.sub("", glued).strip(" |·")


FILE_SIZE = re.compile(r"^\W*\d+(?:[.,]\d+)?\s*(?:kb|mb|gb|byte)\W*$", re.IGNORECASE)


def is_social(line: str) -> bool:
    """Comment widgets, hashtags, reaction counts: what a social page prints around a post."""
    return words(line) <= 20 and bool(COMMENT_WIDGET.match(line) or SOCIAL.search(line) or FILE_SIZE.match(line))


def is_footer(line: str) -> bool:
    return bool(opens_with("web", "footer").match(line)) and words(line) <= 40


def is_related_heading(line: str) -> bool:
    return words(line) <= 8 and bool(_related_rx().match(line))


def is_related_link(line: str) -> bool:
    """An inline pointer to another story ("Xem thêm: …", ">> …")."""
    return bool(_related_inline_rx().match(line))


def is_breadcrumbs(line: str) -> bool:
    return words(line) <= 30 and len(re.findall(r"\s[>»›/|]\s|\s?[»›]\s?", line)) >= 1 and not ends_sentence(line)


def is_section_label(line: str) -> bool:
    """A section name alone ("Thời sự", "Tin trong huyện"), or breadcrumbs."""
    if words(line) > 10 or line.rstrip().endswith((".", "?", "!")):
        return False
    return bool(_section_rx().match(line)) or is_breadcrumbs(line)


_CREDIT_WORD = (r"(?:ảnh|ảnh\s+minh\s+họa|ảnh\s+minh\s+hoạ|nguồn\s+ảnh|video|clip|infographic|đồ\s+họa|trong\s+ảnh|"
                r"ảnh\s+chụp\s+màn\s+hình|ảnh\s+tư\s+liệu|ảnh\s+internet|biểu\s+đồ|đồ\s+thị|bản\s+đồ)")
# "… dự báo ngày 2/12. Nguồn: Trung tâm Dự báo …": a chart's or map's caption closes with its source.
CHART_SOURCE = re.compile(r"^(?=.{0,200}$)[^.]{5,160}\.\s+(?:nguồn|số\s+liệu)\s*[:：]\s*[A-ZĐ][^.]{2,80}\.?$",
                          re.IGNORECASE)
# "(Ảnh: Minh Hà)", "– Ảnh: TTXVN", "… năm 2025. Ảnh minh họa": a credit closes the line. A bare "ảnh" at the end of a
# sentence ("giấy tờ tùy thân có ảnh.") is a word of the sentence, not a credit.
CAPTION_CREDIT = re.compile(
    rf"(?:\(\s*{_CREDIT_WORD}\s*(?:[:：].{{0,80}})?\)|(?:^|[\s.(–-]){_CREDIT_WORD}\s*[:：].{{0,80}}|"
    rf"(?:^|[.–-]\s*){_CREDIT_WORD})\s*\.?\s*$",
    re.IGNORECASE,
)
# "Một số hình ảnh tại Lễ ra quân:", "Hình ảnh buổi lễ": leads into photos the listener cannot see.
GALLERY_LEAD = re.compile(r"^\W*(?:một\s+số\s+|cùng\s+xem\s+|mời\s+xem\s+)?(?:hình\s+ảnh|ảnh)\s+(?:tại|về|của|trong|"
                          r"buổi|lễ|hội|chương\s+trình)\b[^.!?]{0,100}[:：]?\s*(?:\W*)$", re.IGNORECASE)
CAPTION_OPENER = re.compile(
    r"^\W*(?:ảnh|ảnh\s+minh\s+họa|ảnh\s+minh\s+hoạ|nguồn\s+ảnh|video|clip|infographic|đồ\s+họa|trong\s+ảnh|"
    r"ảnh\s+\d+|hình\s+\d+|\d+\s*/\s*\d+)\s*(?:[:：.–-]|$)",
    re.IGNORECASE,
)


# "(bìa phải)", "(thứ hai từ trái sang)", "(đứng giữa)": where someone stands in the photo the line sits under.
IN_PHOTO = re.compile(r"\((?:ngoài\s+cùng\s+|đứng\s+|ngồi\s+|hàng\s+\w+\s*,?\s*)?(?:bìa|bên|giữa|thứ\s+\w+\s+từ|"
                      r"từ)\s*(?:trái|phải|giữa|sang)?[^)]{0,20}\)", re.IGNORECASE)


def is_photo_caption(line: str) -> bool:
    """A sentence that places people in a picture: a caption, whatever credit it lacks."""
    return words(line) <= 45 and sentences(line) <= 2 and bool(IN_PHOTO.search(line)) and bool(
        re.search(r"\((?:[^)]*(?:trái|phải|giữa))[^)]*\)", line, re.IGNORECASE))


def has_photo_credit(line: str) -> bool:
    return bool(CAPTION_CREDIT.search(line)) and words(line) <= 60 or bool(CAPTION_OPENER.match(line)) or bool(
        CHART_SOURCE.match(line))


# --- administrative documents ---------------------------------------------------------------------------------

NATIONAL_TITLE = re.compile(r"c[ộo]ng\s+h[òo][aà]\s*x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam", re.IGNORECASE)
MOTTO = re.compile(r"độc\s+lập\s*[-–—,]\s*tự\s+do\s*[-–—,]\s*hạnh\s+phúc", re.IGNORECASE)
UNDERLINE = re.compile(r"^[\s_\-–—=*~.·•|:]{3,}$")
DOC_NUMBER = re.compile(
    rf"^\W*(?:số|so)\s*[:：]?\s*(?:[\d\s.]*|\.{{2,}}\s*)/\s*(?:\d{{4}}\s*/\s*)?[{UPPER}{LOWER}Đđ\-–.\s]{{1,30}}\s*$"
    r"|^\W*số\s*[:：]\s*[\d\s.…]*/\S+(?:\s+\S+)?\s*$",
    re.IGNORECASE,
)
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*)?"
PLACE_DATE = re.compile(
    rf"^[{UPPER}][\w\s.'-]{{0,60}},\s*{_HOUR}ngày\s+[\d.…_\s]*\s*tháng\s+[\d.…_\s]*\s*năm\s+\d{{4}}\s*\.?$"
    r"|^ngày\s+[\d.…_\s]*\s*tháng\s+[\d.…_\s]*\s*năm\s+\d{4}\s*$"
    rf"|^(?![^,]*\b(?i:thứ|chủ\s+nhật|tháng)\b)[{UPPER}][\w\s.'-]{{0,60}},\s*{_HOUR}ngày\s+\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*"
    r"\d{4}\s*\.?$",
    re.IGNORECASE,
)
RECIPIENTS = re.compile(r"^\W*nơi\s+nhận\s*[:：]?", re.IGNORECASE)
# The mark in any case ("TM.", "Kt."), then the office in capitals ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH").
SIGNATURE_MARK = re.compile(
    r"^\W*(?i:t\.?\s?m\.|tm\s|t/m|k\.?\s?t\.|kt\s|k/t|q\.|t\.?\s?l\.|t\.?\s?u\.|thừa\s+lệnh|thừa\s+ủy\s+quyền|"
    r"thay\s+mặt|ký\s+thay)\s*[.]?\s*[{UPPER}]".replace("{UPPER}", UPPER)
)
SIGNED = re.compile(
    r"^\W*(?:đã\s+ký|đã\s+duyệt|đã\s+ký\s+và\s+đóng\s+dấu|ký\s+tên|ký\s+tên\s*,?\s*đóng\s+dấu|ký,?\s+ghi\s+rõ\s+họ\s+tên|"
    r"ký\s+và\s+ghi\s+rõ\s+họ\s+tên|đóng\s+dấu|chữ\s+ký|dấu)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
LEGAL_BASIS = re.compile(r"^\W*(?:căn\s+cứ|xét\s+(?:đề\s+nghị|tờ\s+trình|tình\s+hình|báo\s+cáo)|"
                         r"theo\s+đề\s+nghị\s+của)\b",
                         re.IGNORECASE)
SUBJECT = re.compile(r"^\W*(?:về\s+việc|v/v|v\.v\s|về)\s*[:：]?\s*\S", re.IGNORECASE)
ADDRESSEE = re.compile(r"^\W*kính\s+gửi\s*[:：]", re.IGNORECASE)


@cache
def _doc_type_rx() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{_words('notice', 'doc_types')})\b\W*$", re.IGNORECASE)


@cache
def _signer_rx() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:(?:kt|tm|q|tl|tuq)\.?\s*)?(?:{_words('notice', 'signers')})\b", re.IGNORECASE)


def is_doc_type(line: str) -> bool:
    """"THÔNG BÁO", "KẾ HOẠCH", "LỜI KÊU GỌI": the word that heads an administrative document."""
    return words(line) <= 5 and bool(_doc_type_rx().match(line)) and (is_upper(line) or words(line) <= 3)


def is_signature(line: str) -> bool:
    """A line of the signature block: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)"."""
    if words(line) > 12:
        return False
    if SIGNATURE_MARK.match(line) or SIGNED.match(line.strip("()[]")) or SIGNED.match(line):
        return True
    return is_upper(line) and bool(_signer_rx().match(line))


def is_issuer(line: str) -> bool:
    """An issuing body in capitals ("ỦY BAN NHÂN DÂN XÃ AN HÒA", "BAN CHỈ HUY QUÂN SỰ")."""
    return is_upper(line) and words(line) <= 14 and (bool(opens_with("notice", "issuers").match(line)) or bool(
        re.match(r"^\W*(?:XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|TỈNH|THÀNH PHỐ|THỊ XÃ|QUẬN)\b", line)))


def national_title_in_capitals(line: str) -> bool:
    """A header table flattened into one long line (issuer, number, title, motto, place and date): the national
    title in capitals gives it away at any length; inside a sentence it is written "nước Cộng hòa …"."""
    national = NATIONAL_TITLE.search(line)
    return national is not None and is_upper(national.group(0)) and words(line) <= 50 and bool(MOTTO.search(line))


def frame_part(line: str) -> str | None:
    """Which part of an administrative document's frame a line (or cell) is, if it is one."""
    short = words(line) <= 14  # the national title inside a sentence ("nước Cộng hòa …") is not a header
    if (NATIONAL_TITLE.search(line) or MOTTO.search(line)) and short or UNDERLINE.match(line) or DOC_NUMBER.match(line):
        return "doc_header"
    if national_title_in_capitals(line):
        return "doc_header"
    if PLACE_DATE.match(line):
        return "doc_header"
    if RECIPIENTS.match(line):
        return "recipients"
    if is_signature(line):
        return "signature"
    return None


def signed(line: str) -> bool:
    """"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "(Đã ký)": a signature block in any document."""
    return words(line) <= 12 and bool(SIGNATURE_MARK.match(line) or SIGNED.match(line.strip("()[] ")))


# "Đề nghị Đài truyền thanh xã phát thông báo 02 lần/ngày", "(Thông báo này được phát 3 lần trong ngày)".
_COUNT_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6}
_COUNT = r"(\d{1,2}|một|hai|ba|bốn|năm|sáu)"
REPEAT = re.compile(
    rf"{_COUNT}\s*(?:lần|buổi|cữ|lượt)\s*(?:/|trên|mỗi|một|trong|vào\s+các|hằng|hàng)?\s*(?:mỗi\s+)?(?:ngày|buổi)"
    rf"|(?:vào|trong)\s+{_COUNT}\s+buổi\b|(?:mỗi|hằng|hàng)\s+ngày\s+{_COUNT}\s+lần|ngày\s+{_COUNT}\s+(?:cữ|lần)\b"
    rf"|,\s*{_COUNT}\s+buổi\W*$",  # "… sáng mai 6h với chiều 5h nhé, 2 buổi": the count said last
    re.IGNORECASE,
)
BROADCAST = re.compile(
    r"(?:\bphát\b|phát\s+sóng|phát\s+thanh|tiếp\s+sóng|đọc\s+trên|đọc\s+(?:giúp|hộ|giùm|dùm)|thông\s+báo\s+trên).{0,80}"
    r"|(?:loa|truyền\s+thanh|đài)\b.{0,60}\b(?:phát|đọc|thông\s+báo)\b",
    re.IGNORECASE,
)


STATION_ASKED = re.compile(
    r"\bđài\s+(?:truyền\s+thanh|tt|phát\s+thanh|tt-th)\b.{0,80}?(?:phát\s+(?:thông\s+báo|liên\s+tục|trên|vào|nội\s+dung|"
    r"(?:lời\s+kêu\s+gọi|kế\s+hoạch|công\s+văn|thông\s+tin)\s+này|"
    r"rộng\s+rãi|lại|\w+\s+lần)|thông\s+báo\s+(?:này\s+)?trên\s+(?:hệ\s+thống\s+)?(?:loa|đài|sóng)|thông\s+báo\s+rộng\s+rãi)|"
    # "Giao Trung tâm Dịch vụ tổng hợp xã phát nội dung Công văn này trên hệ thống truyền thanh": since 2025 the
    # commune's loudspeakers are often run by its service centre.
    r"\b(?:giao|đề\s+nghị|yêu\s+cầu)\s+(?:trung\s+tâm\s+dịch\s+vụ\s+tổng\s+hợp|bộ\s+phận\s+truyền\s+thanh)\b.{0,60}?"
    r"\bphát\b.{0,60}?\b(?:truyền\s+thanh|loa)\b|"
    # a chat to the station: "HTX nhờ đài phát giúp thông báo này", "Phần số điện thoại đọc chậm giúp em"
    r"\bnhờ\s+(?:bên\s+)?(?:đài|loa)\b.{0,40}?\b(?:phát|đọc)\s+giúp\b|"
    r"\b(?:phát|đọc)\s+(?:chậm\s+|to\s+|kỹ\s+|lại\s+)?giúp\s+(?:em|anh|chị|mình|bên\s+\w+)"
    r"(?:\s+(?:với|nhé|nha|nhá|ạ))?\W*$",
    re.IGNORECASE,
)


# Orders to whoever runs the loudspeakers, not words for air: "PHÁT LIÊN TỤC TỪ 5H00, CỨ 30 PHÚT 1 LẦN",
# "(Nhắc lại số điện thoại 2 lần)", "HẾT BẢN TIN. NGHỈ 30 PHÚT, PHÁT LẠI TỪ ĐẦU."
OPERATOR_ORDER = re.compile(
    r"^\W*(?:yêu\s+cầu\s*[:：]\s*)?(?:phát\s+liên\s+tục\b|hết\s+bản\s+tin\W+nghỉ\b|thay\s+bản\s+tin\b|"
    r"nhắc\s+lại\s+(?:số\s+điện\s+thoại|\d+\s+lần|hai\s+lần|ba\s+lần)\b|phát\s+lại\s+từ\s+đầu\b|"
    # "► KTV: Hú còi 3 hồi …" (the technician's part), "► ĐỌC 2 LẦN ĐOẠN SAU, ĐỌC CHẬM:", "HẾT LƯỢT PHÁT."
    r"[►▶→]\s*đọc\s+(?:\d+|hai|ba)\s+lần\b|[►▶→]\s*đọc\s+chậm\b|(?-i:ĐỌC\s+(?:\d+|HAI|BA)\s+LẦN|ĐỌC\s+CHẬM)\b|"
    r"hết\s+lượt\s+phát\b)", re.IGNORECASE)
BRACKETED_ORDER = re.compile(r"^\s*[(\[][^()\[\]]{0,160}?\b(?:đọc\s+chậm|nhắc\s+lại|phát\s+lại|âm\s+lượng|"
                             r"phát\s+liên\s+tục)\b[^()\[\]]*[)\]]\s*$", re.IGNORECASE)


# An article's audio or video player read as text: "▶  0:00 / 3:12", "Tốc độ 1x   Giọng nữ miền Nam", "Audio: nghe
# bài viết", "Video đang phát", "▶  02:35", and "3 phút đọc · 20/11/2026": how long the article takes to read.
PLAYER = re.compile(r"^\W*(?:\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}|tốc\s+độ\s+[\d.,]+\s*x|\d+\s+phút\s+đọc|"
                    r"video\s+đang\s+phát|audio\s*:?\s*nghe\s+bài(?:\s+viết)?\s*$)|^\s*[▶►]\s*\d{1,2}:\d{2}\s*$",
                    re.IGNORECASE)


# "… phát nhạc không lời đến 20h00 rồi tắt máy, báo trực đài.", "Kỹ thuật lưu ý: 4h55 mở máy, bật tiếp sóng …":
# what the operator does before and after the programme
AFTER_AIR = re.compile(r"\bbáo\s+(?:lại\s+)?(?:cho\s+)?trực\s+(?:đài|ban\s+đài)\b|"
                       r"^\W*kỹ\s+thuật\s+(?:lưu|chú)\s+ý\s*[:：]|"
                       r"\b(?:mở|bật|tắt|đóng|ngắt)\s+(?:máy\s+phát|bộ\s+thu|tiếp\s+sóng|mạch\s+ra\s+loa)\b|"
                       r"\bchuyển\s+bộ\s+thu\b|"
                       r"\bphát\s+nhạc\s+không\s+lời\b", re.IGNORECASE)


# "► KTV: Hú còi 3 hồi …", "KTV: nghỉ 10 giây, đọc lại lượt 2 …": the technician's part (not "KTV: Hà Văn Trọng")
TECHNICIAN = re.compile(r"^\W*(?:ktv|kỹ\s+thuật\s+viên)\s*[:：]\s*(\S+)\s+(\S+)", re.IGNORECASE)
# "→ Tiếng Thái: PTV Lò Văn Ún đọc tin 1 (bản dịch tờ số 1)": an arrow telling an announcer what to do
TO_ANNOUNCER = re.compile(r"^\s*[→►➡⇒]\s*.{0,80}\b(?:ptv|btv)\b", re.IGNORECASE)


def is_operator_order(line: str, *, script: bool = False) -> bool:
    """An order to the station's operator, or the technician's part ("KTV: nghỉ 10 giây …"). In a station's own
    script also arrows to an announcer and the operator's jargon near the start of a line ("16h55 chuyển bộ thu …"),
    never in an article, where the same words are news ("Đài xã đã bật tiếp sóng trở lại")."""
    if words(line) > 40:
        return False
    technician = TECHNICIAN.match(line)
    if OPERATOR_ORDER.match(line) or BRACKETED_ORDER.match(line) or technician and (
            technician.group(1)[:1].islower() or technician.group(2)[:1].islower()):
        return True
    if not script:
        return False
    jargon = AFTER_AIR.search(line)
    early = jargon is not None and len(line[:jargon.start()].split()) <= 5 and not re.search(
        r"\b(?:đã|được|sẽ|cần|nên|đề\s+nghị)\b", line[:jargon.start()], re.IGNORECASE)
    return words(line) <= 30 and (early or bool(TO_ANNOUNCER.match(line)))


def is_broadcast_instruction(line: str) -> bool:
    """A line asking the station to broadcast the document, with or without a count."""
    return words(line) <= 50 and (broadcast_repeat(line) is not None or bool(STATION_ASKED.search(line)))


_DAILY = re.compile(r"\b(?:hằng|hàng|mỗi)\s+ngày\b|\btrong\s+ngày\b|\bcác\s+buổi\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"(?<![\d/:])\d{1,2}\s?(?:h|giờ|g)\s?(?:\d{2})?(?![\d/])", re.IGNORECASE)


def _times_listed(line: str) -> int | None:
    """"phát vào 6h00, 11h00 và 17h00 hằng ngày": the clock times of each day's broadcasts, counted."""
    if not _DAILY.search(line) or not re.search(r"thông\s+báo|\bloa\b", line, re.IGNORECASE):
        return None  # a script's own air times ("Phát sóng: 6h00 và 17h00 hằng ngày") are its slots, not repeats
    count = len(_CLOCK_TIME.findall(line))
    return count if 2 <= count <= 6 else None


# the day's air times, counted by the schedule itself ("(6 lần)"): a bulletin read at each of them
AIR_TIMES = re.compile(r"^\W*lịch\s+phát(?:\s+sóng)?\s*[:：](?=.*\(\s*(\d{1,2})\s*lần\s*\))?", re.IGNORECASE)


def broadcast_repeat(line: str) -> int | None:
    """How many times a day an instruction asks for the notice to be broadcast, if the line is one. The count must
    stand in the sentence that asks ("… khám trong hai buổi sáng. Loa của xã cũng phát liên tục." asks nothing)."""
    if words(line) > 120:
        return None
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐ(])", line):
        count = _sentence_repeat(sentence)
        if count:
            return count
    return None


def _sentence_repeat(line: str) -> int | None:
    times = AIR_TIMES.match(line)  # "Lịch phát: 9h00 – 11h00 – … – 19h00 ngày 01/12/2026 (6 lần)"
    addressed = re.search(r"đài|loa|truyền\s+thanh|phát\s+sóng|phát\s+thanh|thông\s+báo\s+này|bản\s+tin\s+này", line,
                          re.I) or re.match(r"^\s*[(\[]?\s*phát\b", line, re.I) or times
    if not BROADCAST.search(line) or not addressed:
        return None
    match = REPEAT.search(line)
    if not match and times and times.group(1) and int(times.group(1)) == len(_CLOCK_TIME.findall(line)):
        return int(times.group(1))
    if not match:
        return _times_listed(line)
    count = next(g for g in match.groups() if g)
    value = int(count) if count.isdigit() else _COUNT_WORDS[count.lower()]
    return value if 1 <= value <= 12 else None


# --- radio scripts --------------------------------------------------------------------------------------------


@cache
def _mark_rx(kind: str) -> re.Pattern[str]:
    # "PTV:", "[PTV 1]", "(BTV)", "MC Minh Anh:", "PTV Thu Hà" (a table's voice cell): the mark, maybe a name.
    name = rf"(?:\s+(?-i:[{UPPER}][{LOWER}]*)(?:\s+(?-i:[{UPPER}][{LOWER}]*)){{0,2}})?"
    # "MC1 & MC2:", "Nam, Nữ:", "PTV nam + PTV nữ:": marks joined for lines read together
    marks = rf"(?:{_words('radio', 'host')}|{_words('radio', 'announcer')})"
    joined = rf"(?:\s*(?:&|\+|,|và)\s*{marks})*"
    # "PTV (nữ)", "[Giọng nữ – đọc thư]", "PTV2 (1 phút 10 giây):" (how long the part is read)
    # "PTV (Hà):", "PTV (tiếng Mông):": who reads it, in which language
    gender = (rf"(?:\s*\((?:nam|nữ|\d|\d+\s*(?:phút|giây)(?:\s*\d+\s*giây)?|tiếng\s+\w+|"
              rf"(?-i:[{UPPER}][{LOWER}]*)(?:\s+(?-i:[{UPPER}][{LOWER}]*)){{0,2}})\))?"
              r"(?:\s*[–—-]\s*đọc\s+[^\])]{1,30}(?=\s*[\])]))?")
    part = r"(?:\s+(?:dẫn|kết|mở|đọc|giới\s+thiệu|dẫn\s+vào|chuyển))?"  # "BTV dẫn:", "BTV kết:": which of its parts
    return re.compile(rf"^\s*[\[(]?\s*(?:{_words('radio', kind)}){name}{part}{gender}{joined}\s*[\])]?\s*"
                      r"(?:[:：]\s*|$)", re.IGNORECASE)


def voice_mark(line: str) -> tuple[str, str] | None:
    """("announcer" | "host", rest) for a line opened by a script's voice mark ("PTV nữ: …", "MC1: …")."""
    for kind in ("host", "announcer"):
        match = _mark_rx(kind).match(line)
        if match and (match.group(0).rstrip().endswith((":", "：")) or match.end() == len(line)):
            rest = line[match.end():].strip()
            return kind, QA_AFTER_MARK.sub("", rest, count=1)  # "Nữ: Hỏi: …": the voice asks; neither mark is read
    return None


QA_AFTER_MARK = re.compile(r"^(?i:hỏi|trả\s+lời|đáp)\s*[:：]\s*")


def voice_mark_cell(first_cell: str) -> str | None:
    """A script written as a two-column table: the left cell names the voice without a colon."""
    match = _mark_rx("host").fullmatch(first_cell) or _mark_rx("announcer").fullmatch(first_cell)
    if not match:
        return None
    return "host" if _mark_rx("host").fullmatch(first_cell) else "announcer"


@cache
def _cue_rx() -> re.Pattern[str]:
    cue = _words("radio", "cues")
    return re.compile(
        # one class, possessive, for the brackets and dashes around the word: a row of dashes ("---- ----") must
        # not be tried every way it could be split
        rf"^[\s\[(<‹«*\-–—]*+(?:{cue})\b[^.!?]{{0,80}}?\.?[\s\])>›»*\-–—]*$", re.IGNORECASE)


SOUND_LABEL = re.compile(r"^\W*(?:tiếng\s+(?:động(?:\s+hiện\s+trường)?|hiện\s+trường)|hiệu\s+ứng(?:\s+âm\s+thanh)?|"
                         r"sfx|nat\s+sound|"
                         r"âm\s+thanh\s+(?:hiện\s+trường|tự\s+nhiên))\s*[:：]|"
                         r"^\W*(?:sfx|fx)\s*\d{1,3}\s*[–—:.-]", re.IGNORECASE)  # "SFX 2 – Tiếng gà lên chuồng"
# "– 20 giây", "(1 phút 10 giây)", "0'45''": how long a cue lasts, set off from its words
TIMED = re.compile(r"[–—:(-]\s*(?:khoảng\s+)?\d+\s*(?:phút|giây)(?:\s*\d+\s*giây)?\b|\d+\s*['’]\s*\d*\s*(?:['’]{2}|”)",
                   re.IGNORECASE)
SONG_CUE = re.compile(r"^\W*(?:bài\s+hát|ca\s+khúc)\s*[:：]\s*[“\"«]", re.IGNORECASE)
MUSIC = re.compile(r"^\W*(?:nhạc(?!\s+(?:sĩ|cụ|công|viện))|hiệu\s+ứng|tiếng\s+động|âm\s+thanh|chuông|sfx)\b",
                   re.IGNORECASE)
FADES = re.compile(r"\s[–—-]\s.*\b(?:nhỏ\s+dần|to\s+dần|tắt\s+dần|giữ\s+nền|lên\s+rồi|hạ\s+(?:xuống|nền|nhỏ)|"
                   r"vào\s+nền|làm\s+nền|fade)\b", re.IGNORECASE)
RUNNING_TIME = re.compile(r"\bthời\s+lượng\s*[:：]?\s*(?:(?:khoảng|chừng|dự\s+kiến)\s+)?\d", re.IGNORECASE)
TIMECODE = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*[-–—]\s*")


# "INSERT 1", "INSERT 2 (file 0412 – từ 03'15 đến 03'52)", "SOT": a tape that plays, its voice not named on the line
TAPE_MARK_ALONE = re.compile(r"^\W*(?:insert|insret|sot)\s*(?:\d+\s*(?:\([^()]*\))?|\([^()]*\))\W*$", re.IGNORECASE)


def is_cue(line: str) -> bool:
    """A cue for the engineer ("[Nhạc hiệu]", "(Nhạc)", "Nhạc cắt", "--- Hết ---"): never read."""
    line = TIMECODE.sub("", line)  # "01:30 – Nhạc chuyển": a script timed from the top
    if TAPE_MARK_ALONE.match(line):
        return True
    bracketed = bool(re.match(r"^\s*[\[(<‹«*{—–~♫♪♬-]", line)) and bool(re.search(r"[\])>›»*}—–~♫♪♬-]\s*$", line))
    if bracketed and words(line) <= 35 and re.match(
            r"^\W*(?:nhạc|jingle|tiếng|lời\s+(?:ông|bà|anh|chị|cô|chú|bác)\s|âm\s+thanh|băng|phát\s+băng|hết|kết\s+thúc|"
            r"hiệu\s+ứng|ca\s+khúc|bài\s+hát|trích|"
            r"dừng|chuông|hát|ngừng|vỗ\s+tay|lồng|hạ\s+nhạc|nhạc\s+nền)", line, re.IGNORECASE):
        return True
    if SOUND_LABEL.match(line) and words(line) <= 25:  # "Tiếng động: tiếng xe máy dừng lại"
        return True
    if SONG_CUE.match(line) and words(line) <= 40 and not ends_sentence(line):  # "♫ BÀI HÁT: “…” – Nhạc và lời: …"
        return True
    if TIMED.search(line) and words(line) <= 20 and MUSIC.match(line) and _cue_rx().match(
            line.split(",")[0].split("(")[0]):
        return True  # "Nhạc hiệu – 20 giây, sau đó nhỏ dần": music timed for the engineer (a timed tape names a voice)
    if words(line) > 14:
        return False
    if MUSIC.match(line) and FADES.search(line) and _cue_rx().match(re.split(r"\s[–—-]\s|,", line)[0]):
        return True  # "Nhạc hiệu chương trình – nhỏ dần, giữ nền": what the music does, for the engineer
    if bracketed and re.search(r"nhạc|jingle|tiếng|âm\s+thanh|băng|hết|kết\s+thúc|hiệu\s+ứng|ca\s+khúc|bài\s+hát|"
                               r"phát|dừng|giây|phút|chuông|hát", line, re.IGNORECASE):
        return True
    head = _cue_rx().match(line.split(":")[0].split("(")[0].strip())
    if head and is_upper(line.split(":")[0].split("(")[0]):  # "NHẠC NỀN (sáo trúc)", "HIỆU ỨNG: tiếng kẻng"
        return True
    if re.match(r"^\s*[-–—*=]{2,}\s*\w+(?:\s+\w+)?\s*[-–—*=]{2,}\s*$", line):  # "--- Hết ---", "=== HẾT ==="
        return True
    if not bracketed and re.match(r"^\W*(?i:hết|kết\s+thúc|dừng)\s+(?!(?i:nhạc|băng|phần|bài|tin|chương|insert|tiếp|"
                                  r"bản|trích|hiệu))\w", line):
        return False  # "Hết cảnh chờ nước": a subheading that opens with the word, not the end of a tape
    return bool(_cue_rx().match(line)) and (bracketed or is_upper(line) or words(line) <= 6)


@cache
def _direction_rx() -> re.Pattern[str]:
    return re.compile(rf"\(\s*(?:{_words('radio', 'directions')})\b[^()]{{0,40}}\)\s*", re.IGNORECASE)


def without_directions(text: str) -> str:
    """A spoken line without the stage directions written into it for the reader."""
    return _direction_rx().sub("", text)


@cache
def _note_rx() -> re.Pattern[str]:
    # "Khách mời (KM):": the field may give the short form used further down ("PTV (Hà):" is a voice mark)
    # (a form's steps may be numbered in circles: "① Soạn thảo: …")
    return re.compile(rf"^[\W①-⑳]*(?:{_words('radio', 'notes')})(?:\s*\((?-i:[A-ZĐ0-9]{{1,6}})\))?\s*[:：]",
                      re.IGNORECASE)


SCHEDULE_NOTE = re.compile(
    r"\b(?:(?:ghi|thu)\s+âm\s+(?:ngày|lúc|tại)|phát\s+(?:vào\s+)?các\s+buổi|phát\s+lúc|phát\s+vào\s+lúc|phát\s+sóng\s*[:：]|phát\s+sóng\s+từ|phát\s+sóng\s+(?:vào|lúc|ngày)|phát\s+lại|thời\s+lượng|ngày\s+phát|giờ\s+phát)\b",
    re.IGNORECASE)
DIRECTION = re.compile(r"^\s*[(\[]\s*(?:đọc|phát|lưu\s+ý|chú\s+ý|ghi\s+chú|thời\s+lượng|ngày\s+phát|btv|ptv)\b"
                       r".*[)\]]\s*$",
                       re.IGNORECASE)


_CLOCK = r"\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}(?:\s*(?:phút|')?)"


@cache
def _run_sheet_rx() -> re.Pattern[str]:
    return re.compile(rf"^\W*{_CLOCK}(?:\s*(?:-|–|—|đến)\s*{_CLOCK})?\s*[:：]\s*"
                      rf"(?:(?:{_words('radio', 'run_sheet')})\b|đọc\s*[:：]\s*$)", re.IGNORECASE)


def is_run_sheet(line: str) -> bool:
    """A timed order of a station's run sheet ("6h00 – 6h30: Tiếp âm Thời sự VOV1.", "17h00: Phát nhạc hiệu,
    đọc:"): tells the operator what to do at that time."""
    return words(line) <= 40 and bool(_run_sheet_rx().match(line))


# What the staff's own paper is ("KỊCH BẢN TỌA ĐÀM", "Đề cương phóng sự phát thanh", "BẢN THẢO CTV – BTV ĐÃ SỬA"):
# the announcer reads the programme, not the name of the sheet it is written on. ("Kịch bản: Chu Thị Mai Phương"
# credits a writer; "KỊCH BẢN PHÁT THANH: BÀ CON NGƯ DÂN …" gives the headline after its colon.)
# "KỊCH BẢN TUYÊN TRUYỀN PHÒNG CHÁY RỪNG …" names its topic: that is the headline.
STAFF_PAPER = re.compile(r"^\W*(?:kịch\s+bản|đề\s+cương|bản\s+thảo)\b(?![^:：]*[:：])(?!.*\btuyên\s+truyền\b)",
                         re.IGNORECASE)


def is_script_note(line: str) -> bool:
    """A working note of a script ("Thời lượng: 15 phút", "Duyệt phát sóng: …", "(Đọc chậm …)"): not for air."""
    listed = words(line) <= 60 and len(re.findall(r"[;,–|]", line)) >= 2
    if bool(_note_rx().match(line)) and (words(line) <= 25 or listed):
        return True  # a long note is a list: "Khách mời: Thượng tá X – Trưởng Công an xã; bà Y – …"
    mark = voice_mark(line)
    if DIRECTION.match(line) and words(line) <= 40 and not (mark and not mark[1]) or DURATION.match(line) or (
            is_run_sheet(line)):  # "(PTV nam)" alone is a voice mark, "(PTV đọc chậm)" a direction
        return True
    if words(line) <= 40 and RUNNING_TIME.search(line) and not ends_sentence(line):
        return True  # "Kịch bản … – Tổng thời lượng: 5 phút 15 giây – Phát từ …": a headline never gives its length
    if words(line) <= 20 and STAFF_PAPER.match(line) and not ends_sentence(line.rstrip(")")):
        return True
    return words(line) <= 20 and bool(SCHEDULE_NOTE.search(line)) and not ends_sentence(line.rstrip(")"))


EDITOR_NOTE = re.compile(
    r"^\W*(?:lời\s+tòa\s+soạn|lời\s+toà\s+soạn|lts|lời\s+giới\s+thiệu|lời\s+bạt|ghi\s+chú(?:\s+(?:của|cho)\s+\w+)?|"
    r"nb|n\.b|ghi\s+chú\s+bbt|chú\s+ý\s+btv|btv\s+lưu\s+ý|không\s+phát\s+sóng|không\s+đọc|lưu\s+ý\s+ptv|"
    # "(Còn nữa)", "Hết box" alone, "Kỳ sau:" with its colon: "Còn nữa là bà con …" opens a sentence
    r"(?:còn\s+nữa|còn\s+tiếp|box|hết\s+box)(?=\W*$)|(?:kỳ\s+sau|đón\s+đọc)(?=\s*[:：]))\b\s*[:：.)]?",
    re.IGNORECASE,
)


def editor_note(line: str) -> tuple[bool, str]:
    """(is an editor's note, its text to read): "Lời Tòa soạn:" alone is not read; "LTS: Trong …" reads the rest."""
    match = EDITOR_NOTE.match(line)
    if not match:
        return False, line
    rest = line[match.end():].strip(" :：-–)")
    if STAFF_NOTE.match(line):
        return True, ""  # "Ghi chú: Nếu quá giờ thì cắt …": for the staff, never for air
    return True, rest if words(rest) >= 6 else ""


STAFF_NOTE = re.compile(r"^\W*(?:ghi\s+chú|nb|n\.b|chú\s+ý\s+btv|btv\s+lưu\s+ý|không\s+phát\s+sóng|không\s+đọc|"
                        r"lưu\s+ý\s+ptv)\b", re.IGNORECASE)


@cache
def _speech_rx() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_words('speech', 'verbs')})(?:\s+(?:thêm|rằng|như\s+sau|với\s+\w+(?:\s+\w+)?|"
                      r"người\s+dân|bà\s+con|nhân\s+dân|mọi\s+người|phụ\s+huynh))*"
                      r"\s*[:：]\s*$", re.IGNORECASE)


def _speech_verb_at_end(text: str) -> bool:
    """A speech verb closes the text; a capitalised one is a name ("Ông Hoàng Quốc Bảo:" is no "… bảo:")."""
    match = _speech_rx().search(text)
    if match is None:
        return False
    verb = match.group(0)
    return not (verb[:1].isupper() and not verb[1:2].isupper())


def introduces_quote(line: str) -> bool:
    """"Ông X, Chủ tịch UBND xã cho biết:" — a narrated quote follows, read by the narrator."""
    return _speech_verb_at_end(line)


def ends_with_speech_verb(label: str) -> bool:
    return _speech_verb_at_end(label.rstrip() + ":")
