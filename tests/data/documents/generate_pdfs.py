"""Writes the PDF fixtures beside this file (run by hand: `pip install fpdf2`, Debian's fonts-dejavu-core).

notice.pdf: a commune notice laid out as Nghị định 30 prescribes (two-column header and footer), with a text layer.
scan.pdf: the same page as a picture only, like a scan: no text layer.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

HEADER = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("XÃ AN HÒA", "Độc lập - Tự do - Hạnh phúc"),
          ("Số: 27/TB-UBND", "An Hòa, ngày 05 tháng 6 năm 2025")]
BODY = [
    "THÔNG BÁO",
    "Về việc tạm ngừng cấp nước sinh hoạt",
    "Căn cứ Văn bản số 112/CNHN-KT ngày 02/6/2025 của Công ty Cấp nước huyện;",
    "Để thay thế đường ống chính qua thôn Đông, Ủy ban nhân dân xã An Hòa thông báo tạm ngừng cấp nước sinh "
    "hoạt từ 7h00 đến 17h00 ngày 08/6/2025 tại các thôn Đông, thôn Đoài và khu chợ xã.",
    "Đề nghị nhân dân chủ động dự trữ nước. Mọi thắc mắc xin liên hệ số điện thoại 0221.3861.456.",
    "Ủy ban nhân dân xã thông báo để nhân dân biết./.",
]
FOOTER = [("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- Các thôn;", "CHỦ TỊCH"), ("- Lưu: VT.", "(Đã ký)"),
          ("", "Trần Văn Bình")]


def notice(pdf: FPDF) -> None:
    pdf.add_page()
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=11)
    for left, right in HEADER:
        pdf.cell(80, 7, left)
        pdf.cell(0, 7, right, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for paragraph in BODY:
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for left, right in FOOTER:
        pdf.cell(80, 7, left)
        pdf.cell(0, 7, right, new_x="LMARGIN", new_y="NEXT")


def main() -> None:
    pdf = FPDF()
    notice(pdf)
    pdf.output(str(HERE / "notice.pdf"))
    scan = FPDF()
    scan.add_page()
    for row in range(40):  # grey bars where a scanner would have put lines of text, but no characters
        scan.set_fill_color(90, 90, 90)
        scan.rect(20, 20 + row * 6, 150 - (row % 5) * 12, 2.5, style="F")
    scan.output(str(HERE / "scan.pdf"))


if __name__ == "__main__":
    main()
