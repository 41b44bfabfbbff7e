"""A local stand-in for FPT.AI text-to-speech v5, as documented: POST /hmi/tts/v5 with headers `api_key`,
`voice`, `speed`, `format` and the text as the body; the answer is JSON with an `async` link that answers
404 until the audio is ready `ready_after` seconds later.

Extra answers for the schedule: `unauthorized` (a wrong key, HTTP 401), `never` (the link never becomes
ready), `garbage` (the link gives bytes that are not MP3), `error` (JSON with error 1).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from tests.fakes.cloud import FakeCloud, Reply, speech_for

API_KEY = "test-fpt-key"
VOICES = {"banmai": "female", "thuminh": "female", "leminh": "male", "myan": "female", "ngoclam": "female",
          "giahuy": "male", "lannhi": "female", "linhsan": "female", "minhquang": "male"}


class FakeFpt(FakeCloud):
    def __init__(self, *, ready_after: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ready_after = ready_after
        self.files: dict[str, tuple[float, bytes]] = {}  # path -> (ready at, audio)
        self.polls = 0

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method == "POST" and path == "/hmi/tts/v5":
            return self._synthesize(headers, body)
        if method == "GET" and path.startswith("/text2speech-v5/"):
            return self._file(path)
        return Reply.json(404, {"message": "no route"})

    def _synthesize(self, headers: dict[str, str], body: bytes) -> Reply:
        text = body.decode("utf-8")
        answer = self.next_answer()
        self.record({"text": text, "voice": headers.get("voice"), "speed": headers.get("speed"),
                     "format": headers.get("format"), "api_key": headers.get("api_key")}, answer)
        common = self.common(answer)
        if common:
            return common
        if headers.get("api_key") != API_KEY or answer == "unauthorized":
            return Reply.json(401, {"message": "Invalid authentication credentials"})
        voice = headers.get("voice") or "banmai"
        if voice not in VOICES or answer == "error" or not 3 <= len(text) <= 5000:
            return Reply.json(200, {"error": 1, "message": "Invalid voice or text length", "request_id": ""})
        path = f"/text2speech-v5/short/{time.strftime('%Y-%m-%d')}/{uuid.uuid4().hex}.mp3"
        audio = b"<html>not audio</html>" if answer == "garbage" else speech_for(text, "mp3", VOICES[voice] == "female")
        ready = float("inf") if answer == "never" else time.monotonic() + self.ready_after
        with self.lock:
            self.files[path] = (ready, audio)
        return Reply.json(200, {"async": self.url + path, "error": 0, "request_id": uuid.uuid4().hex,
                                "message": "The content will be returned after a few seconds under the async link."})

    def _file(self, path: str) -> Reply:
        with self.lock:
            self.polls += 1
            ready, audio = self.files.get(path, (float("inf"), b""))
        if time.monotonic() < ready:
            return Reply(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        return Reply(200, audio, "audio/mpeg")
