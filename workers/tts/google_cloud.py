"""Google Cloud Text-to-Speech through Google's official client (`pip install 'bantin[google]'`):
vi-VN Standard, WaveNet and Neural2 voices, male and female (one accent, northern).

The client speaks REST here (transport="rest") with an API key, so the endpoint is one setting and a
local fake answers `POST /v1/text:synthesize` in tests. The client's own retry is switched off: the
shared loop (workers/tts/http.py) retries, limits and breaks for every cloud voice alike.
"""

from __future__ import annotations

import threading
from typing import Any

import requests

from service.settings import Settings
from workers.tts.base import Speech, Voice
from workers.tts.http import CloudEngine, Refused, Retryable, Throttled, Unreachable, is_audio, unreachable

try:
    from google.api_core import exceptions as google_errors
    from google.cloud import texttospeech
except ImportError as exc:  # the registry turns this into "install bantin[google]"
    raise ImportError(exc.msg, name="google-cloud-texttospeech") from exc

LANGUAGE = "vi-VN"
# name -> gender, from Google's voice list for vi-VN (all one accent)
VOICES: dict[str, str] = {
    **{f"vi-VN-{kind}-{letter}": gender for kind in ("Standard", "Wavenet")
       for letter, gender in (("A", "female"), ("B", "male"), ("C", "female"), ("D", "male"))},
    "vi-VN-Neural2-A": "female", "vi-VN-Neural2-D": "male",
}


class GoogleCloudEngine(CloudEngine):
    name = "google"
    max_chars = 1500  # Google takes 5000 bytes; a Vietnamese letter is up to 3 bytes in UTF-8
    fmt = "mp3"
    voice_names = tuple(VOICES)

    def __init__(self) -> None:
        super().__init__()
        self._clients = threading.local()  # one client (one HTTP session) per thread

    secret_env = "BANTIN_GOOGLE_CLOUD_API_KEY"

    def installation_secret(self, settings: Settings) -> str:
        return settings.google_cloud_api_key.get_secret_value()

    def endpoint(self, settings: Settings) -> str:
        return settings.google_cloud_endpoint

    def rate_per_s(self, settings: Settings) -> float:
        return settings.google_cloud_rate_per_s

    def client(self, settings: Settings, secret: str) -> Any:
        key = (settings.google_cloud_endpoint, secret)  # a station with its own key gets its own client
        cached = getattr(self._clients, "pair", None)
        if cached is None or cached[0] != key:
            client = texttospeech.TextToSpeechClient(
                transport="rest", client_options={"api_endpoint": key[0], "api_key": key[1]})
            self._clients.pair = cached = (key, client)
        return cached[1]

    def attempt(self, settings: Settings, text: str, voice: Voice, secret: str) -> Speech:
        config = texttospeech.AudioConfig(audio_encoding=texttospeech.AudioEncoding.MP3,
                                          speaking_rate=(voice.rate or 160) / 160)
        try:
            reply = self.client(settings, secret).synthesize_speech(
                input=texttospeech.SynthesisInput(text=text),
                voice=texttospeech.VoiceSelectionParams(language_code=LANGUAGE, name=voice.name),
                audio_config=config, retry=None,
                timeout=settings.cloud_read_timeout_s)  # the client takes one number: connect and read each
        except google_errors.TooManyRequests as exc:
            raise Throttled("HTTP 429", None) from exc
        except (google_errors.ServerError, google_errors.DeadlineExceeded) as exc:
            raise Retryable(f"HTTP {exc.code}: {exc.message}") from exc
        except google_errors.GoogleAPICallError as exc:  # 400 bad voice, 401/403 key: asking again will not help
            raise Refused(f"Google Cloud refused the request: HTTP {exc.code} {exc.message}") from exc
        except requests.Timeout as exc:
            raise Retryable("no answer in time") from exc
        except requests.ConnectionError as exc:
            if unreachable(exc):
                raise Unreachable(str(exc)) from exc
            raise Retryable(f"connection dropped: {exc}") from exc
        if not is_audio(reply.audio_content, self.fmt):
            raise Retryable("the answer's audio is not MP3")
        return Speech(data=reply.audio_content, sample_rate=24_000, fmt=self.fmt)
