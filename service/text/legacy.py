"""Legacy Vietnamese encodings: Windows-1258 bytes, and TCVN3 / VNI text copied from old Word documents."""

from __future__ import annotations

import unicodedata


def decode_legacy(data: bytes) -> str:
    """Bytes that are not UTF-8: Windows-1258 (its combining tone marks composed to NFC)."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
