"""Legacy Vietnamese encodings: Windows-1258 bytes, and TCVN3 (ABC) or VNI text from old Word documents.

Text typed in the .VnTime (TCVN3) or VNI-Times fonts arrives as Latin-1 look-alikes ("Hµ Néi",
"Haø Noäi"), as bytes or already inside Unicode text. We try each reading and keep the one whose words
look most like Vietnamese, so ordinary Unicode Vietnamese is never touched.
"""

from __future__ import annotations

import re
import unicodedata

from service.text.vietnamese import syllable_ratio

# TCVN 5712:1993 VN3 (the ABC fonts), as the Latin-1 characters its bytes show up as.
TCVN3 = dict(zip(
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
    strict=True,
))

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
# VNI-Windows: a base letter followed by a Latin-1 modifier; meanings depend on the base.
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}


def from_tcvn3(text: str) -> str:
    return "".join(TCVN3.get(ch, ch) for ch in text)


def _vni_modifier(base: str, mod: str) -> str | None:
    """The combining marks that mod adds to base, or None when mod does not modify it."""
    low, m = base.lower(), mod.lower()
    if low in "aeo" and m in _VNI_CIRC:
        return _CIRC + _VNI_CIRC[m]
    if low == "a" and m in _VNI_BREVE:
        return _BREVE + _VNI_BREVE[m]
    if low in "aeiouyơư" and m in _VNI_TONES:
        return _VNI_TONES[m]
    return None


def from_vni(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        base = _VNI_SINGLE.get(ch.lower(), ch.lower())
        base = base.upper() if ch.isupper() else base
        mods = ""
        j = i + 1
        while j < len(text) and (mark := _vni_modifier(base, text[j])) is not None:
            mods += mark
            j += 1
            if base.lower() in "aeo" and _CIRC in mods or _BREVE in mods:
                # After ^ or ˘ only a tone may follow, and only once.
                if j < len(text) and text[j].lower() in _VNI_TONES and not any(t in mods for t in _VNI_TONES.values()):
                    mods += _VNI_TONES[text[j].lower()]
                    j += 1
                break
            if mods:
                break
        out.append(base + mods)
        i = j
    return unicodedata.normalize("NFC", "".join(out))


def fix_legacy_text(text: str) -> str:
    """Text typed in a legacy font, converted to Unicode; any other text comes back unchanged."""
    if not re.search("[\u00a1-\u00ff]", text):
        return text
    best, best_score = text, syllable_ratio(text)
    for candidate in (from_tcvn3(text), from_vni(text)):
        score = syllable_ratio(candidate)
        if score > best_score + 0.1:
            best, best_score = candidate, score
    return best


def _latin1ish(data: bytes) -> str:
    """Bytes as the Windows Latin-1 characters a legacy font shows them as."""
    return data.decode("latin-1")


def decode_legacy(data: bytes) -> str:
    """Bytes that are not UTF-8: Windows-1258, or a TCVN3 / VNI font encoding, whichever reads best."""
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    latin = _latin1ish(data)
    best, best_score = cp1258, syllable_ratio(cp1258)
    for candidate in (from_tcvn3(latin), from_vni(latin)):
        score = syllable_ratio(candidate)
        if score > best_score:
            best, best_score = candidate, score
    return best
