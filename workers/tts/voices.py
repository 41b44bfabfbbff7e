"""Which voice reads which part, so a listener hears who is speaking."""

from __future__ import annotations

from dataclasses import dataclass

from workers.tts.base import Voice


@dataclass(frozen=True)
class VoiceProfile:
    """A role's voice: engine voice plus an audio transform (ffmpeg filter) applied after synthesis."""

    voice: Voice
    transform: str = ""


# espeak's Vietnamese with its variants: female narrator, male reporter, deeper male official.
ESPEAK_PROFILES: dict[str, VoiceProfile] = {
    "title": VoiceProfile(Voice("vi+m3", rate=145, pitch=45)),
    "narrator": VoiceProfile(Voice("vi+f3", rate=155, pitch=55)),
    "reporter": VoiceProfile(Voice("vi+m1", rate=160, pitch=60)),
    "official": VoiceProfile(Voice("vi+m3", rate=150, pitch=35)),
    "byline": VoiceProfile(Voice("vi+f3", rate=155, pitch=55)),
    "station": VoiceProfile(Voice("vi+f2", rate=150, pitch=50)),
}


def profile_for(engine: str, role: str) -> VoiceProfile:
    profiles = ESPEAK_PROFILES
    return profiles.get(role, profiles["narrator"])
