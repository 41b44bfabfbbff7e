"""A local stand-in for Google Translate's speech endpoint, the one gTTS calls.

It answers like the real batchexecute RPC with real MP3 bytes, and can be told to answer 429, 500,
slowly, or with garbage, on a schedule, at a given rate, or (429) in bursts. Tests and benchmarks start it on loopback.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from tempfile import TemporaryDirectory

from tests.fakes.server import LocalServer

PATH = "/_/TranslateWebserverUi/data/batchexecute"


def make_clip() -> bytes:
    """About 0.4 s of real speech as MP3 (mono 24 kHz, as Google sends), made with espeak and ffmpeg."""
    from workers.audio import ffmpeg
    from workers.tts import Voice, get_engine

    speech = get_engine("espeak").synthesize("xin chào", Voice("vi"))
    with TemporaryDirectory() as tmp:
        wav = Path(tmp) / "clip.wav"
        ffmpeg.pcm_to_wav(speech.data, speech.sample_rate, wav, out_rate=24_000)
        mp3 = Path(tmp) / "clip.mp3"
        ffmpeg.run(["-i", str(wav), "-ac", "1", "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "32k", str(mp3)])
        return mp3.read_bytes()


class FakeGoogle(LocalServer):
    """Start with `with FakeGoogle() as fake:`; fake.url is the base URL to give bantin."""

    def __init__(self, *, latency: float = 0.0, rate_429: float = 0.0, seed: int = 7, port: int = 0,
                 bursts_429: tuple[float, float] | None = None) -> None:
        self.latency = latency
        self.rate_429 = rate_429
        # (on, period): every request answered 429 for the first `on` seconds of each `period`, counted
        # from `burst_clock`; as a service that throttles a whole client for a while does.
        self.bursts_429 = bursts_429
        self.burst_clock = time.monotonic()
        self.retry_after: float | None = None  # sent with every 429 when set
        self.schedule: deque[str] = deque()  # answers to give first: ok, 429, 500, slow, garbage
        self.default = "ok"
        self.slow_seconds = 5.0
        self.requests: list[str] = []
        self.answers: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._clip = make_clip()
        self._serve(port)


    def _next_answer(self) -> str:
        with self._lock:
            if self.schedule:
                return self.schedule.popleft()
            if self.bursts_429 and (time.monotonic() - self.burst_clock) % self.bursts_429[1] < self.bursts_429[0]:
                return "429"
            if self.rate_429 and self._random.random() < self.rate_429:
                return "429"
            return self.default

    def reply_body(self, text: str) -> bytes:
        # Longer text, longer audio: MP3 frames concatenate into a valid stream.
        clip = self._clip * max(1, len(text) // 12)
        payload = json.dumps([base64.b64encode(clip).decode("ascii")])
        rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":"))
        return f")]}}'\n\n{len(rpc)}\n{rpc}\n".encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length).decode()
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer(body)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self, body: str) -> None:
                if self.path != PATH:
                    self.send_error(404)
                    return
                rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
                text = json.loads(rpc[0][0][1])[0]
                answer = fake._next_answer()
                with fake._lock:
                    fake.requests.append(text)
                    fake.answers.append(answer)
                time.sleep(fake.latency + (fake.slow_seconds if answer == "slow" else 0))
                if answer in ("429", "500"):
                    self.send_response(int(answer))
                    if answer == "429" and fake.retry_after is not None:
                        self.send_header("retry-after", f"{fake.retry_after:g}")
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                data = b")]}'\n\n12\n[[\"garbage\"]]\n" if answer == "garbage" else fake.reply_body(text)
                self.send_response(200)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(data)

        return Handler


if __name__ == "__main__":  # a manual check: python -m tests.fakes.google_tts
    with FakeGoogle() as fake:
        print(fake.url)
        time.sleep(3600)
