"""What an approver needs to decide in one screen, and whether a programme with robot-voice parts may be approved.

Pure: a script, a recording's sidecar and the station's rule in; facts and decisions out.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from service.schemas import Script
from service.settings import Settings


@dataclass(frozen=True)
class RobotPart:
    """A part that will air in a fallback voice: where it starts, who it is, which engine spoke it."""

    start_s: float
    role: str
    speaker: str | None
    engine: str


@dataclass(frozen=True)
class Facts:
    skipped: int  # lines not read
    by_hand: int  # lines staff changed: parts they edited and lines they took out
    robot: list[RobotPart]


@cache
def robot_engines() -> frozenset[str]:
    data = tomllib.loads(resources.files("service").joinpath("data/review.toml").read_text("utf-8"))
    return frozenset(data["approval"]["robot_engines"])


def robot_parts(sidecar: dict[str, Any] | None, *, first_choice: str) -> list[RobotPart]:
    """The spoken parts of a recording that a robot engine spoke in place of the station's first-choice engine
    (a part may use several engines). A station whose first choice is espeak-ng chose that voice: no fallback."""
    out = []
    for entry in (sidecar or {}).get("segments", []):
        engines = set((entry.get("engine") or "").split(",")) & robot_engines() - {first_choice}
        if entry.get("kind") == "speech" and engines:
            out.append(RobotPart(float(entry.get("start_s", 0)), entry.get("role") or "", entry.get("speaker"),
                                 ",".join(sorted(engines))))
    return out


def facts(script: Script, sidecar: dict[str, Any] | None, *, first_choice: str) -> Facts:
    edited = sum(len(s.source_lines) for s in script.segments if s.why == "edited")
    removed = sum(1 for k in script.skipped if (k.why or k.reason) == "removed_by_editor")
    return Facts(skipped=len(script.skipped), by_hand=edited + removed,
                 robot=robot_parts(sidecar, first_choice=first_choice))


def first_choice(settings: Settings) -> str:
    """The engine the installation tries first; the others are fallbacks."""
    return settings.engines.split(",")[0].strip()


def refusal(robot: int, *, confirmed: bool, allowed: bool) -> str | None:
    """Why approval is refused, or None. Robot-voice parts need the approver's explicit word; a station can
    forbid them outright."""
    if not robot:
        return None
    if not allowed:
        return (f"Đài không cho phép duyệt bản có giọng máy ({robot} phần): hãy thu âm lại khi có mạng "
                f"(this station forbids approving robot-voice parts).")
    if not confirmed:
        return (f"Bản thu có {robot} phần đọc bằng giọng máy, khó nghe: hãy xác nhận nếu vẫn duyệt "
                f"(send robot_voice_ok to approve robot-voice parts).")
    return None


def confirmation_note(robot: list[RobotPart]) -> str:
    """What the log keeps when an approver accepts robot-voice parts."""
    where = ", ".join(f"{int(p.start_s // 60)}:{int(p.start_s % 60):02d}" for p in robot[:10])
    return f"xác nhận phát giọng máy ở {len(robot)} phần (lúc {where})"
