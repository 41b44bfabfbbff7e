"""Scans and photos of notices to text, with tesseract's Vietnamese model where the machine has one.

Commune notices often reach the station as a phone photo of the signed paper or a scanned PDF. tesseract is
an optional program (Debian: tesseract-ocr, tesseract-ocr-vie): without it such a file is refused with what to
install, never guessed at."""

from __future__ import annotations

import re
import subprocess
from functools import cache

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".gif"}
IMAGE_CONTENT_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif", "image/webp": ".webp",
                       "image/bmp": ".bmp", "image/gif": ".gif"}
MAX_PAGES = 20  # a notice is one to three pages; a longer scan is a book, and would hold an API thread for minutes
_TIMEOUT_S = 120
INSTALL_HINT = ("cần chương trình nhận dạng chữ tesseract có tiếng Việt: apt-get install tesseract-ocr "
                "tesseract-ocr-vie (OCR needs tesseract with Vietnamese data: apt-get install tesseract-ocr "
                "tesseract-ocr-vie)")


class OcrError(RuntimeError):
    """No Vietnamese OCR here, or it could not read the image; the message says which, in plain words."""


@cache
def has_vietnamese(command: str) -> bool:
    try:
        listed = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return False
    return "vie" in (listed.stdout + listed.stderr).split()


def image_to_text(image: bytes, *, command: str = "tesseract") -> str:
    """The text of one page image (PNG, JPEG, TIFF …), lines in reading order as tesseract lays them out."""
    if not has_vietnamese(command):
        raise OcrError(INSTALL_HINT)
    try:
        done = subprocess.run([command, "stdin", "stdout", "-l", "vie"], input=image, capture_output=True,
                              timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrError("Ảnh quá lớn hoặc quá phức tạp để nhận dạng chữ (OCR timed out).") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown"]
        raise OcrError(f"Không đọc được ảnh: tệp hỏng hoặc không phải ảnh (OCR failed: {reason[0]}).")
    return tidy(done.stdout.decode("utf-8", "replace"))


def tidy(text: str) -> str:
    """What a scan adds that no one wrote: specks read as a lone mark between two words ("trong : xã"), form
    feeds between pages, and runs of blank lines."""
    text = re.sub(r"(?<=[^\W\d_]) [:;|~_'`‘’\"] (?=[^\W\d_])", " ", text)
    text = text.replace("\f", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def pages_to_text(images: list[bytes], *, command: str = "tesseract") -> str:
    if len(images) > MAX_PAGES:
        raise OcrError(f"Bản quét quá dài: tối đa {MAX_PAGES} trang (a scan of more than {MAX_PAGES} pages).")
    return "\n\n".join(image_to_text(image, command=command) for image in images)
