"""Domain errors the API turns into HTTP answers."""

from __future__ import annotations


class NotFound(LookupError):
    """No record with that id; the API answers 404."""


class Invalid(ValueError):
    """A request that cannot be carried out as given; the API answers 422 with this message."""


class VersionRequired(Exception):
    """A change sent without saying which version it was made on; the API answers 428."""


class StaleVersion(Exception):
    """A change made on a version that is no longer the article's; the API answers 412 with what changed."""

    def __init__(self, message: str, **facts: object) -> None:
        super().__init__(message)
        self.facts = facts
