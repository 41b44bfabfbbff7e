"""What the installation learned of each voice: the gain that brought it to a profile's target, and how its
loudness followed gain. Pure arithmetic (next_gain) and one small file per voice in storage."""

from __future__ import annotations

import contextlib
import hashlib
import json

from service.storage import Storage
from workers.audio.profiles import Profile


def _calibration_key(profile: Profile, voice: str) -> str:
    # One small file per voice: workers levelling different voices at once never overwrite each other.
    return f"calibration/{profile.name}/{hashlib.sha256(voice.encode()).hexdigest()[:24]}.json"


def remembered_gain(profile: Profile, storage: Storage, voice: str) -> tuple[float, float]:
    """The gain that brought this voice to the profile's target last time, and how its loudness followed
    gain then (the limiter makes it grow slower than gain, by an amount that depends on the voice); the
    profile's starting gain for a voice not levelled yet."""
    key = _calibration_key(profile, voice)
    if storage.exists(key):
        with contextlib.suppress(ValueError, KeyError, OSError, TypeError):
            saved = json.loads(storage.read_bytes(key))
            return float(saved["gain_db"]), float(saved["slope"])
    return profile.gain_db, 1.0


def remember(profile: Profile, storage: Storage, voice: str, gain: float, slope: float) -> None:
    storage.put_bytes(_calibration_key(profile, voice),
                      json.dumps({"voice": voice, "gain_db": round(gain, 2), "slope": round(slope, 3)}).encode())


def next_gain(tried: list[tuple[float, float]], target: float, slope: float) -> tuple[float, float]:
    """The gain for the next pass from the passes so far, as (gain, loudness), and the slope of loudness
    against gain. The limiter makes loudness grow slower than gain, more so the louder it is: once the
    target lies between two passes, interpolate between the closest two; before that, follow the slope
    of the last two passes (or the remembered one)."""
    gain, loudness = tried[-1]
    under = [t for t in tried if t[1] < target]
    over = [t for t in tried if t[1] >= target]
    if under and over:
        (g1, l1), (g2, l2) = max(under, key=lambda t: t[1]), min(over, key=lambda t: t[1])
        if l2 > l1:
            return g1 + (target - l1) * (g2 - g1) / (l2 - l1), slope
    if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
        slope = min(1.0, max(0.2, (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])))
    return gain + (target - loudness) / slope, slope
