"""The floor of a render's cost: speak all the seed's text in one process with the offline engine, then one
ffmpeg pass of the delivery profile's chain (filters, limiter, MP3 encoder) over the whole programme. No
jingles, no levelling, no measuring, no queue. `python -m bench.floor OUT.mp3` prints its own figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.text import SEED


def main(out: Path) -> None:
    from service.text.script import build_script
    from workers.audio import ffmpeg
    from workers.audio.parts import LIMIT_MARGIN_DB
    from workers.audio.profiles import get_profile
    from workers.tts import Voice, get_engine

    script = build_script(SEED.read_text(encoding="utf-8"))
    engine = get_engine("espeak")
    pcm, rate = bytearray(), 0
    for segment in script.segments:
        if segment.spoken.strip():
            speech = engine.synthesize(segment.spoken, Voice("vi"))
            pcm += speech.data
            rate = speech.sample_rate
    profile = get_profile("loudspeaker")
    ffmpeg.encode_pcm(bytes(pcm), rate, out, filters=profile.filters, gain_db=profile.gain_db,
                      limit_db=profile.true_peak_db - LIMIT_MARGIN_DB, sample_rate=profile.sample_rate,
                      bitrate_kbps=profile.bitrate_kbps, after_limiter=profile.after_limiter)
    print(json.dumps({"duration_s": len(pcm) / 2 / rate}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
