"""A recording's ID3v2.3 tag, written with mutagen: its title, station, commune, slot and date, and a chapter
(CHAP, listed in a CTOC table of contents) for each article, so a podcast app or a relay operator can jump
to an article. The tag is made as bytes and written before the joined MP3 frames."""

from __future__ import annotations

import io
from dataclasses import dataclass

from mutagen.id3 import CHAP, CTOC, ID3, TALB, TCON, TDRC, TENC, TIT2, TLEN, TPE1, TXXX, CTOCFlags

# Tag names bantin uses and the frames they go in; anything else becomes a TXXX frame of that name.
FRAMES = {"title": TIT2, "artist": TPE1, "album": TALB, "genre": TCON, "encoded_by": TENC, "TLEN": TLEN}


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


def tag_bytes(tags: dict[str, str], chapters: list[Chapter] | tuple[Chapter, ...] = ()) -> bytes:
    """The bytes of an ID3v2.3 tag holding every non-empty tag and the chapters."""
    tag = ID3()
    for key, value in tags.items():
        if not value:
            continue
        if key == "date":  # ID3v2.3 keeps only the year in TYER (mutagen writes TDRC as TYER); the day in TXXX
            tag.add(TDRC(encoding=1, text=[value[:4]]))
            tag.add(TXXX(encoding=1, desc="date", text=[value]))
        elif key in FRAMES:
            tag.add(FRAMES[key](encoding=1, text=[value]))
        else:
            tag.add(TXXX(encoding=1, desc=key, text=[value]))
    ids = [f"chp{n}" for n in range(len(chapters))]
    for element_id, chapter in zip(ids, chapters, strict=True):
        tag.add(CHAP(element_id=element_id, start_time=chapter.start_ms, end_time=chapter.end_ms,
                     sub_frames=[TIT2(encoding=1, text=[chapter.title])]))
    if ids:
        tag.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                     sub_frames=[TIT2(encoding=1, text=[tags.get("title") or "Mục lục"])]))
    out = io.BytesIO()
    tag.save(out, v2_version=3, padding=lambda info: 0)
    return out.getvalue()
