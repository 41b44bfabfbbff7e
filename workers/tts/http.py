"""What every paid cloud voice shares: one attempt loop with retries, the shared rate limit, the circuit
breaker, a deadline for waiting on slow or throttled answers, and characters billed.

An engine only says how to make one request (`attempt`) and raises one of the failures below; the loop
decides what to do about it. The decisions mirror gTTS's (workers/tts/gtts.py): a 429 asks for patience
and never opens the breaker; a refused connection opens it at once; a piece failing every try opens it.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import requests

from service.metrics import tally
from service.settings import Settings, get_settings
from workers.tts.base import EngineError, EngineUnavailable, Speech, Voice
from workers.tts.limits import breaker, rate_limiter

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


class Retryable(Exception):
    """Worth another try: 5xx, a timeout, an answer without usable audio."""


class Throttled(Retryable):
    """429: the provider is there and asks us to slow down."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(Exception):
    """No connection could be made at all: waiting will not help this render."""


class Refused(EngineError):
    """The provider answered and said no (bad key, no credit, bad voice): another try would say the same."""


@dataclass(frozen=True)
class Limits:
    """One engine's limits, from settings."""

    rate_per_s: float
    burst: int
    max_attempts: int
    throttle_budget_s: float
    backoff_base_s: float
    backoff_max_s: float


def limits_from(settings: Settings, rate_per_s: float) -> Limits:
    return Limits(rate_per_s=rate_per_s, burst=max(1, round(rate_per_s)), max_attempts=settings.cloud_max_attempts,
                  throttle_budget_s=settings.cloud_throttle_budget_s, backoff_base_s=settings.cloud_backoff_base_s,
                  backoff_max_s=settings.cloud_backoff_max_s)


def backoff(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped."""
    return rng.uniform(0, min(cap, base * 2**attempt))


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds; the HTTP-date form counts as absent."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


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


def speak_with_retries(name: str, where: str, limits: Limits, attempt: Callable[[], Speech], *,
                       rng: random.Random, stats: dict[str, int]) -> Speech:
    """Run attempt until it gives audio, under the shared rate limit and breaker of engine `name`."""
    settings = get_settings()
    gate = breaker(settings, name)
    reason = gate.open_reason()
    if reason:
        raise EngineUnavailable(f"{name} is off for now ({reason})")
    limiter = rate_limiter(settings, name, limits.rate_per_s, limits.burst)
    failures = 0
    throttled_until: float | None = None
    tries = 0
    last = "no attempt made"
    while True:
        if tries:
            stats["retries"] += 1
            tally.add("bantin_tts_retries", engine=name)
        tries += 1
        limiter.acquire()
        stats["requests"] += 1
        try:
            return attempt()
        except Throttled as exc:
            last = str(exc)
            now = time.monotonic()
            throttled_until = throttled_until or now + limits.throttle_budget_s
            if now >= throttled_until:
                raise EngineError(f"{name} kept answering 429 for {limits.throttle_budget_s:g} s") from exc
            wait = max(exc.retry_after or 0.0,
                       backoff(tries - 1, base=limits.backoff_base_s, cap=limits.backoff_max_s, rng=rng))
            log.info("%s attempt %d rate limited; waiting %.2f s", name, tries, wait)
            time.sleep(min(wait, max(0.0, throttled_until - now)))
            continue
        except Retryable as exc:
            last = str(exc)
            log.info("%s attempt %d failed: %s", name, tries, last)
        except Unreachable as exc:
            gate.trip(f"cannot reach {where}")
            raise EngineUnavailable(f"{name} cannot reach {where}: {exc}") from exc
        failures += 1
        if failures >= limits.max_attempts:
            break
        time.sleep(backoff(failures - 1, base=limits.backoff_base_s, cap=limits.backoff_max_s, rng=rng))
    gate.trip(f"failed {limits.max_attempts} times in a row ({last})")
    raise EngineError(f"{name} failed after {limits.max_attempts} attempts: {last}")


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
        self.stats = {"requests": 0, "retries": 0}

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
        reason = breaker(settings, self.name).open_reason()
        if reason:
            return False, f"circuit breaker open: {reason}"
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
        speech = speak_with_retries(self.name, self.endpoint(settings), limits,
                                    lambda: self.attempt(settings, text, voice, secret), rng=self._rng,
                                    stats=self.stats)
        tally.add("bantin_tts_billed_chars", len(text), engine=self.name)
        return speech
