"""Mend what copy-paste plainly broke, before any role is decided. Each step is str -> str."""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement (hoà, thuỷ) to the one form the lexicon and voices expect (hòa, thủy).
_TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# One character class per vowel pair (not one alternative per pair): the pattern is tried at every position of
# every line, and a class rejects a position at once.
_TONE_RX = re.compile(
    r"(?<![gq])([oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![a-zđăâêôơư])",
    re.IGNORECASE,
)
_ALL_TONES = {**_TONE_PLACEMENT, **{k.capitalize(): v.capitalize() for k, v in _TONE_PLACEMENT.items()},
              **{k.upper(): v.upper() for k, v in _TONE_PLACEMENT.items()}}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tone_marks(text: str) -> str:
    """One placement of tone marks: the modern one (hòa, thủy), as Vietnamese dictionaries now print."""
    return _TONE_RX.sub(lambda m: _ALL_TONES.get(m.group(1), m.group(1)), text)


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def spaces(line: str) -> str:
    """Collapse runs of spaces (including no-break spaces) and trim the line."""
    return re.sub(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip()


def punctuation_space(line: str) -> str:
    """Add the missing space after , ; : ? ! and a sentence-ending dot; drop the one before them."""
    line = re.sub(r"\s+([,;:?!](?:\s|$))", r"\1", line)
    line = re.sub(r"\s+\.(\s|$)", r".\1", line)
    line = re.sub(r"([,;?!])(?=[^\W\d_])", r"\1 ", line)
    line = re.sub(r"(?<=[^\W\d_]{2}):(?=[^\W\d_])", ": ", line)
    # A dot glued to a capitalised word starts a sentence ("nhau.Trong"), but not in TP.HCM or v.v.
    return re.sub(r"(?<=[a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]{2})"
                  r"\.(?=[A-ZĐ][a-zđà-ỹ])", ". ", line)


def glued_numbers(line: str) -> str:
    """Split a number glued to a capitalised word ("Trung ương 4Về" -> "Trung ương 4 Về")."""
    return re.sub(r"(?<![\w.,/])(\d+)(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ])", r"\1 ", line)


def bullets(line: str) -> str:
    """Drop list bullets (+, -, *, •) that open a paragraph; they are layout, not words."""
    return re.sub(r"^\s*(?:[+*•·▪►●○◦-]|&gt;)+\s*(?=\S)", "", line)


_PICTOGRAPHS = re.compile("[\U0001F000-\U0001FAFF\u25B6\u25C0\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF"
                          "\uFE00-\uFE0F\u200D\u20E3]+")


def markup(line: str) -> str:
    """What chat tools and web pages leave in pasted text: emoji, **bold** marks, <br>, markdown table bars and
    separator rows. None of it is read."""
    # A chat app's Q&A marks its questions with ❓: the mark is the label the question lost.
    line = re.sub(r"^\s*[❓❔]\uFE0F?\s*(?![^\w]*(?:hỏi|câu\s+hỏi|h)\s*[:：])", "Hỏi: ", line, flags=re.IGNORECASE)
    # "♫ Nhạc hiệu chuyên mục … ♫": music notes around a line mark what the engineer plays; keep that as brackets
    line = re.sub(r"^\s*[♪♫♬]+\s*(\S.*?)\s*[♪♫♬]+\s*$", r"[\1]", line)
    line = _PICTOGRAPHS.sub(" ", line)
    line = re.sub("[\uf000-\uf0ff]", " ", line)  # Word's Symbol-font bullets, pasted as private-use characters
    line = re.sub(r"(?<!\S)@(?:all|tất\s+cả|mọi\s+người|everyone)\b", " ", line, flags=re.IGNORECASE)
    line = re.sub(r"\*\*|__|<br\s*/?>|</?(?:b|i|em|strong)>|(?<![\w*])\*(?=\()|(?<=\))\*(?![\w*])", " ", line,
                  flags=re.IGNORECASE)
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
        line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line


LINE_STEPS = (markup, spaces, bullets, punctuation_space, glued_numbers, spaces)


def repair_line(line: str) -> str:
    for step in LINE_STEPS:
        line = step(line)
    return line


def prepare(text: str) -> str:
    """Whole-text steps: NFC, one tone placement, no control characters, Unix line ends."""
    return tone_marks(nfc(strip_controls(text)))
