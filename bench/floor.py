"""The floor of a render's cost: speak all the seed's text in one process with the offline engine, each
segment in the voice its role is read in (the same voices, rates and so seconds of speech as the render),
then one ffmpeg pass of the delivery profile's chain (filters, limiter, MP3 encoder) over the whole
programme. No jingles, no levelling, no measuring, no queue. `python -m bench.floor OUT.mp3 [--one-voice]`
prints its own figures (--one-voice: espeak's default voice for everything, as the floor was first
measured: it speaks faster than the announcers' voices, so it makes a fifth less audio)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.text import SEED


def main(out: Path, *, one_voice: bool = False) -> None:
    from service.text.script import build_script
    from workers.audio import ffmpeg
    from workers.audio.parts import LIMIT_MARGIN_DB
    from workers.audio.profiles import get_profile
    from workers.tts import Voice, get_engine
    from workers.tts.voices import profile_for

    script = build_script(SEED.read_text(encoding="utf-8"))
    engine = get_engine("espeak")
    pcm, rate = bytearray(), 0
    for segment in script.segments:
        if segment.spoken.strip():
            voice = Voice("vi") if one_voice else profile_for("espeak", segment.role).voice
            speech = engine.synthesize(segment.spoken, voice)
            pcm += speech.data
            rate = speech.sample_rate
    profile = get_profile("loudspeaker")
    ffmpeg.encode_pcm(bytes(pcm), rate, out, filters=profile.filters, gain_db=profile.gain_db,
                      limit_db=profile.true_peak_db - LIMIT_MARGIN_DB, sample_rate=profile.sample_rate,
                      bitrate_kbps=profile.bitrate_kbps, after_limiter=profile.after_limiter)
    print(json.dumps({"duration_s": len(pcm) / 2 / rate}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), one_voice="--one-voice" in sys.argv[2:])
