"""The article life cycle: draft → rendered → submitted → approved or rejected → scheduled → published,
with who did what and when written to the audit log at each step."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import approval
from service.errors import Invalid
from service.models import Article, AuditEntry, Recording, Station, User, utcnow
from service.settings import get_settings

PRIORITIES = ("normal", "priority", "emergency")
SYSTEM = "system"  # the actor of changes no person made: a render finishing, a slot's programme, air time


class WrongState(Invalid):
    """The step is not possible from the article's current status (409)."""


def record(session: Session, article: Article, user: User | None, action: str, *, to: str | None = None,
           note: str | None = None) -> None:
    before = article.status
    if to is not None:
        article.status = to
    session.add(AuditEntry(article_id=article.id, user_id=user.id if user else None,
                           username=user.username if user else SYSTEM, action=action, from_status=before,
                           to_status=article.status, note=note, version=article.version))
    session.flush()


def _require(article: Article, *allowed: str, action: str) -> None:
    if article.status not in allowed:
        raise WrongState(f"Không thể {action} bài ở trạng thái {article.status!r} "
                         f"(cannot {action} an article that is {article.status}).")


def edited(session: Session, article: Article, user: User, what: str, note: str | None = None) -> None:
    """Any edit sends the article back to draft: what was approved is no longer what would air."""
    _require(article, "draft", "rendered", "submitted", "approved", "rejected", action="sửa")
    record(session, article, user, f"edit {what}", to="draft", note=note)
    article.approved_at = None
    article.approved_version = None


def rendered(session: Session, article: Article) -> None:
    if article.status in ("draft", "rejected"):
        record(session, article, None, "render", to="rendered")


def scheduled(session: Session, article: Article, *, broadcast: str) -> None:
    """An approved article went into a commune's programme (`broadcast` says which, for the trail)."""
    if article.status == "approved":
        record(session, article, None, "schedule", to="scheduled", note=broadcast)


def published(session: Session, article: Article, *, broadcast: str) -> None:
    """A programme carrying the article has gone on air."""
    if article.status == "scheduled":
        record(session, article, None, "publish", to="published", note=broadcast)


def submit(session: Session, article: Article, user: User) -> None:
    _require(article, "rendered", action="gửi duyệt")
    record(session, article, user, "submit", to="submitted")


def approve(session: Session, article: Article, user: User, note: str | None = None, *,
            robot_voice_ok: bool = False) -> None:
    _require(article, "submitted", action="duyệt")
    recording = session.get(Recording, article.last_programme_id) if article.last_programme_id else None
    robot = approval.robot_parts(recording.sidecar if recording else None,
                                 first_choice=approval.first_choice(get_settings()))
    station = session.get(Station, article.station_id) if article.station_id else None
    refused = approval.refusal(len(robot), confirmed=robot_voice_ok,
                               allowed=station.allow_robot_voice if station else True)
    if refused:
        raise WrongState(refused)
    if robot:  # the approver's word is kept with the approval
        note = "; ".join(filter(None, [note, approval.confirmation_note(robot)]))
    record(session, article, user, "approve", to="approved", note=note)
    article.approved_at = utcnow()
    article.approved_version = article.version  # the version, and so the render, the approver heard


def reject(session: Session, article: Article, user: User, reason: str) -> None:
    if not reason or not reason.strip():
        raise Invalid("Hãy ghi lý do từ chối (a rejection needs a reason).")
    _require(article, "submitted", action="từ chối")
    record(session, article, user, "reject", to="rejected", note=reason.strip())


def set_priority(session: Session, article: Article, user: User, priority: str) -> None:
    if priority not in PRIORITIES:
        raise Invalid(f"Mức ưu tiên phải là một trong {', '.join(PRIORITIES)} (unknown priority).")
    if priority != article.priority:
        old = article.priority
        article.priority = priority
        edited(session, article, user, f"priority {old} → {priority}")


def audit(session: Session, article_id: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.article_id == article_id)
                                .order_by(AuditEntry.at, AuditEntry.id)))
