"""Delivery profiles (service/data/delivery.toml): sample rate, bitrate, loudness target, processing."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "service" / "data" / "delivery.toml"


class UnknownProfile(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    name: str
    sample_rate: int
    bitrate_kbps: int
    target_lufs: float
    true_peak_db: float
    filters: str
    gain_db: float
    after_limiter: str = ""


@cache
def load_profiles(path: Path = DEFAULT_FILE) -> dict[str, Profile]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: Profile(name=name, **values) for name, values in raw.items()}


def get_profile(name: str) -> Profile:
    profiles = load_profiles()
    if name not in profiles:
        raise UnknownProfile(f"No delivery profile {name!r}; known: {', '.join(sorted(profiles))}.")
    return profiles[name]
