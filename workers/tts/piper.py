"""Offline neural voices: piper, with a voice model (NAME.onnx + NAME.onnx.json) the station installs."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from service.settings import get_settings
from service.storage import get_storage
from workers.tts.base import EngineError, EngineUnavailable, Speech, Voice
from workers.tts.piper_voices import sync_from_storage

try:
    from piper import PiperVoice, SynthesisConfig
except ImportError as exc:  # the registry turns this into "install bantin[piper]"
    raise ImportError(exc.msg, name="piper-tts") from exc


def voices_dir() -> Path:
    folder = get_settings().piper_voices_dir
    assert folder is not None
    return folder


log = logging.getLogger("bantin.tts.piper")
SYNC_EVERY_S = 30.0  # a voice installed from the page on another host is here within this long
_synced = {"at": -SYNC_EVERY_S}
_sync_lock = threading.Lock()


def _sync() -> None:
    """Voices installed through the page live in shared storage: copy new ones into this host's folder."""
    with _sync_lock:
        if time.monotonic() - _synced["at"] < SYNC_EVERY_S:
            return
        _synced["at"] = time.monotonic()
        try:
            copied = sync_from_storage(voices_dir(), get_storage(get_settings()))
        except Exception:  # storage down: the voices already here still speak
            log.warning("could not copy piper voices from storage", exc_info=True)
            return
    if copied:
        log.info("piper voices copied from storage: %s", ", ".join(copied))


def installed() -> list[str]:
    """Voice names with both the model and its config present."""
    _sync()
    folder = voices_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".onnx") for p in folder.glob("*.onnx") if Path(f"{p}.json").is_file())


class PiperEngine:
    name = "piper"
    max_chars = 400
    remote = False

    def __init__(self) -> None:
        self._loaded: dict[tuple[Path, float], Any] = {}
        self._lock = threading.Lock()

    def available(self) -> tuple[bool, str]:
        voices = installed()
        if not voices:
            return False, f"no voice model in {voices_dir()} (see the README: installing a piper voice)"
        return True, f"voice models in {voices_dir()}"

    def voices(self) -> list[str]:
        return installed()

    def _voice(self, name: str) -> Any:
        chosen = name or get_settings().piper_voice or next(iter(installed()), "")
        path = voices_dir() / f"{chosen}.onnx"
        if not chosen or not path.is_file() or not Path(f"{path}.json").is_file():
            raise EngineUnavailable(f"piper has no voice {chosen or '(none installed)'!r} in {voices_dir()}")
        with self._lock:
            key = (path, path.stat().st_mtime)  # a voice replaced from the page is loaded again
            if key not in self._loaded:
                self._loaded[key] = PiperVoice.load(path)
            return self._loaded[key]

    def synthesize(self, text: str, voice: Voice) -> Speech:
        model = self._voice("" if voice.name in ("", "default") else voice.name)
        # rate is words a minute for espeak; for piper a larger length_scale reads slower.
        length_scale = 160 / voice.rate if voice.rate else None
        try:
            chunks = list(model.synthesize(text, SynthesisConfig(length_scale=length_scale)))
        except Exception as exc:  # onnxruntime and the phonemizer raise many kinds
            raise EngineError(f"piper failed: {exc}") from exc
        if not chunks:
            raise EngineError("piper produced no audio")
        return Speech(data=b"".join(c.audio_int16_bytes for c in chunks), sample_rate=chunks[0].sample_rate)
