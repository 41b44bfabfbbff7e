"""The moment a piece must be spoken by, whichever engine speaks it.

A job carries its deadline (a scheduled programme: shortly before air; a staff preview: a short wait);
each piece is spoken under it, and a network engine keeps waiting through 429s and slow answers only
while waiting still leaves time for the next engine. The deadline travels in a context variable so that
every engine keeps the plain `synthesize(text, voice)` signature.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("bantin_piece_deadline", default=None)


def current() -> float | None:
    """The deadline (time.time()) of the piece being spoken, or None when none was set."""
    return _deadline.get()


@contextlib.contextmanager
def speaking_by(deadline: float | None) -> Iterator[None]:
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def can_wait(wait: float, deadline: float, now: float) -> bool:
    """Whether waiting `wait` seconds more, then trying again, still ends before the deadline."""
    return now + wait < deadline
