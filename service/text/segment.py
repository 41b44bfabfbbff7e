"""Mark who speaks and what is not read, the way an announcer marks up a printout. Pure: lines in, parts out.

A document is read in three zones. Before its first line of running text (the head) sit page menus, date banners,
an administrative header and the headline: only the headline, a station's lead line and a notice's subject are
read. After its last line of running text (the tail) sit the sign-off, a notice's recipients and signature, share
bars and other stories: only the sign-off and closing words are read. In between (the body) every line is read,
by the voice its labels and turns give it, except captions, cues, links and page furniture.

Every decision carries a `why` code and a confidence, so the page can show what the tool was unsure of.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from service.text import layout
from service.text.speakers import (
    ANSWER_LABEL,
    LOWER,
    NAME_WORD,
    NOT_NAMES,
    REPORTER_LABEL,
    UPPER,
    Person,
    parse_person,
    split_label,
    starts_with_person,
    titled,
)
from service.text.vietnamese import bare as unaccented


@dataclass
class Part:
    role: str
    text: str
    lines: list[int]
    speaker: str | None = None
    speaker_title: str | None = None
    why: str = "body"
    confidence: float = 0.9


@dataclass
class Skip:
    line: int
    reason: str
    text: str
    confidence: float = 0.9


@dataclass
class Segmentation:
    title: str | None
    parts: list[Part] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    repeat: int | None = None


SURE, LIKELY, GUESS = 0.95, 0.8, 0.6
ANONYMOUS = Person("", None)  # an answer whose author the document never names ("Trả lời:" of the editors)

STATION_LEAD = re.compile(
    r"^\W*(?:(?:đài\s+(?:truyền\s+thanh|phát\s+thanh|tt|tt-th|pt-th)|ban\s+biên\s+tập)(?=.*(?:\bxin\b|thông\s+báo|"
    r"kính\s+chào|(?:trích\s+)?đọc\b|[:!]\s*$))|sau\s+đây(?:\s+là)?|tiếp\s+theo|"
    r"kính\s+thưa|thưa|xin\s+kính\s+chào|kính\s+chào|mời\s+(?:bà\s+con|quý\s+vị|các\s+bạn)|vừa\s+rồi|"
    r"đài\s+\S+(?:\s+\S+){0,6}\s+xin\s+(?:thông\s+báo|kính\s+chào|nhắc\s+lại|đọc))",
    re.IGNORECASE,
)
INTERVIEWEE_IN_LEAD = re.compile(
    r"(?:phỏng\s+vấn|trao\s+đổi\s+với|trò\s+chuyện\s+với|cuộc\s+trao\s+đổi\s+với|gặp\s+gỡ|chúng\s+tôi\s+gặp|"
    r"trả\s+lời\s+phỏng\s+vấn\s+của)\s+(.{3,160}?)(?:\s+về\s+|\s+xung\s+quanh\s+|[.;:]|$)",
    re.IGNORECASE,
)
_ADDRESSED = (r"(?:ông|bà|anh|chị|đồng\s+chí|cô|thầy|bác|luật\s+sư|bác\s+sĩ|già\s+làng|già|cụ|trưởng\s+thôn|"
              r"trưởng\s+bản|chủ\s+tịch|bí\s+thư|đại\s+úy|thượng\s+úy|thiếu\s+tá|trung\s+tá|thượng\s+tá|đại\s+tá)")
# Words that put a question to someone ("Thưa ông, …", "Xin bà cho biết …"; "Thưa bà con" greets the listeners).
QUESTION_CUES = re.compile(
    rf"\b(?:thưa\s+{_ADDRESSED}(?!\s+con\b)|xin\s+{_ADDRESSED}\s+(?:cho\s+biết|chia\s+sẻ)|{_ADDRESSED}\s+"
    r"(?:có\s+thể\s+)?(?:cho\s+biết|chia\s+sẻ|đánh\s+giá|nói\s+rõ))\b",
    re.IGNORECASE,
)
LISTENER_ASKS = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?(?:(?:bạn\s+đọc|bạn\s+nghe\s+đài|thính\s+giả|tg|độc\s+giả|người\s+dân|cử\s+tri)\b"
    r"(?:[^:：]{0,90}?(?:hỏi|thắc\s+mắc|gọi\s+điện|nhắn\s+tin|gửi\s+câu\s+hỏi|kiến\s+nghị|phản\s+ánh)|"
    r"\s*\([^)]{0,80}\)|"
    r"\s+(?-i:[A-ZĐ])[^:：,.]{0,60})?\s*[:：]"
    r"|.{0,160}\b(?:gửi\s+thư\s+)?hỏi\s*[:：]\s*$)", re.IGNORECASE)
REPORTER_NAMED = re.compile(rf"^\s*(?:(?i:pv|p\.v\.?|phóng\s+viên|nhà\s+báo)\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}|"
                            rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}\s+(?:PV|(?i:phóng\s+viên)))\s*[:：]\s*")
# What a chat export keeps of a sticker, a photo, a voice message or a recalled message: nothing to read.
CHAT_STUB = re.compile(r"^\s*\[(?i:ghi\s+âm|tin\s+nhắn\s+thoại|voice)[^\]]{0,20}\]\s*$|"  # "[Ghi âm 0:42]"
                       r"^[^:：]{1,60}[:：]\s*\[(?i:sticker|hình\s+ảnh|ảnh|tin\s+nhắn\s+thoại[^\]]*|video|file[^\]]*|"
                       r"link|gif|cuộc\s+gọi[^\]]*|emoji)\]\s*$|\bđã\s+thu\s+hồi\s+(?:một\s+)?tin\s+nhắn\b")
# Lines a pasted message, mail or script carries around its text: call logs, bare times, attached files, contact
# fields, numbered parts, boxed markers, "3 giờ trước", transcript time stamps.
CALL_LOG = re.compile(r"^\W*\d{1,2}\s*(?:h|g|giờ|:)\s*\d{0,2}\s*[–—-]\s*(?i:ông|bà|anh|chị|cô|chú|bác|em)\s+[A-ZĐ]")
READ_DIRECTION = re.compile(r"\b(?i:đọc\s+(?:chậm|to|rõ|nguyên\s+văn|lại|\d+\s+lần|hai\s+lần|ba\s+lần)|"
                            r"nhắc\s+lại\s+(?:\d+|một|hai|ba)\s+lần|"
                            # "BT chiều T3 2/12 – gửi chị Tâm đọc luôn": who is to read what was sent
                            r"gửi\s+(?:anh|chị|em|cô|chú|a|c|e)\s+\w+\s+(?:đọc|phát))\b")
CLOCK_ALONE = re.compile(r"\s*\d{1,2}:\d{2}\s*")
IMAGE_FILE = re.compile(r"[\w\-.()]+\.(?i:jpe?g|png|gif|webp|heic|bmp|tiff?)")
CONTACT_FIELD = re.compile(r"[,;–—-]\s*(?i:đt|sđt|dđ|điện\s+thoại|tel|mobile|email|e-mail|fax|zalo)\s*$")
ATTACHED_FILE = re.compile(r"(?:\[(?i:tệp|file)\]\s*)?"  # "[Tệp] pv_chi_Xuan.m4a · 2,1 MB": a chat's attachment
                           r"[\w\-.()]+\.(?i:docx?|pdf|xlsx?|pptx?|odt|rtf|txt|mp3|wav|m4a|aac|ogg|mp4|zip|rar)"
                           r"(?:\s*[(\[·•]?\s*\d+(?:[.,]\d+)?\s*(?i:kb|mb|gb)\s*[)\]]?)?")
QUESTION_NUMBER = re.compile(r"\W*(?i:câu\s+hỏi|câu)\s+(?:số\s+)?\d{1,2}\s*\.?\s*")
LIST_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.)]\s+")
BOXED = re.compile(r"\s*([=*#~])\1{1,}\s*(.+?)\s*\1{2,}\s*")
RELATIVE_TIME = re.compile(r"^(.+?)\s*[•·|–-]\s*\d{1,2}\s*(?:giây|phút|giờ|ngày|tuần)\s+trước\s*$", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2})[.)]\s+\S")
# "[05:24] Bà X:", "[19:02, 21/11/2025] Thu Hoài PV: …" (a chat app's export): when it was said or sent
TIMECODE_OPENS = re.compile(r"^\s*[\[(](?:\d{1,2}:\d{2}(?::\d{2})?(?:,\s*\d{1,2}/\d{1,2}/\d{2,4})?|"
                            r"\d{1,2}\s*['’′]\s*\d{2}\s*(?:[\"”″]|['’′]{2}))[\])]\s+")
# "(00'44")  Hồi trước ra khơi …": a tape transcript's minutes and seconds in the margin; no agenda's hour looks so
TAPE_POSITION = re.compile(r"^\s*[\[(]\d{1,2}\s*['’′]\s*\d{2}")
# A mail client's line between the sender's note and what was forwarded (a chat's "Tin nhắn chuyển tiếp" is not:
# in a chat the forwarded bubble may come after the notice it refers to).
FORWARDED = re.compile(r"^\W*(?i:forwarded\s+message|original\s+message|thư\s+(?:đã\s+|được\s+)?chuyển\s+tiếp)"
                       r"\s*-{3,}\s*$")  # (repair has taken the dashes before it)
# "Lương Văn Đức (VP UBND xã)   06:52": who posted the next message of a pasted group chat, and when.
CHAT_HEADER = re.compile(rf"^\W*{NAME_WORD}(?:\s+{NAME_WORD}){{1,4}}(?:\s*\([^()]{{1,60}}\))?\s+\d{{1,2}}:\d{{2}}\s*$")
BYLINE_OPENERS = re.compile(
    r"^\W*(?:theo\s+(?-i:(?=[A-ZĐ])(?!Quy|Đó|Như|Kế|Đề|Thông|Báo\s+cáo|Ông|Bà|Anh|Chị))|nguồn(?:\s+tin)?\s*[:：]|"
    r"(?:bài|tin|ảnh|tin,?\s*bài|bài\s*(?:và|,|&)\s*ảnh|tin\s*(?:và|,|&)\s*ảnh|nội\s+dung|trình\s+bày|"
    r"thực\s+hiện|người\s+viết(?:\s+(?:kịch\s+bản|tin|bài))?|người\s+thực\s+hiện|tác\s+giả(?:\s+bài\s+viết)?|biên\s+tập|"
    r"phóng\s+viên|nhóm\s+pv|pv|ctv|btv|ptv|mc|phóng\s+sự\s+của|ghi\s+chép\s+của|kỹ\s+thuật)\s*[:：]|"
    r"nhóm\s+(?:pv|phóng\s+viên)\b)",
    re.IGNORECASE,
)
MEDIA_WORDS = re.compile(
    r"\b(?:đài|báo|tạp\s+chí|trung\s+tâm|ttxvn|vov|vtv|cổng\s+thông\s+tin|cổng\s+ttđt|trang\s+thông\s+tin|"
    r"ban\s+tuyên\s+giáo|phòng\s+văn\s+hóa|truyền\s+thanh|truyền\s+hình|phát\s+thanh|cộng\s+tác\s+viên|ctv|"
    r"thông\s+tấn|pv|phóng\s+viên|nhóm\s+pv|đài\s+tt|tt\s*vh|vh-tt|vh\s*-\s*tt|ttvh|thực\s+hiện)\b",
    re.IGNORECASE,
)
NARRATION_OPENERS = re.compile(
    r"^\W*(?:được\s+biết|cuộc\s+trao\s+đổi|chia\s+tay|rời\s+|trở\s+lại|có\s+thể\s+thấy|thưa\s+quý\s+vị|"
    r"kính\s+thưa|thưa\s+bà\s+con|tại\s+buổi|sau\s+buổi|theo\s+ghi\s+nhận|ghi\s+nhận\s+của|"
    r"chúng\s+tôi\s+(?:gặp|đến|tìm|rời)|quý\s+thính\s+giả|quý\s+vị\s+(?:và\s+các\s+bạn|thính\s+giả)|"
    r"mọi\s+thắc\s+mắc|mời\s+quý|trên\s+đây\s+là|"
    r"(?:bà\s+con|quý\s+vị|thính\s+giả|bạn\s+đọc|người\s+dân)\s+(?:nào\s+)?(?:có|còn)\s+(?:thắc\s+mắc|câu\s+hỏi|ý\s+kiến))",
    re.IGNORECASE,
)
MENTION = re.compile(rf"\b(?i:anh|chị|ông|bà|già\s+làng|cụ|bác|em)\s+{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}")
REPORTERS_PRESENT = re.compile(r"\b(?:chúng\s+tôi\s+(?:gặp|đến|có\s+mặt|ghé)|phóng\s+viên\s+(?:đã|có)|"
                               r"(?:nói|chia\s+sẻ|trao\s+đổi)\s+với\s+phóng\s+viên)|^\W*theo\s+(?i:ông|bà|anh|chị|"
                               r"đồng\s+chí)\s+[A-ZĐ]", re.IGNORECASE)
TAPE_ALONE = re.compile(r"^\W*(?:băng|insert|phát\s+băng|băng\s+phỏng\s+vấn|trích\s+băng)\W*$", re.IGNORECASE)
HOST_KEY = re.compile(rf"^\s*(?i:phóng\s+viên|biên\s+tập\s+viên|người\s+dẫn(?:\s+chương\s+trình)?)\s+{NAME_WORD}"
                      rf"(?:\s+{NAME_WORD}){{1,3}}\s*(?:\([^()]{{2,40}}\))?\s*$")
# "KM1:", "KM 2:", "Khách mời 1:", "K1:": a guest named once in the script's head, then by the code.
ALIAS_DEF = re.compile(r"^\W*((?i:km|khách\s+mời)\s*\d?|(?i:k|khách)\s*\d)\s*[:：]\s*(?i:khách\s+mời\s*[–—-]\s*)?(.+)$")
# "Khách mời: Bà Lý Thị Mùi – Giám đốc HTX Miến Đông (KM)": the key after the guest it stands for
GUEST_KEYED = re.compile(r"^\W*khách\s+mời\s*[:：]\s*(.+?)\s*\(\s*((?i:km|k)\s*\d?)\s*\)\W*$", re.IGNORECASE)
# "Dẫn chương trình: Minh Thư | Khách mời (KM): bà Hồ Thị Kim Oanh, Phó Giám đốc …": the key before the name
GUEST_KEY_FIRST = re.compile(r"\bkhách\s+mời\s*\(\s*((?i:km|k)\s*\d?)\s*\)\s*[:：]\s*([^|;]+)", re.IGNORECASE)
ALIAS_LABEL = re.compile(r"^\W*((?i:km|khách\s+mời)\s*\d?|(?i:k|khách)\s*\d|(?i:bs|bác\s+sĩ|ls|luật\s+sư|ks|kỹ\s+sư|"
                         r"bsty|ds|dược\s+sĩ))\.?\s*(?:\([^()]{1,60}\))?\s*[:：]\s*")
# The title alone labels the one expert the document introduces with it: "BS:" for "bác sĩ Võ Thị Kim Loan".
TITLES = {"bs": r"bác\s+sĩ|bs", "ls": r"luật\s+sư|ls", "ks": r"kỹ\s+sư|ks", "bsty": r"bác\s+sĩ\s+thú\s+y|bsty",
          "ds": r"dược\s+sĩ|ds"}
INSERT_CUE = re.compile(r"^\W*(?:in|out|vào|ra)\s*[:：]\s*[“\"«].{0,120}$", re.IGNORECASE)
BARE_LABEL = re.compile(r"(?i:hỏi|đáp|trả\s+lời|câu\s+hỏi|phóng\s+viên|pv|h|đ)")
# "Nhân vật: Ông Thìn (65 tuổi); Bà Lựu; Mến (cán bộ …)": a play's cast, whose names label its lines.
CAST = re.compile(r"^\W*nhân\s+vật\s*[:：]\s*(.+)$", re.IGNORECASE)
# "Tin 2: …", "TIN VẮN", "2. CẢNH GIÁC TRỘM CẮP …": the next item of a bulletin, read by the announcer.
ITEM_HEADING = re.compile(r"^\W*(?:(?i:tin)\s+(?:\d{1,2}|vắn|ngắn)\b\s*[:.–-]?|\d{1,2}\.\s+(?=[^a-zđ\d]+$))")
# "Đài Truyền thanh xã Tân Quang xin kính chào bà con!": only the station speaks so.
STATION_SPEAKS = re.compile(r"\bxin\s+kính\s+chào\b|\bđài\s+(?:truyền|phát)\s+thanh\b[^.!?]{0,60}\bxin\s+chào\b|"
                            r"^\W*\w+\s*[:：]\s*(?:đây\s+là\s+)?đài\s+(?:truyền|phát)\s+thanh", re.IGNORECASE)
# "Chương trình … đến đây là hết", "Xin chào và hẹn gặp lại": the announcer closes the programme.
BARE_ITEM = re.compile(r"\W*(?i:tin)\s+(?:\d{1,2}|số\s+\d{1,2})\W*")
CLOSING = re.compile(r"\bđến\s+đây\s+(?:là\s+)?(?:hết|kết\s+thúc|tạm\s+dừng|xin\s+(?:tạm\s+)?dừng)|"
                     r"\bxin\s+tạm\s+dừng\b|\bhẹn\s+gặp\s+lại\b", re.IGNORECASE)
# "Theo UBND xã …, toàn xã có …": figures an office gave, told by the narrator.
SOURCE_OPENER = re.compile(r"^\W*theo\s+(?:UBND|ủy\s+ban|uỷ\s+ban|phòng|sở|trạm|trung\s+tâm|ban|hội|ngành|chi\s+cục|"
                           r"công\s+an|bộ\s+chỉ\s+huy|đồn|hạt|ban\s+chỉ\s+huy|bệnh\s+viện|"
                           r"số\s+liệu|thống\s+kê|báo\s+cáo|kết\s+quả|đánh\s+giá\s+của)\b", re.IGNORECASE)
# Someone else named in full with an honorific, in a paragraph that says neither "tôi" nor "chúng tôi": the
# narrator turning to the next person ("Cách ruộng chú Út không xa, anh Lê Văn Chín cũng vừa …").
ANOTHER_PERSON = re.compile(r"\b(?i:ông|bà|anh|chị|cô|chú|bác|cụ|già\s+làng|em|"
                            r"(?:đại|thượng|trung|thiếu)\s+(?:tá|úy|uý))\s+[A-ZĐ][^\W\d_]*"
                            r"(?:\s+[A-ZĐ][^\W\d_’']*){1,3},?\s+(?:cho\s+biết|chia\s+sẻ|kể|nói|tâm\s+sự|cũng|vừa|đang|"
                            r"bắt\s+đầu|nhớ\s+lại|là\s+người|năm\s+nay)\b")
# "Ông Sơn Thanh Vũ, Phó Chủ tịch UBND xã, cho biết: “…”": a paragraph that opens by naming who speaks is the
# narration quoting someone, whatever the quote says in the first person.
OPENS_ON_PERSON = re.compile(r"^\W*(?:(?i:còn)\s+)?(?i:ông|bà|anh|chị|cô|chú|bác|cụ|già\s+làng|em|cử\s+tri|"
                             r"(?:đại|thượng|trung|thiếu)\s+(?:tá|úy|uý))\s+[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_’']*){1,3}"
                             r"(?=\s*[,(]|\s+(?:ở|tại|thì|là|đã|cũng|vẫn|lại|phản\s+ánh|đề\s+nghị|kiến\s+nghị)\b)")
# A short clause or "Còn" may come first ("Về nội dung này, ông X …", "Còn bà Y … nói ngắn gọn:").
QUOTED_BY_NAME = re.compile(r"^\W*(?:(?i:còn)\s+|[^,.:;“\"?!]{3,40},\s*)?"
                            r"(?i:ông|bà|anh|chị|cô|chú|bác|cụ|già\s+làng|đồng\s+chí|thầy|cô\s+giáo)\s+"
                            r"[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_’']*){1,3}(?:\s*[,–-][^:“\"]{0,120}?)?\s+"
                            r"(?:cho\s+biết|chia\s+sẻ|nói|kể|cho\s+hay|bày\s+tỏ|tâm\s+sự|khẳng\s+định|nhấn\s+mạnh)"
                            r"(?:\s+[^\W\d_]+){0,3}\s*[:：]")
FIRST_PERSON = re.compile(r"\b(?:tôi|chúng\s+tôi|mình|chúng\s+em|bọn\s+tôi|bọn\s+em|chúng\s+ta|tui|tụi\s+tui|"
                          r"chúng\s+tui|(?<!bà\s)con|cháu|em)\b", re.IGNORECASE)
TAPE = re.compile(r"^\W*(?:băng(?:\s+phỏng\s+vấn)?(?:\s*\d+)?|insert(?:\s*\d+)?|sot(?:\s*\d+)?|"
                  r"trích\s+(?:băng|lời|phỏng\s+vấn)|"
                  r"phát\s+băng|phỏng\s+vấn(?=\s*[:：])|ghi\s+âm(?=\s+(?i:ông|bà|anh|chị|cô|chú|bác|đồng\s+chí)\s)|"
                  # "Tiếng anh Vũ Văn Khải, thôn Trại:": the voice on tape, named before its words
                  r"tiếng(?=\s+(?i:ông|bà|anh|chị|cô|chú|bác|đồng\s+chí)\s[^:：“\"]{2,80}[:：]))"
                  r"\s*(?:[:：]|[-–—](?=\s))?\s*"
                  r"(?P<who>.+?)\s*[:：]?\s*$",
                  re.IGNORECASE)
TAPE_QUOTE = re.compile(r"[:：]\s*([“\"].{8,})$")
REPORTER_DASH = re.compile(r"^\s*(?:pv|p\.v\.?|phóng\s+viên)\s*[-–—]\s+", re.IGNORECASE)
OFFICE_LABEL = re.compile(r"^(?i:chủ\s+tịch|phó\s+chủ\s+tịch|bí\s+thư|phó\s+bí\s+thư|trưởng\s+(?:ấp|thôn|bản|khu\s+phố|"
                          r"công\s+an|phòng|ban|trạm)|giám\s+đốc|phó\s+giám\s+đốc|hiệu\s+trưởng|chỉ\s+huy\s+trưởng|"
                          r"trạm\s+trưởng|chủ\s+nhiệm)\b")
_HONORIFIC_START = (r"ông|bà|anh|chị|cô|chú|bác|cụ|em|đồng\s+chí|đ/c|già|bác\s+sĩ|luật\s+sư|thầy|bs\.?|ls\.?|ts\.?|"
                    r"ths\.?|tiến\s+sĩ|thạc\s+sĩ|kỹ\s+sư|dược\s+sĩ|y\s+sĩ|nghệ\s+nhân|(?:đại|thượng|trung|thiếu)\s+(?:tá|úy)")
# "(Chị Lò Thị Xuân, bản Nà Tấu hỏi)", "➡️ Ông Lê Văn Dũng (xóm Đồng Tâm) hỏi: …": who asks the next question.
ASKER = re.compile(rf"^\W*(?:\(\s*)?(?i:{_HONORIFIC_START}|bạn|hộ)\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}}"
                   r"(?:\s*[,(][^():]{0,80}\)?)?\s+(?:hỏi|thắc\s+mắc|kiến\s+nghị|phản\s+ánh)\s*(?:\)\s*$|[:：]\s*)")
# "BS.CKII", "ThS.BS", "PGS.TS", "LS.": degrees written before a name, read as the title they stand for.
DEGREES = re.compile(r"^(?P<d>(?:(?:PGS|GS|TS|ThS|BSCK|BS|CK|DS|KS|LS)(?:\s*I{1,2}\b|\s*[12]\b)?[.\s]*)+)"
                     r"(?=[A-ZĐ][a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ])")
# A doctor's specialist grade between the title and the name: "Bác sĩ CKII Lê Văn A", "BS. chuyên khoa I B".
SPECIALTY = re.compile(r"(?<=\w)\.?\s+(?:CK\s*(?:I{1,2}|[12])|(?i:chuyên\s+khoa)\s+(?:I{1,2}|[12]))\.?\s+(?=[A-ZĐ])")
GUEST_CELL = re.compile(r"\s*(?i:km|khách\s+mời|khách)\s*\d\s*")
GUEST_MARK = re.compile(r"^\s*(?:km|khách\s+mời|khách)\s*[:：]\s*", re.IGNORECASE)
GIVEN_NAME = re.compile(r"^(?i:ông|bà|anh|chị|cô|chú|bác|đồng\s+chí|đ/c|bs|bác\s+sĩ|thầy|em|cụ)\.?\s+(\S+)$")
# A person named without an office: the sign-off at the end of a story.
NAME_ONLY = re.compile(rf"^\(?\s*{NAME_WORD}(?:\s+{NAME_WORD}){{1,4}}\s*\)?\.?$")
BARE_DATE = re.compile(r"\W*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}"
                       r"(?:\s*[/.-]\s*\d{2,4})?\W*", re.IGNORECASE)
PARENTHETICAL_NOTE = re.compile(r"^\s*\((?=[^)]*\b(?:phiên\s+dịch|lược\s+dịch|biên\s+dịch|tít\s+bài|đầu\s+đề|"
                                r"tòa\s+soạn|toà\s+soạn|btv|bbt|chú\s+thích|đã\s+được\s+biên\s+tập|"
                                # how a listener's letter came in: "(Thư tay – ông X, gửi ngày 18/11/2026)"
                                r"thư\s+tay|đường\s+dây\s+nóng|gửi\s+ngày|do\s+đài\s+ghi|"
                                r"dct|ndct|đường\s+truyền|file\s+ghi\s+âm|gửi\s+kèm|đính\s+kèm"
                                r"))[^)]{5,300}\)\s*$",  # "(Đường truyền bị nhiễu, DCT …)"
                                re.IGNORECASE)
ANSWER_INTRO = re.compile(r"(?:trả\s+lời|đáp|giải\s+đáp)(?:\s+như\s+sau)?\s*[:：]\s*$", re.IGNORECASE)
# An office that signs advice: "Phòng Kỹ thuật …", "Hội Nông dân …"; not the verb or the event that starts a
# headline in capitals ("PHÒNG BỆNH CÚM MÙA …", "HỘI NGHỊ TỔNG KẾT …", "BAN HÀNH …").
ORGANISATION = re.compile(r"^\W*(?:phòng(?!\s*,|\s+(?:bệnh|chống|tránh|ngừa|cháy|dịch|trừ|hộ|thủ|vệ)\b)|trung\s+tâm|"
                          r"ban(?!\s+(?:hành|đêm|ngày|sáng|trưa|chiều|đầu)\b)|"
                          r"hội(?!\s+(?:nghị|thi|diễn|chợ|thao|trại|khỏe|khoẻ|làng|xuân|đua|ngộ|tụ|nhập|viên|họp)\b)|"
                          r"sở|chi\s+cục|trạm|đài|công\s+an|ủy\s+ban|uỷ\s+ban)\s+(?-i:[A-ZĐ])", re.IGNORECASE)
CONTACT = re.compile(r"^\W*(?:địa\s+chỉ|điện\s+thoại|đt|hotline|zalo|email|e-mail|số\s+điện\s+thoại|fax|website|"
                     r"(?:trung\s+tâm|phòng|ủy\s+ban|uỷ\s+ban|trạm|ban|hội|công\s+an|bộ\s+phận)\b)", re.IGNORECASE)
BROADCAST_NOTE = re.compile(r"^\s*\(\s*(?:thông\s+báo|bản\s+tin|tin|bài)\s+(?:này\s+)?(?:được\s+)?phát\b.*\)\s*$",
                            re.IGNORECASE)
ANNEX = re.compile(r"^\s*\(\s*(?:kèm\s+theo|ban\s+hành\s+kèm\s+theo)\s+"
                   r"(?:thông\s+báo|kế\s+hoạch|quyết\s+định|công\s+văn|"
                   r"văn\s+bản)\b.{0,120}\)?\s*$", re.IGNORECASE)
LEGAL_SOURCE = re.compile(
    r"^\W*căn\s+cứ\s+(?:vào\s+)?(?:các\s+)?(?:luật|bộ\s+luật|nghị\s+định|nghị\s+quyết|quyết\s+định|thông\s+tư|chỉ\s+thị|"
    r"kế\s+hoạch|công\s+văn|văn\s+bản|hướng\s+dẫn|điều\s+lệ|quy\s+chế|chức\s+năng|pháp\s+lệnh|hiến\s+pháp|"
    r"thông\s+báo\s+(?:số|kết\s+luận)|biên\s+bản)\b", re.IGNORECASE)
CITES_DOCUMENT = re.compile(
    r"\b(?:luật|nghị\s+định|quyết\s+định|kế\s+hoạch|thông\s+tư|công\s+văn|chỉ\s+thị|nghị\s+quyết|hướng\s+dẫn|"
    r"văn\s+bản|thông\s+báo|điều\s+lệ|quy\s+chế)\s+(?:số\b|\d)", re.IGNORECASE)
LIST_MARK = re.compile(r"^\s*(?:[-+*•·–]|\d{1,2}\s*[.)/]|[a-zđ]\s*[).])\s*")
APPENDIX = re.compile(r"^\W*(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:\d+|[IVX]+|số\s+\d+))?\W*$")
# "(Anh Phan Văn Hòe, xóm 5, xã Diễn Thịnh)", "(Chị Lò Thị Xuân, bản Nà Tấu hỏi)": a reader signs a question.
_SIGNER = rf"(?i:anh|chị|ông|bà|em|cô|chú|bác|bạn(?:\s+đọc)?)\s+{NAME_WORD}"
SIGNED_QUESTION = re.compile(rf"^\s*\(\s*{_SIGNER}"
                             rf"(?:\s+{NAME_WORD}){{0,4}}"
                   r"\s*(?:[,–-][^()]{0,80})?\)\s*\.?\s*$")
# "… làm sổ đỏ có được không? (Ông Phạm Văn Lộc, thôn An Điềm)": the question and its signature on one line (a
# sentence about the asker may come between: "… nộp bao nhiêu? Nhà tôi là hộ cận nghèo. (Bà X, thôn Y)")
QUESTION_SIGNED = re.compile(rf"\?[^?()]{{0,200}}\(\s*{_SIGNER}[^()]{{2,80}}\)\s*\.?\s*$")
# "Chị Hồ Thị Mai (thôn Bàu Sen, xã Tân Hòa)" under a question, over "Trả lời:": the reader signs the question
SIGNED_UNDER = re.compile(rf"^\s*(?i:anh|chị|ông|bà|em|cô|chú|bác|bạn(?:\s+đọc)?)\s+{NAME_WORD}"
                          rf"(?:\s+{NAME_WORD}){{1,4}}\s*\([^()]{{2,80}}\)\s*\.?\s*$")
# "Vừa rồi là ý kiến của bà X", "Đó là chia sẻ của ông Y, …": the narration names the tape's voice afterwards.
TAPE_NAMED_AFTER = re.compile(
    r"^\W*(?:vừa\s+rồi|đó|trên\s+đây|các\s+bạn\s+vừa\s+nghe)\s+(?:là\s+)?(?:ý\s+kiến|chia\s+sẻ|lời|phát\s+biểu|"
    rf"tâm\s+sự|trao\s+đổi|ý\s+kiến\s+chia\s+sẻ)\s+của\s+((?i:{_HONORIFIC_START})\s+{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})",
    re.IGNORECASE)
BRACKET_NAME = re.compile(rf"\s*\[\s*{NAME_WORD}(?:\s+{NAME_WORD})?\s*\]\s*")
READER_MARK = re.compile(rf"^\s*[(\[]\s*{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}\s+đọc\s*[)\]]\s*$|"
                         # "Lời dẫn (PTV đọc):", "Phần cuối (BTV đọc):": which part it is and who reads it
                         r"^\s*(?i:lời\s+dẫn|lời\s+kết|lời\s+mở\s+đầu|phần\s+\w+)\s*\((?i:ptv|btv|mc)[^()]{0,20}"
                         r"\bđọc\)\s*[:：]\s*$")
TTS_SETTINGS = re.compile(r"^\W*(?i:giọng(?:\s+đọc)?(?:\s+ai)?)\s*[:：]\s*(?i:nam|nữ)\s+(?i:miền\s+\w+)|"
                          r"\b(?i:tốc\s+độ(?:\s+đọc)?)\s*[:：]?\s*\d+(?:[.,]\d+)?\s*x\b")
# A pronunciation list for the synthetic voice: "VNeID  →  vê en e ai đi", "0274 3 560 117 → không hai bảy bốn, …"
SAY_AS = re.compile(rf"\s*[^\s→].{{0,40}}?\s+(?:→|=>|->|⟶)\s+[{LOWER} ,;.–-]{{2,120}}")
SAY_AS_HEADING = re.compile(r"^\W*(?i:từ\s+điển\s+phát\s+âm|hướng\s+dẫn\s+phát\s+âm|cách\s+đọc\s+(?:các\s+)?từ)\b")
# A bracketed line that gives the announcer or the technician a part: said to the staff
STAFF_PART = re.compile(r"\s*[(\[][^()\[\]]*\b(?i:ptv|btv|ktv|phát\s+thanh\s+viên|kỹ\s+thuật\s+viên)\b[^()\[\]]*"
                        r"\b(?i:đọc|phát|đảm\s+nhận|thu\s+âm|chuyển\s+ngữ|dịch)\b[^()\[\]]*[)\]]\s*")
# "✂ CẮT 01'58" → 02'31" (…)": where the editor cuts the recording
EDIT_CUT = re.compile(r"^\W*(?i:cắt|bỏ|giữ)\s+(?:từ\s+)?\d{1,2}\s*['’′:]\s*\d{2}")
# "… PTV không đọc", "—— TÓM TẮT ĐĂNG FANPAGE (không phát) ——": said to the staff, not to the listeners
NOT_FOR_AIR = re.compile(r"\b(?i:ptv|btv|phát\s+thanh\s+viên|người\s+đọc|mc)\s+(?i:không|ko)\s+(?i:đọc|phát)\b|"
                         r"\b(?i:không|ko)\s+(?i:phát|đọc)\s+(?i:file|đoạn|phần|bản\s+ghi)\s+(?i:này|dưới|trên)\b|"
                         r"\(\s*(?i:không|ko)\s+(?i:phát|đọc)(?:\s+sóng)?\s*\)")
SECTION_NUMBERED = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.)]|PHẦN\s+(?:\d+|[IVX]+)\s*[:.–—-])\s*\S|"
                              r"^\s*(?:PHẦN|ĐOẠN|MỤC|KỲ|THƯ\s+SỐ)\s+(?:\d+|[IVX]+|KẾT|MỞ\s+ĐẦU|CUỐI)\s*[:.]?\s*"
                              r"(?:\([^()]{0,30}\))?\s*$")  # "ĐOẠN 2", "PHẦN KẾT (khoảng 4 phút)": a script's part
# "Phần 1: Phóng sự", "Mở đầu", "Kết": a script's parts as staff type them, in ordinary case
SCRIPT_PART = re.compile(r"^\s*(?i:phần|đoạn|mục|cảnh|màn)\s+(?:\d+|[IVX]+)\s*[:.–—-]\s*"
                         r"[^\s.!?]+(?:\s+[^\s.!?]+){0,6}\s*$|"
                         r"^\s*(?i:(?:phần\s+)?mở\s+đầu|(?:phần\s+)?kết|lời\s+kết|phần\s+cuối)\s*[:.]?\s*$")
SOUND_HEADER = re.compile(r"^\W*(?:hình\s+ảnh|âm\s+thanh|kỹ\s+thuật|nhạc)\b", re.IGNORECASE)
WORDS_HEADER = re.compile(r"\W*(?:lời|lời\s+đọc|lời\s+bình|lời\s+dẫn|nội\s+dung)\W*", re.IGNORECASE)
TECHNICIAN_CELL = re.compile(r"\W*(?:kỹ\s+thuật(?:\s+viên)?|ktv|kt|âm\s+thanh)\W*", re.IGNORECASE)
# A table script's length cell: "5'", "3'30"", "30"", "2 phút", or empty.
RUNNING_CELL = re.compile(r"\s*(?:\d{1,3}\s*(?:['’′]|phút|p)\s*(?:\d{1,2}\s*(?:[\"”″]|giây|s))?|"
                          r"\d{1,3}\s*(?:[\"”″]|giây|s))?\s*", re.IGNORECASE)
ADVICE = re.compile(r"\b(?:hãy|đừng|chớ)\b|\b(?:bà\s+con|quý\s+vị|các\s+bạn)\s+(?:cứ|nên|cần|nhớ)\b", re.IGNORECASE)
# "Lang Thị Hoa – Đài truyền thanh xã Yên Khê", "Quang Huy, Đài TT xã …": a reporter signs a report inside a
# programme.
SIGN_OFF = re.compile(rf"^\s*{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}\s*[–—,-]\s*"
                      r"(?i:đài\s+(?:truyền\s+thanh|tt|phát\s+thanh)|trung\s+tâm\s+(?:văn\s+hóa|vh|truyền\s+thông|tt)|báo\s+\w)[^.!?]*$")
KEY_EVENT = re.compile(r"^\s*\d{1,2}:\d{2}\s*[·•]\s*\S")


def _key_events(doc: _Doc, i: int) -> bool:
    """Line i stands in a run of three or more time-stamped headlines: a live blog's "Diễn biến chính" box."""
    start = end = i
    while start > 0 and KEY_EVENT.match(doc.lines[start - 1]):
        start -= 1
    while end + 1 < len(doc.lines) and KEY_EVENT.match(doc.lines[end + 1]):
        end += 1
    return end - start >= 2


# A sponsor's box inside an article: its heading, then the product's lines down to where to buy it.
AD_HEADING = re.compile(r"^\W*(?i:nội\s+dung\s+tài\s+trợ|tài\s+trợ|quảng\s+cáo|sponsored|bài\s+pr|"
                        r"thông\s+tin\s+quảng\s+cáo)\W*$")
AD_END = re.compile(r"(?i)\b(?:đặt\s+mua|mua\s+ngay|đặt\s+hàng|xem\s+sản\s+phẩm|hotline|miễn\s+phí\s+vận\s+chuyển)\b")


STAFF_BLOCK = re.compile(r"^\W*(?i:phần\s+)?(?i:dành\s+cho|ghi\s+chú\s+cho|lưu\s+ý\s+cho|việc\s+của)\s+"
                         r"(?i:kỹ\s+thuật|ktv|kỹ\s+thuật\s+viên|ptv|btv|phát\s+thanh\s+viên|người\s+đọc)\b")


def _staff_block(doc: _Doc) -> None:
    """"PHẦN DÀNH CHO KỸ THUẬT (PTV không đọc)" over "- Mở máy lúc 5h35 …": the list under a heading for the staff
    is theirs too."""
    for i, line in enumerate(doc.lines):
        heading = STAFF_BLOCK.match(line) or _skipped_as(doc, i, "editor_note") and NOT_FOR_AIR.search(line)
        if not heading or layout.words(line) > 14 or layout.ends_sentence(line):
            continue
        for j in range(i + 1, len(doc.lines)):
            listed = doc.bulleted[j] if j < len(doc.bulleted) else False
            if not (doc.free(j) and (listed or LIST_MARK.match(doc.lines[j])) and layout.words(doc.lines[j]) <= 60):
                break
            doc.skip(j, "instruction", LIKELY)
        if doc.free(i):
            doc.skip(i, "editor_note", LIKELY)


def _sponsored(doc: _Doc) -> None:
    """"NỘI DUNG TÀI TRỢ", a product and its price, "Đặt mua ngay ›": a sponsor's box, not the article."""
    for i, line in enumerate(doc.lines):
        if not AD_HEADING.match(line):
            continue
        end = max((j for j in range(i + 1, min(i + 8, len(doc.lines))) if AD_END.search(doc.lines[j])), default=None)
        for j in range(i, (end if end is not None else i) + 1):
            if doc.free(j) or j == i:
                doc.decided.pop(j, None)
                doc.skip(j, "chrome", LIKELY)
                doc.boxes.add(j)


# A subtitle file's (.srt, .vtt) timing line, and a WebVTT file's own header.
SUBTITLE_TIMING = re.compile(r"^\s*(?:(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}\s*-->\s*(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}"
                             r"(?:\s+\S+:\S+)*\s*$|WEBVTT\b)")
# "Phóng sự của Hồ Thị Nga, Đài truyền thanh huyện Ea Sô.", "Lâm Quốc Bảo, phóng viên Báo … Cần Thơ.": who made
# the report, said at its end; it reads as a sentence but signs the piece.
REPORT_BY = re.compile(rf"^\W*(?:(?i:phóng\s+sự|bài|tin|ghi\s+chép|bài\s+viết|tọa\s+đàm|toạ\s+đàm)\s+của\s+)?"
                       rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}(?:\s*[–—-]\s*{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})?"
                       r"\s*,\s*(?i:phóng\s+viên|biên\s+tập\s+viên|cộng\s+tác\s+viên|pv|ctv|btv|đài|trung\s+tâm|báo)\b"
                       r"[^!?:;“”\"]*$")
# "Công an xã Yên Lạc Đông", "Đội Quản lý điện khu vực Phú Thạnh" alone under a notice read in a programme: who
# sent it, signing it before the music or the next item.
OFFICE_SIGNS = re.compile(rf"^\W*(?i:công\s+an|trạm|đội|ban\s+biên\s+tập|bbt|ủy\s+ban\s+nhân\s+dân|ubnd|hội|"
                          rf"ban\s+chỉ\s+huy|điện\s+lực|trung\s+tâm|bệnh\s+viện|phòng|chi\s+cục|đoàn\s+thanh\s+niên)"
                          rf"(?:\s+\S+){{0,8}}\s+(?:{NAME_WORD})\W*$")
# "(Phát bài hát)", "Lời bài hát:", "[Phát ca khúc …]": the song plays now and what follows is its words.
SONG_PLAYED = re.compile(r"lời\s+(?:bài\s+)?hát|phát\s+(?:bài\s+hát|ca\s+khúc)|^\W*(?:bài\s+hát|ca\s+khúc)\b",
                         re.IGNORECASE)
# "(Lời bài hát chép lại để PTV theo dõi, không đọc)": a note about the words above, not a song starting.
SONG_NOTE = re.compile(r"chép\s+lại|theo\s+dõi|không\s+đọc", re.IGNORECASE)
CHORUS = re.compile(r"^\W*(?:ĐK|Đk|đk|điệp\s+khúc)\s*[:：]", re.IGNORECASE)
# "(0’45’’)", "(45 giây)": how long a tape runs, written on its cue.
DURATION = re.compile(r"\s*\(\s*\d+\s*(?:[’'′]\s*\d*\s*(?:[’'′]{2}|[”″])?|giây|phút|s)\s*\)")
# "Lưu: VT, VP." / "Lưu VP": the copy kept on file, the recipients list's last item.
RECORDS = re.compile(r"^\W*(?i:lưu)\s*(?:[:：]|(?:VT|VP|HS|TH)\b|(?i:văn\s+thư|hồ\s+sơ))")
LIST_ITEM = re.compile(r"^\s*(?:[-+*•·▪►●○◦–]|\d{1,2}\s*[.)/]|[a-zđ]\s*[).]|[IVX]{1,4}\s*[.)])\s*\S")
# Agency and site tags that open a lead ("NDO -", "(Baonamdinh.vn) -", "Hà Nội (TTXVN) -") and closing marks.
_DOMAIN = r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)"


@dataclass
class _Doc:
    lines: list[str]
    cells: list[list[str]]
    decided: dict[int, Part | Skip] = field(default_factory=dict)
    repeated: dict[str, int] = field(default_factory=dict)
    bulleted: list[bool] = field(default_factory=list)  # the line opened with a bullet before repair
    notice: bool = False
    listed: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)  # names in capitals alone on their line, over their lines
    play: bool = False  # characters' names stand alone over what they say: a short play set as a script
    script: bool = False  # a station's script: voice marks or cues on two lines or more
    name_marks: set[str] = field(default_factory=set)  # given names marking a script's voices ("Hà:", "Tuấn:")
    senders: set[str] = field(default_factory=set)  # the names a chat export puts after its time stamps
    named_in_full: list[Person] | None = None  # people the text names with an honorific and a full name
    bracket_names: int = 0  # lines that are a name in brackets alone ("[Nga]"): two or more mark the readers
    said_as: int = 0  # lines of a pronunciation list ("KP  →  khu phố"): two or more make one
    boxes: set[int] = field(default_factory=set)  # lines of a box inside the article that is not it (a sponsor's)
    stamped: set[int] = field(default_factory=set)  # words a transcript's time stamp opened ("(00'44")  Hồi trước …")

    def __post_init__(self) -> None:
        for line in self.lines:
            key = _fold(line)
            self.repeated[key] = self.repeated.get(key, 0) + 1
        self.bracket_names = sum(1 for line in self.lines if BRACKET_NAME.fullmatch(line))
        self.said_as = sum(1 for line in self.lines if SAY_AS.fullmatch(line))
        # Lines a bulleted list names: a story's headline repeated from the programme's contents is not a
        # running header; nor one the contents give as a sentence ("Ý kiến bà con về con đường mới.").
        self.listed = {_fold(line) for line, bullet in zip(self.lines, self.bulleted, strict=False) if bullet} | {
            _fold(line) for line in self.lines if layout.words(line) <= 20 and layout.ends_sentence(line)}
        # A play set as a script: "BÀ TƯ" alone, then what she says. Three such lines or more make it one.
        alone = [line.strip() for line, after in zip(self.lines, self.lines[1:], strict=False)
                 if _character_alone(line) and not layout.is_upper(after) and layout.words(after) >= 2]
        text = " ".join(self.lines)
        # Three such lines make a play (its characters speak more than once); a name in capitals that the story
        # also writes as a name in running text ("Anh Lò Văn Hùng năm nay …", then "LÒ VĂN HÙNG" over each answer)
        # labels an interview's answers.
        named = {_fold(a) for a in alone if len(a.split()) >= 2 and layout.is_upper(a) and a.title() in text}
        folded = [_fold(a) for a in alone]  # a character speaks more than once; a bulletin's headings do not repeat
        repeated = {a for a in folded if folded.count(a) >= 2}
        people = {a for a in folded if re.match(rf"^(?:{_HONORIFIC_START})\s", a) or len(a.split()) == 1}
        self.play = len(alone) >= 3 and bool(repeated)
        self.characters = repeated | people if self.play else named

    def free(self, i: int) -> bool:
        return i not in self.decided

    def skip(self, i: int, reason: str, confidence: float) -> None:
        self.decided[i] = Skip(i, reason, self.lines[i], confidence)

    def read(self, i: int, role: str, why: str, confidence: float, text: str | None = None,
             person: Person | None = None) -> None:
        if role == "byline" and person is None:
            person = _byline_person(self.lines[i])
        self.decided[i] = Part(role, self.lines[i] if text is None else text, [i],
                               speaker=person.name or None if person else None,
                               speaker_title=person.title if person else None,
                               why=why, confidence=confidence)


def _character_alone(line: str) -> bool:
    """"BÀ TƯ", "Thầy Tuấn", "Út Nhỏ:", "KẺ GIẢ DANH (qua điện thoại)": a name alone on its line."""
    text = re.sub(r"\s*\([^()]{1,40}\)\s*$|\s*[:：]\s*$", "", line.strip())
    named = layout.is_upper(text) or bool(re.fullmatch(rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}", text)) or bool(
        re.fullmatch(rf"(?i:{_HONORIFIC_START})\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}", text))
    if not text.strip() or BARE_LABEL.fullmatch(text) or REPORTER_LABEL.match(text + ":") or ANSWER_LABEL.match(
            text + ":") or (not layout.is_upper(text) and text.split()[0].lower() in NOT_NAMES) or (
            layout.is_upper(text) and _function_label(text)):
        return False  # "Hỏi", "NDCT", "Xóm Nà Mạ", "ĐỌC THƯ": labels, places and parts, not characters
    return (named and 1 <= layout.words(text) <= 4 and not re.search(r"[:：.,;!?()\d]", text)
            and not layout.is_cue(text) and not layout.is_doc_type(text) and not layout.is_issuer(text)
            and not layout.is_signature(text) and not layout.is_programme_heading(text) and not layout.voice_mark(text))


def segment_lines(lines: list[str], *, raw: list[str] | None = None, title_hint: str | None = None) -> Segmentation:
    """Roles for the non-blank lines of a document (already repaired), in order. `raw` keeps table cells."""
    raw = raw or lines
    margins = _margins(lines)
    groups = paragraphs(lines, raw, margins)
    # a drop cap ("M" over "ỗi tối, khi bản …") is glued to its word, not spaced from it
    joined = [lines[group[0]].strip() + " ".join(lines[i] for i in group[1:])
              if len(group) > 1 and _drop_cap(lines[group[0]]) else " ".join(lines[i] for i in group)
              for group in groups]
    seg = _segment(joined, [raw[group[0]] if len(group) == 1 else joined[g] for g, group in enumerate(groups)],
                   title_hint, {g for g, group in enumerate(groups) if group[0] in margins})
    if len(groups) == len(lines):
        return seg
    for part in seg.parts:
        part.lines = [i for g in part.lines for i in groups[g]]
    seg.skipped = [Skip(i, s.reason, lines[i], s.confidence) for s in seg.skipped for i in groups[s.line]]
    return seg


def paragraphs(lines: list[str], raw: list[str], margins: Collection[int] = ()) -> list[list[int]]:
    """Lines hard-wrapped inside a sentence (text copied from a PDF) joined into their paragraph: a line that
    stops mid-sentence and a next line that opens in lower case. The page's margins printed between them (page
    number, running header or footer) stay apart, and the sentence is joined across them."""
    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    before = -1  # the last line that is not a margin
    for i, line in enumerate(lines):
        if i in margins:
            groups.append([i])
            continue
        previous = lines[before] if before >= 0 else ""
        continues = line[:1].islower() and not layout.is_cue(line) or (
            line[:1].isdigit() and layout.words(previous) >= 10 and layout.words(line) >= 3
            and not LIST_ITEM.match(line) and not layout.is_chrome(line) and not layout.is_date_banner(line)
            and not KEY_EVENT.match(line))
        drop_cap = _drop_cap(previous) and line[:1].islower() and layout.words(line) >= 6
        wrapped = drop_cap or (before >= 0 and layout.words(previous) >= 6 and not re.search(
            r"[.!?…:;”\"]\s*$", previous) and continues and "\t" not in raw[i] and "\t" not in raw[before]
            and not layout.is_furniture_sentence(previous))  # "↳ Văn bản đã chuyển (Zalo)" over a voice message
        if wrapped:
            groups[group_of[before]].append(i)
        else:
            groups.append([i])
        group_of[i] = group_of[before] if wrapped else len(groups) - 1
        before = i
    return groups


def _drop_cap(line: str) -> bool:
    """A magazine's big first letter, pasted alone on its line above the rest of its word ("M" over "ỗi tối, …")."""
    return bool(re.fullmatch(rf"\s*[{UPPER}]\s*", line))


def _margins(lines: list[str]) -> set[int]:
    """What a PDF prints in a page's margin, between the lines of a sentence: page numbers and print dates, a
    footer with its page number stuck on ("Trạm Y tế xã … - ĐT: 0227 3851 096 2", on every page), a running
    header set just before the page number in the middle of a sentence."""
    # A line ending in a number, without it: "trạm y tế xã … 096" for "Trạm Y tế xã … 096 2" (None otherwise).
    keys = [_fold(bare) if bare != line and layout.words(bare) >= 3 else None
            for line in lines for bare in [TRAILING_PAGE.sub("", line)]]
    numbered: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            numbered.setdefault(key, []).append(i)

    def mid_sentence(i: int, width: int = 1) -> bool:
        """Lines i .. i+width-1 stand between the two halves of one sentence."""
        return (i > 0 and i + width < len(lines) and not re.search(r"[.!?…:;]\s*$", lines[i - 1])
                and lines[i + width][:1].islower())

    out = set()
    for i, line in enumerate(lines):
        short = layout.words(line) <= 16 and not layout.ends_sentence(line) and not LIST_ITEM.match(line)
        seen = numbered.get(keys[i] or "", [])
        # The same footer a page apart, breaking a sentence at least once (a schedule's "Thôn Đông 1" and "Thôn
        # Đông 2" stand together; a script's "Phát thanh viên 1" recurs, but between paragraphs).
        footer = (short and len(seen) >= 2 and min(b - a for a, b in itertools.pairwise(seen)) >= 8
                  and any(mid_sentence(j) for j in seen))
        header_like = short and not line[:1].islower() and bool(
            layout.is_upper(line) or re.search(r"\d|\s[-–]\s", line))
        header = header_like and i < len(lines) - 2 and layout.is_page_mark(lines[i + 1]) and mid_sentence(i, 2)
        # or just after it, between the halves of the sentence: "Trang 1/3", "Đài … – Chương trình số 35 (04/9/2025)"
        after_mark = header_like and i >= 2 and layout.is_page_mark(lines[i - 1]) and mid_sentence(i - 1, 2)
        if _page_margin(line) or footer or header or after_mark:
            out.add(i)
    return out


def _voice_cell_row(cells: list[str]) -> bool:
    """A row of a script written as a table: the voice in the left cell, the words to read beside it (a row of short
    cells such as "Tiếng Việt | English | Liên hệ" is a site's menu, not a voice)."""
    return len(cells) >= 2 and layout.voice_mark_cell(cells[0]) is not None and (
        layout.words(" ".join(cells[1:])) >= 6 or layout.ends_sentence(cells[-1]))


def _page_margin(line: str) -> bool:
    """A page's printed header or footer (its address and page count, the print date): a page break, never part of
    the sentence it interrupts."""
    return layout.is_page_mark(line) or bool(layout.PAGE_PRINT.match(line))


def _segment(lines: list[str], raw: list[str], title_hint: str | None, margins: Collection[int] = ()) -> Segmentation:
    doc = _Doc(lines, [layout.cells(r) for r in raw],
               bulleted=[bool(re.match(r"^\s*[-+*•·▪►●○◦–]\s*\S", r)) for r in raw])
    for i in margins:
        doc.skip(i, "page", SURE)
    n = len(lines)
    sound_column = False  # a table script headed "HÌNH ẢNH / ÂM THANH | LỜI": the left cell is for the engineer
    for i, cells in enumerate(doc.cells):
        rest = " ".join(c.strip() for c in cells[1:] if c.strip())
        if len(cells) >= 2 and SOUND_HEADER.match(cells[0]) and any(WORDS_HEADER.fullmatch(c) for c in cells[1:]):
            sound_column = True
        elif sound_column and len(cells) == 2 and cells[0].strip() and layout.is_prose(cells[1]) and (
                layout.words(cells[1]) >= 6 and layout.voice_mark_cell(cells[0]) is None
                and not TAPE.match(cells[0] + ":")):
            doc.cells[i] = [cells[1].strip()]  # "Tiếng máy sao chè quay đều | Trong xưởng chế biến …": read the words
            doc.lines[i] = doc.cells[i][0]
            continue
        if len(cells) >= 2 and layout.is_cue(cells[0]) and layout.voice_mark_cell(cells[0]) is None and (
                layout.voice_mark(rest) or _person_label(rest) or _tape_person(rest)):
            # a script's sound column ("Nhạc nền nhỏ | PTV nữ: …", "Băng | Chị X: “…”"): the words are what is read
            doc.cells[i] = [c for c in cells[1:] if c.strip()]
            doc.lines[i] = " ".join(doc.cells[i])
        elif len(cells) >= 2 and GUEST_CELL.fullmatch(cells[0]) and rest:
            doc.lines[i] = f"{cells[0].strip()}: {rest}"  # a table script's guest cell ("Khách mời 1 | Dạ, …")
        elif (stamp := TIMECODE_OPENS.match(doc.lines[i])) and stamp.end() < len(doc.lines[i]) and (
                _stamped_turn(doc.lines[i][stamp.end():]) or TAPE_POSITION.match(doc.lines[i])):
            # "[05:24] Bà Vàng Thị Dở:": a transcript's time stamp is for finding the place in the recording
            doc.lines[i] = doc.lines[i][stamp.end():]
            if not doc.lines[i].rstrip().endswith((":", "：")) and not layout.is_cue(doc.lines[i]):
                doc.stamped.add(i)  # (a stamped label alone or a stamped cue leaves the words under it unmarked)
            doc.cells[i] = [doc.lines[i]] if len(cells) == 1 else doc.cells[i]
            sent = split_label(doc.lines[i])
            if sent and sent[1] and layout.words(sent[0]) <= 5:
                doc.senders.add(sent[0])
    notice = doc.notice = _is_notice(doc)
    # a station's script: voice marks or cues, also as a table's left cells ("PTV Hồng Nhung | …", "Kỹ thuật | …")
    doc.script = sum(1 for line, cells in zip(doc.lines, doc.cells, strict=True) if layout.is_cue(line) or (
        layout.voice_mark(line)) or len(cells) >= 2 and (_voice_cell_row(cells) or TECHNICIAN_CELL.fullmatch(cells[0])
                                                         or _run_sheet_order(cells) is not None)) >= 2
    doc.name_marks = _given_name_marks(doc.lines) if doc.script else set()
    for i in range(n):
        strong = _strong_skip(doc, i, notice)
        if strong:
            doc.skip(i, strong, SURE)
    _infographics(doc)
    _sponsored(doc)
    _staff_block(doc)
    _gallery(doc)
    repeat = _instructions(doc)
    _cover_note(doc)
    if notice:
        _notice_footer(doc)
    _legal_basis(doc, notice)
    first = _first_body(doc, notice)
    title_lines = _head(doc, first, notice, title_hint)
    last, end = _last_body(doc, first, notice)
    _tail(doc, last, end)
    _body(doc, first, last)
    return _result(doc, title_lines, title_hint, repeat)


# --- what a line is wherever it stands ---------------------------------------------------------------------------


def _is_notice(doc: _Doc) -> bool:
    """An administrative document: two or more parts of the Nghị định 30 frame."""
    kinds = set()
    for line, cells in zip(doc.lines, doc.cells, strict=True):
        for text in [line, *cells]:
            if layout.NATIONAL_TITLE.search(text) or layout.MOTTO.search(text):
                kinds.add("national")
            elif layout.DOC_NUMBER.match(text):
                kinds.add("number")
            elif layout.RECIPIENTS.match(text):
                kinds.add("recipients")
            elif layout.SIGNATURE_MARK.match(text) or layout.SIGNED.match(text.strip("()[] ")):
                kinds.add("signature")
            elif layout.PLACE_DATE.match(text):
                kinds.add("date")
    return len(kinds) >= 2


# "Infographic: Hỗ trợ tiền ăn trưa …" opens a graphic's text; "Đồ họa: Hoàng Lê" (a name) closes it.
GRAPHIC_TITLE = re.compile(r"^\W*(?i:infographic|inforgraphic|đồ\s+họa)\s*[:：–-]\s*\S+(?:\s+\S+){2,}")
GRAPHIC_CREDIT = re.compile(r"^\W*(?i:đồ\s+họa|thiết\s+kế|infographic|trình\s+bày)\s*[:：]\s*(\S.{0,60})$")


def _gallery(doc: _Doc) -> None:
    """"Một số hình ảnh tại Ngày hội:" then a row of captions, credited or not, down to the sign-off."""
    n = len(doc.lines)
    for i in range(n):
        lead = doc.decided.get(i)
        if not (isinstance(lead, Skip) and lead.reason == "caption" and layout.GALLERY_LEAD.match(doc.lines[i])):
            continue
        for j in range(i + 1, n):
            line = doc.lines[j]
            if not doc.free(j):
                if isinstance(doc.decided.get(j), Skip):
                    continue  # a credited caption, a share bar
                break
            if layout.words(line) > 45 or layout.sentences(line) > 2 or BYLINE_OPENERS.match(line) or (
                    layout.is_related_heading(line) or layout.is_chrome(line) or _credit(line)):
                break
            doc.skip(j, "caption", LIKELY)


def _infographics(doc: _Doc) -> None:
    """The figures and slogans of a graphic pasted as lines ("200.000", "đồng/trẻ/tháng"): between its title and
    its designer's credit, every short line belongs to the picture, not to the story."""
    n = len(doc.lines)
    for i in range(n):
        if not GRAPHIC_TITLE.match(doc.lines[i]):
            continue
        for k in range(i + 1, min(n, i + 16)):
            credit = GRAPHIC_CREDIT.match(doc.lines[k])
            if credit and _name_only(credit.group(1).strip(" .()")):
                for j in range(i, k + 1):
                    if doc.free(j) or isinstance(doc.decided.get(j), Skip):
                        doc.skip(j, "caption", LIKELY)
                break
            if layout.words(doc.lines[k]) > 16:
                break


def _cell_kind(cell: str) -> str | None:
    part = layout.frame_part(cell)
    if part:
        return part
    if layout.is_issuer(cell):
        return "issuer"
    return None


# What sets apart the names a credit lists: "Nguyễn Khánh Linh, Trần Đức Anh", "H’ Hằng Byă / PV: Y Bhim Niê"
NAMES_APART = re.compile(r"\s*(?:,|;|\||–|—|\s[-/]\s|\bvà\b)\s*")
# An editor's pen on a script: "(bỏ đoạn này) Mùa đông năm 2025 …", "… ở bếp. (cắt)": struck from air.
# A strike-through kept by the paste as "~~…~~": the whole line, maybe with the editor's reason after it.
STRUCK = re.compile(r"^\W*\(\s*(?:bỏ|cắt|không\s+đọc)(?:\s+(?:đoạn|câu)\s+này)?\s*\)|\(\s*(?:cắt|bỏ)\s*\)\W*$|"
                    r"^\s*~~[^~]+~~\s*(?:\([^()]{0,120}\))?\s*$", re.IGNORECASE)
STRUCK_WORDS = re.compile(r"\s*~~[^~]{1,200}~~")  # "vào ~~thứ Sáu 12/12~~ thứ Bảy": the struck words are not read


def _poll(doc: _Doc, i: int) -> bool:
    """A reader poll: "Bạn nghĩ sao?", its question, "○ Có   ○ Không", "Bình chọn   Xem kết quả (214 lượt)"."""
    line = doc.lines[i]
    if _poll_options(doc, i) or POLL_BUTTONS.match(line):
        return True
    return line.rstrip().endswith("?") and layout.words(line) <= 25 and any(
        _poll_options(doc, j) for j in range(i + 1, min(i + 3, len(doc.lines))))


def _poll_options(doc: _Doc, i: int) -> bool:
    return bool(POLL_OPTIONS.search(" ".join(doc.cells[i])))  # the cells keep the radio buttons


READER_LETTER = re.compile(r"^\W*(?:thưa|kính\s+thưa|kính\s+gửi)\s+(?:luật\s+sư|bác\s+sĩ|chuyên\s+gia|ban\s+biên\s+tập|"
                           r"tòa\s+soạn|toà\s+soạn|quý\s+báo|chuyên\s+mục)\b[^.!?]{0,40}[,:!]?\s*$", re.IGNORECASE)
BRACKET_CHARACTER = re.compile(r"^\s*\[([^\[\]]{2,30})\]\s*(?=\S)")
DRILL_SCENARIO = re.compile(r"^\W*(?i:tình\s+huống\s+)?(?i:giả\s+định)(?:\s+(?:\d{1,2}|[IVX]{1,4}))?\s*[:：]")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
MD_IMAGE = re.compile(r"\s*!\[[^\]]*\]\([^)]*\)\s*")
# "[bà Vi Thị Thoa, mẹ anh Quân, nói chen vào] Nó bơi từ hồi bảy tuổi …": a transcript names who breaks in
CUT_IN = re.compile(rf"^\s*[\[(]\s*((?i:ông|bà|anh|chị|cô|chú|bác|cụ|em)\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})"
                    r"[^\[\]()]{0,60}?\b(?i:nói\s+chen|chen\s+vào|nói\s+xen|xen\s+vào|nói\s+thêm|tiếp\s+lời)"
                    r"[^\[\]()]{0,20}[\])]\s*(?=\S)")
# "02. BÀ LỤA – (thở dài) Hôm nay chợ vắng …": a recording script numbers each line of a sketch and names who says it
NUMBERED_CHARACTER = re.compile(r"^\s*\d{1,3}\s*[.)]\s+([^\W\d_][^–—:\-]{1,30}?)\s+[–—-]\s+(?=\S)")
STAFF_BRACKET = re.compile(r"\s*\[(?![A-ZĐÀ-Ỹ\s]{2,30}\])[^\[\]]{12,400}\]\s*")
POLL_OPTIONS = re.compile(r"[○◯☐◻⚪]\s*\S.*[○◯☐◻⚪]\s*\S")
POLL_BUTTONS = re.compile(r"^\W*bình\s+chọn\b.{0,40}\bxem\s+kết\s+quả\b", re.IGNORECASE)
# "(*) Tác giả là giảng viên …", "Bài viết thể hiện quan điểm riêng của tác giả.": notes on the author, not the story
AUTHOR_NOTE = re.compile(r"^\s*\(\*+\)\s*tác\s+giả\b|"
                         r"^\W*bài\s+viết\s+thể\s+hiện\s+quan\s+điểm\s+(?:riêng\s+)?của\s+tác\s+giả|"
                         # who typed a recording out and how: "Bản chép lời – Mai gõ lại từ file …", "GỠ BĂNG – …"
                         r"^\W*(?:bản\s+)?(?:ghi\s+lời|chép\s+lời|gỡ\s+băng)\b", re.IGNORECASE)


CLOCK_CELL = re.compile(r"\s*\d{1,2}\s*[hg:]\s*\d{0,2}(?:\s*[–—-]\s*\d{1,2}\s*[hg:]\s*\d{0,2})?\s*")
CLOCK_RANGE = re.compile(r"\W*(?:từ\s+)?\d{1,2}\s*[hg:]\s*\d{0,2}\s*(?:[–—-]|đến)\s*\d{1,2}\s*[hg:]\s*\d{0,2}\W*",
                         re.IGNORECASE)
RELAY_ORDER = re.compile(r"^\W*(?:tiếp\s+sóng|hạ\s+tiếng|phát\s+(?:lại|chuyên\s+mục|chương\s+trình|file|bài)|tắt\s+máy|"
                         r"mở\s+máy|ngắt\s+tiếp\s+sóng)\b", re.IGNORECASE)
# When a script goes on air, written without a colon: "Phát sóng 19h00 thứ Bảy 14/3/2026 …; phát lại 6h15 …",
# "Phát 2 buổi: sáng 6h, chiều 17h.", "Dự kiến phát: 19g00 ngày 24/10/2025."
AIR_SLOT = re.compile(r"^\W*(?:dự\s+kiến\s+)?phát(?:\s+sóng|\s+lại)?\s*[:：]?\s*(?:vào\s+|lúc\s+|trong\s+)?"
                      r"(?:\d{1,2}\s*(?:h|g|giờ|buổi)|sáng|chiều|tối|bản\s+tin|chương\s+trình|thứ|ngày)", re.IGNORECASE)


def _run_sheet_order(cells: list[str]) -> str | None:
    """A run sheet's row for the operator: "5h39 | Nhạc cắt" (a cue), "5h02 – 5h30 | TIẾP SÓNG … VOV1" (an order)."""
    if len(cells) < 2 or not CLOCK_CELL.fullmatch(cells[0]):
        return None
    rest = " ".join(c.strip() for c in cells[1:] if c.strip())
    if layout.is_cue(rest):
        return "cue"
    return "instruction" if layout.is_operator_order(rest, script=True) or RELAY_ORDER.match(rest) else None


def _credits_only(rest: str) -> bool:
    """What follows a voice mark only names people or gives the script's fields: "Minh Thư | Khách mời (KM): bà X,
    Phó Giám đốc BHXH huyện | Kỹ thuật: Hoàng Lâm" credits; "Cảm ơn anh …" after "Dẫn chương trình:" is spoken."""
    def credit(piece: str) -> bool:
        return bool(_name_only(piece) or layout.is_script_note(piece) or re.fullmatch(
            rf"(?i:mc|ptv|btv|pv)\s*:?\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}", piece))
    fields = [f for f in re.split(r"\s*[|\t]\s*", rest) if f]  # a field's own commas: "bà X, Phó Giám đốc …"
    return bool(layout.RUNNING_TIME.search(rest)) or all(credit(n) for n in NAMES_APART.split(rest) if n) or (
        len(fields) > 1 and all(credit(f) for f in fields))


def _strong_skip(doc: _Doc, i: int, notice: bool) -> str | None:
    """Reasons that hold wherever the line stands."""
    line, cells = doc.lines[i], doc.cells[i]
    if STRUCK.search(line) or AUTHOR_NOTE.match(line):
        return "editor_note"
    if doc.script and STAFF_BRACKET.fullmatch(line) and not layout.is_cue(line) and (
            ":" in line or "：" in line or not layout.voice_mark(line)):
        return "editor_note"  # "[BTV: kiểm tra lại số liệu …]", "[đoạn này nhiễu nặng, PV hỏi lại]": notes to staff
    if not notice and _poll(doc, i):
        return "chrome"
    if len(cells) >= 3 and re.match(r"(?i)^\W*trang\s+chủ\W*$", cells[0]) and all(
            layout.words(c) <= 7 and not layout.ends_sentence(c) for c in cells):
        return "chrome"  # a site's menu bar: "Trang chủ   Giới thiệu   Tin tức - Sự kiện   Văn bản …"
    if KEY_EVENT.match(line) and not doc.notice and _key_events(doc, i):
        return "chrome"  # a live blog's box of key events ("11:30 · Chiều nay thi Tiếng Anh …"), each told below
    if TTS_SETTINGS.search(line) and layout.words(line) <= 30:
        return "editor_note"  # "Giọng đọc: Nữ miền Nam (Thảo Vy) · Tốc độ: 0,9x": the synthetic voice's settings
    if SAY_AS.fullmatch(line) and doc.said_as >= 2 or (
            SAY_AS_HEADING.match(line) and layout.words(line) <= 16):
        return "instruction"  # "KP  →  khu phố": how the synthetic voice is to say a word
    if EDIT_CUT.match(line):
        return "instruction"
    if DRILL_SCENARIO.match(line):
        return "editor_note"  # "GIẢ ĐỊNH 2: Lúc 8h15, tại bản Huổi Cang xuất hiện vết nứt …": what a drill pretends
    if re.match(r"^\s*\(\(", line):
        return "editor_note"  # "((PV: đoạn dưới đã cắt bớt …))": a transcriber's note, doubly bracketed
    if NOT_FOR_AIR.search(line) and layout.words(line) <= 40:
        return "editor_note"
    if STAFF_PART.fullmatch(line) and layout.words(line) <= 40 and not layout.voice_mark(line.strip(" ()[]") + ":"):
        return "instruction"  # "(Phần đọc tiếng Mông do PTV Sùng A Dình đảm nhận – không in ở đây)"
    if SUBTITLE_TIMING.match(line):
        return "editor_note"  # "00:00:05,400 --> 00:00:10,900": where a subtitle export's cue plays in the video
    if MD_IMAGE.fullmatch(line):
        return "caption"  # "![Giáo viên dọn bùn tại điểm trường](https://…/anh1.jpg)": a picture in markdown
    if IMAGE_FILE.fullmatch(line.strip()):
        return "caption"  # "IMG_20270116_081244.jpg": a photo that did not come with the copy
    if ATTACHED_FILE.fullmatch(line.strip()):
        return "chrome"  # "BanTin_T47_2024.docx  (245 KB)": an attachment's name under a message
    if len(cells) >= 2:
        kinds = [_cell_kind(c) for c in cells]
        if "recipients" in kinds:
            return "recipients"
        if "doc_header" in kinds and all(k in ("doc_header", "issuer", "signature") for k in kinds):
            return "doc_header"
        if "signature" in kinds and (notice or all(k == "signature" for k in kinds)):
            return "signature"  # outside a notice, a row of sign-offs only: "NGƯỜI VIẾT   DUYỆT CỦA LÃNH ĐẠO"
        if layout.is_cue(cells[0]) and layout.voice_mark_cell(cells[0]) is None:
            return "cue"
        if len(cells) >= 3 and re.fullmatch(r"\s*\d{1,2}\s*[.)]?\s*", cells[0]) and RUNNING_CELL.fullmatch(cells[-1]):
            return "editor_note"  # "2 | Phóng sự ngắn … | PV Đức Long | 3'30"": a row of the running order
        order = _run_sheet_order(cells)
        if order:
            return order
        if doc.script and TECHNICIAN_CELL.fullmatch(cells[0]):
            return "cue"  # "Kỹ thuật | Jingle “Sống xanh mỗi ngày” | 10"": what the technician plays, in a table script
        if doc.script and layout.is_upper(cells[0]) and SECTION_NUMBERED.match(cells[0]) and all(
                RUNNING_CELL.fullmatch(c) for c in cells[1:]):
            return "section_label"  # "PHẦN 1 – TIN TỨC THỊ TRẤN |  | 5'": a part of the programme and its length
        if all(layout.is_chrome(c) or layout.is_section_label(c) for c in cells):
            return "chrome"
    if _crew(line):
        return "editor_note"
    if AIR_SLOT.match(line) and layout.words(line) <= 30 and re.search(r"\d", line):
        return "instruction"
    if READER_MARK.match(line) or BRACKET_NAME.fullmatch(line) and not layout.is_cue(line) and doc.bracket_names >= 2:
        return "speaker_label"  # "(Tùng đọc)", "[Nga]" … "[Đạt]": which announcer reads on
    if layout.is_operator_order(line, script=doc.script):
        return "instruction"
    if doc.script and layout.is_upper(line.split("(")[0]) and layout.words(line) <= 10 and not layout.is_doc_type(
            line) and (
            SECTION_NUMBERED.match(line) or layout.is_section_label(line)):
        return "section_label"  # "II. THÔNG TIN BIỂN – THỜI TIẾT", "TIN TRONG XÃ": the programme's parts
    if doc.script and SCRIPT_PART.match(line) or QUESTION_NUMBER.fullmatch(line):
        return "section_label"  # "Câu hỏi 2." alone: the number of the next question, not a question
    bracketed = re.fullmatch(r"\s*[(\[][^()\[\]]*[)\]]\s*", line)
    # said to the announcer: in brackets, typed in lower case, or "nhắc lại 1 lần", "gửi chị Tâm đọc" (a headline
    # "Giúp trẻ đọc to, đọc rõ từ lớp Một" or a notice's "- Đọc lại danh sách cử tri …" is read)
    addressed = line.lstrip()[:1].islower() or re.search(
        r"(?i:nhắc\s+lại\s+\S+\s+lần|gửi\s+\S+\s+\S+\s+(?:đọc|phát))", line)
    if READ_DIRECTION.search(line) and (layout.words(line) <= 18 and not layout.ends_sentence(line) and addressed or (
            layout.words(line) <= 40 and bracketed)) and not layout.voice_mark(line) and not _person_label(line):
        return "instruction"  # "(Tâm đọc nguyên văn tb của điện lực, đọc 2 lần)", "đọc chậm số đt, nhắc lại 1 lần"
    if CALL_LOG.match(line) and layout.words(line) <= 30 and not layout.ends_sentence(line) and re.search(
            r"\((?i:hỏi|phản\s+ánh|gọi)|\b(?i:gọi|ghi)\b", line):  # a programme's "7h30 – Ông X phát biểu" is read
        return "editor_note"  # "☎ 19h27 – chị Đinh Thị Mai, thôn Nà Khoang (hỏi về …) – Hà ghi": who called, when
    numbered = LIST_NUMBER.match(line)
    if doc.script and numbered and layout.words(line[numbered.end():]) <= 5 and not layout.ends_sentence(line) and (
            i + 1 < len(doc.lines) and layout.voice_mark(doc.lines[i + 1])):
        return "section_label"  # "3.  Điện thoại thính giả" over "DẪN: …": the running order's part
    if layout.is_date_banner(line) and not BARE_DATE.fullmatch(line) and not CLOCK_RANGE.fullmatch(line):
        # (a bare date or "06h30 - 15h30" alone is a schedule's cell: a page's banner carries the day)
        return "date_banner"
    part = layout.frame_part(line)
    short = layout.words(line) <= 12 or layout.national_title_in_capitals(line)
    if part and (notice or part == "doc_header" and short):
        return part
    if layout.signed(line):
        return "signature"
    if layout.is_cue(line) or (numbered := LIST_NUMBER.match(line)) and layout.is_cue(line[numbered.end():]):
        return "cue"  # "1.  Nhạc hiệu chuyên mục (20”)": a running order's cue is a cue
    if (boxed := BOXED.fullmatch(line)) and not layout.ends_sentence(boxed.group(2)):
        return "editor_note"  # "=== TIN 2 | 0'50" | BTV nam ===": a marker for the staff
    mark = layout.voice_mark(line)
    speaks = bool(mark and mark[1] and not _credits_only(mark[1]))
    if layout.is_script_note(line) and not BYLINE_OPENERS.match(line) and not speaks:
        return "editor_note"
    if layout.is_related_heading(line) or layout.is_related_link(line):
        return "related"
    if _credit(line) and re.match(r"^\W*bài\s+(?:và|&)\s+ảnh\b", line, re.IGNORECASE):
        return None  # "Bài và ảnh: Mạnh Cường" signs the story and its photos
    if layout.CAPTION_OPENER.match(line) or (layout.has_photo_credit(line) and not layout.introduces_quote(line)) or (
            layout.GALLERY_LEAD.match(line) and layout.words(line) <= 16) or layout.is_photo_caption(line):
        return "caption"
    is_note, rest = layout.editor_note(line)
    public_note = notice and re.match(r"^\W*(?:ghi\s+chú|lưu\s+ý|chú\s+ý)\b(?!\s+(?:cho|của)\s+(?:ptv|btv|phát\s+thanh"
                                      r"\s+viên|biên\s+tập|kỹ\s+thuật|đài)\b)", line, re.IGNORECASE)  # not "… cho PTV:"
    if is_note and not rest and not public_note:
        return "editor_note"
    if ANNEX.match(line):
        return "doc_header"
    alias = ALIAS_DEF.match(line)
    if alias and (parse_person(alias.group(2)) or starts_with_person(alias.group(2))) and not layout.ends_sentence(
            alias.group(2)) and layout.words(alias.group(2)) <= 20:
        return "editor_note"  # "KM1: Trung tá Bùi Văn Thắng – Trưởng Công an xã": who KM1 is
    host = REPORTER_LABEL.match(line)
    if host and HOST_KEY.match(line[host.end():]):
        return "editor_note"  # "PV: Phóng viên Vi Thị Ngân (dẫn chương trình)": a transcript's key
    if host and _name_only(line[host.end():]) and re.match(r"^\W*(?i:người\s+dẫn|ndct|dct|mc|btv|dẫn)", line):
        return "editor_note"  # "Người dẫn chương trình (NDCT): Đinh Thu Hường": the host's credit
    if i >= 2 and CLOCK_ALONE.fullmatch(doc.lines[i - 1]) and _chat_sender(doc, i - 2) and re.search(
            r"(?i)\bđài\b", doc.lines[i - 2]):
        return "editor_note"  # the station's own message in the chat: "Dạ đài nhận rồi ạ, chiều nay em phát …"
    if CHAT_STUB.search(line) or CHAT_HEADER.match(line) or _chat_sender(doc, i):
        return "chrome"  # "Lò Văn Hặc - CAX Phìn Hồ" over "07:52": who sent the next message of a chat
    if INSERT_CUE.match(line):
        return "cue"  # "IN: “Năm nay làng mình…”": the first and last words of a tape, for the operator
    if len(cells) == 2 and layout.words(cells[0]) <= 4 and layout.is_script_note(cells[0] + ":") and not (
            layout.voice_mark_cell(cells[0]) and layout.ends_sentence(cells[1])):  # "PTV | Quý vị vừa nghe …." is read
        return "editor_note"  # a script's production table: "Tác giả | Nguyễn Thị Thanh Hoa"
    if ANSWERED_BY.match(line.replace("\t", " ")) or ANSWERED_AT_END.fullmatch(line):
        return "speaker_label"  # "Người trả lời: Công an phường", "(Phòng Tư pháp trả lời)": who answers
    if layout.is_chrome(line) and not re.search(r"\d{6,}|\d{3,4}[.\s]\d{3}", line) or layout.is_site_name(line):
        return "chrome"
    if layout.is_furniture_sentence(line) or layout.is_social(line) or re.fullmatch(r"\W*trân\s+trọng\W*", line,
                                                                                    re.IGNORECASE):
        return "chrome"
    if layout.is_email_or_print(line) or layout.EMAIL_FIELD.match(line) and layout.words(line) <= 30 and any(
            0 <= j < len(doc.lines) and layout.is_email_or_print(doc.lines[j]) for j in (i - 1, i + 1)):
        return "page"
    if layout.ATTACHMENTS.match(line) and layout.words(line) <= 12:
        return "chrome"
    if layout.is_page_mark(line) or _running_header(doc, i):
        return "page"  # page numbers and running headers of a PDF: not the end of the article
    if i and layout.is_page_mark(doc.lines[i - 1]) and layout.words(line) <= 16 and not layout.ends_sentence(line) and (
            not line.rstrip().endswith((":", "："))) and (  # "PV:" after the page break is the next turn
            re.search(r"\d+/[A-ZĐ]+(?:-[A-ZĐ]+)+", line) or layout.is_upper(line) and (
                re.search(r"\d", line) or re.search(r"\D", doc.lines[i - 1].strip()))):
        return "page"  # the header of page 2: "TB 412/TB-UBND ngày 24/11/2026 - UBND xã …"
    if PARENTHETICAL_NOTE.match(line):
        return "editor_note"
    return None


def _running_header(doc: _Doc, i: int) -> bool:
    """A running header or footer that a PDF repeats on every page (not a speaker's label, which repeats too)."""
    line = doc.lines[i]
    # a headline repeated once from a list is read; a photo essay repeats its headline under every picture as the
    # pictures' alt text, and the first one stays the headline
    key = _fold(line)
    # (a header set in two parts across the page, "TT VH-TT&TT huyện …      Lưu hành nội bộ", is one too)
    header_like = layout.is_upper(line) or bool(re.search(r"\d", line)) or len(doc.cells[i]) >= 2 or (
        doc.repeated.get(key, 0) >= 3 and any(_fold(earlier) == key for earlier in doc.lines[:i]))
    return (doc.repeated.get(key, 0) >= 2 and 3 <= layout.words(line) <= 14 and not layout.ends_sentence(line)
            and header_like and not line.rstrip().endswith((":", "：")) and not LIST_ITEM.match(line)
            and _person_label(line) is None and _fold(line) not in doc.listed and not layout.voice_mark(line)
            and _fold(line) not in doc.characters)


def _chat_sender(doc: _Doc, i: int) -> bool:
    """"Lò Văn Hặc - CAX Phìn Hồ" over "07:52" over a message: who wrote in a pasted chat (a schedule's date over
    "07:30" is no sender)."""
    line = doc.lines[i]
    return (i + 2 < len(doc.lines) and bool(CLOCK_ALONE.fullmatch(doc.lines[i + 1])) and layout.words(line) <= 8
            and not layout.ends_sentence(line) and not layout.is_upper(line) and not line.rstrip().endswith(":")
            and not layout.is_date_banner(line) and not BARE_DATE.fullmatch(line) and not re.search(r"\d", line)
            and not CLOCK_ALONE.fullmatch(doc.lines[i + 2]))


def _stamped_turn(rest: str) -> bool:
    """What follows a time stamp is a turn ("Bà Vàng Thị Dở:", "Thu Hoài PV: …") or a cue ("– Hết"); an agenda's
    "(07:30) Tập trung đại biểu …" keeps its time."""
    label = split_label(rest)
    return bool(label and 1 <= layout.words(label[0]) <= 5 or layout.is_cue(rest) or re.fullmatch(r"\W*hết\W*", rest,
                                                                                                  re.IGNORECASE))


def _cover_note(doc: _Doc) -> None:
    """What the sender wrote above "---------- Forwarded message ---------" is a note to the station: the text to
    broadcast is what was forwarded."""
    marker = next((i for i, line in enumerate(doc.lines) if FORWARDED.match(line)), 0)
    above = [i for i in range(marker) if doc.free(i)]
    if len(above) > 8 or any(layout.is_doc_type(doc.lines[i]) or layout.SUBJECT.match(doc.lines[i]) for i in above):
        return  # the notice retyped above the mail it came in: that is what goes on air
    for i in above:
        doc.skip(i, "editor_note", LIKELY)


def _instructions(doc: _Doc) -> int | None:
    """Lines that ask the station to broadcast the document N times a day: kept as `repeat`, and not read when
    that is all they say (a long item that also gives other orders stays read)."""
    found = []
    for i, line in enumerate(doc.lines):
        count = layout.broadcast_repeat(line)
        if count:
            found.append(count)
        if not (layout.is_broadcast_instruction(line) or BROADCAST_NOTE.match(line)):
            continue
        if CLOSING.search(line) and STATION_LEAD.match(line):
            continue  # "Kính thưa bà con! Chương trình … đến đây là kết thúc … sẽ được phát lại lúc 17 giờ": on air
        if doc.free(i) or doc.decided[i].reason in ("editor_note", "cue"):  # type: ignore[union-attr]
            doc.skip(i, "instruction", LIKELY)
    return max(found) if found else None


def _notice_footer(doc: _Doc) -> None:
    """From "Nơi nhận:" (or the signature block) on, the recipients list and the signature block are not read;
    the signer's name is the byline. Columns flattened side by side or one after the other are both handled."""
    n = len(doc.lines)
    types = [i for i in range(n) if doc.free(i) and layout.is_doc_type(doc.lines[i])]
    prose = [i for i in range(types[0] if types else 0, n) if doc.free(i) and layout.is_prose(doc.lines[i])]
    if not prose:
        return
    anchors = [i for i in range(prose[0], n) if isinstance(doc.decided.get(i), Skip)
               and doc.decided[i].reason in ("recipients", "signature")]  # type: ignore[union-attr]
    reached = -1
    for anchor in anchors:
        # A decision's issuer line ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …") stands above its bases and articles: the
        # footer it seems to open ends at the next document type, and the real footer comes later.
        if anchor > reached:
            reached = _footer_from(doc, anchor)


def _footer_from(doc: _Doc, start: int) -> int:
    """The footer's lines from `start`; returns where it ends."""
    n = len(doc.lines)
    for i in range(start, n):
        line = doc.lines[i]
        if not doc.free(i):
            continue
        if layout.is_prose(line) and layout.words(line) > 14 or layout.is_doc_type(line) or APPENDIX.match(line):
            return i  # a second document, or the first one's appendix, follows its footer
        if _signer_name(line) and not (doc.bulleted[i] or RECORDS.match(line)):  # "- Lưu VT.": Lưu is a surname too
            doc.read(i, "byline", "signer", LIKELY)
        elif doc.bulleted[i] or any(LIST_ITEM.match(c) or c.rstrip().endswith((";", ",")) or RECORDS.match(c)
                                    for c in doc.cells[i] or [line]):
            doc.skip(i, "recipients", LIKELY)  # a recipients column may share its rows with the signer's
        elif layout.is_upper(line) and layout.words(line) <= 12 and (
                layout.is_signature(line) or layout.is_issuer(line)):
            doc.skip(i, "signature", LIKELY)
        elif layout.PLACE_DATE.match(line):
            doc.skip(i, "doc_header", SURE)
    return n


def _signer_name(line: str) -> bool:
    if layout.is_doc_type(line) or layout.is_signature(line):
        return False
    text = re.sub(r"^(?i:bs|bác\s+sĩ|ths|ts|ks|đại\s+úy|thượng\s+úy|trung\s+úy|thiếu\s+úy|thiếu\s+tá|trung\s+tá|"
                  r"thượng\s+tá|đại\s+tá|ông|bà)\.?\s+", "", line.strip())
    return bool(NAME_ONLY.match(text)) and 2 <= layout.words(text) <= 5 and not layout.is_issuer(text) and (
        text.split()[0].lower() not in NOT_NAMES)


def _legal_basis(doc: _Doc, notice: bool) -> None:
    """"Căn cứ …" and "Xét đề nghị …" lines, and their hard-wrapped continuations, are not read by default. Outside
    a notice's frame only those that cite a document, in the first part of the text, are legal bases."""
    inside = False
    for i, line in enumerate(doc.lines):
        if not doc.free(i):
            inside = False
            continue
        cites = bool(CITES_DOCUMENT.search(line) or LEGAL_SOURCE.match(line))
        early = i < max(8, len(doc.lines) // 3)
        basis = cites or line.rstrip().endswith(";") or not line.lower().lstrip().startswith("căn")
        if layout.LEGAL_BASIS.match(line) and basis and (notice or cites and early):
            doc.skip(i, "legal_basis", SURE)
            inside = not line.rstrip().endswith((";", ".", ":"))
        elif inside and (line[:1].islower() or re.match(r"\d+/\d{4}/", line)):
            doc.skip(i, "legal_basis", LIKELY)
            inside = not line.rstrip().endswith((";", ".", ":"))
        else:
            inside = False


# --- the head: everything before the first line of running text ---------------------------------------------------


def _opens_body(doc: _Doc, i: int) -> bool:
    line = doc.lines[i]
    lead_in = line.rstrip().endswith((":", "：")) and layout.words(line) >= 5 and not layout.ADDRESSEE.match(line)
    return (layout.is_prose(line) or lead_in or bool(REPORTER_LABEL.match(line)) or layout.voice_mark(line) is not None
            or _voice_cell_row(doc.cells[i])
            or bool(STATION_LEAD.match(line)) or _named_label(line)
            or bool((given := GIVEN_MARK.match(line)) and given.group(1) in doc.name_marks))


def _first_body(doc: _Doc, notice: bool) -> int:
    free = [i for i in range(len(doc.lines)) if doc.free(i)]
    for i in free:
        line = doc.lines[i]
        if layout.is_doc_type(line) and line.rstrip().endswith((":", "：")) and any(
                layout.is_doc_type(doc.lines[j]) for j in free if j < i):
            return i  # "QUYẾT ĐỊNH:" under the bases: the decision's articles follow
        subject = i > 0 and layout.is_doc_type(doc.lines[i - 1]) and not doc.lines[i].rstrip().endswith(".")
        if _opens_body(doc, i) and not layout.is_doc_type(doc.lines[i]) and not subject:
            if STATION_LEAD.match(doc.lines[i]) and _frame_after(doc, i) and (
                    not layout.is_prose(doc.lines[i]) or _frame_next(doc, i)):
                doc.read(i, "narrator", "station_lead", LIKELY)  # read before the notice it introduces
                continue
            return i
    return free[0] if free else len(doc.lines)


def _frame_next(doc: _Doc, i: int) -> bool:
    """The document's frame starts on the next line: "Đài … trích đọc Quyết định …." just above it leads in."""
    after = doc.decided.get(i + 1)
    return isinstance(after, Skip) and after.reason == "doc_header"


def _frame_after(doc: _Doc, i: int) -> bool:
    later = [d for j, d in doc.decided.items() if j > i and isinstance(d, Skip)]
    return any(d.reason == "doc_header" for d in later)


# (the "nhân dân" of "Ủy ban nhân dân", "Hội đồng nhân dân", "Tòa án nhân dân" is an office's name)
_PUBLIC = re.compile(r"(?<!ban\s)(?<!đồng\s)(?<!án\s)\b(?:nhân\s+dân|bà\s+con|người\s+dân|(?:các\s+)?hộ\s+gia\s+đình|"
                     r"các\s+hộ|toàn\s+thể|cử\s+tri|"
                     r"công\s+dân|phụ\s+huynh|các\s+gia\s+đình|đoàn\s+viên|hội\s+viên|thanh\s+niên|quý\s+vị|"
                     r"ngư\s+dân|nông\s+dân|tiểu\s+thương|hộ\s+kinh\s+doanh|người\s+lao\s+động|chủ\s+tàu|học\s+sinh)\b",
                     re.IGNORECASE)
_OFFICES = re.compile(r"\b(?:trưởng|phó|công\s+an|ban|tổ|ủy\s+ban|ubnd|phòng|trường|trạm|chủ\s+rừng|đài|"
                      r"chủ\s+doanh\s+nghiệp|cơ\s+quan|đơn\s+vị|chi\s+bộ|đoàn\s+thể|hợp\s+tác\s+xã|công\s+chức|bí\s+thư|chủ\s+tịch)\b",
                      re.IGNORECASE)


def _addressed_to_offices(doc: _Doc, i: int) -> list[int]:
    """"Kính gửi: – Trưởng các thôn; – Công an xã; …": a letter to offices is the document's frame, not read to the
    public (the lines of the list, when it only names offices); one addressed to households or the people is read."""
    block = [i]
    for j in range(i + 1, min(len(doc.lines), i + 12)):  # the list goes on while its items end with ";"
        listed = doc.lines[block[-1]].rstrip().endswith((";", ","))
        if not (listed and layout.words(doc.lines[j]) <= 15 and doc.free(j)):
            break
        block.append(j)
    items = [re.sub(r"(?i)^\W*kính\s+gửi\s*[:：]", "", doc.lines[j]) for j in block]
    offices = all(_OFFICES.search(item) for item in items if item.strip())
    return block if offices and not any(_PUBLIC.search(item) for item in items) else []


def _head(doc: _Doc, first: int, notice: bool, hint: str | None) -> list[int]:
    """The headline (a notice's type and subject) and what else stands before the body: not read."""
    free = [i for i in range(first) if doc.free(i)]
    title: list[int] = []
    types = [i for i in free if layout.is_doc_type(doc.lines[i]) and (notice or _subject_follows(doc, i))]
    if types:
        # A site files notices under "Thông báo": the type with its subject under it (or in capitals, as a
        # document prints it) is the headline, a bare section name above the frame is not.
        title = [([i for i in types if _subject_follows(doc, i)] or [i for i in types if layout.is_upper(
            doc.lines[i])] or types)[0]]
        for j in range(title[0] + 1, first):
            if doc.free(j) and not layout.ADDRESSEE.match(doc.lines[j]) and not layout.LEGAL_BASIS.match(doc.lines[j]):
                title.append(j)
            elif doc.free(j) or isinstance(doc.decided[j], Skip) and doc.decided[j].reason in (  # type: ignore[union-attr]
                    "doc_header", "legal_basis", "signature"):
                break  # the subject ends where the issuer's line or the legal bases begin
    else:
        title = _headline(doc, free, first, hint)
    for i in free:
        if i in title or not doc.free(i):
            continue
        line = doc.lines[i]
        if layout.ADDRESSEE.match(line) and (offices := _addressed_to_offices(doc, i)):
            for j in offices:
                doc.skip(j, "doc_header", LIKELY)
        elif layout.ADDRESSEE.match(line) or STATION_LEAD.match(line) and not layout.is_section_label(line):
            doc.read(i, "narrator", "station_lead", LIKELY)
        elif title and i > title[-1] and layout.ends_sentence(line) and not layout.is_date_banner(line) and not (
                layout.is_chrome(line) or layout.is_footer(line)):
            doc.read(i, "narrator", "lead", GUESS)  # a short sentence under the headline: the lead
        elif layout.is_section_label(line):
            doc.skip(i, "section_label", LIKELY)
        elif _dated_byline(line):
            doc.read(i, "byline", "byline", GUESS)  # "Thanh Hà • 3 giờ trước": the author, as a mobile page shows it
        elif notice and (layout.is_issuer(line) or layout.SUBJECT.match(line)):
            doc.skip(i, "doc_header", LIKELY)
        elif layout.is_chrome(line) or layout.is_footer(line) or layout.is_breadcrumbs(line):
            doc.skip(i, "chrome", LIKELY)
        else:
            doc.skip(i, "chrome" if not _signer_name(line) else "byline", GUESS)
    if not free and first < len(doc.lines) and not title:
        title = _headline(doc, [first], first + 1, hint)
    for i in title:
        doc.read(i, "title", "doc_title" if types else "headline", SURE if types else LIKELY)
    return title


def _subject_follows(doc: _Doc, i: int) -> bool:
    """"THÔNG BÁO" then "(V/v: …)" or "Về việc …": a document's type and subject, even without its frame."""
    j = i + 1
    return j < len(doc.lines) and doc.free(j) and bool(layout.SUBJECT.match(doc.lines[j].lstrip("( ")))


def _bare_mark(line: str) -> bool:
    """A voice mark alone on its line ("[PTV Thanh Hoa]", "MC:"): it names who reads on, never a headline."""
    mark = layout.voice_mark(line)
    return mark is not None and not mark[1]


def _headline(doc: _Doc, free: list[int], first: int, hint: str | None) -> list[int]:
    """The headline among the head's lines: the one the hint names; else a programme's own heading; else the last
    line that reads like a headline before the body (menus, site names and banners come first on a page), with a
    kicker in capitals just above it."""
    if hint:
        named = [i for i in free if _same_text(doc.lines[i], hint)]
        if named:
            return named[:1]
    labelled = [i for i in range(first) if TITLE_LABEL.match(doc.lines[i]) and layout.words(doc.lines[i]) >= 4]
    if len(labelled) == 1:  # "Tiêu đề: Công an phường nhắc …": the form it was typed into says which line it is
        return labelled
    candidates = [i for i in free if _looks_like_headline(doc.lines[i]) and not layout.is_menu(doc.cells[i])
                  and not _category_list(doc.lines[i]) and not re.fullmatch(r"\s*\(.*\)\s*", doc.lines[i])
                  and not _credit(doc.lines[i]) and not layout.is_script_note(doc.lines[i])
                  and not any(layout.is_date_banner(c) for c in doc.cells[i])
                  and not _bare_mark(doc.lines[i]) and not _header_row(doc.cells[i])
                  and not _dated_byline(doc.lines[i]) and not _field_line(doc.lines[i])
                  and not any(layout.PLAYER.match(doc.lines[j]) for j in range(max(0, i - 2), i))]  # a video's title
    if not candidates:
        if first < len(doc.lines) and doc.free(first) and _question_headline(doc, first):
            return [first]
        return []
    unsigned = [i for i in candidates if not _looks_like_byline(doc.lines[i])]
    candidates = unsigned or candidates  # "HỮU PHÚC (Vĩnh Long)" under the headline signs it
    programme = [i for i in candidates if layout.is_programme_heading(doc.lines[i]) or layout.is_column_name(
        doc.lines[i])]
    own = [j for j in candidates if programme and j > programme[0] and layout.words(doc.lines[j]) >= 4
           and (not layout.is_programme_heading(doc.lines[j]) or _format_and_topic(doc.lines[j]))
           and not ISSUE_LINE.search(doc.lines[j]) and not BYLINE_OPENERS.match(doc.lines[j])]
    asks = not own and first < len(doc.lines) and doc.free(first) and _question_headline(doc, first)
    if programme and asks and layout.is_column_name(doc.lines[programme[0]]):
        doc.skip(programme[0], "section_label", GUESS)  # "CHUYÊN MỤC HỎI – ĐÁP", then the item's question
        return [first]
    if programme and own and layout.is_column_name(doc.lines[programme[0]]):
        column, programme = programme[0], []
        doc.skip(column, "section_label", GUESS)  # the column's name above the item's own headline
        candidates = [j for j in candidates if j > column]
    if programme:
        for j in candidates:  # a script's topic lines under its heading are read
            if j > programme[0]:
                doc.read(j, "narrator", "subheading", GUESS)
        return programme[:1]
    paper = next((i for i in range(first) if layout.STAFF_PAPER.match(doc.lines[i])), None)
    under = [i for i in candidates if paper is not None and paper < i <= paper + 2]
    if under:  # "KỊCH BẢN TỌA ĐÀM" over "“CHĂN NUÔI AN TOÀN SINH HỌC …”": the sheet's name, then the programme's
        return under[:1]
    numbered = [i for i in candidates if NUMBERED_HEADING.match(doc.lines[i])]
    if numbered and (earlier := [i for i in candidates if i < numbered[0]]):
        for j in numbered:  # "I. Thời gian và phạm vi ảnh hưởng": the body's first part opens under the headline
            doc.read(j, "narrator", "subheading", GUESS)
        candidates = earlier
    full = [i for i in candidates if layout.words(doc.lines[i]) >= 4]
    best = (full or candidates)[-1]
    title = [best]
    kicker = best - 1
    if kicker in candidates and layout.is_upper(doc.lines[kicker]) and layout.words(doc.lines[kicker]) <= 12 and not (
            layout.is_section_label(doc.lines[kicker].split(" - ")[0])):
        title.insert(0, kicker)
    if best + 1 < len(doc.lines) and doc.free(best + 1) and layout.SUBJECT.match(doc.lines[best + 1]):
        title.append(best + 1)
    return title


def _field_line(line: str) -> bool:
    """"Thiết kế: Hải Yến", "Thời gian lấy ý kiến: 11/10/2027 - 10/11/2027": a page's field and its value (a name, a
    short dated value), not a headline ("Trực tiếp: Hơn 14.000 thí sinh bước vào …" is one)."""
    label = split_label(line)
    if not label or layout.words(label[0]) > 5 or not label[1]:
        return False
    value = label[1]
    return _name_only(value) or bool(re.search(r"\b\d{1,2}/\d{1,2}\b", value)) and layout.words(value) <= 10


def _dated_byline(line: str) -> bool:
    """"Thanh Hà  •  3 giờ trước": who wrote it and how long ago, under a mobile page's headline."""
    match = RELATIVE_TIME.match(line.strip())
    return bool(match and _looks_like_byline(match.group(1)))


def _header_row(cells: list[str]) -> bool:
    """A table's row of column names ("NỘI DUNG | LỜI DẪN – LỜI THOẠI"), not a headline split by a tab."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(layout.words(c) <= 5 and not layout.ends_sentence(c) for c in filled)


# "Số 21 – phát 17h15 thứ Năm", "Kỳ 12 – …": which issue of a column and when it airs, not the item's headline.
ISSUE_LINE = re.compile(r"^\W*(?:số|kỳ|kì)\s+\d|\b\d{1,2}\s*[h:g]\s*\d{2}\b|"
                        r"^\W*(?:kỳ|kì|số|chủ\s+đề|đề\s+tài|nội\s+dung|thời\s+lượng|phát)\b[^:]{0,30}:", re.IGNORECASE)


def _category_list(line: str) -> bool:
    """"Hoạt động hội, Tin tức": the categories a blog files the post under, not its headline."""
    items = [x.strip() for x in re.split(r"\s*[,|·]\s*", line) if x.strip()]
    return len(items) >= 2 and all(layout.words(x) <= 4 for x in items) and any(
        layout.is_section_label(x) for x in items)


def _looks_like_headline(line: str) -> bool:
    n = layout.words(line)
    return (2 <= n <= 45 and not line.rstrip().endswith((".", ":", ";", ",")) and layout.sentences(line) == 1
            and not layout.is_section_label(line) and not layout.is_chrome(line) and not layout.is_footer(line)
            and not layout.is_breadcrumbs(line) and not layout.is_issuer(line) and not _signer_name(line)
            and not layout.is_date_banner(line) and not REPORTER_LABEL.match(line) and not ANSWER_LABEL.match(line)
            and not LISTENER_ASKS.match(line))


def _question_headline(doc: _Doc, i: int) -> bool:
    """A headline that asks or exclaims, directly followed by running text."""
    line = doc.lines[i]
    following = [j for j in range(i + 1, len(doc.lines)) if doc.free(j)]
    return (line.rstrip().endswith(("?", "!")) and layout.sentences(line) == 1 and layout.words(line) <= 30
            and bool(following) and layout.is_prose(doc.lines[following[0]]) and not QUESTION_CUES.search(line)
            and not REPORTER_LABEL.match(line) and not LISTENER_ASKS.match(line))


# --- the tail: the sign-off, then page furniture and other stories ------------------------------------------------


def _last_body(doc: _Doc, first: int, notice: bool) -> tuple[int, int]:
    """(last line of the body, first line of what follows the article: share bars, other stories, footer). A
    notice's body runs to its recipients and signature, schedules and lists included."""
    n = len(doc.lines)
    prose = [i for i in range(first, n) if doc.free(i) and layout.is_prose(doc.lines[i])
             and not layout.is_footer(doc.lines[i])]
    total = sum(layout.words(doc.lines[i]) for i in prose)
    seen, end = 0, n
    prose_set = set(prose)
    for i in range(first, n):
        if i in prose_set:
            seen += layout.words(doc.lines[i])
        decided = doc.decided.get(i)
        separator = bool(re.match(r"^[\W\d_]+$", doc.lines[i]))  # "* * *" between parts of a feature
        marker = (isinstance(decided, Skip) and decided.reason in ("related", "chrome") and not separator
                  and not layout.is_related_link(doc.lines[i]) and i not in doc.boxes) or (
            doc.free(i) and (layout.is_footer(doc.lines[i]) and not layout.is_prose(doc.lines[i]))
            and not _contact_chain(doc, i))
        if marker and seen >= 0.7 * total and i > first:
            end = i
            break
    inside = [i for i in prose if i < end]
    last = max(inside) if inside else n - 1  # a short text without running sentences is all body
    if notice:
        footer = [i for i, d in doc.decided.items() if i > last and isinstance(d, Skip)
                  and d.reason in ("recipients", "signature")]
        before = [i for i in range(last + 1, min(footer, default=end))
                  if doc.free(i) and not _signer_name(doc.lines[i])]
        last = max([last, *before])
    # Labelled turns and list items after the last sentence still belong to the body.
    for i in range(last + 1, end):
        line = doc.lines[i]
        if doc.free(i) and _credit(line):
            continue
        table_row = len(doc.cells[i]) >= 2 and not layout.is_menu(doc.cells[i])
        lead_in = line.rstrip().endswith((":", "：")) and layout.words(line) >= 5
        contact = CONTACT.match(line) is not None and _contact_chain(doc, i)
        if doc.free(i) and (lead_in or contact):
            last = i
            continue
        if doc.free(i) and (table_row or layout.voice_mark(line) or REPORTER_LABEL.match(line)
                            or REPORTER_DASH.match(line)
                            or ANSWER_LABEL.match(line) or _person_label(line) or _thanks_to_guest(line)
                            or LIST_ITEM.match(line) and not _looks_like_byline(line)):
            last = i
        elif doc.free(i) and not _looks_like_byline(line) and not layout.is_footer(line):
            continue
    return last, end


def _name_only(line: str) -> bool:
    """A person's name alone on a line ("Thu Hà", "(Kim Ngân)"), not a place ("Xóm Nà Mạ")."""
    text = line.strip(" ().")
    return bool(NAME_ONLY.match(text)) and 2 <= layout.words(text) <= 4 and text.split()[0].lower() not in NOT_NAMES


_CREW = (r"kỹ\s+thuật(?:\s+viên)?(?:\s+âm\s+thanh)?|ktv|phát\s+thanh\s+viên|ptv(?:\s+tiếng\s+\w+)?|giọng\s+đọc|"
         r"người\s+đọc|đọc|(?:bản\s+|người\s+|biên\s+)?dịch(?:\s+(?:sang\s+)?tiếng\s+\w+)?|"
         r"âm\s+thanh|dựng(?:\s+chương\s+trình)?|dẫn(?:\s+chương\s+trình)?|mc|kt|bt")
_CREDITED = rf"(?i:{_CREW}|biên\s+tập(?:\s+viên)?|btv|pv|phóng\s+viên|thực\s+hiện|duyệt|người\s+duyệt|tin|bài)"

# Where one credit ends and the next begins: "|", ";", or a space before the next label ("PTV: Hồng Nhung – Kỹ thuật:
# A Khoa"). "Người đọc:", "Giọng đọc:", "Bản dịch:" are one label each: their "đọc", "dịch" open no second credit.
_INSIDE_LABEL = "".join(f"(?<!(?i:{w}))" for w in ("người", "giọng", "bản", "biên"))
CREDITS_APART = re.compile(rf"\s*[|;]\s*|{_INSIDE_LABEL}\s+(?:[–—/-]\s+)?(?={_CREDITED}\s*[:：])")


def _crew(line: str) -> bool:
    """"Kỹ thuật: Lục Văn Tài", "PTV: Hồng Nhung, Minh Quân – Kỹ thuật: A Khoa": the crew who made the
    programme, named for the record; not a byline read on air."""
    if ":" not in line and "：" not in line:
        return False  # every credit has its label (most lines have none: a cheap way out)
    text = line.strip()
    text = text[1:-1] if text.startswith("(") and text.endswith(")") else text  # "(Kỹ thuật: Lục Văn Tài)"
    parts = CREDITS_APART.split(text)
    labelled = [re.match(rf"^\W*({_CREDITED})\s*[:：]\s*(\S.*)$", part) for part in parts]
    if not labelled or not all(labelled):
        return False
    if not any(re.fullmatch(rf"(?i:{_CREW})", m.group(1)) for m in labelled if m):
        return False
    # who each one is may follow in brackets or after a comma: "Kim Ngân (bà Tám)", "Vừ A Dình, công chức …"
    values = [re.sub(r"\s*\([^()]*\)", "", m.group(2)).strip(" .") for m in labelled if m]
    names = [n for v in values if not (len(labelled) == 1 and v.count(",") == 1 and layout.words(v) <= 14 and (
        person := parse_person(v)) and not titled(v) and person.title)
             for n in re.split(r"\s*,\s*|\s+và\s+|\s+[–—-]\s+", v)]
    return all(_name_only(n) or re.fullmatch(rf"{NAME_WORD}", n) for n in names)


def _credit(line: str) -> bool:
    """"Bài và ảnh: Văn Tùng", "Theo Báo Nam Định", "Phóng viên: Đỗ Quang Vinh": who wrote it, not a turn."""
    opener = BYLINE_OPENERS.match(line)
    if not opener or layout.words(line) > 16 or line.rstrip().endswith(("?", "!")):
        return False
    rest = line[opener.end():].strip(" :：")
    lower = [w for w in rest.split() if w[:1].islower() and w not in ("và", "-", "–")]
    return line.lower().lstrip(" (").startswith(("theo", "nguồn", "nhóm phóng viên", "nhóm pv")) or (
        len(lower) <= 1 and bool(rest))


def _byline_person(line: str) -> Person:
    """Who signs: the name before an office ("Minh Tuấn – Đài truyền thanh xã"), or the whole credit line."""
    text = line.strip().strip("()")
    if _credit(text):
        return Person(text, None)
    pieces = re.split(r"\s*[–—]\s*|\s+-\s+|\s*\(|,\s*", text, maxsplit=1)
    office = pieces[1].strip(" )") if len(pieces) > 1 else ""
    return Person(pieces[0].strip(), office or None)


def _contact_chain(doc: _Doc, i: int) -> bool:
    """An address or phone line under "… vui lòng liên hệ:": meant for listeners, not the site's footer."""
    j = i - 1
    while j >= 0 and j >= i - 6 and CONTACT.match(doc.lines[j]):
        j -= 1
    return j >= 0 and bool(re.search(r"liên\s+hệ[^:：]{0,40}[:：]\s*$", doc.lines[j], re.IGNORECASE))


def _report_ends(doc: _Doc, i: int) -> bool:
    """Nothing of the report follows line i: the document ends, or music, a page number or the next item comes."""
    nxt = doc.lines[i + 1] if i + 1 < len(doc.lines) else ""
    return not nxt or layout.is_cue(nxt) or layout.is_page_mark(nxt) or bool(layout.voice_mark(nxt)) or (
        not layout.ends_sentence(nxt) and layout.words(nxt) <= 16)


def _format_and_topic(line: str) -> bool:
    """"Tọa đàm: Phòng bệnh hô hấp cho trẻ khi trời trở rét": an item's own headline, its format before the topic;
    under a column's name ("CHUYÊN MỤC SỨC KHỎE CỘNG ĐỒNG") it is what the listener hears as the title."""
    head, colon, topic = line.partition(":")
    return bool(colon) and layout.words(head) <= 3 and layout.words(topic) >= 4 and not layout.is_column_name(line)


def _looks_like_byline(line: str) -> bool:
    """The sign-off: "Mai Hoa", "Thu Trang - Trung tâm VH-TT huyện", "Theo Báo Nam Định", "PV", "(Kim Ngân)",
    "TS. Phan Đình Khuê (*)" (the star points to the author's note at the foot)."""
    text = re.sub(r"\s*\(\*+\)\s*$", "", line.strip())
    if text != line.strip() and (parse_person(text) or starts_with_person(text)):
        return True
    if layout.words(text) > 16 or text.endswith(("?", "!", ":")) or layout.is_signature(text):
        return False
    if layout.is_programme_heading(text) or layout.is_column_name(text):
        return False  # "BÀI PHÁT THANH", "CHUYÊN MỤC KHUYẾN NÔNG": a script's heading, not a name in capitals
    names = re.sub(r"\s*\d{1,2}/\d{1,2}/\d{2,4}(?:\s*[-|,]?\s*\d{1,2}:\d{2})?\s*$", "", text)  # "… 29/11/2026 16:45"
    parts = [p for p in re.split(r"\s+[-–—]\s+|\s*,\s*", names) if p]
    if layout.is_upper(names) and len(parts) >= 2 and all(2 <= layout.words(p) <= 3 for p in parts) and not (
            layout.is_issuer(names)):
        return True  # "PHAN MINH - ĐOÀN CƯỜNG": the reporters, in capitals under the headline
    if re.match(rf"^(?i:{_HONORIFIC_START})\s+(?-i:[{UPPER}])", text) and not _credit(text):
        return False  # "Anh Vũ Đức Mạnh" alone: a portrait's caption, not who wrote the story
    if _credit(text) or re.fullmatch(r"\(?\s*(?:pv|ctv|bbt|btv|nhóm\s+pv|ban\s+biên\s+tập)\s*\)?\.?", text,
                                                   re.I):
        return True
    core = re.sub(r"\s*\((?:thực\s+hiện|tổng\s+hợp|ghi)\)$|\s+(?:thực\s+hiện|tổng\s+hợp|ghi)$", "", text, flags=re.I)
    core = re.sub(r"\s*\([^)]{2,40}\)\s*$", "", core)  # "Hồng Nhung (TTXVN)"
    if _name_only(core):
        return True
    if layout.is_upper(core) and 2 <= layout.words(core) <= 4 and not layout.is_issuer(core):
        return True
    head = re.split(r"\s*[–—-]\s*|\s*/\s*|,\s*", core, maxsplit=1)
    if len(head) == 2 and _name_only(head[0]) and (
            MEDIA_WORDS.search(head[1]) or layout.words(head[1]) <= 6):
        return True
    if ORGANISATION.match(text) and layout.words(text) <= 14 and not layout.ends_sentence(text):
        return True  # "Phòng Kỹ thuật - Trung tâm Khuyến nông": an office signs the advice
    person = parse_person(text)
    return bool(person and (person.title is None or MEDIA_WORDS.search(person.title)))


def _tail(doc: _Doc, last: int, end: int) -> None:
    """After the body: sign-offs are read; a station's closing words are read; the rest is not."""
    n = len(doc.lines)
    for i in range(last + 1, n):
        if not doc.free(i):
            continue
        line = doc.lines[i]
        names = len(doc.cells[i]) >= 2 and all(_name_only(c) for c in doc.cells[i])
        if layout.is_upper(line) and layout.is_signature(line):
            doc.skip(i, "signature", LIKELY)
        elif names or i < end and _looks_like_byline(line) or i >= end and _credit(line) and i <= end + 2:
            doc.read(i, "byline", "byline", LIKELY)
        elif STATION_LEAD.match(line) and layout.is_prose(line):
            doc.read(i, "narrator", "station_closing", LIKELY)
        elif (mark := layout.voice_mark(line)) and mark[1] and (
                CLOSING.search(mark[1]) or TO_LISTENERS.search(mark[1])):  # "MC1: Bà con thân mến! … kết thúc."
            doc.read(i, "narrator", "closing", LIKELY, text=mark[1])
        elif i >= end:
            doc.skip(i, "related" if _after_related(doc, i) else "chrome", LIKELY)
        elif layout.is_footer(line) or layout.is_chrome(line):
            doc.skip(i, "chrome", LIKELY)
        elif layout.ends_sentence(line):
            doc.read(i, "narrator", "closing", GUESS)
        else:
            doc.skip(i, "related" if _after_related(doc, i) else "chrome", GUESS)


def _after_related(doc: _Doc, i: int) -> bool:
    return any(isinstance(d, Skip) and d.reason == "related" for j, d in doc.decided.items() if j < i)


# --- the body: turns of speech ------------------------------------------------------------------------------------


@dataclass
class _Turns:
    """Who is speaking as the body is read from top to bottom."""

    speaker: Person | None = None  # the interviewee whose answer is running
    last_official: Person | None = None
    lead: Person | None = None  # the interviewee the lead names
    interview: bool = False
    opens_at: int = -1  # the first question, when the questions are found before the body is read
    voice: str | None = None  # the role a radio script's voice mark gave
    quote: bool = False  # the previous line introduced a narrated quote
    guests: bool = False  # someone answers in this document: a host's lines are questions
    related: bool = False  # a box of other stories opened in the middle of the article
    mentioned: Person | None = None  # the last person the narration named in full: a portrait's interviewee
    lyrics: bool = False  # the words of a song that is played, not read
    people: dict[str, Person] = field(default_factory=dict)
    answerer: Person | None = None  # who answers a Q&A when its "Trả lời:" names no one
    signer: Person | None = None  # the office signing under the last answer: it answered them all
    asking: bool = False  # a reporter's label stood alone: the reporter speaks until a question is put
    tape_open: bool = False  # "Băng:" stood alone: the next line may name who speaks on the tape
    taped: bool = False  # a quote under a tape cue is running (until the next cue)
    tape_who: Person | None = None  # the voice a tape cue named
    tape_lines: list[int] = field(default_factory=list)  # the running tape's lines
    tape_closed: bool = True  # the running tape's last line closed its quote
    tape_to_cue: bool = True  # the running tape runs to a cue (or its closing quote), not one paragraph
    aliases: dict[str, Person] = field(default_factory=dict)  # "km1" -> the guest the head names
    hosts: dict[str, str] = field(default_factory=dict)  # "Khánh Linh" -> "host": a presenter named in the credits
    initials: dict[str, Person] = field(default_factory=dict)  # "NVH" -> Nguyễn Văn Hòa, introduced in full
    host_leads: bool = False  # the running voice mark is a host who leads a talk with guests
    askers: set[str] = field(default_factory=set)  # the host marks that put a question somewhere in the document

    def know(self, person: Person) -> Person:
        """The full name for a short label ("Ông Thọ:" after "Ông Lê Đình Thọ – Chủ tịch …")."""
        words = person.name.split()
        if len(words) == 1:
            for known in self.people.values():
                if known.name.split()[-1] == words[0]:
                    return known
        # "Phó Chủ tịch UBND xã:" after "Đồng chí Lò Văn Sơn – Phó Chủ tịch UBND xã Chiềng Nưa:": the one person
        # named with that title
        titled = [known for known in self.people.values() if len(words) >= 2 and known.title and
                  known.title.lower().startswith(person.name.lower())]
        if len(titled) == 1:
            return titled[0]
        self.people.setdefault(person.name, person)
        return person

    def who(self) -> Person | None:
        return self.speaker or self.last_official or self.lead or self.mentioned


# "(Bảo hiểm xã hội huyện trả lời)", "(Phòng Tư pháp xã giải đáp)": the office that answers, named once, on a line
# of its own (fullmatch) or at the foot of an answer (search).
ANSWERED_AT_END = re.compile(r"\s*\(\s*([A-ZĐ][^()]{2,100}?)\s+(?:trả\s+lời|giải\s+đáp|tư\s+vấn)\s*\)\s*\.?\s*$")
ANSWERED_BY = re.compile(r"^\W*(?:cơ\s+quan|đơn\s+vị|người)\s+trả\s+lời\s*[:：]\s*(\S.{2,120})$", re.IGNORECASE)
_INSTITUTION = (r"(?:Ban\s+biên\s+tập|Phòng|Sở|Ban|Trung\s+tâm|Chi\s+cục|Cục|Công\s+an|Bảo\s+hiểm\s+xã\s+hội|Hội|"
                r"Ủy\s+ban\s+nhân\s+dân|UBND|Tòa\s+án|Viện\s+kiểm\s+sát)")
INSTITUTION = re.compile(rf"^{_INSTITUTION}\b")
# "Ban biên tập nhận được …", "Phòng Tư pháp huyện biên soạn …": the body that answers a Q&A column.
ANSWERING_BODY = re.compile(
    # "Bảo hiểm xã hội cơ sở Tân Hòa (thuộc Bảo hiểm xã hội khu vực XXII) trả lời": the office, then where it belongs
    rf"\b({_INSTITUTION}(?:\s+(?!(?:đã|có|sẽ|đang|vừa|được|văn|bản)\b)[^\s,.;:()]+){{0,8}}?)(?:\s*\([^()]{{1,80}}\))?\s+(?:đã\s+)?"
    r"(?:có\s+văn\s+bản\s+)?"
    r"(?:nhận\s+được|biên\s+soạn|xin\s+(?:trả\s+lời|giải\s+đáp)|trả\s+lời|giải\s+đáp)\b")
# "Phòng Tư pháp huyện trả lời như sau:": an office says it answers (the office is group 1)
_OFFICE_SAYS = (rf"({_INSTITUTION}(?:\s+[^\s,.;:()]+){{0,10}}?)\s+(?:xin\s+)?(?:trả\s+lời|giải\s+đáp)"
                r"(?:\s+như\s+sau)?\s*[:：]")
OFFICE_ANSWERS = re.compile(rf"^\W*{_OFFICE_SAYS}\s*")  # on its own line, or opening the answer
OFFICE_NAMED = re.compile(rf"(?:^|[,;.]\s+){_OFFICE_SAYS}")  # inside the answer's first sentence
# "… bác sĩ Lương Thị Hạnh, Trung tâm Y tế huyện, trả lời": the introduction names who answers.
_EXPERT_TITLE = r"luật\s+gia|luật\s+sư|bác\s+sĩ|thạc\s+sĩ|tiến\s+sĩ|kỹ\s+sư|chuyên\s+gia|trợ\s+giúp\s+viên\s+pháp\s+lý"
EXPERT_ANSWERS = re.compile(
    rf"\b(?i:{_EXPERT_TITLE}|dược\s+sĩ)"
    r"(?:\s+(?i:chuyên\s+khoa)\s+(?:I{1,2}|[12])|\s+CKI{1,2})?\s+"
    rf"(?P<name>[{UPPER}][^\W\d_]*(?:\s+[{UPPER}][^\W\d_]*){{1,4}})(?=.{{0,140}}\b(?i:trả\s+lời|giải\s+đáp|tư\s+vấn)\b)")
EXPERT = re.compile(rf"^\W*(?i:{_EXPERT_TITLE}|ls\.|bs\.|ths\.|ts\.|trợ\s+giúp\s+viên\s+pháp\s+lý)\s")


def _answerer(doc: _Doc, first: int, last: int, signer: Person | None) -> Person | None:
    """Who answers a Q&A whose "Trả lời:" lines name no one: the answering office a portal names in its own
    field, the expert who signs at the foot, or the office the introduction says compiled the answers."""
    for line in doc.lines:
        field_ = ANSWERED_BY.match(line.replace("\t", " ")) or ANSWERED_AT_END.search(line)
        if field_:
            return Person(field_.group(1).strip(" .\t"), None)
    for line in doc.lines[last + 1:]:
        if EXPERT.match(line):
            person = parse_person(line) or starts_with_person(line)
            if person:
                return Person(person.name, None)
    if signer:
        return signer
    for line in doc.lines[first:last + 1]:
        if ANSWER_LABEL.match(line):
            break
        expert = EXPERT_ANSWERS.search(line)
        if expert:
            return Person(expert.group("name"), None)
        body = ANSWERING_BODY.search(line)
        if body:
            return Person(body.group(1), None)
    return None


def _office_signing(doc: _Doc, first: int) -> Person | None:
    """"CÔNG AN XÃ ÂN THI" in capitals under the last answer: the office that answered signs the column."""
    answers = [i for i in range(first, len(doc.lines)) if ANSWER_LABEL.match(doc.lines[i])]
    for i in range(answers[-1] + 1 if answers else len(doc.lines), len(doc.lines)):
        line = doc.lines[i].strip()
        if layout.is_upper(line) and layout.words(line) <= 10 and INSTITUTION.match(line[:1] + line[1:].lower()):
            return Person(line.title(), None)
    return None


def _guest_keys(line: str) -> list[tuple[str, str]]:
    """(key, name) for each guest a credit keys: "Khách mời: Bà X (KM)", "Khách mời (KM): bà X, …"."""
    after, before = GUEST_KEYED.match(line), GUEST_KEY_FIRST.search(line)
    return [*([(after.group(2), after.group(1))] if after else []),
            *([(before.group(1), before.group(2))] if before else [])]


def _presenters(head: list[str]) -> dict[str, str]:
    """The presenters (and a reporter) a script's credits name ("Dẫn chương trình: Nguyễn Khánh Linh, Trần Đức Anh –
    Thời lượng …", "Dẫn: H’ Hằng Byă  /  PV: Y Bhim Niê"), by the names their lines are marked with ("Khánh Linh:",
    "Hằng:", "Y Bhim:"), and the voice each mark chooses: they read narration."""
    hosts: dict[str, str] = {}
    for line in head:
        credits = list(CREDITED_HOSTS.finditer(line))  # also after a running time: "Thời lượng: 30 phút. Dẫn: …"
        for n, credit in enumerate(credits):
            end = credits[n + 1].start() if n + 1 < len(credits) else len(line)
            names = re.sub(r"\([^()]*\)", "", line[credit.end():end])
            kind = "announcer" if re.match(r"(?i)pv|phóng", credit.group("mark")) else (
                layout.voice_mark(credit.group("mark")) or ("announcer", ""))[0]
            names = re.split(r"\s[A-ZĐ]{2,4}\s*[:：]", names)[0]  # "BT: Thu Trang   KT: Vũ Đức Mạnh"
            for part in NAMES_APART.split(names):
                words = part.split()
                if 2 <= len(words) <= 4 and _name_only(part):
                    for key in _name_keys(words):
                        hosts[key] = kind
    return hosts


PLAY_WORDS = re.compile(r"\b(?:tiểu\s+phẩm|kịch(?!\s+bản)|nhân\s+vật|sân\s+khấu)\b", re.IGNORECASE)
GIVEN_MARK = re.compile(rf"^\s*([{UPPER}](?:[{LOWER}]+|[{UPPER}]+))\s*[:：]\s*\S")  # "Hà:", "MINH:"


def _given_name_marks(lines: list[str]) -> set[str]:
    """Two announcers marked only by their given names ("Hà: Đây là Đài …", "Tuấn: Hôm nay …"), each more than once:
    the script's voice marks, read as narration and never aloud."""
    counts: dict[str, int] = {}
    spellings: dict[str, set[str]] = {}
    hosts: set[str] = set()
    for line in lines:
        mark = GIVEN_MARK.match(line)
        if mark and mark.group(1).lower() not in NOT_NAMES and not BARE_LABEL.fullmatch(mark.group(1)) and not (
                layout.voice_mark(line) or layout.is_script_note(line) or layout.editor_note(line)[0]):
            key = unaccented(mark.group(1).lower())  # "Thao:" once among the "Thảo:" lines is the same announcer
            counts[key] = counts.get(key, 0) + 1
            spellings.setdefault(key, set()).add(mark.group(1))
            if STATION_SPEAKS.search(line) or CLOSING.search(line):
                hosts.add(key)
    # a name in capitals ("MINH:") may be a guest's ("NVH:", "ÔNG TÁM:"): it marks an announcer only if it speaks for
    # the station somewhere ("Đài Truyền thanh xã … xin kính chào bà con!", "… đến đây là kết thúc")
    keys = [key for key, n in counts.items()
            if n >= 2 and (key in hosts or any(not s.isupper() for s in spellings[key]))]
    return {name for key in keys for name in spellings[key]} if len(keys) >= 2 else set()


def _name_keys(words: list[str]) -> set[str]:
    """How a script marks a person it credits in full: the given name ("Khánh Linh" of "Nguyễn Khánh Linh", "Linh"),
    or the first words of a Central Highlands name ("Y Bhim" of "Y Bhim Niê", "Hằng" of "H’ Hằng Byă")."""
    keys = {" ".join(words[-2:]), " ".join(words[:2]), words[-1]}  # "Hương:" for "Thu Hương"
    if re.fullmatch(r"[YH]['’]?|K['’]|A", words[0]) and len(words) >= 3:
        keys.add(words[1])
    return {k for k in keys if k not in _PARTICLES and k.lower() not in NOT_NAMES}


_PARTICLES = {"Thị", "Văn", "Hữu", "Đình", "Bá", "A", "Y", "H’", "H'"}  # never a given name alone


CREDITED_HOSTS = re.compile(r"(?:^|[.;–—/]\s*)\W*(?P<mark>(?i:dẫn\s+chương\s+trình|dẫn|mc|ptv|btv|bt|biên\s+tập|"
                            r"người\s+dẫn|người\s+đọc|pv|phóng\s+viên)\s*[:：])")


def _skipped_as(doc: _Doc, i: int, reason: str) -> bool:
    decided = doc.decided.get(i)
    return isinstance(decided, Skip) and decided.reason == reason


def _titled_once(lines: list[str]) -> dict[str, Person]:
    """Alias keys ("bs", "ls", …) for the titles under which the document names exactly one person."""
    keys: dict[str, Person] = {}
    text = " ".join(lines)
    for key, title in TITLES.items():
        found = re.finditer(rf"\b(?i:{title})(?:CKI{{1,2}}|CK[12])?\.?(?:\s+(?:CKI{{1,2}}|CK\s*[12]|"
                            rf"(?i:chuyên\s+khoa)\s+I{{1,2}}))?\s+({NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})", text)
        names = {m.group(1) for m in found if m.group(1).split()[0].lower() not in NOT_NAMES}
        if len(names) == 1:
            keys[key] = Person(names.pop(), None)
    return keys


INTRODUCED = re.compile(rf"\b(?i:ông|bà|anh|chị|bác\s+sĩ|bs\.?|luật\s+sư|ls\.?|đồng\s+chí|thầy|cô|kỹ\s+sư)\s+"
                        rf"({NAME_WORD}(?:\s+{NAME_WORD}){{1,4}})")


def _initials(lines: list[str]) -> dict[str, Person]:
    """Guests introduced in full, by their initials ("NVH" for ông Nguyễn Văn Hòa): transcripts label turns so.
    Initials two people share name neither."""
    found: dict[str, set[str]] = {}
    for line in lines:
        for match in INTRODUCED.finditer(line):
            name = match.group(1)
            found.setdefault("".join(word[0] for word in name.split()).upper(), set()).add(name)
    return {key: Person(next(iter(names)), None) for key, names in found.items() if len(names) == 1 and len(key) >= 2}


GUESTS_INTRODUCED = re.compile(r"\bkhách\s+mời\b|\btham\s+gia\b|\bgiới\s+thiệu\b|\btrường\s+quay\b|\bphòng\s+thu\b",
                               re.IGNORECASE)


def _number_guests(lines: list[str], turns: _Turns) -> None:
    """"Khách mời 1:", "KM 2:" that no key defines: the guests in the order the host introduced them."""
    numbered = (re.match(r"^\W*(?i:km|khách\s+mời|khách)\s*(\d)\s*[:：]", line) for line in lines)
    numbers = {int(m.group(1)) for m in numbered if m}
    if not numbers or any(f"km{n}" in turns.aliases for n in numbers):
        return
    guests = list(dict.fromkeys(m.group(1) for line in lines if GUESTS_INTRODUCED.search(line)
                                for m in INTRODUCED.finditer(line)
                                if not any(m.group(1).endswith(host) for host in turns.hosts)))
    for n in numbers:
        if n <= len(guests):
            person = turns.know(Person(guests[n - 1], None))
            for key in ("km", "kháchmời", "khách", "k"):
                turns.aliases.setdefault(f"{key}{n}", person)


def _mark_key(line: str, rest: str) -> str:
    """"BTV Minh Thư: Kính thưa …" -> "btv minh thư": the mark itself, to tell one host from another."""
    mark = line.rstrip()[:len(line.rstrip()) - len(rest)]
    return " ".join(re.sub(r"[^\w\s]", " ", mark.lower()).split())


TO_LISTENERS = re.compile(r"\b(?:quý\s+vị|thính\s+giả|bà\s+con|các\s+bạn)\b", re.IGNORECASE)


TO_GUEST = re.compile(r"\?\s*[”\"]?\s*$|^\W*(?:a\s*lô\W+|alo\W+)?(?:em\s+)?"
                      r"(?:xin\s+chào|kính\s+chào|chào|thưa|xin\s+mời|mời|xin)\s+"  # "Xin cô Xuyến một lời nhắn …"
                      r"(?:ông|bà(?!\s+con)|anh|chị|bác|cô|chú|đồng\s+chí|bác\s+sĩ|luật\s+sư)\b", re.IGNORECASE)


# a host passing on a listener's question or taking a call: the talk with the guests goes on
RELAYS_QUESTION = re.compile(r"\b(?:muốn\s+hỏi|câu\s+hỏi\s+(?:của|từ|gửi)|cuộc\s+gọi|mời\s+thính\s+giả)\b",
                             re.IGNORECASE)
THANKS = re.compile(r"^\W*(?:(?:vâng|dạ)\W+)?(?:xin\s+)?(?:chân\s+thành\s+)?cảm\s+ơn\s+(?!quý\s+vị|bà\s+con|các\s+bạn)",
                    re.IGNORECASE)


def _turns_to_guest(words: str) -> bool:
    """A host's words that ask, greet or thank a guest or pass on a question, not those closing the programme."""
    if CLOSING.search(words) or _to_listeners(words):
        return False
    return bool(TO_GUEST.search(words) or RELAYS_QUESTION.search(words) or THANKS.match(words)) or _asks_someone(words)


def _to_listeners(words: str) -> bool:
    """A host greeting the listeners or closing the programme ("Thưa quý vị, tham gia tọa đàm hôm nay có …")
    speaks for the station, in the announcer's voice; a host turning to a guest asks."""
    opening = re.split(r"(?<=[.!?])\s", words, maxsplit=1)[0]
    return bool(TO_LISTENERS.search(opening)) and "?" not in words


def _asking_marks(lines: list[str], cells: list[list[str]]) -> set[str]:
    """The host marks whose parts put a question or hand over to a guest: the host leads the talk.

    A programme's news reader (BTV) with an interview elsewhere, done by a reporter, asks nothing and stays the
    announcer's voice."""
    askers: set[str] = set()
    key = None
    for line, row in zip(lines, cells, strict=True):
        mark = layout.voice_mark(line)
        if mark is None and _voice_cell_row(row):  # "BTV | Thưa bác sĩ …": a table script's voice cell
            mark = (layout.voice_mark_cell(row[0]) or "announcer", line[len(row[0].strip()):].strip())
        if mark:
            key = _mark_key(line, mark[1])
        elif _person_label(line) or ALIAS_LABEL.match(line) or REPORTER_LABEL.match(line):
            if key and not REPORTER_LABEL.match(line):
                askers.add(key)  # the host hands over to a guest: it leads the talk
            key = None
        if key and "?" in (mark[1] if mark else line):
            askers.add(key)
    return askers


def _body(doc: _Doc, first: int, last: int) -> None:
    turns = _Turns()
    turns.guests = any(_person_label(line) or ANSWER_LABEL.match(line) or GUEST_MARK.match(line)
                       for line in doc.lines[first:last + 1])
    turns.signer = _office_signing(doc, first)
    turns.answerer = _answerer(doc, first, last, turns.signer)
    asked = [i for i in range(first, last + 1) if doc.free(i) and _asks_someone(doc.lines[i], strict=False)]
    if len(asked) >= 2 and any(_asks_someone(doc.lines[i]) for i in asked) and not turns.guests:
        # Questions put to "chị"/"ông" in bold or italics, their labels lost: an interview from its first question,
        # answered by the person the lead names.
        turns.lead = _named_in_lead(doc, first, asked[0], turns)
        turns.interview = turns.lead is not None
        turns.opens_at = asked[0]  # the lead above the first question is narration, however it is laid out
    turns.hosts = _presenters(doc.lines)
    turns.askers = _asking_marks(doc.lines[first:last + 1], doc.cells[first:last + 1])
    turns.initials = _initials(doc.lines)
    for key, person in _titled_once(doc.lines).items():
        turns.aliases.setdefault(key, turns.know(person))  # "BS:" after "… bác sĩ Võ Thị Kim Loan, Trạm trưởng …"
    for line in doc.lines:
        for key, name in _guest_keys(line):
            guest = parse_person(name) or starts_with_person(name)
            if guest:
                turns.aliases[re.sub(r"\s+", "", key.lower())] = turns.know(guest)
        alias = ALIAS_DEF.match(line)
        named = (parse_person(alias.group(2)) or starts_with_person(alias.group(2))) if alias else None
        if alias and named and not layout.ends_sentence(alias.group(2)):
            turns.aliases[re.sub(r"\s+", "", alias.group(1).lower())] = turns.know(named)
        cast = CAST.match(line)
        for entry in re.split(r"\s*[;,]\s*", cast.group(1)) if cast else ():
            character = re.match(rf"^(?:(?i:{_HONORIFIC_START})\s+)?({NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})",
                                 entry.strip())
            if character and character.group(1).lower() not in NOT_NAMES:
                turns.know(Person(character.group(1), None))
    _number_guests(doc.lines, turns)
    play = doc.play or any(PLAY_WORDS.search(line) for line in doc.lines)
    for name in doc.name_marks:
        credited = [kind for host, kind in turns.hosts.items() if unaccented(host.split()[-1]) == unaccented(name)]
        if credited:  # "Người đọc: Ngọc Thảo – Quang Minh" names them; "Thao:" is a slip of the keyboard
            turns.hosts.setdefault(name, credited[0])
        elif play:
            turns.know(Person(name, None))  # a sketch's characters by given name ("Ngân:", "Khải:") speak as themselves
        elif not any(known.split()[-1] == name for known in turns.people):
            turns.hosts.setdefault(name, "announcer")
    for line in doc.lines[:first]:
        guest = _guest_note(line)
        if guest:
            turns.lead = turns.lead or turns.know(guest)
    for i in range(first, last + 1):
        if doc.free(i):
            _turn(doc, i, turns)
        elif (_skipped_as(doc, i, "section_label") or _skipped_as(doc, i, "instruction")) and doc.script or (
                i in doc.boxes):
            # "III. THÔNG BÁO": a new part of the programme; no answer runs on into it
            turns.speaker = turns.last_official = None
            turns.interview = False
        elif isinstance(doc.decided[i], Skip) and doc.decided[i].reason in ("cue", "related"):  # type: ignore[union-attr]
            if doc.decided[i].reason == "cue":  # type: ignore[union-attr]
                labelled = turns.speaker if i and _skipped_as(doc, i - 1, "speaker_label") else None
                turns.speaker = turns.last_official = None  # music closes a tape: the next voice is named again
                cue = DURATION.sub("", doc.lines[i]).strip(" []")
                # "ĐB Nguyễn Thị Hải Yến (tổ đại biểu số 4):" over "[BĂNG 2 – 0'35'']": the label names the tape
                bare = TAPE_ALONE.match(re.sub(r"\s*\d*\s*(?:[–—-].*)?$", "", cue))
                named = _tape_person(cue) or _voice_in_cue(cue) or (labelled if bare else None)
                turns.tape_open = bool(TAPE_ALONE.match(cue) or named)
                turns.taped = False
                if named:  # "[TRÍCH BĂNG: Bác sĩ Lò Thị Xuyến, Trưởng Trạm Y tế …]": the tape's voice, named
                    turns.tape_who = turns.know(named)
                    if not labelled:  # the cue names who speaks next: it is that voice's label, not music
                        doc.skip(i, "speaker_label", LIKELY)
            turns.quote = False
            turns.lyrics = bool(SONG_PLAYED.search(doc.lines[i])) and not SONG_NOTE.search(doc.lines[i])
            turns.related = doc.decided[i].reason == "related" and not layout.is_related_link(doc.lines[i])  # type: ignore[union-attr]


_SECOND_PERSON = re.compile(rf"\b(?:{_ADDRESSED}|em|chú|anh\s+chị|ông\s+bà)\b", re.IGNORECASE)
_COMMON_MIDDLE = ("Thị", "Văn", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quang", "Xuân", "Hồng", "Kim", "Thu",
                  "Công", "Đình", "Quốc", "Mạnh", "Tuấn", "Bá", "Duy", "Hoàng", "Trọng", "Anh", "Phương", "A", "Y")
_BARE_NAME = re.compile(rf"(?<![{UPPER}{LOWER}])[{UPPER}][{LOWER}]+\s+(?:{'|'.join(_COMMON_MIDDLE)})"
                        rf"(?:\s+[{UPPER}][{LOWER}]+){{1,2}}")


def _asks_someone(line: str, *, strict: bool = True) -> bool:
    """One or two sentences ending in a question mark that address a person: "Chị còn nhớ … không?"."""
    text = line.strip().strip("*_“”\"' ")
    return (text.endswith("?") and layout.words(text) <= 50 and layout.sentences(text) <= 2
            and (not strict or bool(_SECOND_PERSON.search(text))))


def _named_in_lead(doc: _Doc, first: int, end: int, turns: _Turns) -> Person | None:
    """The person the lines before the first question name: with an honorific, or in full ("Triệu Thị Hoa")."""
    for line in doc.lines[first:end]:
        named = MENTION.search(line)
        person = (parse_person(named.group(0)) or starts_with_person(named.group(0))) if named else None
        if person is None and (bare := _BARE_NAME.search(line)):
            person = Person(bare.group(0), None)
        if person:
            return turns.know(person)
    return None


def _guest_note(line: str) -> Person | None:
    """"Khách mời: ông X, Chủ tịch …" in a script's header names who answers."""
    match = re.match(r"^\W*khách\s+mời\s*[:：]\s*(.+)$", line, re.IGNORECASE)
    if not match:
        return None
    phrase = match.group(1).strip(" .")
    return parse_person(phrase) or starts_with_person(phrase)


# What a script's label in capitals may name besides a character: a song, a letter read, an answer.
# also the abbreviations staff type for a notice and its words: "TB KHẨN:", "ND:" (nội dung)
CONTENT_LABEL = re.compile(r"^\W*(?:nd|nội\s+dung)(?:\s+(?:bổ\s+sung|bổ\s+xung|chính|thông\s+báo|tin))?\s*[:：]\s*",
                           re.IGNORECASE)
_FUNCTIONS = {"bài", "ca", "đọc", "trả", "hỏi", "đáp", "lời", "nhạc", "ktv", "phát", "hiệu", "tiếng", "câu", "tb", "nd",
              "nội", "tg"}  # (TG: thính giả, a caller)


def _function_label(name: str) -> bool:
    first = name.split()[0].lower().strip("♫♪►•*-–[(")
    return first in _FUNCTIONS or first in NOT_NAMES


CALLER = re.compile(r"\s*(?i:người\s+gọi|ngừoi\s+gọi|người\s+gọi\s+điện)\s*")  # ("Thính giả:" asks a guest)
REPRESENTATIVE = re.compile(rf"^(?i:đại\s+diện)\s+(?:[{UPPER}]|(?i:ubnd|ủy\s+ban|uỷ\s+ban)\b)")


def _person_label(line: str, *, strict: bool = True) -> tuple[Person, str] | None:
    """("Ông X – chức vụ", rest) when a line opens with a label naming who speaks (not a narrated quote), or a
    character's name in capitals in a short play ("HƯƠNG: Dạ, con chào bà Bảy!")."""
    label = split_label(line)
    if not label:
        return None
    name, rest = label
    if CONTACT_FIELD.search(name):
        return None  # "Lương Thị Diệp – Phòng Biên tập, ĐT: 0912 488 305": a signature's telephone, not a turn
    name = re.sub(r"\s*/\s*(?:mr|ms|mrs|dr)\.?\s.*$", "", name, flags=re.IGNORECASE)  # "Ông X/Mr. X"
    # "Trả lời của ông X – PCT UBND xã:", "Ý kiến của bà Y:": whose answer or opinion follows
    name = re.sub(rf"^(?i:(?:trả|tra)\s+lời|ý\s+kiến)\s+(?i:của\s+)?(?=(?i:{_HONORIFIC_START})\s)", "", name)
    name = re.sub(r"^Ô\.\s*", "Ông ", re.sub(r"^B\.\s*", "Bà ", name))  # "Ô. Hùng:", "B. Lan:"
    shouted = re.match(rf"^((?i:{_HONORIFIC_START}))\.?\s+([{UPPER}]+(?:\s+[{UPPER}]+){{1,4}})$", name)
    if shouted:  # "Ông ĐINH CÔNG THÀNH:": the name set in capitals
        return Person(shouted.group(2).title(), None), rest
    if OFFICE_LABEL.match(name) and layout.words(name) <= 8 and not layout.is_upper(name):
        # "Trưởng thôn Vi Văn Khánh:" names the person after the office; "Trưởng bản Phạ Thóng:" a place's
        named = parse_person(name)
        return (named if named and titled(name) and len(named.name.split()) >= 3 else Person(name, None)), rest
    if CALLER.fullmatch(name) and rest:
        return Person(name.strip(), None), rest  # "Người gọi: A lô …": a phone-in's caller, not yet named
    if REPRESENTATIVE.match(name) and layout.words(name) <= 10 and not layout.ends_sentence(name):
        return Person(name.strip(), None), rest  # "Đại diện Công an xã:": the office speaks, through someone unnamed
    heading = layout.is_programme_heading(name) or layout.is_script_note(f"{name}:") or layout.is_upper(rest) or (
        re.match(r"(?i)^(?:tiểu\s+phẩm|nhân\s+vật|chủ\s+đề|nội\s+dung|phần|kỳ|mục)\b", name)) or (
        layout.EDITOR_NOTE.match(line))
    if layout.is_upper(name) and 1 <= layout.words(name) <= 3 and rest and not heading and not layout.is_doc_type(
            name) and not (layout.is_issuer(name) or layout.is_signature(name)) and not _function_label(name):
        character = re.sub(rf"^(?i:{_HONORIFIC_START}|ông\s+già|bé)\s+", "", name).title()
        return Person(character, None), rest
    ranked = re.match(rf"^(?i:{_HONORIFIC_START})\s(?!(?i:con)\b)", name)  # "BÀ CON LƯU Ý (…):" names nobody
    apart = re.search(r"\s[-–—,(]\s*\S", name)
    if ranked and apart and rest and not heading and layout.is_upper(name[:apart.start()]):
        # "THIẾU TÁ VŨ ĐÌNH LONG – TRƯỞNG CÔNG AN XÃ:", "BS. ĐINH THỊ THU (Phó Giám đốc TTYT …):": a script's label
        person = parse_person(name.title() if layout.is_upper(name) else name[:apart.start()].title() + name[
            apart.start():])
        if person:
            return person, rest
    if layout.ends_with_speech_verb(name) or layout.words(name) > 30 or re.search(rf"[{LOWER}]{{2}}[.!?…]\s", name):
        return None  # a label holds no full sentence: "Bà X, 67 tuổi, đã gắn bó … Hồi còn nhỏ, bà kể:" is narration
    answer = re.sub(r"\s*[-–—,]?\s+(?:trả\s+lời|đáp|giải\s+đáp|tư\s+vấn)(?:\s+như\s+sau)?$", "", name,
                    flags=re.IGNORECASE)
    degree = DEGREES.match(answer)
    if degree:
        d = degree.group("d").upper()
        answer = ("bác sĩ " if "BS" in d or "CK" in d else "luật sư " if "LS" in d else "tiến sĩ ") + answer[
            degree.end():]
    answer = SPECIALTY.sub(" ", answer)  # "Bác sĩ CKI Trần Minh Đức"
    person = parse_person(answer)
    if person and not person.title and not titled(answer) and len(
            person.name.split()) < 4 and "," not in line[:len(name)]:
        person = None if strict else person  # "Long Hựu Đông: …" is a headline, not a speaker
    if person is None:
        given = GIVEN_NAME.match(answer)
        person = Person(given.group(1), None) if given and given.group(1)[:1].isupper() else None
    return (person, rest) if person else None


def _turn(doc: _Doc, i: int, turns: _Turns) -> None:  # noqa: C901 - one rule per kind of line, in order
    line, cells = doc.lines[i], doc.cells[i]
    quote, turns.quote = turns.quote, False
    signed_question = bool(QUESTION_SIGNED.search(line)) and layout.words(line) <= 150
    quote = quote and not signed_question  # the letters a Q&A column announced are its questions, not a quote
    if turns.lyrics and (CHORUS.match(line) or not layout.voice_mark(line) and not _person_label(line)) and (
            layout.words(line) <= 16 and not CLOSING.search(line) and not STATION_LEAD.match(line)):
        doc.skip(i, "cue", LIKELY)
        return
    turns.lyrics = False  # a voice speaks again: the song is over
    previous = doc.decided.get(i - 1)
    tape_open, turns.tape_open = turns.tape_open, False
    tape_who, turns.tape_who = turns.tape_who, None
    speaker = parse_person(line.strip(" ()[]")) if tape_open else None
    if speaker and layout.words(line) <= 25 and not layout.ends_sentence(line.strip(" ()[]")):
        turns.interview, turns.voice = True, None  # "(Ông Lê Văn Toàn – Giám đốc HTX …)" under "Băng:"
        turns.speaker = turns.last_official = turns.know(speaker)
        doc.skip(i, "speaker_label", LIKELY)
        return
    if tape_who and not turns.taped and not _opens_quote(line) and not layout.voice_mark(line) and not (
            _person_label(line)):
        # "[BĂNG: BS X – Trưởng Trạm Y tế xã]" then X's words without quotes: X speaks until the end cue.
        turns.taped, turns.speaker, turns.tape_lines = True, tape_who, []
        turns.tape_to_cue = _cue_ends_tape(doc, i)
        _tape_line(doc, i, turns, quoted=False)
        return
    if (tape_open or turns.taped) and _opens_quote(line):
        # "Trích băng" alone, then the words in quotes: the recorded voice of whom the narration just named
        # ("Bác sĩ X, Trạm trưởng …, cho biết:"), until the tape's end cue.
        if not turns.taped:
            turns.taped, turns.speaker = True, tape_who or _named_before(doc, i, turns)
            turns.tape_lines, turns.tape_to_cue = [], True
        _tape_line(doc, i, turns)
        return
    if turns.taped and not turns.tape_closed and (turns.tape_to_cue or FIRST_PERSON.search(line)):
        _tape_line(doc, i, turns, quoted=turns.tape_to_cue)  # the quote wrapped onto the next line
        return
    if turns.tape_lines and turns.speaker is None and (named := TAPE_NAMED_AFTER.match(line)):
        # "Vừa rồi là ý kiến của bà Bùi Thị Nguyệt, …": the voice is named once the tape has played
        person = parse_person(named.group(1)) or starts_with_person(named.group(1))
        for j in turns.tape_lines if person else []:
            doc.read(j, "official", "tape", LIKELY, person=turns.know(person))  # type: ignore[arg-type]
    if turns.tape_lines:  # the tape has played: the reporter's narration takes up again
        turns.speaker = turns.last_official = None
        turns.interview = False
    turns.taped, turns.tape_lines = False, []
    office_signs = OFFICE_SIGNS.match(line) and layout.words(line) <= 12 and not layout.ends_sentence(line) and (
        isinstance(previous, Part) and previous.role == "narrator" and layout.ends_sentence(doc.lines[i - 1]))
    if SIGN_OFF.match(line) and layout.words(line) <= 14 or (
            REPORT_BY.match(line) and layout.words(line) <= 24 or office_signs) and _report_ends(doc, i):
        doc.read(i, "byline", "byline", LIKELY)  # "Lang Thị Hoa – Đài truyền thanh xã Yên Khê": the report ends
        turns.speaker, turns.interview = None, False
        return
    if layout.is_upper(line) and layout.is_signature(line) and isinstance(previous, Skip) and (
            previous.reason == "signature"):
        doc.skip(i, "signature", LIKELY)  # the office under "TM. …" in a notice read inside a script
        return
    if (len(cells) >= 2 and all(_name_only(c) for c in cells) or _name_only(line)) and isinstance(previous, Skip) and (
            previous.reason == "signature"):
        doc.read(i, "byline", "byline", GUESS)  # the names signed under a sign-off row
        return
    signed_under = SIGNED_UNDER.match(line) and isinstance(previous, Part) and previous.role == "reporter" and (
        i + 1 < len(doc.lines) and ANSWER_LABEL.match(doc.lines[i + 1] + " "))
    if (turns.interview or turns.answerer) and SIGNED_QUESTION.match(line) or signed_under:
        # "(Anh Phan Văn Hòe, xóm 5)": a reader signs the question, before or after it; the reader's words run
        # until a question is put, then the column's answerer speaks.
        doc.read(i, "reporter", "asker", LIKELY)
        turns.voice, turns.asking, turns.speaker = "reporter", True, None
        if (line.rstrip().endswith(")") or signed_under) and isinstance(previous, Part) and previous.role == "reporter":
            turns.voice, turns.asking = None, False  # signed under the question: the answer comes next
            turns.speaker = turns.who() or turns.answerer
        return
    if turns.signer and _fold(line) == _fold(turns.signer.name):
        doc.read(i, "byline", "byline", LIKELY)  # the answering office signs at the foot
        turns.speaker = None
        return
    if turns.related:
        introduces = line.rstrip().endswith((":", "：")) and layout.words(line) >= 6  # "Bác sĩ X, …, chia sẻ:"
        if not introduces and not layout.is_prose(line) or LIST_ITEM.match(line) and layout.words(line) <= 30 and not (
                line.rstrip().endswith((";", "."))):  # a numbered item that ends its clause is the story's list
            doc.skip(i, "related", LIKELY)  # the headlines listed under "Tin liên quan", "Bài liên quan:" …
            return
        turns.related = False

    if _credit(line) and layout.voice_mark(line):  # "BTV: Ngọc Trâm" closing a script
        doc.read(i, "byline", "credit", LIKELY)
        return

    heading = isinstance(previous, Skip) and previous.reason == "cue" and not layout.ends_sentence(line) and (
        3 <= layout.words(line) <= 16) and not line.rstrip().endswith((":", "：")) and not layout.voice_mark(line)
    if heading and turns.voice and not _person_label(line):
        doc.read(i, "narrator", "story_heading", LIKELY)  # after "(nhạc chuyển)": the next story's headline
        return

    content = CONTENT_LABEL.match(line)
    if content and layout.words(line[content.end():]) >= 3:  # "ND: Do ảnh hưởng …": the notice's words, not a name
        doc.read(i, turns.voice or "narrator", "label", LIKELY, text=line[content.end():].strip())
        return
    is_note, note = layout.editor_note(line)
    if is_note and note:  # "LTS: Trong những năm qua …": the editors' note is read, its label is not
        doc.read(i, "narrator", "editor_note_text", LIKELY, text=note)
        return

    mark = layout.voice_mark(line)
    given = split_label(line)
    if mark is None and given and given[0] in turns.hosts:  # "Khánh Linh: …" under "Dẫn chương trình: Nguyễn Khánh …"
        mark = (turns.hosts[given[0]], given[1])
    name_alone = line.strip().rstrip(":：").strip().title()
    if mark is None and name_alone in turns.hosts and layout.words(name_alone) <= 3:  # "MINH:", "Minh" alone
        mark = (turns.hosts[name_alone], "")
    if mark is None and _voice_cell_row(cells):
        mark = (layout.voice_mark_cell(cells[0]) or "announcer", " ".join(cells[1:]))
    if mark:
        kind, rest = mark
        first_words = rest or (doc.lines[i + 1] if i + 1 < len(doc.lines) else "")  # "MC:" alone, words under it
        asker = _mark_key(line, rest) in turns.askers
        host_leads = kind == "host" and bool(turns.lead or turns.guests) and (asker or bool(turns.lead))
        own_words = re.sub(r"[“\"][^”\"]*[”\"]", "", first_words).strip()  # a letter's question is the letter's
        # a leading host, or an announcer who calls a guest ("Nữ: Alo, em chào chị Xuân ạ! …?"), asks as the reporter
        to_guest = (host_leads or kind == "announcer" and asker) and _turns_to_guest(own_words)
        role = "reporter" if to_guest else "narrator"
        turns.voice, turns.speaker, turns.asking = role, None, False
        turns.host_leads = host_leads
        if role == "reporter":
            turns.speaker = None
        if rest:
            doc.read(i, role, "voice_mark", SURE, text=rest)
            turns.quote = layout.introduces_quote(rest)  # "PV: … Anh X kể:": X's own words come next
            if role == "narrator":
                _note_people(rest, turns)  # "Dẫn: … Phóng viên đã trò chuyện với anh Quân."
        else:
            doc.skip(i, "speaker_label", SURE)
        return

    if MD_HEADING.match(line) and layout.words(line) <= 16 and not layout.ends_sentence(line):
        # "### Lớp học tạm ở nhà văn hóa": the editor's subheading inside a long answer; the answer goes on under it
        doc.read(i, "narrator", "subheading", LIKELY, text=line.strip().lstrip("#").strip())
        return
    cut_in = CUT_IN.match(line)
    person = parse_person(cut_in.group(1)) or starts_with_person(cut_in.group(1)) if cut_in else None
    if cut_in and person:  # someone breaks in for one line; the interview goes on with whom it was with
        doc.read(i, "official", "label", LIKELY, text=line[cut_in.end():].strip(), person=turns.know(person))
        return
    numbered = NUMBERED_CHARACTER.match(line) if doc.script else None
    if numbered and layout.is_upper(numbered.group(1)) and not layout.is_upper(line[numbered.end():]):
        if layout.voice_mark(numbered.group(1) + ":"):  # "01. NGƯỜI DẪN – Kính thưa bà con!": the station's voice
            turns.voice, turns.speaker = "narrator", None
            words_said = layout.without_directions(line[numbered.end():]).strip()
            doc.read(i, "narrator", "voice_mark", LIKELY, text=words_said)
            return
        if not _function_label(numbered.group(1)):
            _character_says(doc, i, turns, numbered.group(1), line[numbered.end():])
            return
    tag = BRACKET_CHARACTER.match(line) if doc.script and not layout.is_upper(line) else None
    if tag and layout.is_upper(tag.group(1)) and not _function_label(tag.group(1)) and not layout.is_cue(
            f"[{tag.group(1)}]"):  # "[ÔNG TƯ] Alô, ai gọi đấy?": a play's character tagged in square brackets
        _character_says(doc, i, turns, tag.group(1), line[tag.end():])
        return
    if doc.play and re.fullmatch(r"\s*\([^()]{2,160}[^?]\)\s*", line) and layout.words(line) <= 25:
        doc.skip(i, "instruction", LIKELY)  # "(Bà Tám ngẫm nghĩ một lúc)": a stage direction of the play
        return
    if _fold(line) in doc.characters and not layout.voice_mark(line):
        name = re.sub(r"\s*\([^()]{1,40}\)\s*$|\s*[:：]\s*$", "", line.strip())
        name = re.sub(r"^(?i:ông|bà|anh|chị|cô|chú|bác|cụ|em|bé|cháu|thầy)\s+", "", name)
        name = name.title() if layout.is_upper(name) else name
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = turns.know(Person(name, None))
        doc.skip(i, "speaker_label", LIKELY)
        return

    if len(cells) >= 2 and TAPE.match(cells[0] + ":"):
        tape = _tape_person(cells[0] + ":") or _tape_person(f"{cells[0]}: {cells[1]}")
        if tape and _tape_person(f"{cells[0]}: {cells[1]}") == tape and len(cells) == 2 and not re.match(
                r"\s*[“\"]", cells[1]):  # the right cell names more of the voice, not its quoted words
            turns.interview, turns.voice = True, None
            turns.speaker = turns.last_official = turns.know(tape)
            doc.skip(i, "speaker_label", LIKELY)
            return
        if tape:
            turns.speaker = turns.know(tape)
            doc.read(i, "official", "tape", LIKELY, text=" ".join(cells[1:]), person=turns.speaker)
            return

    answer_intro = ANSWER_INTRO.search(line) and layout.words(line) <= 12
    if answer_intro and not _person_label(line) and not ANSWER_LABEL.match(line):
        turns.interview, turns.voice = True, None  # "Luật sư trả lời:": the answer follows
        office = OFFICE_ANSWERS.match(line)  # "Bảo hiểm xã hội huyện X trả lời:": this office answers this question
        if office:
            turns.speaker = turns.last_official = turns.know(Person(office.group(1).strip(), None))
        else:
            turns.speaker = turns.signer or turns.who() or turns.answerer or ANONYMOUS
        doc.skip(i, "speaker_label", LIKELY)
        return

    asks = LISTENER_ASKS.match(line) or ASKER.match(line)
    if asks and (not _person_label(line) or ASKER.match(line)):
        rest = line[asks.end():].strip() if line.rstrip().endswith((":", "：")) is False else ""
        turns.interview, turns.voice, turns.speaker = True, "reporter", None  # the letter that follows asks too
        turns.asking = True  # until its question mark: then the answer
        doc.read(i, "reporter", "question", LIKELY, text=rest or None)
        return

    bare = BARE_LABEL.fullmatch(line.strip())
    if bare:  # "Hỏi" / "Đáp" alone, the colon lost: the same labels
        line = line.strip() + ":"
    reporter = REPORTER_LABEL.match(line) or REPORTER_DASH.match(line) or REPORTER_NAMED.match(line)
    introduced = _introduced(line[reporter.end():]) if reporter else None
    if introduced:  # "PV: Chị Vi Thị Nhàn – thôn Tân Thành": the reporter names who speaks next
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = turns.know(introduced)
        doc.skip(i, "speaker_label", LIKELY)
        return
    if reporter:
        rest = line[reporter.end():].strip()
        nxt = doc.lines[i + 1] if i + 1 < len(doc.lines) else ""
        if _name_only(rest) and re.match(r"^\W*(?i:phóng\s+viên|pv)\b", line) and (
                not nxt or layout.is_cue(nxt) or not doc.free(i + 1)):
            doc.read(i, "byline", "credit", LIKELY)  # "Phóng viên: Hà Phương" under the interview, before the music
            turns.speaker = turns.last_official = None
            return
        turns.interview, turns.voice = True, None
        if rest:
            doc.read(i, "reporter", "label", SURE, text=rest)
            turns.quote = layout.introduces_quote(rest)  # "PV: … Anh X kể:": X's own words come next
        else:
            doc.skip(i, "speaker_label", SURE)
            turns.voice, turns.asking = "reporter", True
        turns.speaker = None
        return

    office = OFFICE_ANSWERS.match(line)
    if office:  # "Phòng Kinh tế xã trả lời: …"
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = turns.know(Person(office.group(1).strip(), None))
        rest = line[office.end():].strip()
        if rest:
            doc.read(i, "official", "label", LIKELY, text=rest, person=turns.speaker)
        else:
            doc.skip(i, "speaker_label", LIKELY)
        return

    answer = ANSWER_LABEL.match(line)
    if answer:
        turns.interview, turns.voice = True, None
        rest = line[answer.end():].strip()
        # "Trả lời: Về câu hỏi của ông X, Phòng Tư pháp huyện trả lời như sau: …": the answer names its office
        named = OFFICE_NAMED.search(rest[:300])
        who = (turns.know(Person(named.group(1), None)) if named else None) or turns.signer or turns.who() or (
            turns.answerer or ANONYMOUS)
        if named:
            turns.last_official = who
        if rest:
            doc.read(i, "official", "label", SURE if who else LIKELY, text=rest, person=who)
        else:
            doc.skip(i, "speaker_label", SURE)
        turns.speaker = who
        return

    guest = GUEST_MARK.match(line)
    if guest and turns.who():
        turns.interview, turns.voice, turns.speaker = True, None, turns.who()
        rest = line[guest.end():].strip()
        if rest:
            doc.read(i, "official", "label", LIKELY, text=rest, person=turns.speaker)
        else:
            doc.skip(i, "speaker_label", SURE)
        return

    tape = _tape_person(line)
    if tape:
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = turns.know(tape)
        said = TAPE_QUOTE.search(line)  # "Băng – Trung tá X, Trưởng Công an xã: “…”": the quote is on the line
        after = line.find(tape.name.split()[-1])
        words = re.match(r"[^:：]*[:：]\s*(\S.*)$", line[after:]) if after >= 0 else None
        if said:
            doc.read(i, "official", "tape", LIKELY, text=line[said.start(1):].strip(), person=turns.speaker)
        elif words and layout.words(words.group(1)) >= 4:  # "SOT – anh Thạch Sô Phol: Nhà em có 8 công lúa …"
            doc.read(i, "official", "tape", LIKELY, text=words.group(1).strip(), person=turns.speaker)
            turns.speaker = turns.last_official = None  # the clip is this paragraph: the narration takes up after it
            turns.interview = False
        else:
            doc.skip(i, "speaker_label", LIKELY)
        return

    coded = ALIAS_LABEL.match(line)
    if coded and re.sub(r"\s+", "", coded.group(1).lower()) in turns.aliases:
        person = turns.aliases[re.sub(r"\s+", "", coded.group(1).lower())]
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = person
        rest = line[coded.end():].strip()
        if rest:
            doc.read(i, "official", "label", SURE, text=rest, person=person)
        else:
            doc.skip(i, "speaker_label", SURE)
        return

    if READER_LETTER.match(line):  # "Thưa Luật sư,": a reader's letter, read as the question until the answer
        turns.voice, turns.speaker, turns.asking = "reporter", None, False
        doc.read(i, "reporter", "letter", LIKELY)
        return
    chyron = _chyron(doc, i)
    if chyron:  # the name on screen, then the one paragraph the person says; the report's voice takes up after it
        doc.skip(i, "speaker_label", LIKELY)
        doc.read(i + 1, "official", "label", LIKELY, person=turns.know(chyron))
        turns.speaker = None
        return

    # "– Ông Bùi Văn Khoát, 72 tuổi, xóm Vó:" over his words in quotes: a vox pop's label, though dashed like a list
    vox_pop = line.rstrip().endswith((":", "：")) and i + 1 < len(doc.lines) and _opens_quote(doc.lines[i + 1])
    label_line = re.sub(r"^\s*[-–—]\s+", "", line) if vox_pop else line
    labelled = None if doc.notice or (doc.bulleted[i] or label_line != line) and not vox_pop else (
        _person_label(label_line) or _known_label(label_line, turns) or _sender_label(doc, label_line, turns))
    if labelled and vox_pop and label_line != line:
        # the words in quotes are that person's recorded voice, as a tape is; the report's voice takes up after them
        turns.taped, turns.speaker, turns.tape_lines, turns.tape_to_cue = True, turns.know(labelled[0]), [], True
        doc.skip(i, "speaker_label", LIKELY)
        return
    if labelled:
        person, rest = labelled
        # "NVH:", "Ô.N.V.T:" for the Nguyễn Văn Hòa, Nguyễn Văn Tùng the lead introduced
        person = turns.initials.get(re.sub(r"[.\s]", "", person.name).upper()) or turns.know(person)
        turns.interview, turns.voice = True, None
        turns.speaker = turns.last_official = person
        if rest:
            doc.read(i, "official", "label", SURE, text=rest, person=person)
        else:
            doc.skip(i, "speaker_label", SURE)
        return

    if layout.introduces_quote(line):
        turns.speaker, turns.quote = None, True
        doc.read(i, turns.voice or "narrator", "quote_intro", LIKELY)
        return
    if quote and doc.script and _opens_quote(line):
        # In a station's script the words in quotes under "Ông X kể:" are X's recorded voice, as a tape is.
        turns.taped, turns.speaker, turns.tape_lines = True, _named_before(doc, i, turns), []
        _tape_line(doc, i, turns)
        return
    if quote:
        turns.quote = line.lstrip()[:1] in "“\"'‘" and not re.search(r"[”\"']\s*\.?$", line)
        doc.read(i, turns.voice or "narrator", "quote_in_narration", LIKELY)
        return

    lone = line.strip(" .")
    under_question = turns.interview and isinstance(previous, Part) and previous.role == "reporter" and re.match(
        rf"^(?i:{_HONORIFIC_START})\s", line) and layout.words(line) <= 12 and not layout.ends_sentence(line)
    alone = parse_person(lone.title() if layout.is_upper(lone) else lone) if under_question else None
    if alone:  # "Chị Lương Thị Tuyết", "ÔNG HOÀNG VĂN PÁO – CHỦ TỊCH UBND XÃ" under the question
        turns.speaker = turns.last_official = turns.know(alone)
        doc.skip(i, "speaker_label", LIKELY)
        return
    if _is_caption(doc, i):
        doc.skip(i, "caption", GUESS)
        return

    if _name_only(line) and isinstance(previous, Skip) and previous.reason == "caption" and i + 1 < len(doc.lines) and (
            layout.is_prose(doc.lines[i + 1])):
        doc.skip(i, "caption", GUESS)  # the photographer under a caption, the story going on below
        return
    if _credit(line) or (_name_only(line) and not layout.is_upper(line) and not (turns.speaker and turns.interview)):
        doc.read(i, "byline", "byline", GUESS)
        return

    if BARE_ITEM.fullmatch(line):
        turns.speaker = turns.last_official = None
        doc.skip(i, "section_label", LIKELY)  # "Tin 1" alone over the item's headline: the script's numbering
        return
    if ITEM_HEADING.match(line):
        turns.speaker = turns.last_official = None  # the next item of a bulletin: its headline is the announcer's
        doc.read(i, "narrator", "story_heading", LIKELY)
        return

    if turns.voice:
        if turns.voice == "narrator" and turns.host_leads and TO_GUEST.search(line):
            turns.voice = "reporter"  # the host has greeted the listeners and now turns to the guest
        doc.read(i, turns.voice, "voice_mark", LIKELY)
        signed_below = i + 1 < len(doc.lines) and re.match(r"^\s*\(\s*[A-ZĐ][^()]{2,120}\)\s*$", doc.lines[i + 1])
        if turns.asking and line.rstrip(" ”\"").endswith("?") and not signed_below:  # the guest answers next
            turns.voice, turns.asking = None, False
            turns.speaker = turns.who()
        elif turns.asking and _thanks_to_guest(line):  # the reporter closes the interview
            turns.voice, turns.asking, turns.speaker, turns.interview = None, False, None, False
        return

    if turns.interview and _thanks_to_guest(line):
        doc.read(i, "reporter", "thanks", LIKELY)
        turns.speaker = None
        return

    # "- Ông tính sao?", "* Khi có cầu rồi, ông tính sao?": a marked question, however many sentences it has
    dash_question = (line.lstrip()[:1] in "-–—" or doc.bulleted[i]) and line.rstrip().endswith("?") and not (
        isinstance(previous, Part) and previous.role == "reporter")  # right after a question comes its answer
    bracketed_question = line.lstrip().startswith("(") and line.rstrip().endswith("?)")
    opens_asking = bool(QUESTION_CUES.match(re.sub(r"^\W*(?:thưa\s+\w+(?:\s+\w+)?\s*,\s*|nhân\s+đây,?\s*)", "", line,
                                                    flags=re.IGNORECASE))) and layout.sentences(line) == 1
    strong_cue = (line.rstrip().endswith("?") and bool(QUESTION_CUES.search(line)) and layout.words(line) <= 80
                  or opens_asking and layout.words(line) <= 45 or bracketed_question or signed_question)
    asked = (turns.interview or turns.lead or turns.answerer) and _is_unlabelled_question(
        line, turns.interview or turns.answerer is not None) or (
        turns.interview and turns.who() is not None and _asks_at_close(line))
    if strong_cue or dash_question or asked:
        turns.interview = True
        doc.read(i, "reporter", "question", LIKELY)
        turns.speaker = turns.who()
        return

    if CLOSING.search(line) and layout.words(line) <= 40:
        turns.speaker = turns.last_official = None  # the programme's close
        doc.read(i, turns.voice or "narrator", "body", LIKELY)
        return

    current = turns.who() or (turns.answerer if turns.interview else None)
    after_cue = doc.script and isinstance(previous, Skip) and previous.reason == "cue"  # a script marks every tape
    # a tape transcript marks where each of the recording's lines is: a line without its mark is the reporter's
    unrecorded = len(doc.stamped) >= 3 and i not in doc.stamped
    if turns.interview and current and not _narration(line, current) and not after_cue and not unrecorded and (
            i > turns.opens_at):
        doc.read(i, "official", "answer_continues", LIKELY, person=current)
        turns.speaker = current
        return

    turns.speaker = None
    doc.read(i, "narrator", "body", 0.9)
    _note_people(line, turns)


def _note_people(line: str, turns: _Turns) -> None:
    """Whom the narration names: the interviewee its lead introduces, the last person it mentions."""
    turns.lead = turns.lead or _interviewee_from_lead(line, turns)
    named = MENTION.search(line)
    mentioned = (parse_person(named.group(0)) or starts_with_person(named.group(0))) if named else None
    if mentioned:
        turns.mentioned = turns.know(mentioned)


def _character_says(doc: _Doc, i: int, turns: _Turns, name: str, words: str) -> None:
    """Line i is what a play's character, named in capitals on it ("BÀ LỤA", "[ÔNG TƯ]"), says, without the
    stage directions; the character speaks on."""
    bare_name = re.sub(rf"^(?i:{_HONORIFIC_START})\s+", "", name.strip()).title()
    person = turns.know(Person(bare_name, None))
    turns.interview, turns.voice, turns.speaker = True, None, person
    doc.read(i, "official", "label", LIKELY, text=layout.without_directions(words).strip(), person=person)


def _named_label(line: str) -> bool:
    """A label that names a person (not an office, which a headline "Chủ tịch UBND xã: …" also starts with)."""
    labelled = _person_label(line)
    return labelled is not None and not OFFICE_LABEL.match(labelled[0].name)


def _known_label(line: str, turns: _Turns) -> tuple[Person, str] | None:
    """A label naming, without honorific or office, someone the document has already introduced."""
    loose = _person_label(line, strict=False)
    if loose and any(p.name == loose[0].name or p.name.endswith(" " + loose[0].name) for p in turns.people.values()):
        return loose
    label = split_label(line)
    if not label or not label[1]:
        return None
    name = re.sub(r"\s*\([^()]{1,60}\)\s*$", "", label[0])  # "Mến (cán bộ môi trường xã)"
    if re.fullmatch(NAME_WORD, name) and name.lower() not in NOT_NAMES:
        for known in turns.people.values():  # a play's character named once in its cast list: "Mến:"
            if known.name == name or known.name.endswith(" " + name):
                return known, label[1]
    return None


def _sender_label(doc: _Doc, line: str, turns: _Turns) -> tuple[Person, str] | None:
    """A chat export's sender ("Sáu Lợi Tôm Càng: …" after "[19:10, 21/11/2025]"): the person the story named
    by a word of that display name, or the name as shown."""
    label = split_label(line)
    if not label or label[0] not in doc.senders or not label[1]:
        return None
    shown = label[0].split()
    known = {p.name: p for p in [*turns.people.values(), turns.lead, turns.mentioned] if p and p.name}
    if doc.named_in_full is None:  # "Ông Nguyễn Văn Lợi, bà con quen gọi là Sáu Lợi, …": named in full somewhere
        found = (parse_person(m.group(0)) for text in doc.lines for m in MENTION.finditer(text))
        doc.named_in_full = [p for p in found if p and len(p.name.split()) >= 3]
    for person in doc.named_in_full:
        known.setdefault(person.name, person)
    named = [p for p in known.values() if p.name.split()[-1] in shown]
    full = [p for p in named if len(p.name.split()) >= 3] or named  # "Nguyễn Văn Lợi" over "Sáu Lợi"
    return (full[0] if len(full) == 1 else Person(label[0], None)), label[1]


def _introduced(rest: str) -> Person | None:
    """A person named alone after a label (no sentence): who speaks next."""
    rest = rest.strip()
    if not rest or layout.ends_sentence(rest) or layout.words(rest) > 20:
        return None
    person = parse_person(rest) or starts_with_person(rest)
    return person if person and (person.title or re.match(rf"^(?i:{_HONORIFIC_START})", rest)) else None


def _tape_line(doc: _Doc, i: int, turns: _Turns, *, quoted: bool = True) -> None:
    """Line i is the running tape's voice; an unquoted tape runs until its end cue, a quoted one until its
    quote closes."""
    doc.read(i, "official", "tape", LIKELY, person=turns.speaker)
    turns.tape_lines.append(i)
    turns.tape_closed = quoted and _closes_quote(doc.lines[i])


def _cue_ends_tape(doc: _Doc, i: int) -> bool:
    """Whether a cue closes the unquoted tape opening at line i before any voice takes up: without one
    ("Băng 1: anh Páo (0'25")" then the reporter's narration), the tape is its first paragraph and whatever
    its speaker goes on saying in the first person."""
    for j in range(i + 1, len(doc.lines)):
        decided = doc.decided.get(j)
        if isinstance(decided, Skip):
            if decided.reason == "cue":  # "[HẾT BĂNG]" closes it; music after a one-paragraph tape does not
                return bool(re.search(r"(?i)\bhết\b|\bkết\s+thúc\b|\bout\b", doc.lines[j]))
            if decided.reason == "section_label":
                return False
        elif layout.voice_mark(doc.lines[j]) or _person_label(doc.lines[j]) or SIGN_OFF.match(doc.lines[j]):
            return False
    return False


def _opens_quote(line: str) -> bool:
    return line.lstrip()[:1] in "“\"«"


def _closes_quote(line: str) -> bool:
    """The quote ends on this line, maybe followed by its translation in brackets ("… ” [Tạm dịch: …]")."""
    return bool(re.search(r"[”\"»]\W*(?:[\[(][^\[\]()]{0,400}[\])]\W*)?$", line))


def _named_before(doc: _Doc, i: int, turns: _Turns) -> Person | None:
    """The person the narration named last before line i (the tape's speaker), if within the two lines above
    its cue."""
    seen = 0
    for j in range(i - 1, -1, -1):
        decided = doc.decided.get(j)
        if isinstance(decided, Skip):
            continue
        seen += 1
        line = doc.lines[j]
        named = MENTION.search(line) or _OFFICE_NAMED.search(line)
        person = (parse_person(named.group(0)) or starts_with_person(named.group(0))) if named else None
        if person:
            return turns.know(person)
        if seen >= 2:
            break
    return None


# "Bác sĩ Giàng Thị Dua, Trạm trưởng …", "thầy Bàn Văn Quý": the ranks and callings narration names people by.
_OFFICE_NAMED = re.compile(rf"\b(?i:bác\s+sĩ|thầy|cô\s+giáo|cô|đồng\s+chí|thượng\s+tá|trung\s+tá|thiếu\s+tá|đại\s+úy|"
                           rf"thượng\s+úy|trung\s+úy|luật\s+sư|kỹ\s+sư|y\s+sĩ)\s+{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}")


# "[Tiếng bà Hoàng Thị Slắm]", "(Lời bà Y – 0'20'')", "SOT: anh Z", "(Băng tiếng Tày – ông Nông Văn Pảo)": a cue
# naming the recorded voice that plays next
VOICE_CUE = re.compile(rf"^\W*(?:(?:tiếng|lời)(?=\s+(?i:{_HONORIFIC_START})\s)|sot\s*\d*\s*[:：–—-]?|"
                       r"băng\s+tiếng\s+\w+\s*[:：–—-])\s*(?P<who>.+?)\s*$", re.IGNORECASE)


def _voice_in_cue(cue: str) -> Person | None:
    match = VOICE_CUE.match(cue)
    if not match:
        return None
    phrase = re.sub(r"\s*[–—-]?\s*\(?\d+\s*['’′]\s*\d*\s*(?:['’′]{2}|[”″\"])?\)?\s*$", "", match.group("who"))
    return parse_person(phrase) or starts_with_person(phrase)


def _tape_person(line: str) -> Person | None:
    match = TAPE.match(line)
    if not match:
        return None
    who = match.group("who")
    quote = TAPE_QUOTE.search(who)
    if quote and not re.search(r"[“\"\t]", who[:quote.start()]):  # "Băng (ông X): “Trước nhà tôi …”"
        who = who[:quote.start()].strip()
    if who.startswith("(") and who.endswith(")"):  # "Băng (ông X – Giám đốc …):"
        who = who[1:-1].strip()
    phrase = re.sub(r"\s+(?:đọc|nói|phát\s+biểu|trả\s+lời)\b.*$", "", who, flags=re.IGNORECASE)
    phrase = re.sub(r"\s*\((?:\d+\s*(?:giây|phút|”)|[^)]*giây)[^)]*\)\s*$", "", phrase)  # "(40 giây)"
    return parse_person(phrase) or starts_with_person(phrase)


# A press conference's report passing the word on: "Trả lời câu hỏi này, Thượng tá X …", "Bổ sung thông tin, …",
# "Phát biểu kết luận, Phó Chủ tịch UBND tỉnh …": the reporter's narration, not the last speaker going on.
HANDS_OVER = re.compile(r"^\W*(?:trả\s+lời\s+(?:câu\s+hỏi|vấn\s+đề|ý\s+kiến|thắc\s+mắc|báo\s+chí|phóng\s+viên)|"
                        r"giải\s+đáp\s+(?:câu\s+hỏi|thắc\s+mắc|vấn\s+đề)|bổ\s+sung\s+(?:thông\s+tin|ý\s+kiến)|"
                        r"phát\s+biểu\s+(?:kết\s+luận|chỉ\s+đạo|tại)|thông\s+tin\s+thêm|thay\s+mặt)\b[^,]{0,80},",
                        re.IGNORECASE)


def _narration(line: str, speaker: Person) -> bool:
    """A paragraph that speaks of the interviewee in the third person, or opens like narration, ends the turn."""
    if not speaker.name or INSTITUTION.match(speaker.name):  # an office speaks of itself by name: "Sở … trả lời"
        return bool(NARRATION_OPENERS.match(line))
    given, full = re.escape(speaker.name.split()[-1]), re.escape(speaker.name)
    honorific = (r"(?i:ông|bà|anh|chị|đồng\s+chí|cô|chú|bác|bác\s+sĩ|luật\s+sư|thượng\s+tá|trung\s+tá|thiếu\s+tá|"
                 r"đại\s+tá|già\s+làng|già|cụ|của)")
    third_person = re.search(rf"\b{honorific}\s+(?:{full}|{given})\b", line) or (
        len(speaker.name.split()) >= 2 and re.search(rf"\b{full}\b", line)) or re.search(
        rf"\b{given}\s+(?:còn|đã|cũng|vẫn|luôn|là|được|cho\s+biết|chia\s+sẻ|kể|nói|bắt\s+đầu)\b", line)
    # "Anh Phạm Văn Lực ở thôn Đồng Lạc … thì vui vẻ cho biết …", "Cử tri Hoàng Văn Lịch (thôn Đông Lộc) phản ánh …":
    # a paragraph that opens on someone else's full name, in the third person, is the report's voice again
    other = OPENS_ON_PERSON.match(line)
    if other and not re.search(rf"\b(?:{full}|{given})\b", other.group(0)) and not FIRST_PERSON.search(
            re.split(r"[“\"]", line)[0]):
        return True
    quoted = QUOTED_BY_NAME.match(line)
    if quoted and not re.search(rf"\b(?:{full}|{given})\b", quoted.group(0)):
        return True
    opener = HANDS_OVER.match(line)
    if opener and not FIRST_PERSON.search(line[:opener.end() + 30]):  # "Trả lời câu hỏi này, tôi …" answers on
        return True
    return bool(third_person or NARRATION_OPENERS.match(line) or REPORTERS_PRESENT.search(line)
                or SOURCE_OPENER.match(line) or (ANOTHER_PERSON.search(line) and not FIRST_PERSON.search(line)))


def _is_unlabelled_question(line: str, interview: bool) -> bool:
    """A question whose label was lost in pasting: it asks the interviewee, or (once the interview has begun) it is
    one sentence ending in a question mark."""
    if not line.rstrip().endswith("?") or layout.words(line) > 80:
        return False
    body = LIST_MARK.sub("", line)  # "3. Đợt tiêm …?": the number is not a sentence
    return bool(QUESTION_CUES.search(line)) or interview and layout.sentences(body) == 1 and layout.words(body) <= 50


_LEAD_IN = re.compile(r"^\W*(?:thưa\s+\w+(?:\s+\w+)?\s*,\s*|nhân\s+đây\s*,?\s*|vậy\s*,?\s*|xin\s+hỏi\s*,?\s*)",
                      re.IGNORECASE)
_ASKING_WORD = re.compile(r"\b(?:gì|nào|ra\s+sao|thế\s+nào|bao\s+nhiêu|bao\s+giờ|vì\s+sao|tại\s+sao)\b", re.IGNORECASE)


def _asks_at_close(line: str) -> bool:
    """A question typed without its question mark, after an answer: a paragraph whose last sentence turns to the
    interviewee ("… Ông có thể cho biết …", "Nhân đây, ông có khuyến nghị gì …"), or one short sentence that asks
    with no full stop ("Vậy thời gian tới, xã sẽ làm gì …")."""
    if layout.words(line) > 80 or line.rstrip().endswith(("!", ":")):
        return False
    last = _LEAD_IN.sub("", re.split(r"(?<=[.!?…])\s+", line.strip())[-1])
    if QUESTION_CUES.match(last):
        return True
    turns_to_guest = re.match(rf"^{_ADDRESSED}\s+(?:có|đã|sẽ|thấy|nghĩ|muốn|mong)\b", last, re.IGNORECASE)
    if turns_to_guest and _ASKING_WORD.search(last):
        return True
    return (layout.sentences(line) == 1 and not layout.ends_sentence(line) and layout.words(line) <= 35
            and bool(_ASKING_WORD.search(line)))


def _thanks_to_guest(line: str) -> bool:
    """"Xin cảm ơn đồng chí!", "- Xin cảm ơn Thượng tá!": the reporter closes the interview."""
    return layout.words(line) <= 14 and bool(re.match(
        r"^\W*(?:xin\s+)?(?:chân\s+thành\s+|trân\s+trọng\s+)?cảm\s+ơn\s+(?:ông|bà|anh|chị|đồng\s+chí|bác\s+sĩ|"
        r"luật\s+sư|thầy|cô|bác|các\s+vị|hai\s+vị|quý\s+vị\s+khách|[A-ZĐ]\w*\s+(?:tá|úy|tướng))", line, re.I))


# "(Ảnh: Minh Hà)", "Ảnh: TTXVN": a photographer's credit alone on the line under a caption.
PHOTO_CREDIT_ALONE = re.compile(rf"^\W*(?i:ảnh|ảnh\s+và\s+chú\s+thích|nguồn\s+ảnh)\s*[:：]\s*(?:{NAME_WORD}|[A-ZĐ]+)"
                                rf"(?:[\s/]+(?:{NAME_WORD}|[A-ZĐ]+)){{0,4}}\W*$")
CAPTION_POSITION = re.compile(r"\((?:bìa|người|thứ\s+\w+)\s+(?:phải|trái)[^)]*\)|\((?:giữa|đứng\s+giữa|ngồi\s+giữa)\)|"
                              r"\btừ\s+trái\s+sang\b", re.IGNORECASE)
CAPTION_SUBJECT = re.compile(
    r"^\W*(?:(?:các|những|nhiều)\s+)?(?:chị\s+em|giảng\s+viên|thầy\s+cô|thầy\s+và\s+trò|cô\s+và\s+trò|cô\s+trò|"
    r"thầy\s+trò|nghệ\s+nhân|vận\s+động\s+viên|người\s+cao\s+tuổi|đội\s+viên|hội\s+viên|trẻ|cháu|"
    r"câu\s+lạc\s+bộ|diễn\s+viên|ca\s+sĩ|tiết\s+mục|khách\s+hàng|người\s+mua|tiểu\s+thương|ngư\s+dân|"
    r"quang\s+cảnh|toàn\s+cảnh|các\s+đại\s+biểu|đại\s+biểu|lãnh\s+đạo|cán\s+bộ|người\s+dân|nông\s+dân|"
    r"bà\s+con|lực\s+lượng|học\s+sinh|du\s+khách|đoàn\s+viên|thanh\s+niên|bộ\s+đội|chiến\s+sĩ|công\s+an|"
    r"mô\s+hình|cánh\s+đồng|tuyến\s+đường|công\s+trình|ngôi\s+nhà|nhà\s+văn\s+hóa|sản\s+phẩm|các\s+em|trẻ\s+em|"
    r"đoàn\s+công\s+tác|đoàn|bác\s+sĩ|nhân\s+viên|giáo\s+viên|hội\s+viên|cơ\s+quan\s+chức\s+năng|"
    r"hình\s+ảnh|khung\s+cảnh|trao|tặng|lễ|buổi|một\s+góc|góc|học\s+viên|thành\s+viên|tổ\s+\w+|"
    r"hộ\s+gia\s+đình|gia\s+đình|nhân\s+dân|tình\s+nguyện\s+viên|phụ\s+nữ|nông\s+dân)\b",
    re.IGNORECASE,
)
_NARRATIVE_MARKS = re.compile(
    r"\b(?:cho\s+biết|chia\s+sẻ|cho\s+hay|giải\s+thích|khẳng\s+định|nhấn\s+mạnh|theo|thông\s+báo|đề\s+nghị|yêu\s+cầu|kêu\s+gọi|khuyến\s+cáo|hãy|cần|phải|sẽ|"
    r"để\s+nhân\s+dân|\d{1,2}h\d{0,2}|\d{1,2}\s+giờ|tuy\s+nhiên|vì\s+vậy|do\s+đó|năm\s+\d{4}|tháng\s+\d|\d+[.,]\d+|%|"
    r"triệu|tỷ|nghìn)\b|[“\"]",
    re.IGNORECASE,
)


SPEAKER_SELF = re.compile(r"\b(?:tôi|mình|tui)\b", re.IGNORECASE)


def _chyron(doc: _Doc, i: int) -> Person | None:
    """"Anh Giàng A Chứ - Bản Sáng Tùng, xã Tả Phìn" over a paragraph spoken in the first person: the name a
    television report shows on screen while the person speaks (a page of a TV news site), not a photo's caption."""
    line = doc.lines[i].strip()
    if doc.notice or not re.match(rf"^(?i:{_HONORIFIC_START})\s", line) or layout.words(line) > 16 or (
            layout.ends_sentence(line)) or line.endswith((":", "：")) or not re.search(r"\s[-–—]\s", line) or (
            i + 1 >= len(doc.lines) or not doc.free(i + 1)):
        return None
    person = parse_person(line.strip(" ."))
    after = doc.lines[i + 1]
    speaks = SPEAKER_SELF.search(after) and not re.match(r"^\W*chúng\s+tôi\b", after, re.IGNORECASE) and not (
        ANOTHER_PERSON.match(after)) and not layout.introduces_quote(after)
    return person if person and person.title and speaks and layout.words(after) >= 8 else None


def _is_caption(doc: _Doc, i: int) -> bool:
    """A photo caption: one short sentence describing a scene or naming people, set between paragraphs, or any
    line whose photo credit stands alone on the next line."""
    line = doc.lines[i]
    if doc.bulleted[i] or _credit(line):
        return False  # an item of a list; "Bài và ảnh: Mạnh Cường" signs the story
    if _pull_quote(doc, i):
        return True
    if _stat_box(doc, i) or i and _stat_box(doc, i - 1):
        return True  # "1.200 ha" over "diện tích rừng ngập mặn …": a figure set large in a box
    if i and layout.is_upper(line) and _pull_quote(doc, i - 1) and parse_person(line.title()):
        return True  # "ÔNG HÀ VĂN LỘC, TRƯỞNG THÔN TÂN LẬP" signs the pull quote above it
    portrait = parse_person(line.strip(" ."))
    if portrait and re.match(rf"^(?i:{_HONORIFIC_START})\s", line) and layout.words(line) <= 8 and not _chyron(doc, i):
        return True  # a person's name alone under a photo
    if layout.has_photo_credit(line) or CAPTION_POSITION.search(line) and layout.words(line) <= 45:
        return True
    after = doc.lines[i + 1] if i + 1 < len(doc.lines) else ""
    if PHOTO_CREDIT_ALONE.match(after) and layout.words(line) <= 60:
        return True
    if doc.script:
        return False  # a script is written for the ear: without a credit, a sentence about someone is narration
    if layout.words(line) > 35 or layout.sentences(line) > 1 or line.rstrip().endswith((":", "?", "!", ";")):
        return False
    if doc.notice or LIST_ITEM.match(line) or _NARRATIVE_MARKS.search(line):  # a notice has no photos
        return False
    if ADVICE.search(line):
        return False  # "…, bà con cứ hỏi, đừng ngại.": a caption describes a picture, it gives no advice
    person = starts_with_person(line)
    if not (person or CAPTION_SUBJECT.match(line)):
        return False
    def prose(j: int) -> bool:
        return 0 <= j < len(doc.lines) and layout.is_prose(doc.lines[j]) and (
            layout.words(doc.lines[j]) >= 1.5 * layout.words(line))

    if line.rstrip().endswith("."):  # a described scene, right after or before a paragraph
        return (prose(i - 1) or prose(i + 1)) and layout.words(line) <= 25
    # Without a full stop it may be a subheading: demand text on both sides (the shorter side a whole sentence).
    after_sentence = i + 1 < len(doc.lines) and layout.is_prose(doc.lines[i + 1]) and layout.ends_sentence(
        doc.lines[i + 1])
    return prose(i - 1) and (prose(i + 1) or after_sentence) or prose(i + 1) and i > 0 and layout.is_prose(
        doc.lines[i - 1]) and layout.ends_sentence(doc.lines[i - 1])


STAT_FIGURE = re.compile(r"^\W*\d[\d.,]*\s*(?:%|ha|km|m²|m2|tấn|tỷ(?:\s+đồng)?|triệu(?:\s+đồng)?|nghìn|hộ|người|lượt|"
                         r"cây|con|trường|xã|thôn)?\W*$", re.IGNORECASE)


def _stat_box(doc: _Doc, i: int) -> bool:
    """A figure alone on its line, explained by the lower-case line under it: an e-magazine's fact box."""
    if doc.notice or i + 1 >= len(doc.lines) or not STAT_FIGURE.match(doc.lines[i]):
        return False
    after = doc.lines[i + 1]
    return after[:1].islower() and layout.words(after) <= 25 and not LIST_ITEM.match(after) and not doc.bulleted[i + 1]


@lru_cache(maxsize=4096)
def _words_of(text: str) -> str:
    """The words of a line, folded, without punctuation (a pull quote may set a comma of the story as a full stop);
    cached, since every quoted line of a document is compared with every other line."""
    return " ".join(re.findall(r"\w+", _fold(text)))


def _pull_quote(doc: _Doc, i: int) -> bool:
    """A sentence of the story set again in large type between paragraphs ("“Tôi nghĩ mình …”"): said once."""
    inner = doc.lines[i].strip().strip("*_ ")
    if not (inner[:1] in "“\"'‘" and inner[-1:] in "”\"'’" and layout.words(inner) >= 5):
        return False
    # a pull quote may also be cut short or end on a line of its own: one whole sentence of it is enough
    said = [_words_of(part) for part in re.split(r"[.!?…]\s", inner) if layout.words(part) >= 6] or [_words_of(inner)]
    others = [_words_of(other) for j, other in enumerate(doc.lines) if j != i]
    found = [any(part in other for other in others) for part in said]
    return all(found) or any(found) and layout.words(inner) <= 30  # a quote paragraph only echoing the lead is read


def _interviewee_from_lead(line: str, turns: _Turns) -> Person | None:
    match = INTERVIEWEE_IN_LEAD.search(line)
    if not match:
        return None
    phrase = match.group(1)
    person = parse_person(phrase) or starts_with_person(phrase) or parse_person(re.split(r"\s+về\s+", phrase)[0])
    return turns.know(person) if person else None


# --- the result ---------------------------------------------------------------------------------------------------


TITLE_LABEL = re.compile(r"^\W*(?:tên\s+bài|tiêu\s+đề|tựa\s+đề|tựa\s+bài|tít)\s*[:：]\s*", re.IGNORECASE)


def _result(doc: _Doc, title_lines: list[int], hint: str | None, repeat: int | None) -> Segmentation:
    parts = sorted((d for d in doc.decided.values() if isinstance(d, Part)), key=lambda p: p.lines[0])
    for part in parts:
        part.text = clean_for_air(part.text) if part.role != "title" else TITLE_LABEL.sub("", part.text).strip()
    merged: list[Part] = []
    for part in parts:  # a notice's type and subject lines make one headline
        if part.role == "title" and merged and merged[-1].role == "title":
            merged[-1].text = f"{merged[-1].text.rstrip('.')}. {part.text}"
            merged[-1].lines.extend(part.lines)
        elif part.text:
            merged.append(part)
        else:
            doc.decided[part.lines[0]] = Skip(part.lines[0], part.why, doc.lines[part.lines[0]], part.confidence)
    skipped = sorted((d for d in doc.decided.values() if isinstance(d, Skip)), key=lambda s: s.line)
    title = next((p.text for p in merged if p.role == "title"), None) or hint
    return Segmentation(title=title, parts=merged, skipped=skipped, repeat=repeat)


_AGENCY_TAG = re.compile(rf"\(\s*(?:ttxvn|vna|{_DOMAIN}|[A-ZĐ]{{2,6}})(?:\s*/\s*[\w.+]+)?\s*\)\s*[-–—:]?\s*", re.I)
_SITE_LEAD = re.compile(rf"^(?:[A-ZĐ]{{2,6}}(?:\.(?:VN|vn))?|{_DOMAIN})\s*[-–—]\s+(?=\S)")


TRANSLATION_LABEL = re.compile(r"(^|[\[(]\s*)(?i:tạm\s+dịch|dịch\s+nghĩa|dịch|bản\s+dịch)\s*[:：]\s*")


def clean_for_air(text: str) -> str:
    """Drop what is written for readers, never for listeners: agency tags, the "./." closing mark, struck words."""
    text = _SITE_LEAD.sub("", layout.without_directions(STRUCK_WORDS.sub("", text)).strip())
    text = TRANSLATION_LABEL.sub(r"\1", text)  # "[Tạm dịch: Năm nay tôi …]": the translation is read, not its label
    text = _AGENCY_TAG.sub(lambda m: "" if m.start() == 0 else ", ", text)
    text = re.sub(r"\s*\.?\s*/\s*\.\s*$", ".", text)
    text = ANSWERED_AT_END.sub("", text)  # "… (Hội Nông dân xã trả lời)": who answers is the voice, not words
    return re.sub(r"^\s*,\s*", "", re.sub(r"\s+,", ",", text)).strip()


TRAILING_PAGE = re.compile(r"\s+\d{1,3}\s*$")


def _fold(s: str) -> str:
    return re.sub(r"\W+", " ", s).casefold().strip()


def _same_text(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return re.sub(r"\W+", " ", s).casefold().strip()

    return fold(a) == fold(b)
