"""The naive way, for comparison: espeak per paragraph, pydub concatenation, MP3 export. Nothing else:
no loudness, no EQ, no jingles. `python -m bench.naive ARTICLE OUT.mp3`."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(article: Path, out: Path) -> None:
    import imageio_ffmpeg
    from pydub import AudioSegment

    from workers.tts import Voice, get_engine

    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    engine = get_engine("espeak")
    programme = AudioSegment.empty()
    for paragraph in article.read_text(encoding="utf-8").split("\n"):
        if paragraph.strip():
            speech = engine.synthesize(paragraph.strip(), Voice("vi"))
            programme += AudioSegment(data=speech.data, sample_width=2, frame_rate=speech.sample_rate, channels=1)
    programme.export(str(out), format="mp3")


if __name__ == "__main__":
    from bench.render_run import peak_rss_mb

    main(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps({"peak_mb": peak_rss_mb()}))
