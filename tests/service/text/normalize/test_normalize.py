"""Input -> spoken form, as a table (the way Coqui TTS tests its cleaners)."""

import subprocess
import sys
from pathlib import Path

import pytest

from service.text.normalize import normalize, with_station_entries
from service.text.normalize.lexicon import Entry

CASES = [
    # dates
    ("Hôm nay, Thứ hai ngày 17/05/2021",
     "Hôm nay, Thứ hai ngày mười bảy tháng năm năm hai nghìn không trăm hai mươi mốt"),
    ("từ ngày 2/9 đến ngày 4/9.", "từ ngày mùng hai tháng chín đến ngày mùng bốn tháng chín."),
    ("Từ tháng 4/2022, xã", "Từ tháng tư năm hai nghìn không trăm hai mươi hai, xã"),
    ("Ngày 10-3 âm lịch", "Ngày mùng mười tháng ba âm lịch"),
    ("Sáng 15-3, xã họp", "Sáng mười lăm tháng ba, xã họp"),
    ("hạn chót 31/12/2024.", "hạn chót ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi tư."),
    # ranges, fractions
    ("Giai đoạn 2021 - 2025", "Giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("từ 30-35 học viên", "từ ba mươi đến ba mươi lăm học viên"),
    ("có 25/30 giáo viên", "có hai mươi lăm trên ba mươi giáo viên"),
    # numbers
    ("175.320 người", "một trăm bảy mươi lăm nghìn ba trăm hai mươi người"),
    ("204 hộ", "hai trăm linh bốn hộ"),
    ("mỗi suất 2.000.000 đồng", "mỗi suất hai triệu đồng"),
    ("đạt 6,8%.", "đạt sáu phẩy tám phần trăm."),
    ("Hỗ trợ 1,5 triệu đồng", "Hỗ trợ một phẩy năm triệu đồng"),
    ("lần thứ 4", "lần thứ tư"),
    ("Xếp thứ 1", "Xếp thứ nhất"),
    # times
    ("lúc 5h30 và 17h00", "lúc năm giờ ba mươi và mười bảy giờ"),
    ("lúc 14 giờ 00", "lúc mười bốn giờ"),
    ("Từ 7h đến 11h30", "Từ bảy giờ đến mười một giờ ba mươi"),
    # units and ratios
    ("12 km đường", "mười hai ki lô mét đường"),
    ("5.200 ha", "năm nghìn hai trăm héc ta"),
    ("65 tạ/ha", "sáu mươi lăm tạ trên héc ta"),
    ("250 m2", "hai trăm năm mươi mét vuông"),
    ("12°C", "mười hai độ xê"),
    ("2 lần/tháng", "hai lần mỗi tháng"),
    ("58,5 triệu đồng/người/năm", "năm mươi tám phẩy năm triệu đồng mỗi người mỗi năm"),
    ("mưa 50-100mm", "mưa năm mươi đến một trăm mi li mét"),
    # roman numerals in context only
    ("khóa XII", "khóa mười hai"),
    ("Đại hội XIII của Đảng", "Đại hội mười ba của Đảng"),
    ("quý III", "quý ba"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("Quý IV/2024", "Quý bốn năm hai nghìn không trăm hai mươi tư"),
    ("Kim Sơn A và MIX", "Kim Sơn A và em mờ i ích"),
    # abbreviations, with context
    ("HĐND - UBND huyện", "hội đồng nhân dân, ủy ban nhân dân huyện"),
    ("BCH TW", "ban chấp hành trung ương"),
    ("Tại TP.HCM, giá", "Tại thành phố hồ chí minh, giá"),
    ("MC, BTV Thu Hà", "em xi, biên tập viên Thu Hà"),
    ("BTV Huyện ủy", "ban thường vụ Huyện ủy"),
    ("đầu tuần.v.v..", "đầu tuần vân vân."),
    ("TIN TỨC SÁNG NAY", "tin tức sáng nay"),
    ("MỞ RỘNG ĐƯỜNG LÊN 12 KM", "mở rộng đường lên mười hai ki lô mét"),
    # phones, versions, glued tokens, Unicode
    ("Đường dây nóng: 0912.345.678", "Đường dây nóng: không chín một hai, ba bốn năm, sáu bảy tám"),
    ("số 0229.3871.234", "số không hai hai chín, ba tám bảy một, hai ba bốn"),
    ("công nghệ 4.0", "công nghệ bốn chấm không"),
    ("Covid-19 mũi 3", "cô vít mười chín mũi ba"),
    ("Trung ương 4Về tăng cường", "Trung ương bốn Về tăng cường"),
    ("Xa\u0303 Thu\u031bo\u031b\u0323ng Kie\u0302\u0323m", "Xã Thượng Kiệm"),
    ("hoà bình, thuỷ lợi", "hòa bình, thủy lợi"),
    # a bracket closing a sentence is read as a pause, and the sentence still ends with its stop
    ("Đường dài 3 km (đoạn từ thôn 1 đến thôn 3).", "Đường dài ba ki lô mét, đoạn từ thôn một đến thôn ba."),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_normalize(written: str, spoken: str) -> None:
    # Words of one expansion are joined by no-break spaces (so chunking keeps them together).
    assert normalize(written).replace("\u00a0", " ") == spoken


def test_spoken_form_has_no_digits_left() -> None:
    text = "Ngày 1/6/2024, 3.500 em nhận 1,2 tỷ đồng; 6h30 tập trung; 4 xã đạt 100% chỉ tiêu."
    assert not any(ch.isdigit() for ch in normalize(text))


def test_station_entries_win_over_builtin() -> None:
    lexicon = with_station_entries([Entry("UBND", "ủy ban"), Entry("Kiệm", "Kiệm (đọc nặng)")])
    assert normalize("UBND xã Thượng Kiệm", lexicon).replace("\u00a0", " ") == "ủy ban xã Thượng Kiệm, đọc nặng"


def test_dev_set_scores_full_marks_with_the_shared_scorer(shared: Path) -> None:
    cases = shared / "eval" / "normalize_cases.jsonl"
    scorer = shared / "eval" / "score_normalize.py"
    out = subprocess.run([sys.executable, str(scorer), str(cases), "--", sys.executable, "-m", "bantin",
                          "normalize"], capture_output=True, text=True, timeout=120, check=True).stdout
    total = sum(1 for line in cases.read_text(encoding="utf-8").splitlines() if line.strip())
    assert out.strip().splitlines()[-1] == f"score: {total}/{total}", out
