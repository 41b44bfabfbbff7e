"""Offline Vietnamese voice: libespeak-ng from the espeakng-loader wheel, through ctypes."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

from workers.tts.base import EngineError, EngineUnavailable, Speech, Voice

_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_POS_CHARACTER = 1
_ESPEAK_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3

_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

VIETNAMESE_VOICES = ["vi", "vi+f3", "vi+m3", "vi+f2", "vi+m1", "vi-VN-x-central", "vi-VN-x-south"]


class _Library:
    """The loaded library. It keeps one voice in global state, so every call holds the lock."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:  # pragma: no cover - the wheel is a core dependency
            raise EngineUnavailable("espeak needs the espeakng-loader package") from exc
        self.lock = threading.Lock()
        self.lib: Any = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if self.sample_rate <= 0:
            raise EngineUnavailable("libespeak-ng did not initialise (is its data folder intact?)")
        self._chunks: list[bytes] = []
        # Keep a reference: ctypes frees the trampoline when the Python object goes.
        self._callback = _SynthCallback(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def speak(self, text: str, voice: Voice) -> bytes:
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.name.encode()) != 0:
                raise EngineError(f"espeak has no voice {voice.name!r}")
            if voice.rate:
                self.lib.espeak_SetParameter(_PARAM_RATE, voice.rate, 0)
            if voice.pitch is not None:
                self.lib.espeak_SetParameter(_PARAM_PITCH, voice.pitch, 0)
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            buffer = ctypes.create_string_buffer(data, len(data))
            status = self.lib.espeak_Synth(
                buffer, len(data), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None
            )
            self.lib.espeak_Synchronize()
            if status != 0:
                raise EngineError(f"espeak failed to synthesise (status {status})")
            pcm = b"".join(self._chunks)
            self._chunks = []
            return pcm


_library: _Library | None = None
_library_lock = threading.Lock()


def _load() -> _Library:
    global _library
    with _library_lock:
        if _library is None:
            _library = _Library()
        return _library


class EspeakEngine:
    name = "espeak"
    max_chars = 5000
    remote = False

    def available(self) -> tuple[bool, str]:
        try:
            _load()
        except (OSError, EngineError) as exc:
            return False, str(exc)
        return True, "libespeak-ng from the espeakng-loader wheel"

    def voices(self) -> list[str]:
        return list(VIETNAMESE_VOICES)

    def synthesize(self, text: str, voice: Voice) -> Speech:
        library = _load()
        pcm = library.speak(text, voice)
        if not pcm:
            raise EngineError("espeak produced no audio")
        return Speech(data=pcm, sample_rate=library.sample_rate)
