"""Mark who speaks and what is not read, the way an announcer marks up a printout. Pure: lines in, parts out.

A document is read in three zones. Before its first line of running text (the head) sit page menus, date banners,
an administrative header and the headline: only the headline, a station's lead line and a notice's subject are
read. After its last line of running text (the tail) sit the sign-off, a notice's recipients and signature, share
bars and other stories: only the sign-off and closing words are read. In between (the body) every line is read,
by the voice its labels and turns give it, except captions, cues, links and page furniture.

Every decision carries a `why` code and a confidence, so the page can show what the tool was unsure of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.text import layout
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

STATION_LEAD = re.compile(
    r"^\W*(?:(?:đài\s+(?:truyền\s+thanh|phát\s+thanh|tt|tt-th|pt-th)|ban\s+biên\s+tập)(?=.*(?:\bxin\b|thông\s+báo|"
    r"kính\s+chào|[:!]\s*$))|sau\s+đây(?:\s+là)?|tiếp\s+theo|"
    r"kính\s+thưa|thưa|xin\s+kính\s+chào|kính\s+chào|mời\s+(?:bà\s+con|quý\s+vị|các\s+bạn)|vừa\s+rồi|"
    r"đài\s+\S+(?:\s+\S+){0,6}\s+xin\s+(?:thông\s+báo|kính\s+chào|nhắc\s+lại|đọc))",
    re.IGNORECASE,
)
INTERVIEWEE_IN_LEAD = re.compile(
    r"(?:phỏng\s+vấn|trao\s+đổi\s+với|trò\s+chuyện\s+với|cuộc\s+trao\s+đổi\s+với|gặp\s+gỡ|chúng\s+tôi\s+gặp|"
    r"trả\s+lời\s+phỏng\s+vấn\s+của)\s+(.{3,160}?)(?:\s+về\s+|\s+xung\s+quanh\s+|[.;:]|$)",
    re.IGNORECASE,
)
QUESTION_CUES = re.compile(
    r"\b(?:thưa\s+(?:ông|bà|anh|chị|đồng\s+chí|cô|thầy|bác|luật\s+sư|bác\s+sĩ)|xin\s+(?:ông|bà|anh|chị|đồng\s+chí|"
    r"cô|thầy|bác|luật\s+sư|bác\s+sĩ)\s+(?:cho\s+biết|chia\s+sẻ)|(?:ông|bà|anh|chị|đồng\s+chí|bác\s+sĩ)\s+"
    r"(?:có\s+thể\s+)?(?:cho\s+biết|chia\s+sẻ|đánh\s+giá|nói\s+rõ))\b",
    re.IGNORECASE,
)
BYLINE_OPENERS = re.compile(
    r"^\W*(?:theo\s+(?!quy|đó|như|kế|đề|thông|báo\s+cáo|ông|bà|anh|chị)|nguồn(?:\s+tin)?\s*[:：]|"
    r"(?:bài|tin|ảnh|tin,?\s*bài|bài\s*(?:và|,|&)\s*ảnh|tin\s*(?:và|,|&)\s*ảnh|nội\s+dung|trình\s+bày|"
    r"thực\s+hiện|người\s+viết(?:\s+kịch\s+bản)?|người\s+thực\s+hiện|tác\s+giả(?:\s+bài\s+viết)?|biên\s+tập|"
    r"phóng\s+viên|nhóm\s+pv|pv|ctv|phóng\s+sự\s+của|ghi\s+chép\s+của|kỹ\s+thuật)\s*[:：]|nhóm\s+pv\b)",
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
    r"kính\s+thưa|tại\s+buổi|sau\s+buổi|theo\s+ghi\s+nhận|ghi\s+nhận\s+của|chúng\s+tôi\s+(?:gặp|đến|tìm|rời))",
    re.IGNORECASE,
)
TAPE = re.compile(r"^\W*(?:băng(?:\s+phỏng\s+vấn)?|trích\s+(?:băng|lời)|phát\s+băng)\s*[:：]?\s*"
                  r"(?P<who>.+?)\s*[:：]?\s*$",
                  re.IGNORECASE)
GUEST_MARK = re.compile(r"^\s*(?:km|khách\s+mời|khách)\s*[:：]\s*", re.IGNORECASE)
GIVEN_NAME = re.compile(r"^(?i:ông|bà|anh|chị|cô|chú|bác|đồng\s+chí|đ/c|bs|bác\s+sĩ|thầy|em|cụ)\.?\s+(\S+)$")
# A person named without an office: the sign-off at the end of a story.
NAME_ONLY = re.compile(r"^\(?\s*[A-ZĐÀ-Ỹ][\wÀ-ỹ']*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ']*){1,4}\s*\)?\.?$")
BARE_DATE = re.compile(r"\W*(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?\W*", re.IGNORECASE)
CITES_DOCUMENT = re.compile(
    r"\b(?:luật|nghị\s+định|quyết\s+định|kế\s+hoạch|thông\s+tư|công\s+văn|chỉ\s+thị|nghị\s+quyết|hướng\s+dẫn|"
    r"văn\s+bản|thông\s+báo|điều\s+lệ|quy\s+chế)\s+(?:số\b|\d)", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:[-+*•·▪►●○◦–]|\d{1,2}\s*[.)/]|[a-zđ]\s*[).]|[IVX]{1,4}\s*[.)])\s*\S")
# Agency and site tags that open a lead ("NDO -", "(Baonamdinh.vn) -", "Hà Nội (TTXVN) -") and closing marks.
_DOMAIN = r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)"


@dataclass
class _Doc:
    lines: list[str]
    cells: list[list[str]]
    decided: dict[int, Part | Skip] = field(default_factory=dict)

    def free(self, i: int) -> bool:
        return i not in self.decided

    def skip(self, i: int, reason: str, confidence: float) -> None:
        self.decided[i] = Skip(i, reason, self.lines[i], confidence)

    def read(self, i: int, role: str, why: str, confidence: float, text: str | None = None,
             person: Person | None = None) -> None:
        if role == "byline" and person is None:
            person = _byline_person(self.lines[i])
        self.decided[i] = Part(role, self.lines[i] if text is None else text, [i],
                               speaker=person.name if person else None, speaker_title=person.title if person else None,
                               why=why, confidence=confidence)


def segment_lines(lines: list[str], *, raw: list[str] | None = None, title_hint: str | None = None) -> Segmentation:
    """Roles for the non-blank lines of a document (already repaired), in order. `raw` keeps table cells."""
    doc = _Doc(lines, [layout.cells(r) for r in (raw or lines)])
    n = len(lines)
    notice = _is_notice(doc)
    for i in range(n):
        strong = _strong_skip(doc, i, notice)
        if strong:
            doc.skip(i, strong, SURE)
    repeat = _instructions(doc)
    if notice:
        _notice_footer(doc)
    _legal_basis(doc, notice)
    first = _first_body(doc, notice)
    title_lines = _head(doc, first, notice, title_hint)
    last, end = _last_body(doc, first)
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


def _cell_kind(cell: str) -> str | None:
    part = layout.frame_part(cell)
    if part:
        return part
    if layout.is_issuer(cell):
        return "issuer"
    return None


def _strong_skip(doc: _Doc, i: int, notice: bool) -> str | None:
    """Reasons that hold wherever the line stands."""
    line, cells = doc.lines[i], doc.cells[i]
    if len(cells) >= 2:
        kinds = [_cell_kind(c) for c in cells]
        if "recipients" in kinds:
            return "recipients"
        if "doc_header" in kinds and all(k in ("doc_header", "issuer", "signature") for k in kinds):
            return "doc_header"
        if "signature" in kinds and notice:
            return "signature"
        if layout.is_cue(cells[0]) and layout.voice_mark_cell(cells[0]) is None:
            return "cue"
        if all(layout.is_chrome(c) or layout.is_section_label(c) for c in cells):
            return "chrome"
    if layout.is_date_banner(line) and not BARE_DATE.fullmatch(line):  # a bare date may be a schedule's cell
        return "date_banner"
    part = layout.frame_part(line)
    if part and (notice or part == "doc_header" and layout.words(line) <= 12):
        return part
    if layout.signed(line):
        return "signature"
    if layout.is_cue(line):
        return "cue"
    if layout.is_script_note(line) and not BYLINE_OPENERS.match(line):
        return "editor_note"
    if layout.is_related_heading(line) or layout.is_related_link(line):
        return "related"
    if layout.CAPTION_OPENER.match(line) or (layout.has_photo_credit(line) and not layout.introduces_quote(line)):
        return "caption"
    is_note, rest = layout.editor_note(line)
    if is_note and not rest:
        return "editor_note"
    if layout.is_chrome(line) and not re.search(r"\d{6,}|\d{3,4}[.\s]\d{3}", line):
        return "chrome"
    return None


def _instructions(doc: _Doc) -> int | None:
    """Lines that ask the station to broadcast the document N times a day: kept as `repeat`, not read."""
    found = []
    for i, line in enumerate(doc.lines):
        count = layout.broadcast_repeat(line)
        if count and (doc.free(i) or doc.decided[i].reason in ("editor_note", "cue")):  # type: ignore[union-attr]
            doc.skip(i, "instruction", LIKELY)
            found.append(count)
    return max(found) if found else None


def _notice_footer(doc: _Doc) -> None:
    """From "Nơi nhận:" (or the signature block) on, the recipients list and the signature block are not read;
    the signer's name is the byline. Columns flattened side by side or one after the other are both handled."""
    n = len(doc.lines)
    prose = [i for i in range(n) if doc.free(i) and layout.is_prose(doc.lines[i])]
    if not prose:
        return
    after = [i for i in range(prose[0], n) if isinstance(doc.decided.get(i), Skip)
             and doc.decided[i].reason in ("recipients", "signature")]  # type: ignore[union-attr]
    if not after:
        return
    for i in range(after[0], n):
        line = doc.lines[i]
        if not doc.free(i):
            continue
        if _signer_name(line):
            doc.read(i, "byline", "signer", LIKELY)
        elif LIST_ITEM.match(line) or line.rstrip().endswith((";", ",")) or re.match(r"^\W*lưu\s*[:：]", line, re.I):
            doc.skip(i, "recipients", LIKELY)
        elif layout.is_upper(line) and layout.words(line) <= 12:
            doc.skip(i, "signature", LIKELY)
        elif layout.PLACE_DATE.match(line):
            doc.skip(i, "doc_header", SURE)


def _signer_name(line: str) -> bool:
    if layout.is_doc_type(line) or layout.is_signature(line):
        return False
    text = re.sub(r"^(?i:bs|bác\s+sĩ|ths|ts|ks|đại\s+úy|thượng\s+úy|trung\s+úy|thiếu\s+úy|thiếu\s+tá|trung\s+tá|"
                  r"thượng\s+tá|đại\s+tá|ông|bà)\.?\s+", "", line.strip())
    return bool(NAME_ONLY.match(text)) and 2 <= layout.words(text) <= 5 and not layout.is_issuer(text) and not (
        layout.is_signature(text))


def _legal_basis(doc: _Doc, notice: bool) -> None:
    """"Căn cứ …" and "Xét đề nghị …" lines, and their hard-wrapped continuations, are not read by default. Outside
    a notice's frame only those that cite a document, in the first part of the text, are legal bases."""
    inside = False
    for i, line in enumerate(doc.lines):
        if not doc.free(i):
            inside = False
            continue
        cites = bool(CITES_DOCUMENT.search(line)) and i < max(8, len(doc.lines) // 3)
        if layout.LEGAL_BASIS.match(line) and (notice or cites):
            doc.skip(i, "legal_basis", SURE)
            inside = not line.rstrip().endswith((";", ".", ":"))
        elif inside and line[:1].islower():
            doc.skip(i, "legal_basis", LIKELY)
            inside = not line.rstrip().endswith((";", ".", ":"))
        else:
            inside = False


# --- the head: everything before the first line of running text ---------------------------------------------------


def _opens_body(doc: _Doc, i: int) -> bool:
    line = doc.lines[i]
    lead_in = line.rstrip().endswith((":", "：")) and layout.words(line) >= 5 and not layout.ADDRESSEE.match(line)
    return (layout.is_prose(line) or lead_in or bool(REPORTER_LABEL.match(line)) or layout.voice_mark(line) is not None
            or (len(doc.cells[i]) >= 2 and layout.voice_mark_cell(doc.cells[i][0]) is not None)
            or bool(STATION_LEAD.match(line)) or _person_label(line) is not None)


def _first_body(doc: _Doc, notice: bool) -> int:
    free = [i for i in range(len(doc.lines)) if doc.free(i)]
    for i in free:
        if _opens_body(doc, i) and not (notice and layout.is_doc_type(doc.lines[i])):
            if STATION_LEAD.match(doc.lines[i]) and not layout.is_prose(doc.lines[i]) and _frame_after(doc, i):
                doc.read(i, "narrator", "station_lead", LIKELY)  # read before the notice it introduces
                continue
            return i
    return free[0] if free else len(doc.lines)


def _frame_after(doc: _Doc, i: int) -> bool:
    later = [d for j, d in doc.decided.items() if j > i and isinstance(d, Skip)]
    return any(d.reason == "doc_header" for d in later)


def _head(doc: _Doc, first: int, notice: bool, hint: str | None) -> list[int]:
    """The headline (a notice's type and subject) and what else stands before the body: not read."""
    free = [i for i in range(first) if doc.free(i)]
    title: list[int] = []
    types = [i for i in free if layout.is_doc_type(doc.lines[i])] if notice else []
    if types:
        title = [types[0]]
        for j in range(types[0] + 1, first):
            if doc.free(j) and not layout.ADDRESSEE.match(doc.lines[j]):
                title.append(j)
            elif doc.free(j) or isinstance(doc.decided[j], Skip) and doc.decided[j].reason == "doc_header":  # type: ignore[union-attr]
                break
    else:
        title = _headline(doc, free, first, hint)
    for i in free:
        if i in title:
            continue
        line = doc.lines[i]
        if layout.ADDRESSEE.match(line) or STATION_LEAD.match(line) and not layout.is_section_label(line):
            doc.read(i, "narrator", "station_lead", LIKELY)
        elif layout.is_section_label(line):
            doc.skip(i, "section_label", LIKELY)
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


def _headline(doc: _Doc, free: list[int], first: int, hint: str | None) -> list[int]:
    """The headline among the head's lines: the one the hint names, else the fullest line that reads like one."""
    if hint:
        named = [i for i in free if _same_text(doc.lines[i], hint)]
        if named:
            return named[:1]
    candidates = [i for i in free if _looks_like_headline(doc.lines[i])]
    if not candidates and free == [first]:  # the body opens at once: its first line may still be a headline
        return []
    if not candidates:
        if first < len(doc.lines) and doc.free(first) and _question_headline(doc, first):
            return [first]
        return []
    best = max(candidates, key=lambda i: (min(layout.words(doc.lines[i]), 30), -i))
    return [best]


def _looks_like_headline(line: str) -> bool:
    n = layout.words(line)
    return (2 <= n <= 45 and not line.rstrip().endswith((".", ":", ";", ",")) and layout.sentences(line) == 1
            and not layout.is_section_label(line) and not layout.is_chrome(line) and not layout.is_footer(line)
            and not layout.is_breadcrumbs(line) and not layout.is_issuer(line) and not _signer_name(line)
            and not layout.is_date_banner(line))


def _question_headline(doc: _Doc, i: int) -> bool:
    """A headline that asks or exclaims, directly followed by running text."""
    line = doc.lines[i]
    following = [j for j in range(i + 1, len(doc.lines)) if doc.free(j)]
    return (line.rstrip().endswith(("?", "!")) and layout.sentences(line) == 1 and layout.words(line) <= 30
            and bool(following) and layout.is_prose(doc.lines[following[0]]) and not QUESTION_CUES.search(line))


# --- the tail: the sign-off, then page furniture and other stories ------------------------------------------------


def _last_body(doc: _Doc, first: int) -> tuple[int, int]:
    """(last line of running text, first line of what follows the article: share bars, other stories, footer)."""
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
        marker = (isinstance(decided, Skip) and decided.reason in ("related", "chrome")
                  and not layout.is_related_link(doc.lines[i])) or (
            doc.free(i) and (layout.is_footer(doc.lines[i]) and not layout.is_prose(doc.lines[i])))
        if marker and seen >= 0.7 * total and i > first:
            end = i
            break
    inside = [i for i in prose if i < end]
    last = max(inside) if inside else first
    # Labelled turns and list items after the last sentence still belong to the body.
    for i in range(last + 1, end):
        line = doc.lines[i]
        if doc.free(i) and _credit(line):
            continue
        if doc.free(i) and (layout.voice_mark(line) or REPORTER_LABEL.match(line) or _person_label(line)
                            or LIST_ITEM.match(line) and not _looks_like_byline(line)):
            last = i
        elif doc.free(i) and not _looks_like_byline(line) and not layout.is_footer(line):
            continue
    return last, end


def _credit(line: str) -> bool:
    """"Bài và ảnh: Văn Tùng", "Theo Báo Nam Định", "Phóng viên: Đỗ Quang Vinh": who wrote it, not a turn."""
    opener = BYLINE_OPENERS.match(line)
    if not opener or layout.words(line) > 16 or line.rstrip().endswith(("?", "!")):
        return False
    rest = line[opener.end():].strip(" :：")
    lower = [w for w in rest.split() if w[:1].islower() and w not in ("và", "-", "–")]
    return line.lower().lstrip().startswith(("theo", "nguồn")) or len(lower) <= 1


def _byline_person(line: str) -> Person:
    """Who signs: the name before an office ("Minh Tuấn – Đài truyền thanh xã"), or the whole credit line."""
    text = line.strip().strip("()")
    if _credit(text):
        return Person(text, None)
    pieces = re.split(r"\s*[–—]\s*|\s+-\s+|\s*\(|,\s*", text, maxsplit=1)
    office = pieces[1].strip(" )") if len(pieces) > 1 else ""
    return Person(pieces[0].strip(), office or None)


def _looks_like_byline(line: str) -> bool:
    """The sign-off: "Mai Hoa", "Thu Trang - Trung tâm VH-TT huyện", "Theo Báo Nam Định", "PV", "(Kim Ngân)"."""
    text = line.strip()
    if layout.words(text) > 16 or text.endswith(("?", "!", ":")):
        return False
    if _credit(text) or re.fullmatch(r"\(?\s*(?:pv|ctv|bbt|btv|nhóm\s+pv|ban\s+biên\s+tập)\s*\)?\.?", text,
                                                   re.I):
        return True
    core = re.sub(r"\s*\((?:thực\s+hiện|tổng\s+hợp|ghi)\)$|\s+(?:thực\s+hiện|tổng\s+hợp|ghi)$", "", text, flags=re.I)
    core = re.sub(r"\s*\([^)]{2,40}\)\s*$", "", core)  # "Hồng Nhung (TTXVN)"
    if NAME_ONLY.match(core) and layout.words(core) <= 5:
        return True
    if layout.is_upper(core) and 2 <= layout.words(core) <= 4 and not layout.is_issuer(core):
        return True
    head = re.split(r"\s*[–—-]\s*|\s*/\s*|,\s*", core, maxsplit=1)
    if len(head) == 2 and NAME_ONLY.match(head[0]) and layout.words(head[0]) <= 4 and (
            MEDIA_WORDS.search(head[1]) or layout.words(head[1]) <= 6):
        return True
    person = parse_person(text)
    return bool(person and (person.title is None or MEDIA_WORDS.search(person.title)))


def _tail(doc: _Doc, last: int, end: int) -> None:
    """After the body: sign-offs are read; a station's closing words are read; the rest is not."""
    n = len(doc.lines)
    for i in range(last + 1, n):
        if not doc.free(i):
            continue
        line = doc.lines[i]
        if i < end and _looks_like_byline(line) or i >= end and BYLINE_OPENERS.match(line) and i <= end + 2:
            doc.read(i, "byline", "byline", LIKELY)
        elif STATION_LEAD.match(line) and layout.is_prose(line):
            doc.read(i, "narrator", "station_closing", LIKELY)
        elif i >= end:
            doc.skip(i, "related" if _after_related(doc, i) else "chrome", LIKELY)
        elif layout.is_footer(line) or layout.is_chrome(line):
            doc.skip(i, "chrome", LIKELY)
        elif layout.ends_sentence(line) and layout.words(line) >= 4:
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
    voice: str | None = None  # the role a radio script's voice mark gave
    quote: bool = False  # the previous line introduced a narrated quote
    guests: bool = False  # someone answers in this document: a host's lines are questions
    people: dict[str, Person] = field(default_factory=dict)

    def know(self, person: Person) -> Person:
        """The full name for a short label ("Ông Thọ:" after "Ông Lê Đình Thọ – Chủ tịch …")."""
        words = person.name.split()
        if len(words) == 1:
            for known in self.people.values():
                if known.name.split()[-1] == words[0]:
                    return known
        self.people.setdefault(person.name, person)
        return person

    def who(self) -> Person | None:
        return self.speaker or self.last_official or self.lead


def _body(doc: _Doc, first: int, last: int) -> None:
    turns = _Turns()
    turns.guests = any(_person_label(line) or ANSWER_LABEL.match(line) or GUEST_MARK.match(line) or _tape_person(line)
                       for line in doc.lines[first:last + 1])
    for line in doc.lines[:first]:
        guest = _guest_note(line)
        if guest:
            turns.lead = turns.lead or turns.know(guest)
    for i in range(first, last + 1):
        if doc.free(i):
            _turn(doc, i, turns)
        elif isinstance(doc.decided[i], Skip) and doc.decided[i].reason in ("cue", "related"):  # type: ignore[union-attr]
            turns.quote = False


def _guest_note(line: str) -> Person | None:
    """"Khách mời: ông X, Chủ tịch …" in a script's header names who answers."""
    match = re.match(r"^\W*khách\s+mời\s*[:：]\s*(.+)$", line, re.IGNORECASE)
    if not match:
        return None
    phrase = match.group(1).strip(" .")
    return parse_person(phrase) or starts_with_person(phrase)


def _person_label(line: str) -> tuple[Person, str] | None:
    """("Ông X – chức vụ", rest) when a line opens with a label naming who speaks (not a narrated quote)."""
    label = split_label(line)
    if not label:
        return None
    name, rest = label
    if layout.ends_with_speech_verb(name) or layout.words(name) > 30:
        return None
    answer = re.sub(r"\s+(?:trả\s+lời|đáp|giải\s+đáp)(?:\s+như\s+sau)?$", "", name, flags=re.IGNORECASE)
    person = parse_person(answer)
    if person is None:
        given = GIVEN_NAME.match(answer)
        person = Person(given.group(1), None) if given and given.group(1)[:1].isupper() else None
    return (person, rest) if person else None


def _turn(doc: _Doc, i: int, turns: _Turns) -> None:  # noqa: C901 - one rule per kind of line, in order
    line, cells = doc.lines[i], doc.cells[i]
    quote, turns.quote = turns.quote, False

    mark = layout.voice_mark(line)
    if mark is None and len(cells) >= 2 and layout.voice_mark_cell(cells[0]):
        mark = (layout.voice_mark_cell(cells[0]) or "announcer", " ".join(cells[1:]))
    if mark:
        kind, rest = mark
        role = "reporter" if kind == "host" and (turns.interview or turns.lead or turns.guests) else "narrator"
        turns.voice, turns.speaker = role, None
        if role == "reporter":
            turns.speaker = None
        if rest:
            doc.read(i, role, "voice_mark", SURE, text=rest)
        else:
            doc.skip(i, "speaker_label", SURE)
        return

    if len(cells) >= 2 and TAPE.match(cells[0] + ":"):
        tape = _tape_person(cells[0] + ":")
        if tape:
            turns.speaker = turns.know(tape)
            doc.read(i, "official", "tape", LIKELY, text=" ".join(cells[1:]), person=turns.speaker)
            return

    reporter = REPORTER_LABEL.match(line)
    if reporter:
        rest = line[reporter.end():].strip()
        turns.interview, turns.voice = True, None
        if rest:
            doc.read(i, "reporter", "label", SURE, text=rest)
        else:
            doc.skip(i, "speaker_label", SURE)
        turns.speaker = None
        return

    answer = ANSWER_LABEL.match(line)
    if answer:
        turns.interview, turns.voice = True, None
        who = turns.who()
        rest = line[answer.end():].strip()
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
        doc.skip(i, "speaker_label", LIKELY)
        return

    labelled = _person_label(line)
    if labelled:
        person, rest = labelled
        person = turns.know(person)
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
    if quote:
        turns.quote = line.lstrip()[:1] in "“\"'‘" and not re.search(r"[”\"']\s*\.?$", line)
        doc.read(i, turns.voice or "narrator", "quote_in_narration", LIKELY)
        return

    if _is_caption(doc, i):
        doc.skip(i, "caption", GUESS)
        return

    if _credit(line) or (NAME_ONLY.match(line) and not layout.is_upper(line) and 2 <= layout.words(line) <= 4
                         and not (turns.speaker and turns.interview)):
        doc.read(i, "byline", "byline", GUESS)
        return

    if turns.voice:
        doc.read(i, turns.voice, "voice_mark", LIKELY)
        return

    if (turns.interview or turns.lead) and _is_unlabelled_question(line):
        turns.interview = True
        doc.read(i, "reporter", "question", LIKELY)
        turns.speaker = turns.who()
        return

    who = turns.who()
    if turns.interview and who and not _narration(line, who):
        doc.read(i, "official", "answer_continues", LIKELY, person=who)
        turns.speaker = who
        return

    turns.speaker = None
    doc.read(i, "narrator", "body", 0.9)
    turns.lead = turns.lead or _interviewee_from_lead(line, turns)


def _tape_person(line: str) -> Person | None:
    match = TAPE.match(line)
    if not match:
        return None
    phrase = re.sub(r"\s+(?:đọc|nói|phát\s+biểu|trả\s+lời)\b.*$", "", match.group("who"), flags=re.IGNORECASE)
    return parse_person(phrase) or starts_with_person(phrase)


def _narration(line: str, speaker: Person) -> bool:
    """A paragraph that speaks of the interviewee in the third person, or opens like narration, ends the turn."""
    given = speaker.name.split()[-1]
    third_person = re.search(rf"\b(?i:ông|bà|anh|chị|đồng\s+chí|cô|chú|bác|bác\s+sĩ|luật\s+sư)\s+{re.escape(given)}\b",
                             line)
    return bool(third_person or NARRATION_OPENERS.match(line))


def _is_unlabelled_question(line: str) -> bool:
    return line.rstrip().endswith("?") and layout.words(line) <= 80 and bool(QUESTION_CUES.search(line))


CAPTION_SUBJECT = re.compile(
    r"^\W*(?:quang\s+cảnh|toàn\s+cảnh|các\s+đại\s+biểu|đại\s+biểu|lãnh\s+đạo|cán\s+bộ|người\s+dân|nông\s+dân|"
    r"bà\s+con|lực\s+lượng|học\s+sinh|du\s+khách|đoàn\s+viên|thanh\s+niên|bộ\s+đội|chiến\s+sĩ|công\s+an|"
    r"mô\s+hình|cánh\s+đồng|tuyến\s+đường|công\s+trình|ngôi\s+nhà|nhà\s+văn\s+hóa|sản\s+phẩm|các\s+em|trẻ\s+em|"
    r"đoàn\s+công\s+tác|đoàn|bác\s+sĩ|nhân\s+viên|giáo\s+viên|hội\s+viên|cơ\s+quan\s+chức\s+năng|"
    r"hình\s+ảnh|khung\s+cảnh|trao|tặng|lễ|buổi|một\s+góc|góc)\b",
    re.IGNORECASE,
)
_NARRATIVE_MARKS = re.compile(
    r"\b(?:cho\s+biết|chia\s+sẻ|theo|thông\s+báo|đề\s+nghị|yêu\s+cầu|kêu\s+gọi|khuyến\s+cáo|hãy|cần|phải|sẽ|"
    r"để\s+nhân\s+dân|tuy\s+nhiên|vì\s+vậy|do\s+đó|năm\s+\d{4}|tháng\s+\d|\d+[.,]\d+|%|"
    r"triệu|tỷ|nghìn)\b|[“\"]",
    re.IGNORECASE,
)


def _is_caption(doc: _Doc, i: int) -> bool:
    """A photo caption: one short sentence describing a scene or naming people, set between paragraphs."""
    line = doc.lines[i]
    if layout.has_photo_credit(line):
        return True
    if layout.words(line) > 35 or layout.sentences(line) > 1 or line.rstrip().endswith((":", "?", "!", ";")):
        return False
    if LIST_ITEM.match(line) or _NARRATIVE_MARKS.search(line):
        return False
    person = starts_with_person(line)
    if not (person or CAPTION_SUBJECT.match(line)):
        return False
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(doc.lines)]
    beside_prose = any(layout.words(doc.lines[j]) >= 1.5 * layout.words(line) and layout.is_prose(doc.lines[j])
                       for j in neighbours)
    return beside_prose and (not line.rstrip().endswith(".") or layout.words(line) <= 25)


def _interviewee_from_lead(line: str, turns: _Turns) -> Person | None:
    match = INTERVIEWEE_IN_LEAD.search(line)
    if not match:
        return None
    phrase = match.group(1)
    person = parse_person(phrase) or starts_with_person(phrase) or parse_person(re.split(r"\s+về\s+", phrase)[0])
    return turns.know(person) if person else None


# --- the result ---------------------------------------------------------------------------------------------------


def _result(doc: _Doc, title_lines: list[int], hint: str | None, repeat: int | None) -> Segmentation:
    parts = sorted((d for d in doc.decided.values() if isinstance(d, Part)), key=lambda p: p.lines[0])
    for part in parts:
        part.text = clean_for_air(part.text) if part.role != "title" else part.text.strip()
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


def clean_for_air(text: str) -> str:
    """Drop what is written for readers, never for listeners: agency tags and the "./." closing mark."""
    text = _SITE_LEAD.sub("", text.strip())
    text = _AGENCY_TAG.sub(lambda m: "" if m.start() == 0 else ", ", text)
    text = re.sub(r"\s*\.?\s*/\s*\.\s*$", ".", text)
    return re.sub(r"^\s*,\s*", "", re.sub(r"\s+,", ",", text)).strip()


def _same_text(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return re.sub(r"\W+", " ", s).casefold().strip()

    return fold(a) == fold(b)
