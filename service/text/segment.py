"""Mark who speaks, the way a radio editor marks up a printout. Pure: lines in, parts out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.text.speakers import (
    ANSWER_LABEL,
    REPORTER_LABEL,
    Person,
    parse_person,
    split_label,
    starts_with_person,
)


@dataclass
class Part:
    role: str
    text: str
    lines: list[int]
    speaker: str | None = None
    speaker_title: str | None = None


@dataclass
class Skip:
    line: int
    reason: str
    text: str


@dataclass
class Segmentation:
    title: str | None
    parts: list[Part] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn)"
DATE_BANNER = re.compile(
    rf"^(?:(?:hôm\s+nay|cập\s+nhật(?:\s+lúc)?|đăng\s+(?:ngày|lúc)|ngày\s+đăng|thời\s+gian)\s*[,:]?\s*)?"
    rf"(?:{_WEEKDAY}\s*[,-]?\s*)?(?:ngày\s+)?\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"(?:\s*[,|-]?\s*(?:lúc\s+)?\d{{1,2}}[:h]\d{{2}}(?::\d{{2}})?\s*(?:\(?GMT[+-]\d+\)?|SA|CH|AM|PM)?)?\s*$",
    re.IGNORECASE,
)
_SECTION_NAMES = (
    r"(?:tin\s+tức(?:\s*-\s*sự\s+kiện)?|thời\s+sự|sự\s+kiện|tin\s+địa\s+phương|tin\s+trong\s+\w+|trang\s+chủ|"
    r"chuyên\s+mục|chính\s+trị|kinh\s+tế|xã\s+hội|văn\s+hóa|giáo\s+dục|y\s+tế|thể\s+thao|pháp\s+luật|"
    r"an\s+ninh(?:\s*-\s*quốc\s+phòng)?|quốc\s+phòng|nông\s+nghiệp|nông\s+thôn\s+mới|xây\s+dựng\s+đảng|"
    r"tin\s+tổng\s+hợp|tin\s+mới|tin\s+nổi\s+bật|bản\s+tin|phóng\s+sự|tin\s+ảnh|tin\s+vắn|thông\s+báo|"
    r"tuyên\s+truyền|hoạt\s+động|tin\s+tức\s+-\s+sự\s+kiện|văn\s+bản|chỉ\s+đạo\s+điều\s+hành)"
)
# A section label is a section name alone, maybe narrowed to a place ("Tin tức trong Huyện") or chained
# as breadcrumbs ("Trang chủ > Tin tức"); "Thông báo lịch tiêm chủng" is a headline, not a label.
SECTION_WORDS = re.compile(
    rf"^{_SECTION_NAMES}(?:\s+(?:trong|ngoài|của)\s+(?:huyện|tỉnh|xã|nước|thành\s+phố|thị\s+xã|phường))?"
    rf"(?:\s*[-–|»>/:]\s*{_SECTION_NAMES})*\s*$",
    re.IGNORECASE,
)
CHROME = re.compile(
    r"^(?:chia\s+sẻ|share|like|tweet|in\s+bài(?:\s+viết)?|print|gửi\s+(?:email|bài)|email|bình\s+luận|"
    r"lượt\s+xem|số\s+lượt|quay\s+lại|trở\s+về|về\s+đầu\s+trang|xem\s+thêm|tin\s+liên\s+quan|"
    r"các\s+tin\s+(?:khác|đã\s+đưa)|tags?|từ\s+khóa|facebook|zalo|bản\s+in|lên\s+đầu\s+trang|"
    r"đánh\s+giá|bài\s+viết\s+liên\s+quan|tải\s+về|download|nghe\s+audio|copy\s+link|sao\s+chép)\b"
    r"(?:[\s:|/,.\d()-]*(?:facebook|zalo|twitter|email|in|lượt\s+xem|\w+)?){0,6}\s*$",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(r"^\(?\s*(?:ảnh|ảnh\s+minh\s+họa|nguồn\s+ảnh|video|clip)\s*[:：]", re.IGNORECASE)
PHOTO_TAIL = re.compile(r"\(\s*(?:ảnh|ảnh\s+minh\s+họa)\s*(?:[:：][^)]*)?\)\s*\.?$", re.IGNORECASE)
PHOTO_WORDS = re.compile(
    r"\b(?:quang\s+cảnh|toàn\s+cảnh|ảnh|tặng\s+(?:hoa|quà|thưởng|bằng\s+khen|giấy\s+khen)|trao\s+(?:quà|"
    r"thưởng|tặng|bằng|giấy|giải|quyết\s+định|hỗ\s+trợ)|chụp\s+ảnh|phát\s+biểu\s+(?:tại|chỉ\s+đạo)|"
    r"kiểm\s+tra|thăm|tặng|trao|dự\s+lễ|cắt\s+băng|các\s+đại\s+biểu|đại\s+biểu\s+dự)\b",
    re.IGNORECASE,
)
EDITOR_NOTE = re.compile(
    r"^[(\[]?\s*(?:ghi\s+chú|chú\s+thích|lưu\s+ý|nb|n\.b|ghi\s+chú\s+của\s+btv|bbt|ban\s+biên\s+tập|"
    r"ghi\s+chú\s+bbt|chú\s+ý\s+btv|btv\s+lưu\s+ý|không\s+phát\s+sóng|không\s+đọc)\b.*",
    re.IGNORECASE,
)
MEDIA_WORDS = re.compile(
    r"\b(?:đài|báo|tạp\s+chí|trung\s+tâm|ttxvn|vov|vtv|cổng\s+thông\s+tin|trang\s+thông\s+tin|"
    r"ban\s+tuyên\s+giáo|phòng\s+văn\s+hóa|truyền\s+thanh|truyền\s+hình|phát\s+thanh|cộng\s+tác\s+viên|ctv|"
    r"thông\s+tấn|pv|phóng\s+viên|nhóm\s+pv)\b",
    re.IGNORECASE,
)
BYLINE_OPENERS = re.compile(
    r"^(?:theo\s+|nguồn\s*[:：]|bài\s*(?:và|,)?\s*ảnh\s*[:：]|tin\s*(?:và|,)?\s*ảnh\s*[:：]|"
    r"bài\s*[:：]|tin\s*[:：]|thực\s+hiện\s*[:：]|nhóm\s+pv|pv\s*[:：]?\s*[A-ZĐ]|ctv\s)",
    re.IGNORECASE,
)
THANKS = re.compile(r"\b(?:xin\s+)?(?:chân\s+thành\s+)?cảm\s+ơn\b", re.IGNORECASE)
QUESTION_CUES = re.compile(
    r"\b(?:thưa\s+(?:ông|bà|anh|chị|đồng\s+chí|cô|thầy|bác)|xin\s+(?:ông|bà|anh|chị|đồng\s+chí|cô|thầy)"
    r"\s+cho\s+biết|(?:ông|bà|anh|chị|đồng\s+chí)\s+(?:có\s+thể\s+)?(?:cho\s+biết|chia\s+sẻ|đánh\s+giá))\b",
    re.IGNORECASE,
)
INTERVIEWEE_IN_LEAD = re.compile(
    r"(?:phỏng\s+vấn|trao\s+đổi\s+với|trò\s+chuyện\s+với|cuộc\s+trao\s+đổi\s+với)\s+(.{3,160}?)"
    r"(?:\s+về\s+|\s+xung\s+quanh\s+|[.;:]|$)",
    re.IGNORECASE,
)

_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", ")")


def words(line: str) -> int:
    return len(line.split())


def sentences(line: str) -> int:
    return max(1, len(re.findall(r"[.!?…](?:\s|$)", line)))


def is_date_banner(line: str) -> bool:
    return bool(DATE_BANNER.match(line))


def is_section_label(line: str) -> bool:
    """Site navigation before the headline: short, no sentence punctuation, a section name or breadcrumbs."""
    if words(line) > 8 or line.endswith((".", "?", "!", ":")):
        return False
    return bool(SECTION_WORDS.match(line)) or bool(re.search(r"\s[>»|]\s", line))


def is_caption(line: str) -> bool:
    """A photo caption: names people or describes a picture, with no speaker colon, usually one sentence."""
    if PHOTO_CREDIT.match(line) or PHOTO_TAIL.search(line):
        return True
    if split_label(line) is not None and parse_person(split_label(line)[0]):  # type: ignore[index]
        return False
    if words(line) > 45 or sentences(line) > 1:
        return False
    person = starts_with_person(line)
    opens_with_scene = re.match(r"^(?:quang\s+cảnh|toàn\s+cảnh|các\s+đại\s+biểu|đại\s+biểu|lãnh\s+đạo)\b",
                                line, re.IGNORECASE)
    if not (person or opens_with_scene):
        return False
    unfinished = not line.rstrip().endswith(_SENTENCE_END)
    return unfinished or bool(PHOTO_WORDS.search(line)) or bool(person and person.title and words(line) < 30)


def byline_person(line: str) -> tuple[str, str | None] | None:
    """The sign-off at the end ("Mai Hoa – Đài truyền thanh Huyện", "Theo Báo Ninh Bình"), if it is one."""
    if words(line) > 14 or line.endswith(("?", "!")) or sentences(line) > 1 and not line.endswith("."):
        return None
    if BYLINE_OPENERS.match(line):
        return line, None
    person = parse_person(line)
    if person and (person.title is None or MEDIA_WORDS.search(person.title)):
        return person.name, person.title
    if MEDIA_WORDS.search(line) and re.search(r"[–—-]|\(", line) and not line.endswith("."):
        return line, None
    return None


def interviewee_from_lead(line: str) -> Person | None:
    match = INTERVIEWEE_IN_LEAD.search(line)
    if not match:
        return None
    phrase = match.group(1)
    person = parse_person(phrase) or starts_with_person(phrase)
    if person:
        return person
    # "phỏng vấn đồng chí X – chức vụ"
    return parse_person(re.split(r"\s+về\s+", phrase)[0])


def segment_lines(lines: list[str], *, title_hint: str | None = None) -> Segmentation:
    """Roles for the non-blank lines of an article (already repaired), in order."""
    result = Segmentation(title=None)
    n = len(lines)
    body_start = 0
    # Web chrome before the headline: date banners, section labels, share bars.
    while body_start < n:
        line = lines[body_start]
        reason = _chrome_reason(line) or ("section_label" if is_section_label(line) and body_start + 1 < n
                                          else None)
        if not reason:
            break
        result.skipped.append(Skip(body_start, reason, line))
        body_start += 1

    byline_index = _find_byline(lines, body_start)
    title_index = _find_title(lines, body_start, byline_index, title_hint)
    if title_index is not None:
        result.title = lines[title_index]
        result.parts.append(Part("title", lines[title_index], [title_index]))
    elif title_hint:
        result.title = title_hint

    speaker: Person | None = None
    last_official: Person | None = None
    lead_interviewee: Person | None = None
    interview = False

    for i in range(body_start, n):
        line = lines[i]
        if i == title_index:
            continue
        if i == byline_index:
            name, title = byline_person(line) or (line, None)
            result.parts.append(Part("byline", line, [i], speaker=name, speaker_title=title))
            continue
        reason = _chrome_reason(line)
        if reason:
            result.skipped.append(Skip(i, reason, line))
            continue

        reporter = REPORTER_LABEL.match(line)
        if reporter:
            rest = line[reporter.end():].strip()
            interview = True
            closing = bool(THANKS.search(rest)) and words(rest) < 25
            if rest:
                result.parts.append(Part("reporter", rest, [i]))
            else:
                result.skipped.append(Skip(i, "speaker_label", line))
            speaker = None if closing else (speaker or last_official)
            if closing:
                interview = False
            continue

        answer = ANSWER_LABEL.match(line)
        if answer:
            interview = True
            who = speaker or last_official or lead_interviewee
            rest = line[answer.end():].strip()
            if rest:
                result.parts.append(_official(rest, i, who))
            else:
                result.skipped.append(Skip(i, "speaker_label", line))
            speaker = who
            continue

        labelled = split_label(line)
        person = parse_person(labelled[0]) if labelled else None
        if labelled and person:
            interview = True
            speaker = last_official = person
            if labelled[1]:
                result.parts.append(_official(labelled[1], i, person))
            else:
                result.skipped.append(Skip(i, "speaker_label", line))
            continue

        if is_caption(line):
            result.skipped.append(Skip(i, "caption", line))
            continue

        if (interview or lead_interviewee) and _is_unlabelled_question(line):
            # A question in bold that lost its bold: the reporter asks, the interviewee answers next.
            interview = True
            result.parts.append(Part("reporter", line, [i]))
            speaker = speaker or last_official or lead_interviewee
            continue

        if interview and (speaker or last_official or lead_interviewee):
            who = speaker or last_official or lead_interviewee
            result.parts.append(_official(line, i, who))
            continue

        result.parts.append(Part("narrator", line, [i]))
        lead_interviewee = lead_interviewee or interviewee_from_lead(line)

    result.parts.sort(key=lambda p: p.lines[0])
    result.skipped.sort(key=lambda s: s.line)
    return result


def _official(text: str, line: int, person: Person | None) -> Part:
    return Part("official", text, [line], speaker=person.name if person else None,
                speaker_title=person.title if person else None)


def _chrome_reason(line: str) -> str | None:
    if is_date_banner(line):
        return "date_banner"
    if CHROME.match(line) and words(line) <= 8:
        return "chrome"
    if EDITOR_NOTE.match(line):
        return "editor_note"
    return None


def _is_unlabelled_question(line: str) -> bool:
    return line.rstrip().endswith("?") and words(line) <= 80 and bool(QUESTION_CUES.search(line))


def _find_byline(lines: list[str], start: int) -> int | None:
    """The sign-off: among the last lines, after the body, short and naming the writer or the source."""
    for i in range(len(lines) - 1, max(start, len(lines) - 3) - 1, -1):
        line = lines[i]
        if _chrome_reason(line):
            continue
        if i > start and byline_person(line):
            return i
        return None
    return None


def _find_title(lines: list[str], start: int, byline: int | None, hint: str | None) -> int | None:
    """The headline: the first body line, when it reads like one (short, no closing full stop)."""
    if start >= len(lines) or start == byline:
        return None
    first = lines[start]
    if hint and _same_text(first, hint):
        return start
    looks_like_headline = words(first) <= 40 and sentences(first) == 1 and not first.endswith(":")
    rest = [i for i in range(start + 1, len(lines)) if i != byline]
    label = split_label(first)
    speaker_label = bool(label and parse_person(label[0]))
    if looks_like_headline and rest and not REPORTER_LABEL.match(first) and not speaker_label:
        return start
    return None


def _same_text(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return re.sub(r"\W+", " ", s).casefold().strip()

    return fold(a) == fold(b)
