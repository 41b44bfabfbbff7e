"""Facts about written Vietnamese shared by the text steps."""

from __future__ import annotations

import re
import unicodedata

UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SHAPE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?$"
)
# Vowel nuclei that Vietnamese spelling allows (without tone marks).
NUCLEI = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo",
    "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy",
    "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu",
    "uya", "uyê", "uyu",
}


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable: one onset, an allowed vowel nucleus, one coda, one tone at most."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _SHAPE.match(toneless)
    return bool(match) and match.group(2) in NUCLEI  # type: ignore[union-attr]


def syllable_ratio(text: str, *, sample: int = 20_000) -> float:
    """Share of words (in the first `sample` characters) that are well-formed Vietnamese syllables."""
    words = re.findall(r"[^\W\d_]+", text[:sample])
    if not words:
        return 0.0
    return sum(1 for w in words if is_syllable(w)) / len(words)


def bare(word: str) -> str:
    """A word without its diacritics, lower-cased ("Thảo", "Thao" -> "thao"): staff type names both ways."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
