"""What the local stand-ins for paid cloud voices share: a loopback HTTP server with a schedule of answers
(ok, 429, 500, slow, garbage, and provider-specific ones), latency, a record of requests, and real audio.

Each provider's fake (fpt_tts.py, viettel_tts.py, google_cloud_tts.py) follows that provider's documented
requests and answers; the audio is espeak speaking Vietnamese, a female or male variant by the voice's
gender, so tests can hear that two voices differ.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections import deque
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from tests.fakes.server import LocalServer


@cache
def clip(fmt: str, female: bool) -> bytes:
    """About half a second of real Vietnamese speech as MP3 or WAV (mono 24 kHz)."""
    from workers.audio import ffmpeg
    from workers.tts import Voice, get_engine

    speech = get_engine("espeak").synthesize("xin chào bà con", Voice("vi+f3" if female else "vi+m3"))
    with TemporaryDirectory() as tmp:
        wav = Path(tmp) / "clip.wav"
        ffmpeg.pcm_to_wav(speech.data, speech.sample_rate, wav, out_rate=24_000)
        if fmt == "wav":
            return wav.read_bytes()
        mp3 = Path(tmp) / "clip.mp3"
        ffmpeg.run(["-i", str(wav), "-ac", "1", "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "32k", str(mp3)])
        return mp3.read_bytes()


def speech_for(text: str, fmt: str, female: bool) -> bytes:
    """Longer text, longer audio: MP3 frames concatenate into a valid stream; WAV is one clip."""
    if fmt == "wav":
        return clip("wav", female)
    return clip("mp3", female) * max(1, len(text) // 40)


class Reply:
    def __init__(self, status: int, body: bytes = b"", content_type: str = "application/json",
                 headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}

    @classmethod
    def json(cls, status: int, value: Any) -> Reply:
        return cls(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")


class FakeCloud(LocalServer):
    """Start with `with Fake() as fake:`; fake.url is the base URL to give bantin."""

    def __init__(self, *, latency: float = 0.0, seed: int = 7) -> None:
        self.latency = latency
        self.schedule: deque[str] = deque()  # answers to give first, then `default`
        self.default = "ok"
        self.slow_seconds = 5.0
        self.requests: list[dict[str, Any]] = []  # what each synthesis request asked for
        self.answers: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self._serve(0)


    def next_answer(self) -> str:
        with self.lock:
            return self.schedule.popleft() if self.schedule else self.default

    def record(self, request: dict[str, Any], answer: str) -> None:
        with self.lock:
            self.requests.append(request)
            self.answers.append(answer)

    def common(self, answer: str) -> Reply | None:
        """The answers every provider gives alike (after the latency): 429, 500; None for the rest."""
        time.sleep(self.latency + (self.slow_seconds if answer == "slow" else 0))
        if answer == "429":
            return Reply(429, b'{"message": "Too many requests"}', headers={"Retry-After": "0"})
        if answer == "500":
            return Reply(500, b'{"message": "Internal error"}')
        return None

    # -- what a provider's fake provides
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        raise NotImplementedError

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with fake.lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    reply = fake.handle(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                finally:
                    with fake.lock:
                        fake.in_flight -= 1
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                self.send_header("content-length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(reply.body)

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self._serve("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

        return Handler
