"""FPT.AI text-to-speech v5: northern, central and southern Vietnamese voices, male and female.

The API is asynchronous: POST the text (headers `api_key`, `voice`, `speed`, `format`) and the answer is
JSON whose `async` field is a link to the audio, which answers 404 until the audio is ready a few seconds
later. We poll that link until a deadline (BANTIN_FPTAI_POLL_DEADLINE_S).
"""

from __future__ import annotations

import time

from service.settings import Settings
from workers.tts.base import Speech, Voice
from workers.tts.http import CloudEngine, Refused, Retryable, classify, is_audio

PATH = "/hmi/tts/v5"
MIN_CHARS = 3  # FPT.AI refuses shorter text

# name -> (region, gender), from FPT.AI's voice list
VOICES: dict[str, tuple[str, str]] = {
    "banmai": ("north", "female"), "thuminh": ("north", "female"), "leminh": ("north", "male"),
    "myan": ("central", "female"), "ngoclam": ("central", "female"), "giahuy": ("central", "male"),
    "lannhi": ("south", "female"), "linhsan": ("south", "female"), "minhquang": ("south", "male"),
}


def request_text(text: str) -> str:
    """The text to send: a very short piece ('Vâng') padded with a full stop, which reads as a pause,
    so FPT.AI speaks it rather than refusing it."""
    return text if len(text.strip()) >= MIN_CHARS else text.strip().ljust(MIN_CHARS, ".")


class FptAiEngine(CloudEngine):
    name = "fptai"
    max_chars = 2000  # FPT.AI takes up to 5000; shorter pieces lose less when one fails
    fmt = "mp3"
    voice_names = tuple(VOICES)

    secret_env = "BANTIN_FPTAI_API_KEY"

    def installation_secret(self, settings: Settings) -> str:
        return settings.fptai_api_key.get_secret_value()

    def endpoint(self, settings: Settings) -> str:
        return settings.fptai_base_url.rstrip("/") + PATH

    def rate_per_s(self, settings: Settings) -> float:
        return settings.fptai_rate_per_s

    def attempt(self, settings: Settings, text: str, voice: Voice, secret: str) -> Speech:
        headers = {"api_key": secret, "voice": voice.name,
                   "speed": voice.extra.get("speed", ""), "format": self.fmt}
        reply = self.http.send("POST", self.endpoint(settings), settings, data=request_text(text).encode(),
                               headers=headers)
        classify(reply, "FPT.AI")
        try:
            answer = reply.json()
        except ValueError as exc:
            raise Retryable("the answer was not JSON") from exc
        if answer.get("error", 0) != 0:
            raise Refused(f"FPT.AI refused the text: {answer.get('message', answer)}")
        link = answer.get("async")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            raise Retryable("the answer held no audio link")
        return Speech(data=self.fetch(settings, link), sample_rate=24_000, fmt=self.fmt)

    def fetch(self, settings: Settings, link: str) -> bytes:
        """The audio behind the async link, polled until it is there or the deadline passes."""
        deadline = time.monotonic() + settings.fptai_poll_deadline_s
        while True:
            reply = self.http.send("GET", link, settings)
            if reply.status_code == 200 and reply.content:
                if not is_audio(reply.content, self.fmt):
                    raise Retryable("the audio link gave something that is not MP3")
                return reply.content
            if reply.status_code not in (200, 404):  # 404 (or an empty file): not ready yet
                classify(reply, "FPT.AI")
            if time.monotonic() + settings.fptai_poll_interval_s > deadline:
                raise Retryable(f"the audio was not ready within {settings.fptai_poll_deadline_s:g} s")
            time.sleep(settings.fptai_poll_interval_s)
