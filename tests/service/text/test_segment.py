"""Roles for articles of the genre: interviews, round-tables, news with captions and sign-offs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.text.scoring import load_document, score
from service.text.script import build_script, non_blank_lines
from tests.conftest import DATA, SEED, SEED_GOLD


def roles(text: str) -> list[tuple[int, str, str | None]]:
    """(line, role or skip:reason, speaker) for every non-blank line, in order."""
    script = build_script(text)
    rows = [(i, seg.role, seg.speaker) for seg in script.segments for i in seg.source_lines]
    rows += [(s.source_line, f"skip:{s.reason}", None) for s in script.skipped]
    return sorted(rows)


def officials(text: str) -> dict[int, str | None]:
    """Who speaks each line an official reads."""
    return {i: who for i, role, who in roles(text) if role == "official"}


SEVERAL_INTERVIEWEES = """Xã Yên Lộc ra quân làm đường giao thông nông thôn

Sáng nay, xã Yên Lộc tổ chức lễ ra quân làm đường giao thông nông thôn năm 2024.

PV: Thưa ông, năm nay xã đặt mục tiêu bao nhiêu km đường?

Ông Trần Văn Bình – Chủ tịch UBND xã Yên Lộc: Năm nay xã phấn đấu làm mới 5 km đường.

P.V: Người dân đóng góp như thế nào, thưa bà?

Bà Lê Thị Hoa, Trưởng thôn 3: Bà con trong thôn đã hiến hơn 2.000 m2 đất.

Chúng tôi còn tổ chức ngày công lao động.

Ảnh: Lễ ra quân tại thôn 3

Minh Tuấn – Đài truyền thanh xã Yên Lộc
"""

QUESTIONS_WITHOUT_LABELS = """Chủ động phòng chống sốt xuất huyết

Để chủ động phòng chống dịch, phóng viên đã có cuộc trao đổi với bác sĩ Nguyễn Thị Lan – Giám đốc Trung tâm Y tế huyện.

Thưa bà, tình hình dịch sốt xuất huyết trên địa bàn hiện nay ra sao?

Từ đầu năm đến nay, toàn huyện ghi nhận 45 ca mắc, tăng 12 ca so với cùng kỳ.

Bà có thể cho biết người dân cần làm gì để phòng bệnh?

Người dân cần diệt lăng quăng, bọ gậy hằng tuần.

1. Đậy kín các dụng cụ chứa nước.

2. Ngủ màn kể cả ban ngày.
"""

ROUND_TABLE = """Tọa đàm: Chuyển đổi số ở cơ sở

Người dẫn chương trình: Xin chào quý thính giả, hôm nay chúng tôi mời hai khách mời.

Ông Phạm Văn Đức – Phó Chủ tịch UBND huyện:

Huyện đã triển khai 20 mô hình chuyển đổi số.

Chị Nguyễn Thu Trang – Bí thư Đoàn xã:

Đoàn viên thanh niên là lực lượng nòng cốt.

Chúng tôi lập 15 tổ công nghệ số cộng đồng.

Người dẫn chương trình: Xin cảm ơn hai vị khách mời.
"""

NEWS_WITH_CAPTION = """Hôm nay, Thứ ba ngày 05/03/2024

Thời sự

Huyện trao 200 suất quà cho hộ nghèo

Chiều 4/3, UBND huyện tổ chức trao 200 suất quà cho hộ nghèo. Ông Nguyễn Văn Hùng cho biết: "Huyện sẽ tiếp tục hỗ trợ".

Đồng chí Nguyễn Văn Hùng, Bí thư Huyện ủy trao quà cho các hộ nghèo.

Mỗi suất quà trị giá 500.000 đồng, gồm gạo và nhu yếu phẩm.

(Ghi chú của BTV: không đọc phần này)

Chia sẻ Facebook

Theo Báo Ninh Bình
"""

# Q&A columns whose "Trả lời:" names no one: the answering office or expert is named elsewhere.
QA_EDITORS = """Hỏi đáp chính sách người có công
Thời gian qua, Ban biên tập nhận được nhiều câu hỏi của bà con. Chúng tôi xin trả lời như sau.
Hỏi: Mẹ tôi là thân nhân liệt sĩ, năm nay được hưởng trợ cấp bao nhiêu?
Trả lời: Từ ngày 01/7/2024, mức trợ cấp tuất hằng tháng là 2.789.000 đồng.
Bà con cần hỏi thêm xin liên hệ bộ phận một cửa của xã."""
QA_EXPERT_AT_FOOT = """Tình huống pháp luật: Cho con nghỉ học đi làm thuê có vi phạm?
Hỏi: Con tôi 14 tuổi, tôi cho cháu nghỉ học đi làm thuê có được không?
Giải đáp:
Theo Luật Trẻ em năm 2016, trẻ em có quyền được học tập.
Gia đình cần tạo điều kiện cho cháu tiếp tục đến trường.
Luật gia Đỗ Minh Khôi – Phòng Tư pháp huyện"""
QA_PORTAL = """Tiêu đề:	Cấp lại giấy chứng nhận bị mất
Nội dung câu hỏi:
Tôi bị mất giấy chứng nhận quyền sử dụng đất, xin hỏi thủ tục cấp lại thế nào?
Cơ quan trả lời:	Sở Nông nghiệp và Môi trường
Nội dung trả lời:
Sở Nông nghiệp và Môi trường nhận được câu hỏi của bà Lê Thị Sen. Sở trả lời như sau:
Hồ sơ gồm đơn đề nghị cấp lại và giấy xác nhận của Công an xã."""


def answerers(text: str) -> set[str | None]:
    return {speaker for _, role, speaker in roles(text) if role == "official"}


@pytest.mark.parametrize(("text", "who"), [
    (QA_EDITORS, "Ban biên tập"), (QA_EXPERT_AT_FOOT, "Đỗ Minh Khôi"), (QA_PORTAL, "Sở Nông nghiệp và Môi trường"),
], ids=["editors-in-the-introduction", "expert-at-the-foot", "portal-field"])
def test_unnamed_answers_are_given_to_who_answers(text: str, who: str) -> None:
    assert answerers(text) == {who}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEVERAL_INTERVIEWEES, [
            (0, "title", None), (1, "narrator", None), (2, "reporter", None),
            (3, "official", "Trần Văn Bình"), (4, "reporter", None), (5, "official", "Lê Thị Hoa"),
            (6, "official", "Lê Thị Hoa"), (7, "skip:caption", None), (8, "byline", "Minh Tuấn"),
        ]),
        (QUESTIONS_WITHOUT_LABELS, [
            (0, "title", None), (1, "narrator", None), (2, "reporter", None),
            (3, "official", "Nguyễn Thị Lan"), (4, "reporter", None), (5, "official", "Nguyễn Thị Lan"),
            (6, "official", "Nguyễn Thị Lan"), (7, "official", "Nguyễn Thị Lan"),
        ]),
        (ROUND_TABLE, [
            (0, "title", None), (1, "narrator", None), (2, "skip:speaker_label", None),
            (3, "official", "Phạm Văn Đức"), (4, "skip:speaker_label", None),
            (5, "official", "Nguyễn Thu Trang"), (6, "official", "Nguyễn Thu Trang"), (7, "reporter", None),
        ]),
        (NEWS_WITH_CAPTION, [
            (0, "skip:date_banner", None), (1, "skip:section_label", None), (2, "title", None),
            (3, "narrator", None), (4, "skip:caption", None), (5, "narrator", None),
            (6, "skip:editor_note", None), (7, "skip:chrome", None), (8, "byline", "Theo Báo Ninh Bình"),
        ]),
    ],
    ids=["several-interviewees", "questions-without-labels", "round-table", "news-with-caption"],
)
def test_roles(text: str, expected: list[tuple[int, str, str | None]]) -> None:
    assert roles(text) == expected


def test_every_non_blank_line_appears_exactly_once() -> None:
    text = SEED.read_text(encoding="utf-8")
    script = build_script(text)
    lines = [i for seg in script.segments for i in seg.source_lines] + [s.source_line for s in script.skipped]
    assert sorted(lines) == list(range(len(non_blank_lines(text))))


def test_speaker_title_kept_apart_from_name() -> None:
    script = build_script(SEED.read_text(encoding="utf-8"))
    official = next(s for s in script.segments if s.role == "official")
    assert official.speaker == "Bùi Thị Thúy"
    assert official.speaker_title == "Ủy viên Ban Thường vụ Huyện ủy, Trưởng Ban Tuyên giáo Huyện"


def test_reporter_label_is_not_read_aloud() -> None:
    script = build_script(SEVERAL_INTERVIEWEES)
    reporter = next(s for s in script.segments if s.role == "reporter")
    assert not reporter.text.startswith("PV")


def test_repairs_glued_tokens_and_bullets() -> None:
    script = build_script("Tiêu đề bài\n\n+Các đảng bộ thực hiện Nghị quyết Trung ương 4Về xây dựng Đảng.")
    body = script.segments[1]
    assert body.text == "Các đảng bộ thực hiện Nghị quyết Trung ương 4 Về xây dựng Đảng."


def test_seed_scores_full_marks() -> None:
    doc = load_document(SEED_GOLD)
    result = score(doc, build_script(doc.text))
    assert result.mismatches == []
    assert result.total == len(non_blank_lines(doc.text)) == 47


def test_seed_scores_full_marks_with_the_shared_scorer(shared: Path) -> None:
    gold = shared / "eval" / "segmentation" / "kim-son-chi-thi-05.gold.json"
    scorer = shared / "eval" / "score_segmentation.py"
    bantin = [sys.executable, "-m", "bantin", "script", "{file}"]
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(SEED), "--", *bantin],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    total = len(json.loads(gold.read_text(encoding="utf-8"))["paragraphs"])
    assert out.strip().splitlines()[-1] == f"score: {total}/{total}", out


@pytest.mark.parametrize(
    ("first_line", "role"),
    [("Thông báo lịch tiêm chủng mở rộng", "title"), ("Thông báo", "skip:section_label"),
     ("Trang chủ > Tin tức > Thời sự", "skip:section_label"), ("Tin tức - Sự kiện", "skip:section_label"),
     ("Kinh tế xã Yên Lộc khởi sắc", "title")],
)
def test_headline_or_section_label(first_line: str, role: str) -> None:
    text = f"{first_line}\n\nXã Yên Lộc tổ chức hội nghị tổng kết năm với nhiều kết quả tích cực trong sản xuất."
    assert roles(text)[0][1] == role


@pytest.mark.parametrize(("head", "expected"), [
    # a column's name above the item's own headline labels it (an issue or air-time line is no headline)
    ("CHUYÊN MỤC NÔNG NGHIỆP – NÔNG THÔN\nPhát sóng: 19h00 thứ Năm\n\nYên Thịnh chuyển đất lúa sang trồng bưởi",
     ["skip:section_label", "skip:", "title"]),
    ("HỘP THƯ BẠN NGHE ĐÀI\n\nGiải đáp thắc mắc về thừa kế quyền sử dụng đất", ["skip:section_label", "title"]),
    ("CHUYÊN MỤC: HỎI – ĐÁP CHÍNH SÁCH\nSố 21 – phát 17h15 thứ Năm\n\nTrợ cấp hưu trí xã hội: ai được hưởng?",
     ["skip:section_label", "skip:", "title"]),
    # the item's own headline may open with its format: "Tọa đàm: …" is no second column name
    ("CHUYÊN MỤC SỨC KHỎE CỘNG ĐỒNG\nTọa đàm: Phòng bệnh hô hấp cho trẻ nhỏ khi trời trở rét",
     ["skip:section_label", "title"]),
])
def test_a_column_name_labels_the_headline_under_it(head: str, expected: list[str]) -> None:
    text = f"{head}\n\nKính thưa bà con! Xã Yên Thịnh có gần 410 ha đất lúa, trong đó 90 ha là chân ruộng cao."
    got = [role for _, role, _ in roles(text)][:len(expected)]
    assert [g[:len(e)] if e.endswith(":") else g for g, e in zip(got, expected, strict=True)] == expected


# A station's run sheet: timed orders to the operator and cues are not read; the words to read are.
RUN_SHEET = """LỜI MỞ ĐẦU VÀ KẾT THÚC BUỔI PHÁT SÓNG
5h45: Mở máy, phát nhạc không lời khoảng 10 phút.
5h55: Phát nhạc hiệu của Đài, sau đó đọc:
Đây là Đài truyền thanh xã Hòa Bình. Kính chào bà con!
6h00 – 6h30: Tiếp âm Thời sự VOV1.
18h00: Đọc:
Buổi phát thanh của Đài đến đây là kết thúc. Xin cảm ơn bà con đã lắng nghe.
01:30 – Nhạc chuyển
Nhạc hiệu kết.
Phát thanh viên: Nguyễn Thị Lụa
8h00 – 8h15: Đọc diễn văn khai mạc hội nghị."""


def test_run_sheet_orders_are_not_read() -> None:
    got = {line: role for line, role, _ in roles(RUN_SHEET)}
    assert [line for line, role in got.items() if not role.startswith("skip")] == [0, 3, 6, 10]


# A programme that lists its stories, then reads each after a cue: the headlines are read, in the narrator's voice.
PROGRAMME_WITH_CONTENTS = """CHƯƠNG TRÌNH PHÁT THANH
(nhạc hiệu)
BTV: Đài truyền thanh xã Yên Thành xin kính chào bà con! Chương trình hôm nay có các nội dung chính:
+ Xã ra quân làm đường giao thông 12 thôn.
+ Dự báo thời tiết.
(nhạc chuyển)
Xã ra quân làm đường giao thông 12 thôn
Sáng nay, 12 thôn của xã đồng loạt ra quân làm đường bê tông.
(nhạc chuyển)
Dự báo thời tiết
Đêm nay và ngày mai, trời rét, nhiệt độ thấp nhất từ 12 đến 14 độ C."""


def test_story_headlines_after_a_cue_are_read_by_the_narrator() -> None:
    got = {line: role for line, role, _ in roles(PROGRAMME_WITH_CONTENTS)}
    assert got[6] == "narrator" and got[9] == "narrator"


@pytest.mark.parametrize(("line", "credit"), [
    ("Lãnh đạo xã trao quà cho các hộ nghèo (Ảnh: Minh Hà)", True),
    ("Bà con thu hoạch lúa. Ảnh minh họa", True),
    ("Cán bộ khuyến nông kiểm tra mô hình – Ảnh: TTXVN", True),
    ("- Mang theo thẻ căn cước hoặc giấy tờ tùy thân có ảnh.", False),
    ("Mỗi người nộp hai ảnh", False),
])
def test_photo_credit_closes_a_caption_not_a_sentence(line: str, credit: bool) -> None:
    from service.text import layout

    assert layout.has_photo_credit(line) is credit


@pytest.mark.parametrize(("line", "asked"), [
    ("Đề nghị Đài truyền thanh xã thông báo rộng rãi để Nhân dân biết, tham dự.", True),
    ("5. Giao Trung tâm Dịch vụ tổng hợp xã phát nội dung Công văn này trên hệ thống truyền thanh xã.", True),
    ("Trung tâm Dịch vụ tổng hợp xã tiếp nhận hồ sơ vào giờ hành chính.", False),
    ("Chào đài xã. Bên công an gửi thông báo vận động giao nộp vũ khí, nhờ đài phát giúp nhé.", True),
    ("Phần số điện thoại đọc chậm giúp em với 🙏", True),
    ("Bà con nhờ cán bộ thú y xã tiêm phòng giúp cho đàn trâu bò trước mùa rét.", False),
])
def test_orders_to_the_station_are_recognised_without_a_count(line: str, asked: bool) -> None:
    from service.text import layout

    assert layout.is_broadcast_instruction(line) is asked


@pytest.mark.parametrize(("tape", "who"), [
    ("Băng – Trung tá Vàng A Sử, Trưởng Công an xã: “Các đối tượng thường làm quen qua mạng xã hội.”", "Vàng A Sử"),
    ("Băng (ông Đinh Văn Thịnh, thôn Đông): “Các đối tượng thường làm quen qua mạng xã hội.”", "Đinh Văn Thịnh"),
    ("Tiếng bà Lương Thị Nhàn: Các đối tượng thường làm quen qua mạng xã hội.", "Lương Thị Nhàn"),
])
def test_a_tape_insert_with_its_quote_on_the_line_is_read_as_the_speaker(tape: str, who: str) -> None:
    text = ("Chuyên đề an ninh trật tự\nLời dẫn:\nThời gian qua, tình trạng mua bán người diễn biến phức tạp.\n"
            f"{tape}\nHết băng\nBà con cần cảnh giác.")
    assert (3, "official", who) in roles(text)


def test_a_named_voice_on_its_own_line_speaks_the_tape_under_it_and_field_sound_is_a_cue() -> None:
    text = ("PHÓNG SỰ: RUỘNG LIỀN BỜ\nLời dẫn:\nRuộng liền bờ mở đường cho những hộ muốn làm lớn.\n"
            "Tiếng hiện trường: tiếng máy cày, tiếng người gọi nhau ngoài đồng (5 giây)\n"
            "Tiếng anh Vũ Văn Khải, thôn Trại:\n– Lúc đầu cũng lo chứ chị. Giờ ruộng liền bờ, cấy bằng máy.\nHết băng")
    got = roles(text)
    assert got[3][1] == "skip:cue" and got[5] == (5, "official", "Vũ Văn Khải")


def test_a_menu_bar_and_a_gallery_lead_are_not_read() -> None:
    text = ("Trang chủ   Giới thiệu   Tin tức - Sự kiện   Văn bản chỉ đạo điều hành   Thủ tục hành chính\n"
            "Xã Minh Hòa ra quân làm đường nội đồng\n"
            "Sáng 12/10, xã Minh Hòa tổ chức lễ ra quân làm 3 km đường nội đồng.\n"
            "Một số hình ảnh tại Lễ ra quân:\n"
            "Minh Anh")
    got = {line: role for line, role, _ in roles(text)}
    assert got[0] == "skip:chrome" and got[1] == "title" and got[3] == "skip:caption"


@pytest.mark.parametrize(("line", "caption"), [
    ("Già làng A Thút (thứ hai từ trái sang) cùng tổ bảo vệ rừng tuần tra rừng đầu nguồn.", True),
    ("Ông Y Moan Niê (bìa phải) bên vườn cà phê tái canh của gia đình.", True),
    ("Chủ tịch UBND xã (đứng giữa) trao quà cho các hộ nghèo.", True),
    ("Xã có 14 thôn (từ thôn 1 đến thôn 14), bà con đăng ký tại nhà văn hóa.", False),
    ("Bà con rẽ phải (theo biển chỉ dẫn) để vào điểm tiêm.", False),
])
def test_a_sentence_that_places_people_in_a_photo_is_a_caption(line: str, caption: bool) -> None:
    from service.text import layout

    assert layout.is_photo_caption(line) is caption


def test_a_page_printed_from_a_browser_loses_its_margins_not_its_sentences() -> None:
    text = ("21/10/25, 08:47 Xã Tân Thành về đích nông thôn mới nâng cao - Cổng Thông tin điện tử\n"
            "Trang chủ Giới thiệu Tin tức - Sự kiện Chính quyền Công dân Doanh nghiệp Văn bản\n"
            "Xã Tân Thành về đích nông thôn mới nâng cao\n"
            "Sau hai năm nỗ lực, xã Tân Thành đã hoàn thành 19/19 tiêu chí nông thôn mới nâng cao.\n"
            "Xuất phát điểm còn nhiều khó khăn, nhưng đến nay toàn xã đã làm mới được\n"
            "https://langson.gov.vn/tin-tuc/xa-tan-thanh-2410.html 1/3\n"
            "21/10/25, 08:47 Xã Tân Thành về đích nông thôn mới nâng cao - Cổng Thông tin điện tử\n"
            "21,6 km đường bê tông. Nhiều hộ dân đã tự nguyện hiến đất để mở rộng đường.")
    got = {line: role for line, role, _ in roles(text)}
    assert got[1] == "skip:chrome" and got[2] == "title"
    assert all(got[i].startswith("skip:") for i in (0, 5, 6))
    assert got[3] == got[4] == got[7] == "narrator"


QUESTIONS_WITHOUT_MARKS = """Thụy Xuân: gần 99% hộ dân dùng nước sạch
Phóng viên đã trao đổi với ông Vũ Văn Tám, Chủ tịch UBND xã Thụy Xuân.
PV: Xin ông cho biết tình hình nước sinh hoạt của người dân trước khi có nhà máy nước?
Ông Vũ Văn Tám: Thụy Xuân là xã ven biển, nguồn nước ngầm bị nhiễm mặn, nhiễm phèn nặng.
Hiện vẫn còn 35 hộ chưa dùng nước sạch. Ông có thể cho biết nguyên nhân và giải pháp của xã.
Số hộ này phần lớn là người cao tuổi sống một mình, chi phí kéo đường ống cao.
Vậy thời gian tới, xã sẽ làm gì để bà con còn lại được dùng nước sạch
Xã sẽ phối hợp với doanh nghiệp kéo thêm 1,2 km đường ống nhánh.
Nhân đây, ông có khuyến nghị gì với bà con trong việc dùng nước sạch tiết kiệm.
Tôi mong bà con dùng nước sạch cho cả ăn uống và sinh hoạt."""


def test_questions_typed_without_a_question_mark_are_the_reporters() -> None:
    got = {line: (role, who) for line, role, who in roles(QUESTIONS_WITHOUT_MARKS)}
    assert [got[i][0] for i in (4, 6, 8)] == ["reporter"] * 3
    assert all(got[i] == ("official", "Vũ Văn Tám") for i in (5, 7, 9))


def test_a_sign_off_row_and_the_names_under_it_are_not_read_as_narration() -> None:
    text = ("BẢN TIN TUẦN\nXã Điện Hồng ra quân làm thủy lợi nội đồng.\nBà con đã nạo vét được 12 km kênh mương.\n"
            "NGƯỜI VIẾT\t\t\tDUYỆT CỦA LÃNH ĐẠO UBND XÃ\n\t\t\t(Đã duyệt)\nLê Thị Thu Sương\t\t\tPhan Thanh Hùng")
    got = {line: role for line, role, _ in roles(text)}
    assert got[3] == got[4] == "skip:signature" and got[5] == "byline"


def test_a_language_bar_is_no_voice_mark_and_sound_effects_are_cues() -> None:
    page = ("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH TUYÊN QUANG\nTiếng Việt | English | Sơ đồ cổng | Liên hệ\n"
            "Giới thiệu   Tin tức - Sự kiện   Chính quyền   Công dân   Doanh nghiệp   Du khách\n"
            "Hơn 9.800 người cao tuổi được nhận trợ cấp hưu trí xã hội\n"
            "Từ ngày 10/11/2025, các xã, phường trên địa bàn tỉnh đồng loạt chi trả trợ cấp hưu trí xã hội.")
    assert [role for _, role, _ in roles(page)] == ["skip:chrome"] * 3 + ["title", "narrator"]
    script = ("CHUYÊN MỤC AN TOÀN GIAO THÔNG\nSFX: tiếng xe máy nổ máy\n"
              "MC nam: Kính thưa bà con! Mỗi sáng trên các tuyến đường liên thôn, nhiều em nhỏ không đội mũ.\n"
              "MC nữ: Theo luật, trẻ từ đủ 24 tháng tuổi ngồi trên xe máy phải đội mũ bảo hiểm.")
    got = roles(script)
    assert got[1][1] == "skip:cue" and [r for _, r, _ in got[2:]] == ["narrator", "narrator"]


@pytest.mark.parametrize("margin", [
    ["UBND xã Tân Phong - TB số 12/TB-UBND ngày 01/12/2026", "2"],  # a running header, then the page number
    ["- 2 -"],
    ["Trang 1/3", "Đài Truyền thanh xã Tân Phong – Chương trình số 35 (04/9/2026)"],  # the number, then the header
])
def test_a_sentence_broken_by_a_pdf_page_margin_is_read_whole(margin: list[str]) -> None:
    text = "\n".join([
        "THÔNG BÁO", "Về việc tiêm phòng cho đàn gia súc",
        "Ủy ban nhân dân xã Tân Phong thông báo đến bà con các thôn Đông, Tây, Nam về lịch tiêm phòng cho đàn",
        *margin,
        "gia súc, gia cầm vụ đông năm 2026 tại nhà văn hóa các thôn.",
        "Đề nghị bà con đưa vật nuôi đến đúng giờ.",
    ])
    script = build_script(text)
    sentence = next(s for s in script.segments if s.text.startswith("Ủy ban nhân dân"))
    assert sentence.text.endswith("tiêm phòng cho đàn gia súc, gia cầm vụ đông năm 2026 tại nhà văn hóa các thôn.")
    assert sorted((s.text, s.reason) for s in script.skipped) == sorted((m, "page") for m in margin)


def test_a_footer_with_its_page_number_on_every_page_is_not_read() -> None:
    footer = "Trạm Y tế xã Đông Thành - Điện thoại: 0227 3851 096"
    body = [f"{n}. Bà con đưa trẻ đến tiêm đúng lịch của thôn, mang theo sổ tiêm chủng của trẻ." for n in range(1, 13)]
    text = "\n".join(["THÔNG BÁO", "Về việc tiêm vắc xin cho trẻ em", *body[:4],
                      "Thời gian tiêm từ 7 giờ 30 đến 11 giờ, các ngày thứ Hai và thứ Ba hằng tuần tại trạm và",
                      f"{footer} 1", "các điểm tiêm ngoài trạm.", *body[4:], f"{footer} 2"])
    script = build_script(text)
    assert [(s.text, s.reason) for s in script.skipped] == [(f"{footer} 1", "page"), (f"{footer} 2", "page")]
    assert any(s.text.endswith("tại trạm và các điểm tiêm ngoài trạm.") for s in script.segments)


def test_a_quote_under_a_bare_tape_cue_is_the_voice_the_narration_named() -> None:
    text = ("CHUYÊN MỤC NÔNG NGHIỆP\nPTV: Vụ đông năm nay, xã Thanh Lâm trồng 80 ha ngô sinh khối.\n"
            "PTV: Kỹ sư Lê Văn Tâm, Trạm Khuyến nông huyện cho biết:\n(Trích băng)\n"
            "“Bà con nên gieo trước ngày 10/10 để ngô kịp thu hoạch trước rét đậm. Mật độ khoảng\n"
            "năm vạn cây một héc-ta là vừa.”\n(Hết băng)\nPTV: Chương trình đến đây là hết.")
    got = roles(text)
    assert [(i, role, who) for i, role, who in got if i in (4, 5)] == [(4, "official", "Lê Văn Tâm"),
                                                                      (5, "official", "Lê Văn Tâm")]
    assert (6, "skip:cue", None) in got and got[-1][1] == "narrator"


@pytest.mark.parametrize("mark", ["PTV (nữ)", "PTV (nam)", "BTV (nữ):", "PTV (Hà):", "PTV (tiếng Việt):", "BTV kết:"])
def test_a_voice_mark_with_the_voice_in_brackets_is_not_read(mark: str) -> None:
    text = f"BẢN TIN SÁNG\n{mark}\nĐài truyền thanh xã Hòa Bình xin kính chào bà con."
    assert roles(text)[1:] == [(1, "skip:speaker_label", None), (2, "narrator", None)]


def test_labels_in_capitals_with_rank_and_office_name_the_speaker() -> None:
    text = ("KỊCH BẢN CHUYÊN MỤC AN NINH\nPV: Thưa ông, tình hình trộm cắp gia súc trên địa bàn ra sao?\n"
            "ĐẠI ÚY HOÀNG MINH TUẤN – PHÓ TRƯỞNG CÔNG AN XÃ: Từ đầu năm, xã xảy ra 3 vụ trộm trâu.\n"
            "PV: Bà con cần làm gì?\nĐẠI ÚY TUẤN: Bà con làm chuồng chắc chắn, có khóa.\n"
            "ÔNG LÝ VĂN PÁO (THÔN NẶM LỐC): Nhà tôi đã lắp đèn ở chuồng trâu.")
    assert officials(text) == {2: "Hoàng Minh Tuấn", 4: "Hoàng Minh Tuấn", 5: "Lý Văn Páo"}


def test_a_notice_read_with_its_appendix_skips_the_recipients_between() -> None:
    text = "\n".join([
        "Đài truyền thanh xã Tân Lập trích đọc Quyết định của Chủ tịch UBND xã về việc phân luồng giao thông.",
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ TÂN LẬP\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 45/QĐ-UBND\tTân Lập, ngày 02 tháng 3 năm 2026", "QUYẾT ĐỊNH",
        "Về việc phân luồng giao thông đường liên thôn", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;", "QUYẾT ĐỊNH:",
        "Điều 1. Cấm xe tải trên 5 tấn đi đường liên thôn Đông – Đoài từ ngày 05/3/2026.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)",
        "Nguyễn Văn Hưng", "Nơi nhận:", "- Như Điều 2;", "- Lưu VT.", "PHỤ LỤC",
        "Các tuyến đường cấm xe tải trên 5 tấn", "1. Đường liên thôn Đông – Đoài, dài 2,4 km."])
    script = build_script(text)
    got = {i: role for i, role, _ in roles(text)}
    assert script.title and script.title.startswith("QUYẾT ĐỊNH")
    assert got[0] == "narrator" and got[14] == "byline"
    assert [got[i] for i in (15, 16, 17)] == ["skip:recipients"] * 3
    assert got[18] == got[20] == "narrator"


def test_the_text_of_an_infographic_is_not_read() -> None:
    text = ("Tăng mức hỗ trợ tiền điện cho hộ nghèo\nTừ tháng 7/2026, hộ nghèo được hỗ trợ 60.000 đồng mỗi tháng.\n"
            "Infographic: Hỗ trợ tiền điện cho hộ nghèo năm 2026\n60.000\nđồng/hộ/tháng\n12\ntháng mỗi năm\n"
            "Đăng ký tại UBND xã nơi cư trú\nĐồ họa: Minh Khang\n"
            "Hộ nghèo cần mang theo sổ hộ nghèo khi đến đăng ký tại bộ phận một cửa.")
    got = {i: role for i, role, _ in roles(text)}
    assert all(got[i] == "skip:caption" for i in range(2, 9))
    assert got[1] == got[9] == "narrator"


def test_an_office_signing_a_qa_column_answers_it() -> None:
    text = ("Hỏi – đáp về đăng ký tạm trú\nBan biên tập trang thông tin xã nhận được câu hỏi của bạn đọc như sau.\n"
            "Câu hỏi: Con tôi đi làm ở tỉnh khác có phải đăng ký tạm trú không?\n"
            "Trả lời: Công dân đến sinh sống ngoài nơi thường trú từ 30 ngày trở lên phải đăng ký tạm trú.\n"
            "CÔNG AN XÃ BÌNH AN\nĐánh giá bài viết: ★★★★☆ (8 lượt)")
    got = roles(text)
    assert got[3][1] == "official" and "bình an" in (got[3][2] or "").lower()
    assert [role for _, role, _ in got[4:]] == ["byline", "skip:chrome"]


def test_a_reader_signing_a_question_is_read_with_it_and_the_answer_follows() -> None:
    text = ("HỘP THƯ BẠN NGHE ĐÀI\n(Phòng Tư pháp xã trả lời)\n"
            "Hỏi: Tôi muốn đổi tên cho con đang học lớp 3 thì làm ở đâu?\n(Anh Hà Văn Sinh, bản Pá Khoang)\n"
            "Đáp: Anh nộp tờ khai thay đổi hộ tịch tại bộ phận một cửa của xã.\n"
            "(Chị Lường Thị Ơn, bản Co Muông)\n"
            "Tôi sinh con ở nhà, quá hạn hai tháng chưa khai sinh thì có bị phạt không?\n"
            "Trường hợp của chị chỉ bị nhắc nhở, chị mang giấy chứng sinh đến xã để làm thủ tục.")
    got = roles(text)
    assert [role for _, role, _ in got[2:]] == ["reporter", "reporter", "official", "reporter", "reporter", "official"]
    assert {who for _, role, who in got if role == "official"} == {"Phòng Tư pháp xã"}


def test_naming_someone_else_before_a_quote_ends_the_answer() -> None:
    text = ("Người giữ rừng ở bản Mờ\nPV: Ông giữ rừng từ bao giờ?\n"
            "Ông Giàng A Chớ: Từ năm 1995, tôi nhận khoán 40 ha rừng.\n"
            "Bà Mùa Thị Dợ, Chủ tịch Hội Phụ nữ xã, cho biết: “Tôi thấy ông Chớ là tấm gương cho cả bản.”")
    assert roles(text)[-1] == (3, "narrator", None)


@pytest.mark.parametrize(("line", "read"), [
    ("Ghi chú: Nếu quá giờ thì bỏ bớt phần thời tiết, giữ nguyên thông báo.", False),
    ("Khách mời: Thượng tá Vi Văn Hùng – Trưởng Công an xã; bà Nông Thị Hoa – Chủ tịch Hội Phụ nữ xã; "
     "ông Hoàng Văn Tiến – Bí thư Đoàn xã.", False),
    ("LTS: Trong những năm qua, phong trào hiến đất làm đường ở xã đã lan tỏa khắp các thôn.", True),
])
def test_staff_notes_are_not_read_and_editors_notes_are(line: str, read: bool) -> None:
    text = f"CHUYÊN MỤC NÔNG THÔN MỚI\n{line}\nPTV: Thưa bà con, năm nay xã làm thêm 5 km đường bê tông."
    assert (roles(text)[1][1] == "narrator") is read


@pytest.mark.parametrize(("cue", "after", "who"), [
    ("[TRÍCH BĂNG: Chị Sùng Thị Mỷ, Bí thư Đoàn xã]", "", "Sùng Thị Mỷ"),
    ("BĂNG (0’40’’): Ông Vi Văn Đoàn, Trưởng bản Nà Hin", "", "Vi Văn Đoàn"),
    ("Băng (35 giây):", "Vừa rồi là ý kiến của ông Lò Văn Pản, người dân bản Nà Hin.", "Lò Văn Pản"),
])
def test_a_tape_cue_or_the_line_after_the_tape_names_its_voice(cue: str, after: str, who: str) -> None:
    text = "\n".join(line for line in [
        "BẢN TIN CHIỀU", "PTV: Bản Nà Hin vừa hoàn thành tuyến đường bê tông dài 2 km.", cue,
        "“Trước đây mưa xuống là đường lầy, trẻ con đi học phải lội bùn. Giờ bà con", "đi lại sạch sẽ lắm rồi.”",
        after, "PTV: Bản tin đến đây là hết."] if line)
    got = roles(text)
    assert [(role, speaker) for i, role, speaker in got if i in (3, 4)] == [("official", who)] * 2


@pytest.mark.parametrize(("line", "read"), [
    ("Kỹ thuật: Lục Văn Tài", False),
    ("PTV: Hồng Nhung, Minh Quân – Kỹ thuật: A Khoa", False),
    ("BTV: Lý Văn Thắng | PV: Hoàng Thu Hà | KTV: Ma Đức Long", False),
    ("Thực hiện: Đàm Quang Huy", True),  # the author signs: the byline
])
def test_the_crew_is_named_for_the_record_not_on_air(line: str, read: bool) -> None:
    text = f"CHUYÊN MỤC NÔNG THÔN MỚI\nPTV: Thưa bà con, năm nay xã làm thêm 5 km đường bê tông.\n{line}"
    assert (roles(text)[-1][1] == "byline") is read


@pytest.mark.parametrize("mark", ["PTV (Hà): ", "PTV (tiếng Việt): "])
def test_an_announcer_named_in_brackets_reads_the_line(mark: str) -> None:
    text = (f"CHƯƠNG TRÌNH PHÁT THANH SÁNG\n[Nhạc hiệu]\n{mark}Thưa bà con, sau đây là bản tin sáng nay.\n"
            "[Nhạc cắt]")
    assert roles(text)[2] == (2, "narrator", None)


def test_a_chat_pasted_with_its_senders_and_times_reads_only_the_notice() -> None:
    text = "\n".join(["Lò Văn Hặc - CAX Phìn Hồ", "07:52",
                      "Chào đài xã. Bên công an gửi thông báo vận động giao nộp vũ khí, nhờ đài phát giúp nhé.",
                      "THÔNG BÁO", "V/v vận động toàn dân giao nộp vũ khí, vật liệu nổ",
                      "Từ nay đến hết ngày 30/11, cá nhân, hộ gia đình đang cất giữ vũ khí tự chế đề nghị giao nộp.",
                      "Đài TT xã Phìn Hồ", "08:05", "Dạ đài nhận rồi ạ, chiều nay em phát buổi đầu tiên anh nhé."])
    read = [(i, role) for i, role, _ in roles(text) if not role.startswith("skip")]
    assert read == [(3, "title"), (4, "title"), (5, "narrator")]


def test_a_cue_typed_in_lower_case_is_no_wrapped_line_of_the_note_above() -> None:
    text = "BT chiều T3 2/12 – gửi chị Tâm đọc luôn, chưa kịp in\nnhạc hiệu\nNam: Đài truyền thanh xã kính chào bà con."
    assert roles(text) == [(0, "skip:instruction", None), (1, "skip:cue", None), (2, "narrator", None)]


def test_the_announcers_farewell_is_read_though_it_names_the_rerun() -> None:
    text = ("CHƯƠNG TRÌNH PHÁT THANH SÁNG\n(Nhạc hiệu)\nPTV: Trời hửng nắng, nhiệt độ từ 18 đến 24 độ.\n"
            "Kính thưa bà con! Chương trình phát thanh của Đài Truyền thanh xã Yên Lạc đến đây là kết thúc. "
            "Chương trình sẽ được phát lại vào lúc 17 giờ chiều nay. Xin chào và hẹn gặp lại!\n(Nhạc hiệu kết)")
    assert roles(text)[3] == (3, "narrator", None)


def test_a_forwarded_mail_is_read_without_the_senders_note_and_headers() -> None:
    text = "\n".join([
        "Fwd: Bản tin tuần 47 – đề nghị các đài xã phát lại",
        "Kính gửi: Đài truyền thanh các xã, thị trấn.",
        "Phòng Biên tập chuyển bản tin tuần 47. Đề nghị các đài phát vào buổi sáng.",
        "Trân trọng!",
        "Lương Thị Diệp – Phòng Biên tập, ĐT: 0912 488 305",
        "---------- Forwarded message ---------",
        "From: Lương Thị Diệp <diep@example.com>",
        "Date: Th 2, 18 thg 11, 2024 lúc 10:05",
        "Subject: ban tin tuan 47",
        "To: <bientap@example.com>",
        "Khởi công 3 tuyến đường giao thông nông thôn tại xã Quang Vinh",
        "Sáng 15/11, UBND xã Quang Vinh khởi công xây dựng 3 tuyến đường bê tông liên thôn dài 4,2 km.",
        "2 tệp đính kèm  •  Đã quét bằng Gmail",
        "BanTin_T47_2024.docx",
    ])
    assert [(i, role) for i, role, _ in roles(text) if not role.startswith("skip")] == [(10, "title"),
                                                                                         (11, "narrator")]


def test_a_transcripts_time_stamps_leave_its_labels_to_be_read() -> None:
    text = "\n".join(["Chương trình phát thanh sáng thứ Ba", "[00:32] Phát thanh viên:",
                     "Hai năm nay, chị em phụ nữ bản Pá Khoang duy trì tổ tiết kiệm.", "[05:20] Phóng viên:",
                     "Thưa chị, tổ tiết kiệm của bản mình hoạt động như thế nào ạ?", "[05:24] Bà Vàng Thị Dở:",
                     "Tổ có 31 chị em, mỗi tháng mỗi người góp 100 nghìn."])
    assert [got for got in roles(text)[1:] if not got[1].startswith("skip")] == [
        (2, "narrator", None), (4, "reporter", None), (6, "official", "Vàng Thị Dở")]


def test_a_chat_export_gives_each_message_to_its_sender() -> None:
    text = "\n".join([
        "Nuôi tôm càng xanh trong ruộng lúa",
        "Ông Nguyễn Văn Lợi, bà con quen gọi là Sáu Lợi, ở ấp Tân Thành, đã có 6 năm nuôi tôm càng xanh.",
        "[19:02, 21/11/2025] Thu Hoài PV: Dạ chào chú Sáu. Năm nay chú thả bao nhiêu tôm, thu được bao nhiêu?",
        "[19:10, 21/11/2025] Sáu Lợi Tôm Càng: Chú có 2 mẫu ruộng, thả 30 ngàn con giống hồi tháng 6",
        "[19:11, 21/11/2025] Sáu Lợi Tôm Càng: trừ chi phí còn lời hơn 80 triệu, chưa kể lúa",
        "[19:15, 21/11/2025] Thu Hoài PV: Nuôi tôm càng trong ruộng lúa thì khó nhất là khâu nào chú?",
        "[19:21, 21/11/2025] Sáu Lợi Tôm Càng: Khó nhất là giữ nước. Mương bao phải sâu 1 mét 2 trở lên.",
    ])
    assert roles(text)[2:] == [(2, "reporter", None), (3, "official", "Nguyễn Văn Lợi"),
                               (4, "official", "Nguyễn Văn Lợi"), (5, "reporter", None),
                               (6, "official", "Nguyễn Văn Lợi")]


def test_a_transcripts_key_names_the_guest_behind_a_bare_km() -> None:
    text = ("BẢN GHI CHƯƠNG TRÌNH BIÊN GIỚI\n"
            "PV: Phóng viên Đào Thu Trang (dẫn chương trình)\n"
            "KM: Khách mời – Thiếu tá Sầm Văn Lịch, Đồn Biên phòng Pò Mã\n"
            "PV: Thưa anh, tình hình đường biên thời gian qua thế nào?\n"
            "KM: Nhìn chung ổn định, bà con đã quen báo tin.")
    got = roles(text)
    assert [role for _, role, _ in got[1:3]] == ["skip:editor_note", "skip:editor_note"]
    assert got[-1] == (4, "official", "Sầm Văn Lịch")


@pytest.mark.parametrize(("line", "reason"), [
    ("(Hòa đọc)", "speaker_label"),
    ("[Giọng nữ – đọc thư]", "speaker_label"),
    ("(Nhắc lại số điện thoại 2 lần)", "instruction"),
    ("YÊU CẦU: PHÁT LIÊN TỤC TỪ 5H00, CỨ 30 PHÚT PHÁT 1 LẦN", "instruction"),
    ("HẾT BẢN TIN. NGHỈ 30 PHÚT, PHÁT LẠI TỪ ĐẦU.", "instruction"),
    ("II. THÔNG TIN THỜI TIẾT", "section_label"),
    ("PHẦN 2: TIỂU PHẨM", "section_label"),
    ("ĐOẠN 2", "section_label"),
    ("PHẦN KẾT (khoảng 4 phút)", "section_label"),
    ("THƯ SỐ 2", "section_label"),
    ("► KTV: Hú còi 3 hồi, mỗi hồi 10 giây. Mở toàn bộ cụm loa, âm lượng tối đa.", "instruction"),
    ("► ĐỌC 2 LẦN ĐOẠN SAU, ĐỌC CHẬM:", "instruction"),
    ("HẾT LƯỢT PHÁT. Ghi giờ phát vào sổ trực, ký tên.", "instruction"),
    ("(bỏ đoạn này) Mùa đông năm 2025, trên địa bàn tỉnh đã xảy ra 7 vụ ngộ độc khí than.", "editor_note"),
    ("Theo bác sĩ, một bếp than nhỏ trong phòng kín hai tiếng là đã nguy hiểm. (cắt)", "editor_note"),
    ("(Thư tay – ông Nông Văn Chiến, xóm Nà Pò, gửi ngày 18/11/2026)", "editor_note"),
    ("(Đường truyền bị nhiễu, DCT đề nghị thính giả gọi lại sau)", "editor_note"),
    ("ĐỌC THƯ:", "speaker_label"),
    ("~ Nhạc cắt ~", "cue"),
    ("[BTV: kiểm tra lại số liệu – báo cáo năm ngoái của trạm ghi 31 người, sao năm nay còn 27?]", "editor_note"),
    ("[đoạn này nhiễu nặng, PV hỏi lại – bỏ câu hỏi lặp]", "editor_note"),
    ("♫ BÀI HÁT: “Khát vọng tuổi trẻ” – Nhạc và lời: Vũ Hoàng – Trình bày: Tốp ca thôn Phúc Hậu", "cue"),
    ("Đọc: Hồng Nhung – Kỹ thuật: Hà Văn Trọng", "editor_note"),
    ("Thu âm tại phòng thu Đài xã ngày 27/11/2026 – phát sóng 17h15 thứ Ba 01/12/2026", "editor_note"),
    ("Kỹ thuật lưu ý: 4h55 mở máy, bật tiếp sóng VOV1 tần số 91 MHz.", "instruction"),
    ("KTV: nghỉ 10 giây, đọc lại lượt 2 từ đầu.", "instruction"),
    ("→ Tiếng Thái: PTV Lò Văn Ún đọc tin 1 (bản dịch tờ số 1)", "instruction"),
    ("PTV tiếng Việt: Cầm Thị Hoa – PTV tiếng Thái: Lò Văn Ún", "editor_note"),
    ("16h55 chuyển bộ thu sang kênh phát thanh tỉnh, kiểm tra âm lượng trước khi đóng mạch ra loa.", "instruction"),
    ("Hết nhạc hiệu kết: phát nhạc không lời đến 20h00 rồi tắt máy, báo trực đài.", "instruction"),
    ("PTV2 (1 phút 10 giây):", "speaker_label"),
    ("Nhạc nền lên – 3 giây rồi nhỏ dần", "cue"),
    ("Nhạc hiệu – 20 giây, sau đó nhỏ dần làm nền", "cue"),
    ("♫ Nhạc hiệu chương trình – nhỏ dần, giữ nền ♫", "cue"),
    ("*** Jingle chuyển tin ***", "cue"),
    ("(jingle tin vắn)", "cue"),
    ("Tiếng động hiện trường: tiếng dao bóc vỏ quế, tiếng nói cười trên nương (5\")", "cue"),
    ("Phần 1: Phóng sự", "section_label"),
    ("Mở đầu", "section_label"),
    ("Kết", "section_label"),
    ("~~– Thôn Đông Hải tổ chức giải bóng chuyền hơi mừng 22/12~~ (hoãn – chưa đọc)", "editor_note"),
    ("Tin 2", "section_label"),
    ("2\tPhóng sự ngắn “Mùa bóc quế ở Khe Cam”\tPV Đức Long\t3'30\"", "editor_note"),
    ("| 4 | Ca khúc, kết | MC | 2'30\" |", "editor_note"),
    ("5h39\tNhạc cắt", "cue"),
    ("NAT SOUND: tiếng sóng vỗ vào bờ đê, tiếng xuồng máy xa dần", "cue"),
    ("INSERT 2 (file 0412 – từ 03'15 đến 03'52)", "cue"),
    ("=== HẾT ===", "cue"),
    ("♫ Nhạc hiệu chuyên mục Nông nghiệp – Nông thôn ♫", "cue"),
    ("(Tâm đọc nguyên văn tb của điện lực, bản chụp trong nhóm, đọc 2 lần)", "instruction"),
    ("đọc chậm số đt, nhắc lại 1 lần", "instruction"),
    ("☎ 19h27 – chị Đinh Thị Mai, thôn Nà Khoang (hỏi về hỗ trợ khi tiêu hủy) – Hà ghi", "editor_note"),
    ("5h02 – 5h30\tTIẾP SÓNG chương trình Thời sự buổi sáng của Đài Tiếng nói Việt Nam (VOV1)", "instruction"),
    ("Phát sóng 19h00 thứ Bảy 14/3/2026 trên kênh SNR; phát lại 6h15 Chủ nhật 15/3.", "instruction"),
    ("✎ Phát trong bản tin sáng thứ Năm 17/4, sau tin thời tiết. Không phát lại buổi chiều.", "instruction"),
    ("Hiệu ứng: tiếng pháo nổ – 3 giây, cắt gọn, chuyển nhạc nền trầm (để nhỏ dưới lời đọc)", "cue"),
    ("Kịch bản tuyên truyền – Tổng thời lượng: 5 phút 15 giây – Phát từ 07/12/2026 đến hết Tết", "editor_note"),
    ("Dẫn chương trình: Phạm Minh Nguyệt – Thời lượng: 12 phút", "editor_note"),
    ("Dẫn chương trình: Minh Thư | Khách mời (KM): bà Hồ Thị Oanh, Phó Giám đốc BHXH huyện | Kỹ thuật: Lâm",
     "editor_note"),
    ("Người đọc: Thảo – Minh. Thời lượng khoảng 12 phút", "editor_note"),
    ("Duyệt phát: Đặng Văn Thịnh – PCT UBND xã (đã ký)\tBiên tập: Vũ Thị Hồng Vân", "editor_note"),
    ("Bản chép lời – Mai gõ lại từ file ghi hình, đã bỏ đoạn quảng cáo giữa chương trình.", "editor_note"),
    ("SFX 3 – Tiếng chó sủa, tiếng cổng tre kẽo kẹt", "cue"),  # a recording script's numbered sound effects
    ("CẢNH 2 – Chợ Yên, sáu tháng sau", "section_label"),  # a sketch's scene
    ("00:00:05,400 --> 00:00:10,900", "editor_note"),  # a subtitle export's timing
])
def test_what_a_script_says_to_its_announcers_is_not_read(line: str, reason: str) -> None:
    text = ("CHƯƠNG TRÌNH PHÁT THANH SÁNG\n[Nhạc hiệu]\nPTV: Kính thưa bà con, sau đây là bản tin sáng nay.\n"
            f"{line}\nPTV: Trời hửng nắng, nhiệt độ từ 18 đến 24 độ.\n[Nhạc cắt]")
    assert roles(text)[3] == (3, f"skip:{reason}", None)


def test_a_songs_words_are_not_read_and_the_announcer_takes_up_after_it() -> None:
    text = ("CA NHẠC THEO YÊU CẦU\nPTV: Mời bà con nghe bài hát “Quê hương mùa lúa chín”.\n(Phát bài hát)\n"
            "1. Đồng quê vàng óng lúa reo\nĐK: Ơi quê hương ơi, mùa vàng đã về\n"
            "PTV: Chương trình ca nhạc theo yêu cầu đến đây là kết thúc, hẹn gặp lại bà con.")
    assert [role for _, role, _ in roles(text)[3:]] == ["skip:cue", "skip:cue", "narrator"]


def test_a_report_inside_a_programme_quotes_a_voice_and_its_reporter_signs_it() -> None:
    text = ("BẢN TIN SÁNG\n[Nhạc hiệu]\nPV: Năm nay bản Na Lầu có 27 hộ nuôi ong. Anh Vi Văn Thắng kể:\n"
            "“Năm 2019 tôi mua 10 đàn về nuôi thử, mất một nửa vì chưa có kinh nghiệm.”\n"
            "Mô hình nuôi ong đang giúp nhiều hộ thoát nghèo bền vững.\n"
            "Lang Thị Hoa – Đài truyền thanh xã Yên Khê\n[Nhạc cắt]")
    got = roles(text)
    assert got[3] == (3, "official", "Vi Văn Thắng")
    assert [role for _, role, _ in got[4:6]] in (["narrator", "byline"], ["reporter", "byline"])


@pytest.mark.parametrize(("sign_off", "after", "role"), [
    ("Phóng sự của Hồ Thị Nga, Đài truyền thanh huyện Ea Sô.", "[Nhạc cắt]", "byline"),
    ("Lâm Quốc Bảo, phóng viên Báo và Phát thanh, Truyền hình Cần Thơ.", "", "byline"),
    ("Công an xã Yên Lạc Đông", "(Nhạc)", "byline"),
    ("Đội Quản lý điện khu vực Phú Thạnh", "Tin 3 - Thời tiết", "byline"),
    # the same words with the story going on are read
    ("Công an xã Yên Lạc Đông", "Bà con phát hiện đối tượng khả nghi thì báo ngay cho Công an xã.", "narrator"),
    ("Lâm Quốc Bảo, phóng viên Báo Cần Thơ, ghi nhận tại đê bao ấp Thới Hòa.",
     "Nước lên cao, bà con ấp Thới Hòa gia cố bờ bao suốt đêm qua.", "narrator"),
])
def test_who_made_a_report_signs_it_where_it_ends(sign_off: str, after: str, role: str) -> None:
    text = ("CHƯƠNG TRÌNH PHÁT THANH\n[Nhạc hiệu]\nPTV: Công an xã phối hợp với dân quân bố trí người hướng dẫn, "
            f"phân luồng tại cổng các trường học trong tuần khai giảng.\n{sign_off}\n{after}")
    got = roles(text)[3][1]
    assert got == role or role == "byline" and got.startswith("skip:")  # a signature may also stay unread


@pytest.mark.parametrize(("line", "repeat"), [
    ("Lịch phát: 9h00 – 11h00 – 13h00 – 15h00 – 17h00 – 19h00 ngày 01/12/2026 (6 lần).", 6),
    ("Giờ phát: 5h30 – 6h00 (phát lại 17h00 cùng ngày)", None),  # the programme's own slot
    ("Nhờ a đọc giúp e thông báo này sáng mai 6h với chiều 5h nhé, 2 buổi 🙏", 2),  # a chat message's count
    # a count and a loudspeaker in different sentences of a story ask nothing
    ("Trạm chia xã thành 4 cụm, mỗi cụm khám trong hai buổi sáng. Loa truyền thanh của xã cũng phát liên tục.", None),
    ("Đề nghị Đài truyền thanh xã phát thông báo này 3 lần/ngày.", 3),
    ("(Thông báo phát trên hệ thống loa truyền thanh vào 6h00, 11h00 và 17h00 hằng ngày, từ 10/3 đến 14/3)", 3),
    ("(Thông báo phát trên loa vào 6h30 và 17h hằng ngày)", 2),
    ("Phát sóng: 6h00 và 17h00 hằng ngày", None),  # a script's own air times: its slots, not a notice's repeats
])
def test_how_often_a_day_a_notice_asks_to_be_broadcast(line: str, repeat: int | None) -> None:
    from service.text import layout

    assert layout.broadcast_repeat(line) == repeat


def test_a_named_tape_without_quotes_is_its_voice_until_the_end_cue() -> None:
    text = ("CHUYÊN MỤC SỨC KHỎE\nNữ:\nThưa bà con, huyết áp cao là bệnh thường gặp ở người cao tuổi.\n"
            "[BĂNG: BS Lê Thị Hạnh – Trưởng Trạm Y tế xã – 1’30”]\n"
            "Nhiều cô chú uống thuốc vài bữa thấy khỏe là bỏ, như vậy rất nguy hiểm.\n"
            "Bà con nên ăn nhạt và đo huyết áp mỗi tháng một lần.\n[HẾT BĂNG]\n"
            "Nữ: Chuyên mục sức khỏe đến đây là hết.")
    got = roles(text)
    assert [(role, who) for _, role, who in got[4:6]] == [("official", "Lê Thị Hạnh")] * 2
    assert got[-1][1] == "narrator"


def test_advice_under_an_answer_is_not_taken_for_a_caption() -> None:
    text = ("Khám thai định kỳ để mẹ tròn con vuông\nPhóng viên: Chị có lời nhắn gì tới các gia đình?\n"
            "Chị Lò Thị Ngoan, nữ hộ sinh: Tôi mong các gia đình đưa con dâu đi khám thai đủ bốn lần trong thai kỳ, "
            "vì khám sớm thì phát hiện sớm những nguy cơ cho cả mẹ và con.\n"
            "Cán bộ y tế bản luôn sẵn sàng hướng dẫn, bà con cứ hỏi, đừng ngại.\n"
            "Trạm Y tế xã Mường Lạn hiện có 4 nữ hộ sinh trực 24/24 giờ, tiếp nhận sản phụ cả ngày lẫn đêm.")
    assert roles(text)[3] == (3, "official", "Lò Thị Ngoan")


@pytest.mark.parametrize(("label", "who"), [
    ("Trưởng thôn Vi Văn Khánh", "Vi Văn Khánh"),
    ("Bác sĩ CKI Trần Minh Đức", "Trần Minh Đức"),
    ("BS CKII Lê Thị Hoa", "Lê Thị Hoa"),
    ("Kiểm lâm viên Hà Văn Tú", "Hà Văn Tú"),
    ("Trạm trưởng Lò Văn Sình", "Lò Văn Sình"),
    ("Chủ tịch UBND xã", "Chủ tịch UBND xã"),  # the office speaks; the lead may name the person
])
def test_a_label_may_say_who_the_person_is_before_the_name(label: str, who: str) -> None:
    text = ("Giữ rừng đầu nguồn\n"
            "Phóng viên: Thưa ông, năm nay có vụ cháy rừng nào không?\n"
            f"{label}: Năm nay chưa có vụ nào, bà con đều có ý thức giữ rừng.")
    assert roles(text)[2] == (2, "official", who)


def test_an_office_over_a_place_name_is_no_person() -> None:
    text = ("Trưởng bản Phạ Thóng: “Muốn giữ khách, bản phải sạch”\n"
            "Bản Phạ Thóng có 86 hộ, nay làm du lịch cộng đồng.")
    assert roles(text)[0] == (0, "title", None)


def test_a_timed_tape_cue_still_names_its_voice() -> None:
    text = ("Hiến máu cứu người\nPTV: Sáng nay xã tổ chức ngày hội hiến máu, anh Phạm Văn Dũng chia sẻ:\n"
            "Băng 1: Anh Phạm Văn Dũng – thôn Hợp Tiến (40 giây)\n“Tôi đã hiến máu 12 lần rồi.”\nHết băng")
    assert roles(text)[3] == (3, "official", "Phạm Văn Dũng")


@pytest.mark.parametrize(("addressees", "read"), [
    (["Kính gửi: - Trưởng các thôn;", "- Công an xã, Ban Chỉ huy quân sự xã;", "- Các chủ rừng trên địa bàn xã."],
     False),  # a letter to offices: its frame
    (["Kính gửi: Các hộ gia đình, cá nhân trên địa bàn xã."], True),  # to the people: read
    (["Kính gửi: - Trưởng các thôn;", "- Toàn thể nhân dân trong xã."], True),
])
def test_who_a_letter_is_sent_to_decides_whether_it_is_read(addressees: list[str], read: bool) -> None:
    text = "\n".join(["ỦY BAN NHÂN DÂN XÃ KIM LỘC", "Số: 388/UBND-KT", "CÔNG VĂN",
                      "V/v tăng cường phòng cháy, chữa cháy rừng", *addressees,
                      "Thời tiết hanh khô kéo dài, nguy cơ cháy rừng ở mức cấp IV.",
                      "Đề nghị các đơn vị tổ chức trực 24/24 giờ tại các điểm có nguy cơ cao."])
    got = roles(text)[4:4 + len(addressees)]
    assert all((role == "narrator") == read and (read or role == "skip:doc_header") for _, role, _ in got), got


def test_who_wrote_the_news_signs_it() -> None:
    text = "Bản tin xã Yên Lộc\nSáng nay, xã ra quân làm đường giao thông nông thôn.\nNgười viết tin: Mai Thị Thu"
    assert roles(text)[2][:2] == (2, "byline")


def test_a_pages_running_header_and_a_bare_voice_mark_are_no_headline() -> None:
    text = ("Đài TT xã Bình Sơn Hải – Chương trình phát thanh tối thứ Bảy 28/11/2026 – trang 4/4\n"
            "[PTV Thanh Hoa]\nKính thưa bà con, tuần tới xã tổ chức tiêm phòng dại cho chó, mèo.\n"
            "2. Người đi xe máy phải tắt máy, xuống xe và dắt xe khi lên, xuống đò.")
    assert [role for _, role, _ in roles(text)] == ["skip:page", "skip:speaker_label", "narrator", "narrator"]


def test_a_header_table_flattened_into_one_long_line_is_not_read() -> None:
    text = ("ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH Số: 642/TB-UBND\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
            "Hạnh phúc Đà Nẵng, ngày 26 tháng 11 năm 2026\n"
            "THÔNG BÁO\tVề việc nghỉ Tết Dương lịch năm 2027\n"
            "Cán bộ, công chức phường được nghỉ Tết Dương lịch 01 ngày, thứ Sáu ngày 01/01/2027.")
    assert roles(text)[0] == (0, "skip:doc_header", None)


def test_a_title_alone_labels_the_one_expert_introduced_with_it() -> None:
    text = ("Phòng chống HIV\nKhách mời: BSCKI Võ Thị Kim Loan – Trạm trưởng Trạm Y tế xã\n"
            "MC: Khách mời hôm nay là bác sĩ chuyên khoa I Võ Thị Kim Loan. Xin chào bác sĩ!\n"
            "BS: Xin chào chị và bà con trong xã!\nMC: Thưa bác sĩ, HIV lây qua những đường nào?\n"
            "BS: HIV chỉ lây qua ba đường.\nBSTY Huy: Tôi là bác sĩ thú y.")
    speakers = officials(text)
    assert speakers[3] == speakers[5] == "Võ Thị Kim Loan"


@pytest.mark.parametrize("label", ["ĐỌC THƯ", "BÀI HÁT", "TRẢ LỜI"])
def test_a_part_of_a_script_in_capitals_is_no_character(label: str) -> None:
    text = f"Hộp thư truyền thanh\n{label}: Kính gửi Đài truyền thanh xã, tôi là Nông Văn Chiến.\nXin cảm ơn bà con."
    assert all(role != "official" or who not in (label.title(), label) for _, role, who in roles(text))


def test_a_tv_pages_video_title_and_on_screen_names() -> None:
    text = ("Nước sạch về bản vùng cao, người dân hết cảnh gùi nước mùa khô\n30/11/2026 18:52 GMT+7\n"
            "Video đang phát\n▶  02:35\nNước sạch về bản vùng cao Sìn Hồ\n"
            "Công trình cấp nước tập trung tại xã Tả Phìn vừa được đưa vào sử dụng, phục vụ hơn 400 hộ dân.\n"
            "Anh Giàng A Chứ - Bản Sáng Tùng, xã Tả Phìn\n"
            "Trước nhà tôi phải để vợ con đi lấy nước từ sáng sớm, nhiều hôm trẻ con nghỉ học để đi gùi nước.\n"
            "Công trình có tổng vốn đầu tư hơn 18 tỷ đồng từ chương trình mục tiêu quốc gia.")
    got = roles(text)
    assert got[0][1] == "title" and got[4][1].startswith("skip")
    assert got[6:] == [(6, "skip:speaker_label", None), (7, "official", "Giàng A Chứ"), (8, "narrator", None)]


def test_a_pull_quote_its_signature_and_a_fact_box_are_not_read_twice() -> None:
    text = ("Lá chắn xanh\n"
            "Ông Lộc kể: \"Không còn rừng che chắn thì sóng đánh thẳng vào đê, năm nào cũng phải đắp lại.\"\n"
            "\"Không còn rừng che chắn thì sóng đánh thẳng vào đê. Mất rừng là mất làng.\"\n"
            "ÔNG HÀ VĂN LỘC, TRƯỞNG THÔN TÂN LẬP\n"
            "Từ năm 2016, xã vận động người dân trả lại 45 ha đầm tôm để trồng đước.\n1.200 ha\n"
            "diện tích rừng ngập mặn được trồng mới và phục hồi từ năm 2016\n"
            "Nhờ rừng, con đê không còn bị sóng đánh sạt lở.")
    assert [role.split(":")[0] for _, role, _ in roles(text)] == [
        "title", "narrator", "skip", "skip", "narrator", "skip", "skip", "narrator"]


@pytest.mark.parametrize(("credit", "first", "second"), [
    ("Dẫn chương trình: Nguyễn Khánh Linh, Trần Đức Anh (Chi đoàn thôn Phúc Hậu) – Thời lượng 12 phút",
     "Khánh Linh", "Đức Anh"),
    ("Dẫn: H’ Hằng Byă  /  PV: Y Bhim Niê", "Hằng", "Y Bhim"),  # Central Highlands names: the first words mark
])
def test_readers_named_in_the_credits_mark_their_lines(credit: str, first: str, second: str) -> None:
    text = (f"CHƯƠNG TRÌNH PHÁT THANH TUỔI TRẺ\n{credit}\n~ Nhạc hiệu chuyên mục, hạ nền ~\n"
            f"{first}: Xin chào các bạn đoàn viên, thanh niên và bà con trong xã!\n"
            f"{second}: Tháng 12 về, tuổi trẻ trong xã bước vào mùa hiến máu tình nguyện.")
    script = build_script(text)
    assert [s.role for s in script.segments][1:] == ["narrator", "narrator"]
    assert not any(s.spoken.startswith((first, second)) for s in script.segments)
    assert roles(text)[1][1] == "skip:editor_note"


def test_a_label_over_a_bare_tape_cue_names_the_tape_and_the_narration_takes_up_after() -> None:
    text = ("Kỳ họp HĐND xã\nPTV: Nhiều đại biểu đề nghị sớm cải tạo các điểm trường đã xuống cấp.\n"
            "ĐB Nguyễn Thị Hải Yến (tổ đại biểu số 4):\n[BĂNG 2 – 0'35'']\n"
            "“Điểm trường mầm non thôn Đồng Lạc có ba phòng học đã dột, mùa mưa cô trò phải kê bàn tránh dột.”\n"
            "[HẾT BĂNG]\nKỳ họp đã biểu quyết thông qua 9 nghị quyết.")
    got = roles(text)
    assert got[4] == (4, "official", "Nguyễn Thị Hải Yến") and got[6][1] == "narrator"


@pytest.mark.parametrize("reporter", ["PV Báo Nhân Dân thường trú tại Lào Cai", "PV Thanh Tùng (Đài PT-TH Lào Cai)",
                                      "Phóng viên Hoàng Mai (Báo Lào Cai)"])
def test_reporters_at_a_press_conference_are_named_by_their_paper(reporter: str) -> None:
    text = ("Họp báo về tái định cư\nÔng Hoàng Quốc Bảo, Giám đốc Sở Xây dựng chủ trì họp báo.\n"
            f"{reporter}: Nhà tái định cư đã nhận nhưng chưa có nước, khi nào có?\n"
            "Ông Hoàng Quốc Bảo: Vấn đề này có thật, tháng 12 sẽ xong đường ống.")
    assert [role for _, role, _ in roles(text)][2:] == ["reporter", "official"]


def test_presenters_credited_after_the_running_time() -> None:
    text = ("Ca nhạc theo yêu cầu\nThời lượng: 30 phút (7h00 – 7h30). Dẫn: Hồng Nhung, Văn Khoa\n"
            "Hồng Nhung: Kính thưa quý vị và các bạn!\nVăn Khoa: Tuần qua Đài nhận được 23 tin nhắn của bà con.")
    script = build_script(text)
    assert not any(":" in s.spoken for s in script.segments if s.role == "narrator")


@pytest.mark.parametrize("line", [
    "Theo quy chế, bài thi môn Ngữ văn có thời lượng 120 phút.",
    "Người dân cần tắt máy phát khi tiếp nhiên liệu để phòng cháy nổ.",
    "Nhờ được hỗ trợ, các hộ đã chuyển bộ thu truyền hình sang kỹ thuật số DVB-T2.",
    "Sau sự cố, Đài xã đã bật tiếp sóng trở lại từ 6 giờ sáng, người dân nghe bình thường.",
    "Mọi phản ánh về sự cố loa, đề nghị bà con báo cho trực ban đài xã theo số 0912345678.",
    "Nhạc sĩ Nguyễn Văn An sáng tác ca khúc chỉ trong 30 phút.",
    "Chuông báo cháy kêu liên tục 5 phút, người dân đã kịp sơ tán.",
    "Bài hát: “Quê hương” của nhạc sĩ Giáp Văn Thạch đạt giải nhất hội diễn năm nay.",
    "Đọc chậm, đọc to từng câu giúp trẻ nhớ bài lâu hơn.",
    "→ Công an xã kiểm tra 15 cơ sở karaoke, KTV trên địa bàn.",
    "Sáng 2/9, xã tổ chức lễ kỷ niệm 81 năm Quốc khánh nước CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.",
    "Phóng viên báo Lào Cai đã có mặt tại hiện trường: nước lũ vẫn dâng cao.",
    "Phát huy truyền thống, năm 2025 xã trồng mới 12 ha rừng phòng hộ.",
    "Phát sóng trực tiếp lễ khai mạc giúp bà con ở xa theo dõi được, hơn 3.000 lượt người đã xem.",
])
def test_news_that_shares_words_with_a_scripts_orders_and_cues_is_read(line: str) -> None:
    for head in ("Tin trong xã", "BẢN TIN SÁNG\n[Nhạc hiệu]\nPTV: Kính thưa bà con."):
        text = f"{head}\n{line}\nXã sẽ tiếp tục theo dõi, thông tin để bà con biết."
        got = roles(text)
        line_role = got[len(head.split(chr(10)))][1]
        assert line_role in ("narrator", "reporter"), (head, got)


def test_a_quote_paragraph_echoing_the_lead_is_still_read() -> None:
    text = ("Di dời dân khỏi vùng sạt lở\n"
            "Xã sẽ hoàn thành việc di dời các hộ dân khỏi vùng sạt lở trước mùa mưa năm nay.\n"
            "Ông Lò Văn Sơn, Chủ tịch UBND xã cho biết:\n"
            "“Xã sẽ hoàn thành việc di dời các hộ dân khỏi vùng sạt lở trước mùa mưa năm nay. Hiện xã đã bố trí đất "
            "tái định cư cho 25 hộ, mỗi hộ được hỗ trợ 40 triệu đồng làm nhà, bà con yên tâm chuyển đến nơi ở mới.”")
    assert not roles(text)[3][1].startswith("skip")


def test_a_name_on_screen_over_the_villages_news_is_a_caption_not_a_speaker() -> None:
    text = ("Lúa lai về bản\nVụ mùa năm nay bản Nà Mạ được hỗ trợ giống lúa lai.\n"
            "Ông Lò Văn Sơn - Trưởng bản Nà Mạ\n"
            "Năm nay bà con trong bản trồng thêm 5 ha lúa lai, năng suất dự kiến đạt 60 tạ một héc-ta.")
    assert roles(text)[3][1] == "narrator"


def test_a_reader_poll_and_the_authors_note_are_not_read() -> None:
    text = ("Thả rông gia súc trên đường: phạt nặng?\nNgọc Trâm  •  07:15, 09/12/2026\nAudio: nghe bài viết\n"
            "Nhiều tuyến đường liên xã thường xuyên có trâu bò thả rông, gây tai nạn cho người đi đường.\n"
            "Bạn nghĩ sao?\nCó nên phạt nặng chủ gia súc thả rông trên đường giao thông?\n○ Có     ○ Không\n"
            "Bình chọn     Xem kết quả (214 lượt)\n(*) Tác giả là giảng viên Trường Chính trị tỉnh\n"
            "Bài viết thể hiện quan điểm riêng của tác giả.")
    got = [role for _, role, _ in roles(text)]
    assert got[0] == "title" and got[3] == "narrator"
    assert all(role.startswith("skip") for role in got[1:3] + got[4:]), got


def test_a_sketchs_characters_tagged_in_square_brackets() -> None:
    text = ("TIỂU PHẨM: CUỘC GỌI LẠ\n[Nhạc hiệu]\nPTV: Mời bà con nghe tiểu phẩm.\n"
            "[ÔNG TƯ] Alô, ai gọi đấy?\n[GIỌNG LẠ] (giọng nghiêm, nói nhanh) Có phải ông Nguyễn Văn Tư không?\n"
            "[MINH] Ông ơi, cháu về rồi!\nPTV: Thưa bà con, công an không bao giờ gọi điện bắt nộp tiền.")
    got = roles(text)
    assert [(role, who) for _, role, who in got[3:6]] == [("official", "Tư"), ("official", "Giọng Lạ"),
                                                          ("official", "Minh")]
    assert not any("giọng nghiêm" in s.spoken for s in build_script(text).segments)


def test_a_guest_keyed_after_the_name_answers_for_km() -> None:
    text = ("CHUYÊN MỤC KINH TẾ NÔNG THÔN\nKhách mời: Bà Lý Thị Mùi – Giám đốc Hợp tác xã Miến Đông (KM)\n"
            "PV: Thưa bà, hợp tác xã bán miến qua mạng từ khi nào?\nKM: Từ tháng 4, chị em thay nhau livestream.")
    assert roles(text)[3] == (3, "official", "Lý Thị Mùi")


@pytest.mark.parametrize(("credit", "marks"), [
    ("PTV: Thu Hương – Minh Tuấn", ["Hương", "Tuấn"]),
    ("BT: Thu Trang   KT: Vũ Đức Mạnh", ["Thu Trang", "Thu Trang"]),
])
def test_readers_credited_by_short_names_are_not_read_out(credit: str, marks: list[str]) -> None:
    lines = [f"{mark}: Kính thưa quý vị và các bạn, đây là bản tin số {n}." for n, mark in enumerate(marks, 1)]
    script = build_script("\n".join(["ĐIỂM BÁO TUẦN", credit, *lines, "Xin cảm ơn quý vị đã theo dõi."]))
    assert not any(s.spoken.startswith(tuple(marks)) for s in script.segments), script.segments


def test_a_readers_letter_to_the_lawyer_is_the_question_until_the_answer() -> None:
    text = ("Con 16 tuổi đi xe máy gây tai nạn, cha mẹ có phải bồi thường?\n"
            "Thứ Năm, 15/10/2026 - 06:45   |   👁 1.284\nThưa Luật sư,\n"
            "Con trai tôi năm nay 16 tuổi, tối 12/9 cháu lấy xe máy của bố chở bạn đi chơi và va vào một người đi bộ.\n"
            "Nguyễn Văn Tuấn, xã Diễn Châu\nLuật sư Trần Minh Châu trả lời:\n"
            "Theo Bộ luật Dân sự, người từ đủ 15 tuổi đến chưa đủ 18 tuổi gây thiệt hại thì phải tự bồi thường.")
    got = roles(text)
    assert got[1][1].startswith("skip") and [role for _, role, _ in got[2:5]] == ["reporter"] * 3
    assert got[6] == (6, "official", "Trần Minh Châu")


def test_each_office_that_answers_a_question_is_its_voice() -> None:
    text = ("HỎI – ĐÁP PHÁP LUẬT\nHỏi: Năm 2012 tôi mua đất vườn bằng giấy viết tay, nay có được cấp sổ đỏ không?\n"
            "Trả lời: Về câu hỏi của ông Lực, Phòng Tài nguyên và Môi trường huyện Hòa Sơn trả lời như sau:\n"
            "Trường hợp này được cấp giấy chứng nhận nếu thửa đất không có tranh chấp.\n"
            "Hỏi: Tôi làm ruộng, có được hỗ trợ đóng bảo hiểm xã hội tự nguyện không?\n"
            "Bảo hiểm xã hội huyện Hòa Sơn trả lời:\n"
            "Người tham gia được Nhà nước hỗ trợ một phần tiền đóng hằng tháng.")
    assert officials(text) == {2: "Phòng Tài nguyên và Môi trường huyện Hòa Sơn",
                               3: "Phòng Tài nguyên và Môi trường huyện Hòa Sơn", 6: "Bảo hiểm xã hội huyện Hòa Sơn"}


def test_a_notice_filed_under_the_sites_thong_bao_section_keeps_its_own_headline() -> None:
    text = ("TRANG THÔNG TIN ĐIỆN TỬ XÃ TÂN PHONG\nThông báo\n03/06/2025 09:17\n"
            "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TÂN PHONG\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/TB-UBND\tTân Phong, ngày 03 tháng 6 năm 2025\nTHÔNG BÁO\n"
            "Về việc thu nhận hồ sơ cấp thẻ căn cước lưu động tại các thôn\n"
            "Ủy ban nhân dân xã Tân Phong thông báo đến toàn thể Nhân dân lịch cấp thẻ căn cước lưu động.")
    got = roles(text)
    assert got[1][1] == "skip:section_label" and [role for _, role, _ in got[6:8]] == ["title", "title"]


@pytest.mark.parametrize("crew", [
    "Biên tập: Nguyễn Thu Hà\tĐọc: Thu Hà – Minh Khang",
    "Biên tập: Lương Tuấn | Phát thanh viên: Minh Hằng – Đức Anh | Kỹ thuật: Nông Văn Bình",
    "Giọng đọc: Kim Ngân (bà Tám), Diệu Hiền (Út Nhỏ), Minh Luân (người dẫn chuyện)",
    "Thực hiện: Thu Trang – Đức Long | Kỹ thuật: Vàng A Lử | Duyệt: Phạm Thị Hoa (PGĐ Trung tâm VH-TT)",
    "Bản dịch tiếng Mông: Vừ A Dình, công chức Văn hóa – Xã hội xã.",
])
def test_a_crew_row_naming_two_readers_with_a_dash_is_not_read(crew: str) -> None:
    text = f"BẢN TIN SÁNG\nPTV: Kính thưa bà con, sáng nay xã ra quân làm đường giao thông nông thôn.\n{crew}"
    assert roles(text)[2][1] == "skip:editor_note"


def test_a_reader_quoting_a_titled_official_is_no_crew_credit() -> None:
    text = ("BẢN TIN SÁNG\nDẫn: Bác sĩ Giàng Thị Dua, Trạm trưởng Trạm Y tế xã, cho biết nấm độc rất khó nhận ra.\n"
            "PTV: Bà con không hái nấm lạ trong rừng.")
    assert roles(text)[1][1] != "skip:editor_note"


def test_a_guest_keyed_before_the_name_in_the_credits_answers_for_km() -> None:
    text = ("HỎI ĐÁP BẢO HIỂM Y TẾ\nDẫn chương trình: Minh Thư | Khách mời (KM): bà Hồ Thị Kim Oanh, Phó Giám đốc "
            "BHXH huyện | Kỹ thuật: Văn Lộc\nMC: Thưa bà, mức đóng bảo hiểm y tế hộ gia đình năm nay thế nào?\n"
            "KM: Năm nay mức đóng vẫn tính theo mức lương cơ sở.")
    assert roles(text)[3] == (3, "official", "Hồ Thị Kim Oanh")


def test_a_script_written_as_a_table_keeps_the_technicians_rows_and_parts_off_air() -> None:
    text = ("KỊCH BẢN CHƯƠNG TRÌNH PHÁT THANH CHIỀU THỨ TƯ\nNgười đọc\tNội dung\tThời lượng\n"
            "Kỹ thuật\tNhạc hiệu đài\t30\"\n"
            "PTV Hồng Nhung\tĐây là Đài truyền thanh thị trấn Vĩnh Thạnh Đông. Kính chào quý thính giả!\t1'\n"
            "Kỹ thuật\tJingle “Sống xanh mỗi ngày”\t10\"\nPHẦN 1 – TIN TỨC THỊ TRẤN\t\t5'\n"
            "PTV Hồng Nhung\tSáng Chủ nhật vừa qua, gần 600 người dân ra quân thu gom rác, khơi thông cống.\t2'")
    got = [role for _, role, _ in roles(text)]
    assert got[2] == got[4] == "skip:cue" and got[5] == "skip:section_label"
    assert got[3] == got[6] == "narrator"


def test_who_posted_each_message_of_a_pasted_group_chat_is_not_read() -> None:
    text = ("Lương Văn Đức (VP UBND xã)   06:52\nChủ động phòng, chống đuối nước trẻ em dịp hè\n"
            "Mùa hè là thời điểm trẻ em được nghỉ học, thường rủ nhau đi tắm sông, suối, ao hồ.\n"
            "Đinh Thị Nga   07:10\nThôn Cầu Đá nhận ạ.")
    got = roles(text)
    assert got[0][1] == got[3][1] == "skip:chrome" and got[2][1] == "narrator"


def test_a_tape_with_no_end_cue_is_its_speakers_paragraph_then_the_narration_takes_up() -> None:
    text = ("PHÓNG SỰ MÙA BÓC QUẾ\nPV: Năm nay cả thôn có 64 hộ làm quế hữu cơ.\nBăng 1: anh Páo (0'25\")\n"
            "Trước nhà mình cũng phun thuốc cỏ, giờ không phun nữa, cắt cỏ bằng máy.\n"
            "Không chỉ tăng thu nhập, mô hình còn giúp bà con thay đổi cách nghĩ.\nĐức Long – Đài TT xã Khe Quế\n"
            "---------- ----------------- ------------")
    got = roles(text)
    assert got[2][1] == "skip:speaker_label" and got[3][1:] == ("official", "Páo")
    assert got[4][1] in ("narrator", "reporter") and got[5][1] == "byline" and got[6][1].startswith("skip:")


def test_guests_labelled_by_their_initials_are_the_guests_the_host_introduced() -> None:
    text = ("TỌA ĐÀM BẢO HIỂM Y TẾ\nMC: Tham gia tọa đàm hôm nay có ông Nguyễn Văn Hòa, Giám đốc BHXH khu vực, "
            "và bà Trần Thị Loan, Trạm trưởng Trạm Y tế xã.\nMC: Thưa ông Hòa, cả nhà 5 người thì đóng bao nhiêu?\n"
            "NVH: Người thứ nhất đóng 4,5% mức lương cơ sở, người thứ hai đóng 70% mức của người thứ nhất.\n"
            "MC: Thưa chị Loan, đi khám ở trạm y tế cần mang gì?\nTTL: Bà con mang thẻ hoặc căn cước gắn chíp.")
    assert officials(text) == {3: "Nguyễn Văn Hòa", 5: "Trần Thị Loan"}


def test_a_table_scripts_numbered_guests_are_the_guests_in_the_order_introduced() -> None:
    text = ("CHUYÊN MỤC SỨC KHỎE CHO MỌI NHÀ\nNhạc hiệu\t(10 giây)\n"
            "BTV\tThưa quý vị, khách mời hôm nay là bác sĩ Trịnh Thị Loan, Trưởng Trạm Y tế xã, và chị Võ Thị Ngọc "
            "Diễm, cộng tác viên dân số ấp Hòa Lộc.\n"
            "BTV\tThưa bác sĩ Loan, vì sao năm nay số ca sốt xuất huyết tăng nhanh như vậy?\n"
            "Khách mời 1\tDạ, năm nay mưa sớm và kéo dài, lại xen kẽ nắng nóng, rất thuận lợi cho muỗi vằn.\n"
            "BTV\tThưa chị Diễm, các cộng tác viên đã vận động bà con như thế nào?\n"
            "KM 2\tTụi em chia nhau mỗi người phụ trách khoảng 40 hộ, chiều thứ Sáu hằng tuần đi từng nhà.")
    got = roles(text)
    assert got[3][1] == got[5][1] == "reporter"
    assert officials(text) == {4: "Trịnh Thị Loan", 6: "Võ Thị Ngọc Diễm"}


def test_struck_words_inside_a_read_line_are_not_spoken() -> None:
    script = build_script("BẢN TIN SÁNG\nPTV: Trạm Y tế xã tiêm chủng vào ~~thứ Sáu 12/12~~ thứ Bảy, ngày 13/12/2025.")
    assert [seg.spoken for seg in script.segments if "13/12" in seg.text][0].count("sáu") == 0


def test_an_office_speaking_through_a_representative_answers_until_the_next_part() -> None:
    text = ("CHƯƠNG TRÌNH SONG NGỮ\n[Nhạc hiệu]\nPTV: Sáng 03/10, xã ra quân phòng cháy rừng mùa hanh khô.\n"
            "Đại diện Trạm Kiểm lâm khu vực:\nBà con không đốt nương khi trời có gió.\n"
            "III. THÔNG BÁO\nTừ ngày 15 đến 25-10-2025, cán bộ thú y sẽ xuống các thôn tiêm vắc xin.")
    got = roles(text)
    assert got[4][1:] == ("official", "Đại diện Trạm Kiểm lâm khu vực")
    assert got[5][1] == "skip:section_label" and got[6][1] != "official"


def test_a_reader_signing_under_the_question_is_no_speaker_and_the_office_named_in_the_lead_answers() -> None:
    text = ("Hỏi – Đáp: Đóng BHXH tự nguyện\nChuyên mục nhận được nhiều thư hỏi của bà con; Bảo hiểm xã hội cơ sở "
            "Tân Hòa (thuộc Bảo hiểm xã hội khu vực XXII) trả lời như sau.\n"
            "Hỏi:\nTôi đã đóng BHXH bắt buộc 9 năm, nay có được đóng tiếp tự nguyện không?\n"
            "Chị Hồ Thị Mai (thôn Bàu Sen, xã Tân Hòa)\nTrả lời:\n"
            "Chị hoàn toàn có thể tham gia BHXH tự nguyện để cộng nối với 9 năm đã đóng.")
    got = roles(text)
    assert got[4][1] == "reporter"
    assert got[6][1:] == ("official", "Bảo hiểm xã hội cơ sở Tân Hòa")


@pytest.mark.parametrize(("text", "expected"), [
    # a programme's news reader, with an interview a reporter did elsewhere: the announcer throughout
    ("CHƯƠNG TRÌNH PHÁT THANH TỐI\nBTV Minh Thư:\nKính thưa quý vị, mời quý vị nghe chương trình tối nay.\n"
     "Xã Cư Prông có hơn 3.600 ha rừng. Phóng viên đã trao đổi với ông Lương Văn Tiến, Chủ tịch UBND xã.\n"
     "PV: Thưa ông, mùa khô năm nay xã gặp những khó khăn gì?\n"
     "Ông Lương Văn Tiến: Khó nhất là nắng nóng kéo dài, lực lượng của xã mỏng.\n"
     "BTV Minh Thư: Chương trình tối nay đến đây xin tạm dừng.",
     {2: "narrator", 4: "reporter", 5: "official", 6: "narrator"}),
    # a talk's host: the announcer to the listeners, the reporter to the guest
    ("TỌA ĐÀM NÔNG THÔN MỚI\nMC: Kính thưa quý vị, tham gia tọa đàm hôm nay có ông Lê Đình Thọ.\n"
     "MC: Thưa ông Lê Đình Thọ, xã đã làm gì để giữ chuẩn nông thôn mới?\n"
     "Ông Lê Đình Thọ: Chúng tôi rà soát lại từng tiêu chí ngay từ đầu năm.\n"
     "MC: Thưa quý vị, cuộc tọa đàm đến đây là kết thúc.",
     {1: "narrator", 2: "reporter", 3: "official", 4: "narrator"}),
    # a host who reads the news under a bare mark, then greets, thanks and lets the guest go
    ("CHƯƠNG TRÌNH PHÁT THANH TỐI THỨ SÁU\n[NHẠC HIỆU]\nBTV:\n"
     "Trong tuần qua, Công an xã phối hợp với Đoàn Thanh niên làm thủ tục định danh điện tử cho 1.200 người.\n"
     "BTV:\nXin chào ông Bùi Văn Khởi!\nÔng Bùi Văn Khởi:\nXin chào nhà đài, xin chào toàn thể bà con.\n"
     "BTV: Vâng, xin cảm ơn ông Bùi Văn Khởi đã đến với chương trình!\n"
     "BTV: Chương trình phát thanh tối nay đến đây là kết thúc. Hẹn gặp lại bà con.",
     {3: "narrator", 5: "reporter", 7: "official", 8: "reporter", 9: "narrator"}),
    # an announcer who calls a guest asks; a question quoted from a letter is the letter's
    ("BẢN TIN SÁNG\nNam: Những ngày giữa tháng 11, các thôn vào mùa bóc vỏ quế.\n"
     "Nữ: Để bà con hiểu thêm, Đài đã trò chuyện qua điện thoại với chị Lò Thị Xuân.\n"
     "Nữ: Alo, em chào chị Xuân ạ! Vụ quế năm nay nhà mình thu được thế nào ạ?\n"
     "Chị Xuân: Năm nay nhà chị bóc được hơn 4 tấn vỏ tươi.\n"
     "Nữ: Một lá thư khác hỏi: “Bóc quế mùa này cần chú ý gì?”",
     {1: "narrator", 2: "narrator", 3: "reporter", 4: "official", 5: "narrator"}),
])
def test_a_hosts_or_announcers_voice_is_decided_by_whom_each_line_speaks_to(text: str,
                                                                             expected: dict[int, str]) -> None:
    got = [role for _, role, _ in roles(text)]
    assert {i: got[i] for i in expected} == expected


@pytest.mark.parametrize(("after", "read_as"), [
    ("Trả lời câu hỏi này, Thượng tá Lê Văn An, Chủ nhiệm Chính trị Bộ CHQS tỉnh khẳng định danh sách đã công khai.",
     "narrator"),
    ("Bổ sung thông tin, Đại tá Hoàng Minh Khôi cho biết ngày 4/3 các xã sẽ tổ chức gặp mặt tân binh.", "narrator"),
    ("Phát biểu kết luận, Phó Chủ tịch UBND tỉnh Nguyễn Thành Sinh đề nghị các sở tiếp thu ý kiến báo chí.",
     "narrator"),
    ("Trả lời câu hỏi này, tôi xin nói thêm: danh sách được niêm yết ở nhà văn hóa từng thôn.", "official"),
])
def test_a_press_conference_report_passing_the_word_on_ends_the_answer(after: str, read_as: str) -> None:
    text = ("Họp báo về công tác tuyển quân năm 2027\nPV Báo Tuyên Quang: Xin ông cho biết chỉ tiêu năm nay?\n"
            f"Ông Trần Văn Hùng – Chỉ huy trưởng: Toàn tỉnh giao 1.850 công dân, tăng 50 so với năm trước.\n{after}")
    assert roles(text)[3][1] == read_as


@pytest.mark.parametrize(("text", "spoken", "role"), [
    ("CHƯƠNG TRÌNH PHÁT THANH\n(Nhạc hiệu)\nHà: Đây là Đài Truyền thanh xã Tiên Hưng Đông.\n"
     "Tuấn: Hôm nay thứ Sáu, ngày 12 tháng 12.\n(Nhạc cắt)\nHà: Toàn xã đã gieo trồng được 410 ha cây vụ đông.\n"
     "Tuấn: Phòng Kinh tế xã khuyến cáo bà con thăm đồng thường xuyên.", "Toàn xã", "narrator"),
    # a credited announcer's name in capitals alone over the words
    ("CHƯƠNG TRÌNH PHÁT THANH TỐI\nNgười đọc: Ngọc Thảo – Quang Minh\n(Nhạc hiệu)\n"
     "THẢO:\nKính thưa bà con, Đài Truyền thanh phường xin bắt đầu chương trình.\nMINH:\n"
     "Đài Khí tượng thủy văn tỉnh cho biết đêm nay khu vực phường ít mây, không mưa.\n"
     "THẢO:\nTiếp theo là giá một số mặt hàng tại chợ phường sáng nay.\nMINH:\n"
     "Giá thịt heo đùi hôm nay là 118.000 đồng một ký, giảm nhẹ so với tuần trước.\n(Nhạc cắt)", "Đài Khí",
     "narrator"),
    # given names in capitals on the words' line: announcers, since one of them speaks for the station
    ("BẢN TIN TUẦN\n[Nhạc hiệu]\nHÀ: Đài Truyền thanh xã Tân Quang xin kính chào bà con!\n"
     "MINH: Sáng 10/3, xã ra quân trồng 3.500 cây xanh.\n[Nhạc cắt]\nHÀ: Tuần tới khu vực xã có mưa rào rải rác.\n"
     "MINH: Bản tin đến đây là kết thúc, hẹn gặp lại bà con.", "Sáng 10/3", "narrator"),
    # initials in capitals are guests: "NVH:" speaks as the official
    ("TỌA ĐÀM BẢO HIỂM Y TẾ\n[Nhạc hiệu]\nMC: Xin chào ông Nguyễn Văn Hòa và bà Trần Thị Loan.\n"
     "NVH: Mức đóng bảo hiểm y tế hộ gia đình bằng 4,5% mức lương cơ sở.\nTTL: Trạm có gần 200 loại thuốc.\n"
     "NVH: Bà con có thể đóng theo 3 tháng, 6 tháng.\nTTL: Nhớ mang thẻ khi đi khám.", "Mức đóng", "official"),
    # a sketch's characters by given name speak as themselves, their names not read either
    ("TIỂU PHẨM: CUỘC GỌI LÚC NỬA ĐÊM\n(Nhạc)\nNgân: Alô, ai gọi đấy?\nKhải: Bà cứ bình tĩnh, hỏi con cháu đã.\n"
     "Ngân: Họ bảo là công an, ông ạ!\nKhải: Công an không bao giờ gọi điện bắt chuyển tiền.\n(Nhạc kết)", "Họ bảo",
     "official"),
])
def test_announcers_marked_by_their_given_names_read_as_the_narrator(text: str, spoken: str, role: str) -> None:
    segment = next(s for s in build_script(text).segments if s.text.startswith(spoken))
    assert segment.role == role and ":" not in segment.spoken[:12]


@pytest.mark.parametrize(("text", "line", "role", "who", "spoken"), [
    # a voter's or a caller's label, an answer "of" someone, a notice's "ND:" (nội dung)
    ("Tiếp xúc cử tri xã Kiến Đông\nChiều 28/10, Tổ đại biểu HĐND tỉnh tiếp xúc cử tri xã Kiến Đông.\n"
     "Cử tri Phạm Văn Hùng (thôn Đông Xuân): Tôi đề nghị tỉnh làm kè chống sạt lở bờ sông.\n"
     "Trả lời của ông Nguyễn Quốc Bảo – PCT UBND xã:\nDạ, đoạn sạt lở này đã có trong danh mục công trình cấp bách.",
     2, "official", "Phạm Văn Hùng", "Tôi đề nghị"),
    ("Tiếp xúc cử tri xã Kiến Đông\nChiều 28/10, Tổ đại biểu HĐND tỉnh tiếp xúc cử tri xã Kiến Đông.\n"
     "Cử tri Phạm Văn Hùng (thôn Đông Xuân): Tôi đề nghị tỉnh làm kè chống sạt lở bờ sông.\n"
     "Trả lời của ông Nguyễn Quốc Bảo – PCT UBND xã:\nDạ, đoạn sạt lở này đã có trong danh mục công trình cấp bách.",
     4, "official", "Nguyễn Quốc Bảo", "Dạ"),
    ("A LÔ, PHƯỜNG NGHE ĐÂY\n(Nhạc hiệu)\nMC: Xin chào, chú đang nghe máy phải không ạ?\n"
     "Người gọi: A lô, nghe được không cô? Đèn đường trong hẻm tắt hết bốn bóng rồi.\n(Nhạc cắt)",
     3, "official", "Người gọi", "A lô"),
    ("TB KHẨN: Cảnh báo cháy rừng cấp V\nBan chỉ huy phòng cháy chữa cháy rừng xã thông báo:\n"
     "ND: Do nắng nóng kéo dài, nguy cơ cháy rừng ở mức cực kỳ nguy hiểm.\nĐề nghị bà con không đốt thực bì.",
     2, "narrator", None, "Do nắng nóng"),
    # a tape line with its speaker and words, a tape named in a cue, a translation read without its label
    ("PHÓNG SỰ MÙA NGAO\n(Nhạc hiệu)\nPV: Cồn Lạch Mới rộng chừng 600 ha.\n"
     "SOT – anh Thạch Sô Phol: Nhà em có 8 công lúa sát chân đê, mấy năm nay không bị ngập nữa.\n"
     "Nắng đã lên cao, nước triều bắt đầu trở lại.\n(Nhạc kết)", 4, "narrator", None, "Nắng"),
    ("KÝ SỰ TIẾNG THEN\n(Nhạc hiệu Đài xã)\nNhững tối cuối tuần, căn nhà sàn của bà Slắm rộn tiếng đàn.\n"
     "[Tiếng bà Hoàng Thị Slắm]\n“Pi nẩy khỏi chất slíp pét pi dá.” [Tạm dịch: Năm nay tôi đã 78 tuổi rồi.]\n"
     "Lớp học then của bà Slắm bắt đầu từ mùa đông năm 2023, ban đầu chỉ có năm học viên.\n(Nhạc kết)",
     4, "official", "Hoàng Thị Slắm", "“Pi nẩy"),
])
def test_voices_named_in_meetings_phone_ins_notices_and_tapes(text: str, line: int, role: str, who: str | None,
                                                              spoken: str) -> None:
    script = build_script(text)
    segment = next(s for s in script.segments if line in s.source_lines)
    assert (segment.role, segment.speaker if who else None) == (role, who)
    assert segment.text.startswith(spoken) and "dịch:" not in segment.text


def test_a_two_column_script_reads_the_words_not_the_sound_column() -> None:
    text = ("CHUYÊN ĐỀ CHÈ SHAN TUYẾT\nHÌNH ẢNH / ÂM THANH\tLỜI\nNhạc hiệu chuyên đề (12'')\t\n"
            "Nền: tiếng gió, tiếng chim\tTháng Mười, sương phủ kín các sườn đồi Phình Hồ từ sáng sớm.\n"
            "Tiếng máy sao chè quay đều, lửa reo\t"
            "Trong xưởng chế biến rộng gần 400 m², mỗi ngày cao điểm sao 2 tấn chè.")
    spoken = [s.text for s in build_script(text).segments]
    assert spoken[-2:] == ["Tháng Mười, sương phủ kín các sườn đồi Phình Hồ từ sáng sớm.",
                           "Trong xưởng chế biến rộng gần 400 m², mỗi ngày cao điểm sao 2 tấn chè."]


@pytest.mark.parametrize("line", [
    "Ông Giàng A Páo, người đứng ra thành lập hợp tác xã, vẫn nhớ những ngày đầu đi vận động bà con.",
    "Công an phường nhận hồ sơ đăng ký xe cả sáng thứ Bảy",
    "PTV\tQuý vị vừa nghe bài viết “Chè Shan tuyết lên đỉnh Phình Hồ”. Hẹn gặp lại quý vị tuần sau.",
])
def test_a_script_for_the_ear_has_no_photo_captions_to_drop(line: str) -> None:
    text = ("CHUYÊN ĐỀ KINH TẾ TẬP THỂ\n(Nhạc hiệu)\nPTV: Kính thưa quý vị, chuyên đề hôm nay gửi tới quý vị bài viết "
            "về cây chè Shan tuyết ở vùng cao.\n"
            f"{line}\nPTV: Hợp tác xã hiện liên kết gần 120 ha chè với hơn 300 hộ dân trong xã.\n(Nhạc kết)")
    assert roles(text)[3][1] == "narrator"


@pytest.mark.parametrize(("line", "role"), [
    ("Trung tá Vũ Đức Anh trao đổi với phóng viên.", "skip:caption"),
    ("Trao đổi với phóng viên, ông Hùng giải thích thêm về cách chi trả.", "narrator"),
])
def test_a_sentence_that_reports_speech_between_paragraphs_is_no_caption(line: str, role: str) -> None:
    text = ("Xã Yên Lộc chi trả trợ cấp qua tài khoản ngân hàng\n"
            "Từ tháng 12, toàn bộ 1.240 người hưởng trợ cấp xã hội ở xã Yên Lộc nhận tiền qua tài khoản ngân hàng, "
            "thay cho việc nhận tiền mặt tại nhà văn hóa thôn như trước đây.\n"
            f"{line}\n"
            "Theo UBND xã, người cao tuổi không có tài khoản vẫn được nhận tiền mặt tại nhà, do nhân viên bưu điện "
            "mang đến tận tay theo danh sách đã rà soát.")
    assert roles(text)[2][1] == role


def test_a_notices_schedule_keeps_its_hours_cell_by_cell() -> None:
    text = ("CÔNG TY ĐIỆN LỰC BẾN TRE\nĐIỆN LỰC GIỒNG TRÔM\nTHÔNG BÁO\nV/v tạm ngừng cung cấp điện\n"
            "Điện lực Giồng Trôm thông báo tạm ngừng cung cấp điện để bảo trì lưới điện như sau:\n"
            "Ngày 05/12/2026\n06h30 - 15h30\nẤp Thuận Điền, ấp Phong Điền, xã Giồng Trôm\n"
            "Ngày 06/12/2026\n07h00 - 11h00\nẤp Long Thạnh, xã Giồng Trôm\n"
            "Điện lực Giồng Trôm rất mong quý khách hàng thông cảm.")
    got = roles(text)
    assert got[6][1] == got[9][1] == "narrator"


@pytest.mark.parametrize(("text", "expected"), [
    # a headline in capitals that starts with a verb ("phòng bệnh") or an event ("hội nghị") signs nothing
    ("HỎI – ĐÁP\nPHÒNG BỆNH CÚM MÙA CHO NGƯỜI CAO TUỔI\nThời tiết chuyển lạnh, nhiều người cao tuổi bị cúm. "
     "Trạm Y tế xã khuyên bà con tiêm vắc xin.", {1: "title", 2: "narrator"}),
    ("HỘI NGHỊ TỔNG KẾT CÔNG TÁC DÂN VẬN NĂM 2026\nSáng nay, Đảng ủy xã tổ chức hội nghị tổng kết công tác dân "
     "vận năm 2026.", {0: "title", 1: "narrator"}),
    # a page's headline, then the body's first numbered part: the part's heading is read, not the headline
    ("Trang chủ   Giới thiệu   Tin tức   Văn bản\nThông báo tạm ngừng cung cấp điện tại ấp Bàu Sen\n"
     "Thứ hai - 30/11/2026 09:12\nI. Thời gian và phạm vi ảnh hưởng\nTừ 7 giờ 30 đến 16 giờ, thứ Năm, ngày 03/12.",
     {1: "title", 3: "narrator", 4: "narrator"}),
    # a two-column script's row of column names is no headline
    ("ĐÀI TRUYỀN THANH XÃ MỸ LỢI\nChủ động phòng, chống sốt xuất huyết trong mùa mưa\nNỘI DUNG\tLỜI DẪN – LỜI THOẠI\n"
     "Nhạc hiệu\t(10 giây)\nBTV\tKính thưa quý thính giả! Mùa mưa cũng là mùa muỗi vằn sinh sôi.",
     {1: "title", 4: "narrator"}),
])
def test_the_headline_is_not_a_byline_a_numbered_part_or_a_tables_header(text: str, expected: dict[int, str]) -> None:
    got = {line: role for line, role, _ in roles(text)}
    assert {line: got[line] for line in expected} == expected
    assert not any(role == "title" for line, role in got.items() if line not in expected)


@pytest.mark.parametrize(("text", "line", "role"), [
    ("BẢN TIN TỐI\n=== TIN 2 | 0'50\" | BTV nam ===\nSáng nay, xã tổ chức ra quân tiêm phòng cho đàn gia súc.", 1,
     "skip:editor_note"),
    ("KỊCH BẢN TỌA ĐÀM\n1.  Nhạc hiệu chuyên mục (20”) – nhạc nền nhỏ dần\nDẪN: Xin chào quý vị thính giả.", 1,
     "skip:cue"),
    ("HỎI ĐÁP PHÁP LUẬT\nCâu hỏi 1.\nHỏi: Con tôi 15 tuổi đi xe máy thì bị xử lý thế nào?\n"
     "Trả lời: Người dưới 16 tuổi không được điều khiển xe máy.", 1, "skip:section_label"),
])
def test_notes_cues_and_numbers_for_the_staff_are_not_read(text: str, line: int, role: str) -> None:
    assert dict((i, r) for i, r, _ in roles(text))[line] == role


def test_guests_labelled_by_dotted_initials_after_an_honorific_are_the_guests_introduced() -> None:
    text = ("Lũ rút, bà con xã Yên Lạc bắt tay khôi phục sản xuất. Phóng viên trao đổi với ông Nguyễn Văn Tùng, "
            "Chủ tịch UBND xã, và bà Lê Thị Hằng, Giám đốc HTX Yên Lạc.\nPV: Thiệt hại của xã thế nào, thưa ông?\n"
            "Ô.N.V.T: Đây là trận lũ lớn nhất ở xã trong 15 năm.\nPV: HTX hỗ trợ bà con ra sao?\n"
            "B.L.T.H: HTX ứng trước giống và phân bón cho các hộ.")
    assert officials(text) == {2: "Nguyễn Văn Tùng", 4: "Lê Thị Hằng"}


def test_a_voice_mark_followed_by_a_question_or_answer_mark_reads_neither() -> None:
    script = build_script("Phòng, chống bạo lực gia đình\n"
                          "Nam: Kính thưa bà con, mời bà con nghe chuyên mục hỏi đáp pháp luật.\n"
                          "Nữ: Hỏi: Chồng tôi hay uống rượu rồi đánh tôi, pháp luật bảo vệ tôi thế nào?\n"
                          "Nam: Trả lời: Luật Phòng, chống bạo lực gia đình năm 2022 cấm mọi hành vi bạo lực.")
    spoken = " ".join(s.text for s in script.segments)
    assert "Hỏi:" not in spoken and "Trả lời:" not in spoken and "Nữ:" not in spoken
    assert "Chồng tôi hay uống rượu" in spoken and "Luật Phòng, chống bạo lực" in spoken


def test_the_lead_above_the_first_unlabelled_question_is_narration() -> None:
    text = ("KINH TẾ\nChợ phiên không tiền mặt:\nNgười bán mớ rau cũng “quét mã”\n"
            "Từ tháng 5-2025, chợ phiên Bản Lìm trở thành chợ phiên đầu tiên của huyện thực hiện thanh toán\n"
            "không dùng tiền mặt. Phóng viên Báo đã trao đổi với ông Đinh Công Hậu, Phó Chủ tịch UBND xã Tà Pình,\n"
            "về cách làm này.\n"
            "Thưa ông, vì sao xã lại chọn chợ phiên để làm thí điểm?\n"
            "Chính vì nhỏ lẻ nên mới cần làm. Bà con bán xong cầm tiền lẻ về, rất bất tiện.\n"
            "Người dân, nhất là người cao tuổi, có e ngại không, thưa ông?\n"
            "Có chứ. Lúc đầu nhiều bà con sợ bị lừa, nhưng nay đã quen.")
    got = {line: (role, who) for line, role, who in roles(text)}
    assert got[1][0] in ("title", "narrator") and got[2][0] in ("title", "narrator")  # the headline is no answer
    assert [got[i][0] for i in (3, 4, 5, 6, 7, 8, 9)] == ["narrator", "narrator", "narrator", "reporter", "official",
                                                          "reporter", "official"]
    assert got[7][1] == "Đinh Công Hậu"


def test_a_note_to_the_announcer_on_a_notices_request_form_is_not_the_notices_own_note() -> None:
    doc = load_document(DATA / "corpus" / "dev" / "radio-201-phieu-phat-song-thong-bao-diet-chuot-pdf.gold.txt")
    note = next(i for i, line in enumerate(non_blank_lines(doc.text)) if line.startswith("Ghi chú cho PTV:"))
    assert dict((i, r) for i, r, _ in roles(doc.text))[note] == "skip:editor_note"


def test_a_mobile_pages_author_and_age_and_a_bare_image_file_name_are_no_headline_and_not_read() -> None:
    text = ("≡   Báo Nghệ An   🔍\nQuốc phòng - An ninh\nHơn 1.300 thanh niên xứ Nghệ sẵn sàng lên đường nhập ngũ\n"
            "Thanh Hà  •  3 giờ trước\nNgày 9/2/2027, các xã, phường đồng loạt tổ chức lễ giao nhận quân.\n"
            "IMG_20270116_081244.jpg\nCác tân binh lên xe về đơn vị trong niềm tự hào của gia đình.")
    got = {line: role for line, role, _ in roles(text)}
    assert (got[2], got[3], got[5]) == ("title", "byline", "skip:caption")


def test_an_answer_labelled_by_the_officials_title_alone_is_theirs() -> None:
    text = ("Phòng cháy rừng mùa khô\nPhóng viên:\nThưa đồng chí, tình hình cháy rừng năm trước thế nào?\n"
            "Đồng chí Lò Văn Sơn – Phó Chủ tịch UBND xã Chiềng Nưa:\nMùa khô năm trước, xã xảy ra 3 vụ cháy.\n"
            "Phóng viên:\nNgười dân muốn đốt dọn nương thì phải làm gì?\nPhó Chủ tịch UBND xã:\n"
            "Trước khi đốt phải làm đường ranh cản lửa rộng ít nhất 5 mét.")
    assert officials(text) == {4: "Lò Văn Sơn", 8: "Lò Văn Sơn"}


@pytest.mark.parametrize(("line", "chrome"), [
    ("Tải file âm thanh (MP3 – 13,4 MB)", True),
    ("Tải về (.mp3)", True),
    ("Chia sẻ (12)", True),
    ("▶ Nghe chương trình (14:52)", True),
    ("[Hình ảnh]", True),
    ("📌 ĐƯỢC GHIM", True),
    ("Đọc tiếp ▼", True),
    ("[ Lưu nháp ]   [ Gửi duyệt ]", True),
    ("Hình ảnh ngày hội được đăng trên trang của xã.", False),
    ("Xã tổ chức tải file hướng dẫn lên cổng thông tin (PDF) để bà con tra cứu.", False),
])
def test_a_pages_buttons_are_furniture_with_their_file_and_count(line: str, chrome: bool) -> None:
    from service.text import layout

    assert layout.is_chrome(line) is chrome


@pytest.mark.parametrize("line", [
    "Giúp trẻ đọc to, đọc rõ từ lớp Một",
    "- Đọc lại danh sách cử tri niêm yết tại nhà văn hóa thôn",
    "Không biết chữ, cụ nhờ anh cán bộ thôn đọc giúp lá thư của con trai.",
    "Cô giáo đọc chậm giúp em theo kịp bài, nên em tiến bộ nhanh.",
    "7h30 – Ông Lò Văn Sơn, Bí thư Chi bộ, phát biểu khai mạc",
    "(07:30) Tập trung đại biểu và lực lượng tại sân UBND xã.",
])
def test_news_lines_that_look_like_notes_to_staff_are_read_whole(line: str) -> None:
    text = ("Xã Minh Hòa ra quân làm đường giao thông nông thôn\n"
            "Sáng 12/10, xã Minh Hòa tổ chức lễ ra quân làm 3 km đường nội đồng với hơn 400 người tham gia.\n"
            f"{line}\nDự kiến tuyến đường hoàn thành trước Tết Nguyên đán, phục vụ bà con vận chuyển nông sản.")
    script = build_script(text)
    read = " ".join(s.text for s in script.segments)
    assert line.lstrip("- ") in read, [(s.role, s.text) for s in script.segments]


def test_a_notice_retyped_above_the_mail_it_came_in_is_read() -> None:
    text = "\n".join(["THÔNG BÁO", "Về việc tạm ngừng cấp điện để bảo dưỡng lưới điện",
                      "Điện lực Diễn Châu tạm ngừng cấp điện từ 7 giờ đến 17 giờ ngày 5/12 tại thôn Yên Lý.",
                      "---------- Forwarded message ---------", "From: Điện lực Diễn Châu <dienluc@example.com>",
                      "Lịch cắt điện tuần 49 gửi các xã."])
    assert [(i, role) for i, role, _ in roles(text) if not role.startswith("skip")][:3] == [
        (0, "title"), (1, "title"), (2, "narrator")]


def test_a_schedules_dates_over_their_hours_are_no_chat() -> None:
    text = "\n".join(["LỊCH TIẾP CÔNG DÂN THÁNG 12", "Chủ tịch UBND xã tiếp công dân định kỳ vào các ngày sau:",
                      "Thứ Hai, ngày 1/12", "07:30", "Thứ Hai, ngày 15/12", "07:30",
                      "Địa điểm: Phòng tiếp công dân, trụ sở UBND xã."])
    got = dict((i, role) for i, role, _ in roles(text))
    assert got[2] == got[4] == "narrator"


def test_a_warning_to_the_public_in_capitals_is_no_speaker() -> None:
    text = ("THÔNG TIN PHÒNG CHÁY\nMùa khô năm nay kéo dài, nguy cơ cháy rừng ở cấp cao.\n"
            "BÀ CON LƯU Ý (từ ngày 1/12): Không đốt rơm rạ, thực bì gần bìa rừng.")
    assert roles(text)[2][1] == "narrator"


def test_a_magazines_drop_cap_is_glued_back_to_its_word() -> None:
    text = ("GƯƠNG MẶT NÔNG THÔN\nCô gái Thái bán mắc khén trên mạng\nM\nỗi tối, khi bản Nà Lùng đã lên đèn, chị Lò "
            "Thị Xuân lại dựng điện thoại bên bếp lửa.\nỞ xã Mường Bám, nhiều chị em đã học theo chị.")
    script = build_script(text)
    assert [s.text for s in script.segments if 2 in s.source_lines][0].startswith("Mỗi tối, khi bản")
    assert script.segments[-1].text.startswith("Ở xã Mường Bám")  # a one-letter word is no drop cap


def test_a_legal_aid_officer_named_in_the_introduction_answers_the_bare_answers() -> None:
    text = ("GÓC PHÁP LUẬT\nHỏi – đáp về chia thừa kế\nThời gian qua, đường dây nóng của Trung tâm nhận được nhiều câu "
            "hỏi. Trợ giúp viên pháp lý Nguyễn Thị Thanh Bình trả lời một số câu hỏi tiêu biểu.\n"
            "Hỏi: Bố mẹ tôi mất, không để lại di chúc. Anh cả tôi có được hưởng toàn bộ không?\n"
            "Đáp: Di sản được chia theo pháp luật, những người cùng hàng thừa kế hưởng phần bằng nhau.")
    assert roles(text)[-1] == (4, "official", "Nguyễn Thị Thanh Bình")


@pytest.mark.parametrize("under", [
    "Nhóm phóng viên Ban Văn hóa - Xã hội",  # the reporters' desk
    "Thiết kế: Hải Yến",  # an e-magazine's credits
    "Thời gian lấy ý kiến: 11/10/2027 - 10/11/2027      Trạng thái: Đang lấy ý kiến",  # a portal's fields
    "✨ Tóm tắt bởi AI",  # a summary box's title
])
def test_what_stands_between_the_headline_and_the_body_is_not_the_headline(under: str) -> None:
    text = ("Y tế  ›  Cảnh báo\n5 người trong một gia đình nhập viện sau khi ăn nấm hái trong rừng\n"
            f"{under}\nNgày 3/8, Trung tâm Y tế khu vực cho biết đơn vị vừa tiếp nhận 5 bệnh nhân ngộ độc nấm. "
            "Các bệnh nhân đều ở xã Tân Lập, đã ăn nấm hái trong rừng.")
    got = roles(text)
    assert got[1][1] == "title" and got[2][1] != "title"


def test_a_vox_pops_dashed_labels_give_each_quote_its_voice_and_the_reader_takes_up_after() -> None:
    text = ("[Nga]\nÝ KIẾN BÀ CON VỀ CON ĐƯỜNG MỚI\nNgày khánh thành đường, đông đảo bà con đã đến chung vui.\n"
            "– Ông Bùi Văn Khoát, 72 tuổi, xóm Vó:\n“Mấy chục năm nay, cứ mưa xuống là đường trơn như đổ mỡ.”\n"
            "– Chị Quách Thị Duyên, 38 tuổi, xóm Bưng:\n“Trước đây tôi lấy hàng phải chở từng chuyến nhỏ,\n"
            "mưa là nghỉ.”\nCon đường mới là kết quả của tinh thần “Nhà nước và nhân dân cùng làm”.\n[Đạt]\n"
            "Ai đánh rơi ví tiền, xin liên hệ Công an xã.")
    got = roles(text)
    assert got[0][1] == got[9][1] == "skip:speaker_label"  # "[Nga]", "[Đạt]": which announcer reads on
    assert got[1][1] == "title" and got[3][1] == got[5][1] == "skip:speaker_label"
    assert got[4] == (4, "official", "Bùi Văn Khoát")
    assert got[6:8] == [(6, "official", "Quách Thị Duyên"), (7, "official", "Quách Thị Duyên")]
    assert got[8][1] == got[10][1] == "narrator"


def test_a_headline_the_contents_named_as_a_sentence_is_no_running_header() -> None:
    text = ("CHƯƠNG TRÌNH PHÁT THANH TỐI\n[Nhạc hiệu]\nPTV: Chương trình tối nay gồm các nội dung:\n"
            "Ý kiến bà con về con đường mới.\nHội viên nông dân học trồng cát sâm.\n[Nhạc cắt]\n"
            "Ý KIẾN BÀ CON VỀ CON ĐƯỜNG MỚI\nPTV: Ngày khánh thành đường, đông đảo bà con đã đến chung vui.")
    assert roles(text)[6][1] in ("title", "narrator")


def test_a_live_blogs_key_events_box_is_not_read_but_its_updates_are() -> None:
    text = ("Trực tiếp: Hơn 14.000 thí sinh bước vào ngày thi đầu tiên tuyển sinh lớp 10\n"
            "Sáng nay, 14.286 thí sinh trong toàn tỉnh bước vào kỳ thi tuyển sinh lớp 10 năm học mới.\n"
            "DIỄN BIẾN CHÍNH\n11:30 · Chiều nay thi Tiếng Anh, thí sinh có mặt trước 13 giờ 30\n"
            "10:05 · Kết thúc môn Ngữ văn, nhiều thí sinh nhận xét đề vừa sức\n"
            "09:12 · Một thí sinh ở điểm thi Hương Khê bị ngất, được sơ cứu kịp thời\n"
            "11:30\nChiều nay thi Tiếng Anh\nThí sinh có mặt tại phòng thi trước 13 giờ 30 để làm thủ tục dự thi.")
    got = [role for _, role, _ in roles(text)]
    assert got[2:6] == ["skip:chrome"] * 4 and got[-1] == "narrator"


def test_a_photo_essays_headline_repeated_under_every_picture_is_read_once() -> None:
    headline = "Vào mùa gặt lúa nếp trên ruộng bậc thang"
    pictures = [f"{n}/4\n{headline}\n{caption}" for n, caption in enumerate([
        "Ruộng bậc thang nhìn từ đỉnh đèo vào buổi sáng sớm.", "Cả nhà gặt tay bằng liềm, bó lúa thành từng lượm.",
        "Những gùi thóc nặng 30 kg được cõng lên dốc về nhà.", "Thóc phơi khô được hợp tác xã thu mua."], 1)]
    text = f"{headline}\nCuối tháng 9, hàng trăm thửa ruộng bậc thang khoác lên màu vàng óng.\n" + "\n".join(pictures)
    got = roles(text)
    assert got[0][1] == "title"
    assert [role for _, role, _ in got[3::3]] == ["skip:page"] * 4  # the alt text under each picture
    assert [role for _, role, _ in got[4::3]] == ["narrator"] * 4


@pytest.mark.parametrize("narrated", [
    "Về nội dung này, ông Nguyễn Quốc Bảo, Phó Chủ tịch UBND xã, cho biết: “Xã sẽ lập chốt kiểm tra xe quá tải.”",
    "Còn ông Lê Đình Khang, Trưởng thôn Cao Xá, nói ngắn gọn: “Có xe buýt là có thêm đường về nhà.”",
    "Anh Phạm Văn Lực ở thôn Đồng Lạc thì vui vẻ cho biết từ khi có xe buýt anh để xe máy ở nhà.",
    "Cử tri Hoàng Văn Lịch (thôn Đông Lộc) phản ánh tình trạng xe chở cát quá tải chạy trên đường liên thôn.",
])
def test_a_paragraph_opening_on_someone_elses_name_ends_the_answer(narrated: str) -> None:
    text = ("Ông Vũ Văn Toàn, 65 tuổi, thôn Cao Xá, cựu chiến binh:\n"
            "“Xe sạch, chạy đúng giờ. Tôi chỉ mong đơn vị vận tải làm thêm mái che ở điểm dừng.”\n" + narrated)
    got = roles(text)
    assert got[1] == (1, "official", "Vũ Văn Toàn")
    assert got[2][1] == "narrator"


@pytest.mark.parametrize("heading", ["KỊCH BẢN TỌA ĐÀM TRỰC TIẾP (chuyên mục Nông thôn mới, kỳ 21)",
                                     "ĐỀ CƯƠNG PHÓNG SỰ PHÁT THANH", "BẢN THẢO CTV – BTV ĐÃ SỬA (Vân, 16/4)"])
def test_the_name_of_the_staffs_sheet_is_not_read_and_the_programmes_own_title_is(heading: str) -> None:
    text = (f"{heading}\n“CHĂN NUÔI AN TOÀN SINH HỌC – LÁ CHẮN TRƯỚC DỊCH TẢ LỢN CHÂU PHI”\n"
            "Người dẫn: Hoàng Minh Đức\n"
            "DẪN: Kính chào quý vị thính giả! Đây là Đài Truyền thanh xã Phúc Sơn. Mời quý vị cùng theo dõi.\n"
            "DẪN: Từ đầu tháng 9 đến nay, dịch tả lợn châu Phi đã xuất hiện ở 3 xã lân cận.")
    got = roles(text)
    assert got[0][1] == "skip:editor_note" and got[1][1] == "title"


def test_a_script_named_for_its_topic_keeps_that_name_as_the_headline() -> None:
    text = ("KỊCH BẢN TUYÊN TRUYỀN PHÒNG CHÁY, CHỮA CHÁY RỪNG MÙA KHÔ 2026\nKịch bản: Chu Thị Mai Phương\n"
            "PTV: Kính thưa bà con! Mùa khô năm nay nắng nóng kéo dài, nguy cơ cháy rừng ở mức cao.")
    got = roles(text)
    assert got[0][1] == "title" and got[1][1] != "skip:editor_note"


def test_a_recording_scripts_numbered_lines_are_said_by_the_character_they_name() -> None:
    text = ("Tiểu phẩm: CÁI SỔ CỦA BÀ LỤA\nSFX 1 – Nhạc hiệu chuyên mục (15 giây), hạ nền\n"
            "01. NGƯỜI DẪN – Kính thưa bà con! Bảo hiểm xã hội tự nguyện là chính sách lớn của Nhà nước.\n"
            "02. BÀ LỤA – (thở dài) Hôm nay chợ vắng, gánh rau còn nguyên một nửa.\n"
            "03. CHỊ THOA – Mẹ ơi, con nghe anh Khải bên bưu điện bảo bán rau cũng có lương hưu.\n"
            "SFX 2 – Tiếng xe máy dừng trước cổng\n"
            "04. ANH KHẢI – Cháu chào bác Lụa! Cháu mang tờ khai sang đây ạ.")
    script = build_script(text)
    said = {i: (seg.role, seg.speaker, seg.text) for seg in script.segments for i in seg.source_lines}
    assert said[2][:2] == ("narrator", None)
    assert [said[i][1] for i in (3, 4, 6)] == ["Lụa", "Thoa", "Khải"]
    assert said[3][2] == "Hôm nay chợ vắng, gánh rau còn nguyên một nửa."  # neither number, name nor direction


def test_a_listeners_question_signed_at_its_end_is_asked_and_the_office_answers() -> None:
    text = ("Hỏi đáp về cấp sổ đỏ lần đầu\nNhiều hộ dân gửi câu hỏi về thủ tục cấp giấy chứng nhận, cụ thể như sau:\n"
            "1) Nhà tôi ở trên đất ông bà để lại từ năm 1990, không có giấy tờ gì. Nay tôi muốn làm sổ đỏ có được "
            "không? (Ông Phạm Văn Lộc, thôn An Điềm)\n"
            "Theo Luật Đất đai năm 2024, hộ sử dụng đất ổn định, không tranh chấp thì được xem xét cấp giấy.\n"
            "2) Làm sổ đỏ lần đầu có phải nộp tiền không? Nhà tôi là hộ cận nghèo. (Bà Nguyễn Thị Sen, thôn Phú Lộc)\n"
            "Hộ cận nghèo được xem xét miễn, giảm tiền sử dụng đất theo quy định.\n"
            "(Phòng Kinh tế xã Bình Sơn trả lời)")
    got = [role for _, role, _ in roles(text)]
    assert got[2] == got[4] == "reporter"
    assert got[3] != "reporter" and got[5] != "reporter"


def test_a_tape_transcript_marks_the_recordings_lines_and_the_editors_cuts_are_not_read() -> None:
    text = ("MANG RÁC VỀ BỜ\nLời dẫn (PTV đọc):\nThưa bà con! Nhiều tàu cá của xã đã mang rác về bờ.\n"
            "(00'41\")  Ông Lê Văn Sáu, chủ tàu cá:\n"
            "(00'44\")  Hồi trước ra khơi mười ngày, ăn uống xong là quăng hết xuống biển.\n"
            "(01'20\")  PV: Vậy mỗi chuyến biển tàu mình mang về được bao nhiêu rác hả chú?\n"
            "(01'24\")  Chuyến mười ngày thì cỡ ba tới năm bao.\n"
            "✂ CẮT 01'58\" → 02'31\" (chú Sáu nói chuyện giá mực, không liên quan)\n"
            "(02'31\")  Mình làm nghề biển, biển sạch thì cá mới về.\n"
            "Mô hình do Hội Liên hiệp Phụ nữ xã phối hợp với Hội Nghề cá triển khai từ tháng 3.\n"
            "((PV: đoạn dưới đã cắt bớt, giữ ý chính))\n"
            "Tóm tắt đăng fanpage (không phát)")
    got = roles(text)
    assert got[1][1] == "skip:speaker_label" and got[3][1] == "skip:speaker_label"
    assert [got[i][1:] for i in (4, 6, 8)] == [("official", "Lê Văn Sáu")] * 3
    assert got[5][1] == "reporter"
    assert got[7][1] == "skip:instruction" and got[9][1] == "narrator"  # no time mark: the reporter's narration
    assert got[10][1] == got[11][1] == "skip:editor_note"
    spoken = " ".join(seg.spoken for seg in build_script(text).segments)
    assert "'" not in spoken and "00" not in spoken


def test_someone_breaking_into_an_interview_says_one_line() -> None:
    text = ("Chàng trai cứu hai em nhỏ\nDẫn: Phóng viên Đài đã có cuộc trò chuyện với anh Lang Văn Quân.\n"
            "Hỏi: Nghe nói anh bơi giỏi nhất bản?\n"
            "[bà Vi Thị Thoa, mẹ anh Quân, nói chen vào] Nó bơi từ hồi bảy tuổi, ngày nào cũng ra suối.\n"
            "Trả lời: Mẹ em nói thế thôi chị. Ở bản trai nào cũng biết bơi.")
    got = roles(text)
    assert got[3] == (3, "official", "Vi Thị Thoa")
    assert got[4] == (4, "official", "Lang Văn Quân")


def test_a_loudspeaker_systems_item_page_reads_only_the_item() -> None:
    text = ("LOA THÔNG MINH · PHƯỜNG HÒA LỢI\nTổng quan | Nội dung | Lịch phát | Thiết bị (8) | Nhật ký\n"
            "Tiêu đề: Công an phường nhắc người thuê trọ đăng ký tạm trú\n"
            "Giọng đọc: Nữ miền Nam (Thảo Vy)   ·   Tốc độ: 0,9x   ·   Âm lượng: 85%\n"
            "Thưa bà con nhân dân và người lao động đang sinh sống trên địa bàn phường!\n"
            "Theo Luật Cư trú, công dân đến sinh sống ngoài nơi thường trú từ 30 ngày trở lên phải đăng ký tạm trú.\n"
            "Công an phường Hòa Lợi\nTỪ ĐIỂN PHÁT ÂM (chỉ áp dụng cho giọng đọc AI)\n"
            "VNeID  →  vê en e ai đi\nKP  →  khu phố\n"
            "① Soạn thảo: Lê Thị Kim Thoa – 09/01/2026 08:12")
    got = [role for _, role, _ in roles(text)]
    assert got[2] == "title" and got[3] == "skip:editor_note"
    assert got[4] == got[5] == "narrator"
    assert got[7:10] == ["skip:instruction"] * 3 and got[10].startswith("skip:")
    assert build_script(text).title == "Công an phường nhắc người thuê trọ đăng ký tạm trú"


def test_voice_messages_gathered_from_a_chat_keep_their_signals_and_placeholders_off_air() -> None:
    text = ("BẢN TIN MƯA LŨ 17H30 NGÀY 28/10/2026\n(Kẻng 2 hồi)\n"
            "Kính thưa bà con! Từ đêm qua đến chiều nay, trên địa bàn xã tiếp tục có mưa to.\n"
            "Trần Văn Thám  15:47\n[Ghi âm 0:42]\n↳ Văn bản đã chuyển (Zalo)\n"
            "alo báo cáo ban chỉ huy xã thôn đông dương tới 3 giờ chiều nước ngập đường liên thôn\n"
            "→ KHÔNG PHÁT FILE NÀY, chị đọc tóm tắt:\n"
            "Tại thôn Tân Mỹ, ông Nguyễn Hữu Lộc, Trưởng thôn cho biết: thôn bị mất điện từ trưa.")
    got = [role for _, role, _ in roles(text)]
    assert got[1] == "skip:cue" and got[2] == "narrator"
    assert got[4].startswith("skip:") and got[5].startswith("skip:") and not got[6].startswith("skip:")
    assert got[7].startswith("skip:") and got[8] == "narrator"


def test_a_bracketed_part_given_to_another_announcer_is_not_read_and_ends_the_answer() -> None:
    text = ("Học sinh bán trú tựu trường\n[Nhạc hiệu]\nPTV: Sáng nay, học sinh bán trú của xã đã lên trường.\n"
            "Ý kiến bà Thào Thị Mai, Hiệu trưởng:\n“Năm nay nhà trường nhận 312 cháu ở bán trú.”\n"
            "(Phần đọc tiếng Mông do PTV Sùng A Dình đảm nhận – không in ở đây)\n"
            "Nhà trường thông báo lịch đầu năm học như sau:\n- Ngày 3/9: học sinh các lớp tựu trường.")
    got = [role for _, role, _ in roles(text)]
    assert got[5] == "skip:instruction"
    assert got[6:] == ["narrator", "narrator"]


def test_a_sponsors_box_inside_an_article_is_not_read_and_ends_the_answer() -> None:
    text = ("Hướng dẫn ủ rơm rạ thành phân hữu cơ\nVụ mùa năm nay, toàn tỉnh có hơn 120 nghìn ha lúa.\n"
            "Hỏi: Ủ rơm rạ có khó và tốn kém không, thưa ông?\n"
            "Ông Lê Đình Sáu: Không khó đâu. Một tấn rơm chỉ cần khoảng 1 kg chế phẩm.\n"
            "NỘI DUNG TÀI TRỢ\nChế phẩm vi sinh BIO-HUMIX T3 – Ủ hoai rơm rạ chỉ sau 25 ngày\n"
            "Khử mùi hôi, diệt nấm bệnh, an toàn cho người và vật nuôi.\n"
            "Giá: 68.000đ   55.000đ  (-19%)   Miễn phí vận chuyển đơn từ 10 gói\n"
            "Đặt mua ngay ›     Hotline: 1900.6358\n"
            "Các bước ủ rơm rạ bằng chế phẩm vi sinh như sau:\n1. Gom rơm rạ thành đống tại nơi cao ráo.\n"
            "* Bài viết có sử dụng tư liệu của Trung tâm Khuyến nông tỉnh.")
    got = [role for _, role, _ in roles(text)]
    assert got[3] == "official" and got[4:9] == ["skip:chrome"] * 5
    assert got[9] == got[10] == "narrator" and got[11].startswith("skip:")


def test_a_list_under_a_heading_for_the_technician_is_not_read() -> None:
    text = ("CHƯƠNG TRÌNH PHÁT THANH SÁNG THỨ TƯ\nPHẦN DÀNH CHO KỸ THUẬT (PTV không đọc)\n"
            "- Mở máy lúc 5h35, kiểm tra cụm loa bản Huổi Po.\n"
            "- Nếu mất điện lưới: chạy máy phát, chỉ phát phần thời tiết.\n[Nhạc hiệu]\n"
            "Tổ Truyền thanh xã Nậm Khao xin kính chào bà con các dân tộc trong toàn xã.\n"
            "Bà con cần chú ý:\n- Không đi qua ngầm, tràn khi nước chảy xiết.")
    got = [role for _, role, _ in roles(text)]
    assert got[1] == "skip:editor_note" and got[2:4] == ["skip:instruction"] * 2
    assert got[5:] == ["narrator"] * 3


def test_markdown_subheadings_inside_an_answer_are_read_and_the_answer_goes_on() -> None:
    text = ("Trường vùng lũ trở lại lớp\n![Giáo viên dọn bùn tại điểm trường](https://example.vn/anh1.jpg)\n"
            "Phóng viên đã trao đổi với thầy Nguyễn Văn Tín, Hiệu trưởng nhà trường.\n"
            "Hỏi: Sau lũ, nhà trường khắc phục thế nào?\n"
            "Ông Nguyễn Văn Tín: Ngay khi nước rút, giáo viên và phụ huynh ra dọn bùn.\n"
            "### Ba ngày, hơn 200 khối bùn\nChúng tôi chia làm ba tổ, làm cả buổi tối.")
    got = roles(text)
    assert got[1][1] == "skip:caption"
    assert got[5][1] == "narrator" and got[6] == (6, "official", "Nguyễn Văn Tín")
    assert "#" not in " ".join(seg.spoken for seg in build_script(text).segments)


def test_a_drills_scenarios_and_a_two_part_running_header_are_not_read() -> None:
    header = "TT VH-TT&TT huyện Phù Lư                                        Lưu hành nội bộ"
    text = (f"{header}\nKỊCH BẢN PHÁT THANH DIỄN TẬP PHÒNG THỦ DÂN SỰ\n"
            "GIẢ ĐỊNH 1: Từ đêm 21/5, trên địa bàn xã có mưa to đến rất to, nước suối dâng cao.\n"
            "[Kẻng báo động – 3 hồi]\nPTV: Đây là diễn tập! Đây là diễn tập!\n"
            "PTV: Đề nghị bà con bản Co Muông không vượt ngầm, di chuyển lên khu đồi Pá Khoang.\n"
            f"{header}\nGIẢ ĐỊNH 2: Lúc 8h15, tại bản Huổi Cang xuất hiện vết nứt dài khoảng 40 m.\n"
            "PTV: Đề nghị các hộ dưới chân đồi Huổi Cang sơ tán ngay.")
    got = [role for _, role, _ in roles(text)]
    assert got[2] == got[7] == "skip:editor_note"
    assert got[0].startswith("skip:") and got[6].startswith("skip:")
    assert got[4] == got[5] == got[8] == "narrator"
