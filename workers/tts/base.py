"""What every speech engine offers: speak text, return mono 16-bit PCM."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class EngineError(RuntimeError):
    """An engine could not speak; the message says why in plain words."""


class EngineUnavailable(EngineError):
    """The engine cannot run on this machine (missing extra, model or network)."""


@dataclass(frozen=True)
class Speech:
    """Synthesised audio: raw PCM s16le mono, or encoded bytes (fmt names ffmpeg's demuxer)."""

    data: bytes
    sample_rate: int
    fmt: str = "s16le"


@dataclass(frozen=True)
class Voice:
    """A voice an engine can speak with; rate is words per minute where the engine takes it."""

    name: str
    rate: int | None = None
    pitch: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Engine(Protocol):
    name: str
    max_chars: int
    remote: bool  # speaks over the network: a worker waiting on it has CPU to spare

    def available(self) -> tuple[bool, str]:
        """Whether this engine can speak here, and if not, why."""
        ...

    def voices(self) -> list[str]: ...

    def synthesize(self, text: str, voice: Voice) -> Speech: ...
