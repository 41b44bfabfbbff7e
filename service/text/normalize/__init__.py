"""Written Vietnamese to its spoken form, the way an announcer reads it."""

from __future__ import annotations

from service.text.repair import prepare, spaces


def normalize(text: str) -> str:
    return spaces(prepare(text))
