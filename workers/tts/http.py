"""What every paid cloud voice shares: HTTP with timeouts, the station's own key, audio checks and characters
billed. Retries, the adaptive shared rate, the breaker for unreachability and the piece's deadline are the
request loop every network engine uses (workers/tts/network.py), gTTS included.

An engine only says how to make one request (`attempt`) and raises network's failures, or `Refused` when the
provider said no (another try would say the same).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from collections.abc import Iterator
from contextvars import ContextVar

import requests

from service.metrics import tally
from service.settings import Settings, get_settings
from workers.tts.base import EngineError, EngineUnavailable, Speech, Voice
from workers.tts.limits import breaker
from workers.tts.network import Limits, Retryable, Throttled, Unreachable, call, retry_after

__all__ = ["CloudEngine", "Refused", "Retryable", "Throttled", "Unreachable", "classify", "is_audio", "limits_from",
           "speaking_for", "unreachable"]

log = logging.getLogger("bantin.tts.cloud")

# The station a piece is spoken for, so a paid engine uses the station's own key; set by workers/synth.py.
_station: ContextVar[str | None] = ContextVar("bantin_tts_station", default=None)


@contextlib.contextmanager
def speaking_for(station: str | None) -> Iterator[None]:
    token = _station.set(station)
    try:
        yield
    finally:
        _station.reset(token)


class Refused(EngineError):
    """The provider answered and said no (bad key, no credit, bad voice): another try would say the same."""


def limits_from(settings: Settings, rate_per_s: float) -> Limits:
    return Limits(rate_per_s=rate_per_s, burst=max(1, round(rate_per_s)), max_attempts=settings.cloud_max_attempts,
                  backoff_base_s=settings.cloud_backoff_base_s, backoff_max_s=settings.cloud_backoff_max_s,
                  patience_s=settings.cloud_throttle_budget_s)


def unreachable(exc: requests.ConnectionError) -> bool:
    """True when no connection could be made (refused, no route, DNS); False when an open one dropped
    or the server was slow to accept, which another try may survive."""
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return False
    reason = exc.args[0] if exc.args else None
    inner = getattr(reason, "reason", reason)
    return isinstance(inner, NewConnectionError) or isinstance(reason, NewConnectionError)


def is_audio(data: bytes, fmt: str) -> bool:
    """Whether bytes start like the format the provider promised (a garbage answer is retried, not aired)."""
    if fmt == "mp3":
        return data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    if fmt == "wav":
        return data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    return bool(data)


def classify(reply: requests.Response, provider: str) -> None:
    """Raise the failure an HTTP status means; return for 2xx."""
    if reply.status_code == 429:
        raise Throttled("HTTP 429", retry_after(reply.headers.get("Retry-After")))
    if reply.status_code >= 500:
        raise Retryable(f"HTTP {reply.status_code}")
    if reply.status_code in (401, 403):
        raise Refused(f"{provider} refused the credentials: HTTP {reply.status_code}")
    if reply.status_code >= 400:
        raise Refused(f"{provider} refused the request: HTTP {reply.status_code} {reply.text[:200]}")


class Http:
    """A requests session per thread, with the timeouts from settings on every call; connection failures
    become Unreachable or Retryable."""

    def __init__(self) -> None:
        self._local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        session: requests.Session = self._local.session
        return session

    def send(self, method: str, url: str, settings: Settings, **kwargs: object) -> requests.Response:
        try:
            return self.session().request(method, url, timeout=(settings.cloud_connect_timeout_s,
                                                                 settings.cloud_read_timeout_s), **kwargs)  # type: ignore[arg-type]
        except requests.Timeout as exc:
            raise Retryable(f"no answer within {settings.cloud_read_timeout_s:g} s") from exc
        except requests.ConnectionError as exc:
            if unreachable(exc):
                raise Unreachable(str(exc)) from exc
            raise Retryable(f"connection dropped: {exc}") from exc


class CloudEngine:
    """Base of the paid cloud voices: subclasses give name, limits, voices and one attempt."""

    name = "cloud"
    max_chars = 1000
    remote = True
    billed = True  # by the character: synth counts each station's month and keeps to its cap
    fmt = "mp3"
    voice_names: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.http = Http()
        self._rng = random.Random()
        self.stats = {"requests": 0}

    secret_env = "BANTIN_..."  # the installation-wide key's setting, named in messages

    # -- what a subclass provides
    def installation_secret(self, settings: Settings) -> str:
        """The key from settings, used by a station that has none of its own."""
        raise NotImplementedError

    def endpoint(self, settings: Settings) -> str:
        raise NotImplementedError

    def rate_per_s(self, settings: Settings) -> float:
        raise NotImplementedError

    def attempt(self, settings: Settings, text: str, voice: Voice, secret: str) -> Speech:
        raise NotImplementedError

    # -- shared
    def secret(self, settings: Settings) -> str:
        """The station's own key if it set one, else the installation's; empty if neither."""
        from service import credentials

        station = _station.get()
        own = credentials.secret_for(settings, station, self.name) if station else None
        return own or self.installation_secret(settings)

    def available(self) -> tuple[bool, str]:
        settings = get_settings()
        if not self.installation_secret(settings):
            return False, f"no key: set {self.secret_env}, or each station its own on its page"
        state, reason = breaker(settings, self.name).status()
        if state != "closed":
            return False, f"circuit breaker {state}: {reason}"
        return True, f"needs the internet: {self.endpoint(settings)}"

    def voices(self) -> list[str]:
        return list(self.voice_names)

    def synthesize(self, text: str, voice: Voice) -> Speech:
        settings = get_settings()
        secret = self.secret(settings)
        if not secret:
            raise EngineUnavailable(f"{self.name}: no key ({self.secret_env}, or the station's own)")
        if self.voice_names and voice.name not in self.voice_names:
            raise EngineError(f"{self.name} has no voice {voice.name!r}; known: {', '.join(self.voice_names)}")
        limits = limits_from(settings, self.rate_per_s(settings))
        def send() -> Speech:
            self.stats["requests"] += 1
            return self.attempt(settings, text, voice, secret)

        speech = call(self.name, send, settings=settings, limits=limits, rng=self._rng)
        tally.add("bantin_tts_billed_chars", len(text), engine=self.name)
        return speech
