"""Which voice reads which part, so a listener hears who is speaking. Profiles are data (voices.toml)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.settings import get_settings
from workers.tts.base import EngineError, Voice

ROLES = ("title", "narrator", "reporter", "official", "byline", "station")


@dataclass(frozen=True)
class VoiceProfile:
    """A role's voice on one engine, and the pitch/tempo transform applied after synthesis."""

    voice: Voice
    pitch_semitones: float = 0.0
    tempo: float = 1.0

    def transform(self, sample_rate: int) -> str:
        """The ffmpeg filter for the transform: resample-based pitch shift, tempo corrected with atempo."""
        return transform_filter(self.pitch_semitones, self.tempo, sample_rate)


def transform_filter(pitch_semitones: float, tempo: float, sample_rate: int) -> str:
    if not pitch_semitones and tempo == 1.0:
        return ""
    factor = 2 ** (pitch_semitones / 12)
    steps = [f"aresample={sample_rate}"]
    if pitch_semitones:
        steps += [f"asetrate={round(sample_rate * factor)}", f"aresample={sample_rate}"]
    speed = tempo / factor
    if not math.isclose(speed, 1.0, abs_tol=1e-3):
        steps.append(f"atempo={speed:.4f}")
    return ",".join(steps)


@cache
def load_sets(path: Path) -> dict[str, dict[str, dict[str, VoiceProfile]]]:
    """set -> role -> engine -> profile, from the TOML file."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    sets: dict[str, dict[str, dict[str, VoiceProfile]]] = {}
    for set_name, roles in raw.items():
        for role, engines in roles.items():
            for engine, spec in engines.items():
                profile = VoiceProfile(Voice(spec["voice"], rate=spec.get("rate"), pitch=spec.get("pitch")),
                                       pitch_semitones=float(spec.get("semitones", 0.0)),
                                       tempo=float(spec.get("tempo", 1.0)))
                sets.setdefault(set_name, {}).setdefault(role, {})[engine] = profile
    return sets


def profile_for(engine: str, role: str, voice_set: str | None = None) -> VoiceProfile:
    settings = get_settings()
    sets = load_sets(settings.voices_file)
    chosen = sets.get(voice_set or settings.voice_set)
    if chosen is None:
        raise EngineError(f"No voice set {voice_set or settings.voice_set!r}; known: {', '.join(sorted(sets))}.")
    by_engine = chosen.get(role) or chosen["narrator"]
    return by_engine.get(engine) or VoiceProfile(Voice(engine))
