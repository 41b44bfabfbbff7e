"""No robot on air by surprise: which parts of a commune's programme only espeak-ng could speak, and why the
better engines failed; whether the station's policy holds such a programme back from relays ("hold") or
publishes it marked ("warn"); and staff releasing a held programme ("phát dù giọng máy"), kept in the trail.

The decisions are pure functions of a sidecar and the station's setting; `release` is the one side effect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import workflow
from service.approval import robot_engines
from service.errors import Invalid
from service.models import Article, Broadcast, Commune, Slot, User, utcnow
from service.schedule import slot_title

POLICIES = ("warn", "hold")


def parts(sidecar: dict[str, Any] | None, failures: dict[int, list[str]], *, first_choice: str) -> list[dict[str, Any]]:
    """The spoken parts a robot engine spoke in place of the first choice (a station whose first choice is
    espeak-ng chose that voice: nothing to mark), each with where it starts, who speaks, its words and why the
    engines before it failed. `failures` is by part number, the sidecar's segment order."""
    out = []
    for n, entry in enumerate((sidecar or {}).get("segments", [])):
        engines = set((entry.get("engine") or "").split(",")) & robot_engines() - {first_choice}
        if entry.get("kind") != "speech" or not engines:
            continue
        out.append({"part": n, "start_s": float(entry.get("start_s") or 0.0), "role": entry.get("role") or "",
                    "speaker": entry.get("speaker"), "engine": ",".join(sorted(engines)),
                    "text": (entry.get("text") or "")[:200],
                    "reason": "; ".join(failures.get(n, [])) or "không rõ (no reason recorded)"})
    return out


def state_after_build(policy: str, robot: list[dict[str, Any]], *, scheduled: bool) -> str:
    """"held" when the station holds robot-voice programmes and this one has such parts; an emergency
    bulletin (not `scheduled`) always goes out: a warning late is worse than one in the robot voice."""
    return "held" if policy == "hold" and robot and scheduled else "ready"


def state_after_upgrade(state: str, robot: list[dict[str, Any]]) -> str:
    """A held programme goes out by itself once the voice upgrade left no part in the robot voice."""
    return "ready" if state == "held" and not robot else state


def where(robot: list[dict[str, Any]]) -> str:
    """The parts as staff read them: 'lúc 0:12, 1:05'."""
    return ", ".join(f"{int(p['start_s'] // 60)}:{int(p['start_s'] % 60):02d}" for p in robot[:10])


def release(session: Session, broadcast: Broadcast, user: User) -> None:
    """Air a held programme anyway: relays list it from now on; each of its articles' trails says who did it."""
    if broadcast.state != "held":
        raise workflow.WrongState("Chương trình này không bị giữ (this programme is not held).")
    if broadcast.programme_id is None:
        raise Invalid("Chương trình chưa có bản thu (no audio to release).")
    broadcast.state, broadcast.released_by, broadcast.released_at = "ready", user.username, utcnow()
    commune = session.get(Commune, broadcast.commune_id)
    slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
    note = (f"phát dù giọng máy ở {len(broadcast.robot_parts)} phần (lúc {where(broadcast.robot_parts)}): "
            f"{commune.name if commune else broadcast.commune_id}, {slot_title(slot)} "
            f"{broadcast.air_date.strftime('%d/%m/%Y')} (broadcast {broadcast.id})")
    for article in session.scalars(select(Article).where(Article.id.in_(broadcast.article_ids))):
        workflow.record(session, article, user, "release robot voice", note=note)
