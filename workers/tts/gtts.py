"""gTTS made dependable: Google Translate's Vietnamese voice with timeouts, retries, a shared rate limit
and a circuit breaker, so a station without internet falls back at once instead of waiting minutes.

gTTS builds the request (its RPC payload and headers); we send it ourselves so that every request has a
timeout, the endpoint's base URL is a setting, and failures are classified for retry or fallback.
"""

from __future__ import annotations

import base64
import logging
import random
import re
import threading
import time
from typing import Any

import requests

from service.metrics import tally
from service.settings import Settings, get_settings
from workers.tts.base import EngineError, EngineUnavailable, Speech, Voice
from workers.tts.limits import breaker, rate_limiter

log = logging.getLogger("bantin.tts.gtts")

PATH = "/_/TranslateWebserverUi/data/batchexecute"
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')


class _Retryable(Exception):
    """A failure worth another try: 5xx, a timeout, or a reply without audio."""


class _Throttled(_Retryable):
    """429: Google is there and asks us to slow down. Waiting is the answer, not the robot voice, and it says
    nothing about Google being down, so it never opens the breaker."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is not used by Google's endpoint)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def payload(text: str, *, slow: bool = False) -> tuple[str, dict[str, str]]:
    """The form body and headers gTTS would send for one piece of text."""
    from gtts import gTTS

    tts = gTTS(text, lang="vi", slow=slow, lang_check=False)
    return tts._package_rpc(text), dict(gTTS.GOOGLE_TTS_HEADERS)


def audio_from_reply(body: str) -> bytes:
    """The MP3 inside a batchexecute reply; _Retryable when there is none or it is not MP3."""
    found = _AUDIO.search(body)
    if not found:
        raise _Retryable("the reply held no audio")
    try:
        mp3 = base64.b64decode(found.group(1), validate=True)
    except ValueError as exc:
        raise _Retryable("the reply's audio was not valid base64") from exc
    if not (mp3.startswith(b"ID3") or (len(mp3) > 1 and mp3[0] == 0xFF and mp3[1] & 0xE0 == 0xE0)):
        raise _Retryable("the reply's audio is not MP3")
    return mp3


def _unreachable(exc: requests.ConnectionError) -> bool:
    """True when no connection could be made at all (refused, no route, DNS, connect timeout);
    False when an open connection dropped, which another try may survive."""
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return False  # a busy server is slow to accept; a missing network refuses or fails to resolve
    reason = exc.args[0] if exc.args else None
    inner = getattr(reason, "reason", reason)
    return isinstance(inner, NewConnectionError) or isinstance(reason, NewConnectionError)


def backoff(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped."""
    return rng.uniform(0, min(cap, base * 2**attempt))


class GttsEngine:
    name = "gtts"
    max_chars = 100  # Google's limit per request
    remote = True

    def __init__(self) -> None:
        self._local = threading.local()
        self._rng = random.Random()
        self.stats = {"requests": 0, "retries": 0}

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        session: requests.Session = self._local.session
        return session

    def available(self) -> tuple[bool, str]:
        settings = get_settings()
        reason = breaker(settings, self.name).open_reason()
        if reason:
            return False, f"circuit breaker open: {reason}"
        return True, f"needs the internet: {settings.gtts_base_url}"

    def voices(self) -> list[str]:
        return ["vi", "vi-slow"]

    def synthesize(self, text: str, voice: Voice) -> Speech:
        settings = get_settings()
        gate = breaker(settings, self.name)
        reason = gate.open_reason()
        if reason:
            raise EngineUnavailable(f"gTTS is off for now ({reason})")
        limiter = rate_limiter(settings, self.name, settings.gtts_rate_per_s, settings.gtts_burst)
        body, headers = payload(text, slow=voice.name.endswith("slow"))
        last = "no attempt made"
        failures = 0  # of the kind that may mean Google is down: they count towards the breaker
        throttled_until: float | None = None
        attempt = 0
        while True:
            if attempt:
                self.stats["retries"] += 1
                tally.add("bantin_tts_retries", engine=self.name)
            attempt += 1
            limiter.acquire()
            try:
                return Speech(data=self._request(settings, body, headers), sample_rate=24_000, fmt="mp3")
            except _Throttled as exc:
                last = str(exc)
                now = time.monotonic()
                throttled_until = throttled_until or now + settings.gtts_throttle_budget_s
                if now >= throttled_until:
                    raise EngineError(f"gTTS kept answering 429 for {settings.gtts_throttle_budget_s:g} s") from exc
                wait = max(exc.retry_after or 0.0, backoff(attempt - 1, base=settings.gtts_backoff_base_s,
                                                           cap=settings.gtts_backoff_max_s, rng=self._rng))
                log.info("gtts attempt %d rate limited; waiting %.2f s", attempt, wait)
                time.sleep(min(wait, max(0.0, throttled_until - now)))
                continue
            except _Retryable as exc:
                last = str(exc)
                log.info("gtts attempt %d failed: %s", attempt, last)
            except requests.ConnectionError as exc:
                if not _unreachable(exc):
                    last = f"connection dropped: {exc}"
                else:
                    # No route, refused, DNS: the network is not there. Waiting will not help this render.
                    gate.trip(f"cannot reach {settings.gtts_base_url}")
                    raise EngineUnavailable(f"gTTS cannot reach {settings.gtts_base_url}: {exc}") from exc
            failures += 1
            if failures >= settings.gtts_max_attempts:
                break
            time.sleep(backoff(failures - 1, base=settings.gtts_backoff_base_s, cap=settings.gtts_backoff_max_s,
                               rng=self._rng))
        gate.trip(f"failed {settings.gtts_max_attempts} times in a row ({last})")
        raise EngineError(f"gTTS failed after {settings.gtts_max_attempts} attempts: {last}")

    def _request(self, settings: Settings, body: str, headers: dict[str, Any]) -> bytes:
        self.stats["requests"] += 1
        try:
            reply = self._session().post(
                settings.gtts_base_url.rstrip("/") + PATH, data=body, headers=headers,
                timeout=(settings.gtts_connect_timeout_s, settings.gtts_read_timeout_s),
            )
        except requests.Timeout as exc:
            raise _Retryable(f"no answer within {settings.gtts_read_timeout_s:g} s") from exc
        if reply.status_code == 429:
            raise _Throttled("HTTP 429", _retry_after(reply.headers.get("Retry-After")))
        if reply.status_code >= 500:
            raise _Retryable(f"HTTP {reply.status_code}")
        if reply.status_code != 200:
            raise EngineError(f"gTTS refused the request: HTTP {reply.status_code}")
        return audio_from_reply(reply.text)
