"""Viettel AI text-to-speech: northern (hn-), central (hue-) and southern (hcm-) voices, male and female.

One synchronous request: POST /tts/speech_synthesis with JSON {text, voice, speed, tts_return_option,
token, without_filter}; the answer is the audio itself (option 3: MP3), or JSON saying what was wrong.
"""

from __future__ import annotations

from service.settings import Settings
from workers.tts.base import Speech, Voice
from workers.tts.http import CloudEngine, Refused, Retryable, classify, is_audio

PATH = "/tts/speech_synthesis"
MP3 = 3  # tts_return_option: 2 is WAV, 3 is MP3

# name -> (region, gender), from Viettel AI's voice list
VOICES: dict[str, tuple[str, str]] = {
    "hn-quynhanh": ("north", "female"), "hn-phuongtrang": ("north", "female"), "hn-thaochi": ("north", "female"),
    "hn-thanhtung": ("north", "male"), "hn-namkhanh": ("north", "male"), "hn-tienquan": ("north", "male"),
    "hue-maingoc": ("central", "female"), "hue-baoquoc": ("central", "male"),
    "hcm-diemmy": ("south", "female"), "hcm-phuongly": ("south", "female"), "hcm-thuydung": ("south", "female"),
    "hcm-minhquan": ("south", "male"),
}


def speed(voice: Voice) -> float:
    """Viettel's speed factor (0.7-1.3, 1.0 normal) from the voice set's rate in words a minute (160 normal)."""
    return round(min(1.3, max(0.7, (voice.rate or 160) / 160)), 2)


class ViettelEngine(CloudEngine):
    name = "viettel"
    max_chars = 1000  # well under the service's limit, so one failed request repeats little
    fmt = "mp3"
    voice_names = tuple(VOICES)

    secret_env = "BANTIN_VIETTEL_TOKEN"

    def installation_secret(self, settings: Settings) -> str:
        return settings.viettel_token.get_secret_value()

    def endpoint(self, settings: Settings) -> str:
        return settings.viettel_base_url.rstrip("/") + PATH

    def rate_per_s(self, settings: Settings) -> float:
        return settings.viettel_rate_per_s

    def attempt(self, settings: Settings, text: str, voice: Voice, secret: str) -> Speech:
        body = {"text": text, "voice": voice.name, "speed": speed(voice), "tts_return_option": MP3,
                "token": secret, "without_filter": False}
        reply = self.http.send("POST", self.endpoint(settings), settings, json=body)
        classify(reply, "Viettel AI")
        if reply.headers.get("content-type", "").startswith("application/json"):
            # A 200 with JSON is a refusal (wrong token, no credit), in Viettel's words.
            try:
                why = reply.json()
            except ValueError:
                why = reply.text[:200]
            raise Refused(f"Viettel AI refused the request: {why}")
        if not is_audio(reply.content, self.fmt):
            raise Retryable("the answer is not MP3")
        return Speech(data=reply.content, sample_rate=22_050, fmt=self.fmt)
