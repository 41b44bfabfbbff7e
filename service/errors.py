"""Domain errors the API turns into HTTP answers."""

from __future__ import annotations


class NotFound(LookupError):
    """No record with that id; the API answers 404."""


class Invalid(ValueError):
    """A request that cannot be carried out as given; the API answers 422 with this message."""
