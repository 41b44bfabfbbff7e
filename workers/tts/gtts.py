"""gTTS made dependable: Google Translate's Vietnamese voice with timeouts, and the machinery every network
engine shares (`network.py`): retries, an adaptive shared rate, a breaker for a network that is not there,
and the piece's deadline deciding when the next engine speaks.

gTTS builds the request (its RPC payload and headers); we send it ourselves so that every request has a
timeout, the endpoint's base URL is a setting, and failures are classified for retry or fallback.
"""

from __future__ import annotations

import base64
import random
import re
import threading
from typing import Any

import requests

from service.settings import Settings, get_settings
from workers.tts.base import EngineError, Speech, Voice
from workers.tts.limits import breaker
from workers.tts.network import Limits, Retryable, Throttled, Unreachable, call, retry_after

PATH = "/_/TranslateWebserverUi/data/batchexecute"
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')


def payload(text: str, *, slow: bool = False) -> tuple[str, dict[str, str]]:
    """The form body and headers gTTS would send for one piece of text."""
    from gtts import gTTS

    tts = gTTS(text, lang="vi", slow=slow, lang_check=False)
    return tts._package_rpc(text), dict(gTTS.GOOGLE_TTS_HEADERS)


def audio_from_reply(body: str) -> bytes:
    """The MP3 inside a batchexecute reply; Retryable when there is none or it is not MP3."""
    found = _AUDIO.search(body)
    if not found:
        raise Retryable("the reply held no audio")
    try:
        mp3 = base64.b64decode(found.group(1), validate=True)
    except ValueError as exc:
        raise Retryable("the reply's audio was not valid base64") from exc
    if not (mp3.startswith(b"ID3") or (len(mp3) > 1 and mp3[0] == 0xFF and mp3[1] & 0xE0 == 0xE0)):
        raise Retryable("the reply's audio is not MP3")
    return mp3


def _unreachable(exc: requests.ConnectionError) -> bool:
    """True when no connection could be made at all (refused, no route, DNS);
    False when an open connection dropped, which another try may survive."""
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return False  # a busy server is slow to accept; a missing network refuses or fails to resolve
    reason = exc.args[0] if exc.args else None
    inner = getattr(reason, "reason", reason)
    return isinstance(inner, NewConnectionError) or isinstance(reason, NewConnectionError)


class GttsEngine:
    name = "gtts"
    max_chars = 100  # Google's limit per request
    remote = True

    def __init__(self) -> None:
        self._local = threading.local()
        self._rng = random.Random()
        self.stats = {"requests": 0}

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        session: requests.Session = self._local.session
        return session

    def available(self) -> tuple[bool, str]:
        settings = get_settings()
        state, reason = breaker(settings, self.name).status()
        if state != "closed":
            return False, f"circuit breaker {state}: {reason}"
        return True, f"needs the internet: {settings.gtts_base_url}"

    def voices(self) -> list[str]:
        return ["vi", "vi-slow"]

    def synthesize(self, text: str, voice: Voice) -> Speech:
        settings = get_settings()
        body, headers = payload(text, slow=voice.name.endswith("slow"))
        limits = Limits(rate_per_s=settings.gtts_rate_per_s, burst=settings.gtts_burst,
                        max_attempts=settings.gtts_max_attempts, backoff_base_s=settings.gtts_backoff_base_s,
                        backoff_max_s=settings.gtts_backoff_max_s, patience_s=settings.gtts_throttle_budget_s)
        data = call(self.name, lambda: self._request(settings, body, headers), settings=settings, limits=limits,
                    rng=self._rng)
        return Speech(data=data, sample_rate=24_000, fmt="mp3")

    def _request(self, settings: Settings, body: str, headers: dict[str, Any]) -> bytes:
        self.stats["requests"] += 1
        url = settings.gtts_base_url.rstrip("/")
        try:
            reply = self._session().post(url + PATH, data=body, headers=headers,
                                         timeout=(settings.gtts_connect_timeout_s, settings.gtts_read_timeout_s))
        except requests.Timeout as exc:
            raise Retryable(f"no answer within {settings.gtts_read_timeout_s:g} s") from exc
        except requests.ConnectionError as exc:
            if _unreachable(exc):
                raise Unreachable(f"cannot reach {url}") from exc
            raise Retryable(f"connection dropped: {exc}") from exc
        if reply.status_code == 429:
            raise Throttled("HTTP 429", retry_after(reply.headers.get("Retry-After")))
        if reply.status_code >= 500:
            raise Retryable(f"HTTP {reply.status_code}")
        if reply.status_code != 200:
            raise EngineError(f"gTTS refused the request: HTTP {reply.status_code}")
        return audio_from_reply(reply.text)
