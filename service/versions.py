"""Article versions: every save is a new version kept whole, and a change is accepted only on the version it was
made from, so two people editing at once never lose each other's work without a word."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.errors import NotFound, StaleVersion, VersionRequired
from service.models import Article, ArticleVersion, User
from service.schedule import local_time
from service.settings import get_settings


def etag(article: Article) -> str:
    return f'"{article.version}"'


def requested(if_match: str | None, body_version: int | None) -> int | None:
    """The version a change was made on: from If-Match (an ETag this API gave) or the body's `version`."""
    if if_match:
        value = if_match.strip().removeprefix("W/").strip('"')
        if value.isdigit():
            return int(value)
    return body_version


def snapshot(session: Session, article: Article, user: User | None, why: str) -> ArticleVersion:
    """Keep the article as it is now as its current version."""
    row = ArticleVersion(article_id=article.id, version=article.version, title=article.title, script=article.script,
                         priority=article.priority, targets=article.targets, user_id=user.id if user else None,
                         username=user.username if user else "system", why=why)
    session.add(row)
    session.flush()
    return row


def _lines(script: dict[str, Any]) -> dict[int, tuple[Any, ...]]:
    """What each source line became: its part's role, speaker and text, or the reason it is not read."""
    out: dict[int, tuple[Any, ...]] = {}
    for seg in script.get("segments", []):
        for i in seg.get("source_lines", []):
            out[i] = (seg.get("role"), seg.get("speaker"), seg.get("text"))
    for skip in script.get("skipped", []):
        out.setdefault(skip.get("source_line"), ("skip", skip.get("reason")))
    return out


def _differing(old: dict[int, tuple[Any, ...]], new: dict[int, tuple[Any, ...]]) -> list[int]:
    return sorted(i for i in set(old) | set(new) if old.get(i) != new.get(i))


def changed_lines(before: dict[str, Any], after: dict[str, Any]) -> list[int]:
    """Source lines whose role, speaker or text differ between two scripts."""
    return _differing(_lines(before), _lines(after))


def change_note(before: dict[str, Any], after: dict[str, Any], *, most: int = 12) -> str | None:
    """The lines an edit changed, numbered as staff see them ("dòng 5, 17"), for the article's log."""
    lines = [i + 1 for i in changed_lines(before, after)]
    if not lines:
        return None
    more = f" và {len(lines) - most} dòng khác" if len(lines) > most else ""
    return "dòng " + ", ".join(map(str, lines[:most])) + more


def _said(line: tuple[Any, ...] | None) -> str:
    if line is None:
        return ""
    if line[0] == "skip":
        return f"(không đọc: {line[1]})"
    role, speaker, text = line
    return f"[{role}{' · ' + speaker if speaker else ''}] {text}"


def line_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[int, str, str]]:
    """For each changed source line, what its part said before and after (role, speaker, text), for people
    comparing two versions."""
    old, new = _lines(before), _lines(after)
    return [(i, _said(old.get(i)), _said(new.get(i))) for i in _differing(old, new)]


def history_with_changes(session: Session, article_id: str) -> list[tuple[ArticleVersion, list[tuple[int, str, str]]]]:
    """Every saved version, oldest first, with what it changed against the version before it (none for the first)."""
    rows = history(session, article_id)
    return [(row, line_changes(rows[n - 1].script, row.script) if n else []) for n, row in enumerate(rows)]


def get(session: Session, article_id: str, version: int) -> ArticleVersion:
    row = session.scalar(select(ArticleVersion).where(ArticleVersion.article_id == article_id,
                                                      ArticleVersion.version == version))
    if row is None:
        raise NotFound(f"No version {version} of article {article_id!r}.")
    return row


def history(session: Session, article_id: str) -> list[ArticleVersion]:
    return list(session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == article_id)
                                .order_by(ArticleVersion.version)))


def check(session: Session, article: Article, version: int | None) -> None:
    """Refuse a change that names no version (428) or an older one (412, saying who changed what since)."""
    if version is None:
        raise VersionRequired("Cần gửi phiên bản bài đang sửa (send If-Match with the article's ETag, or "
                              "'version' in the body, so that no one's edit is overwritten).")
    if version == article.version:
        return
    latest = get(session, article.id, article.version)
    try:
        since = changed_lines(get(session, article.id, version).script, article.script)
    except NotFound:
        since = []
    when = local_time(latest.at, get_settings().timezone)
    raise StaleVersion(
        f"Bài vừa được {latest.username} sửa lúc {when} (phiên bản {article.version}); bạn đang sửa phiên bản "
        f"{version} (the article changed since you loaded it: reload it, or merge your edit into version "
        f"{article.version}).",
        version=article.version, changed_lines=since, changed_by=latest.username, changed_at=latest.at.isoformat())


def claim(session: Session, article: Article, version: int | None) -> None:
    """Check the version a change was made on and take the next one, atomically: of two changes made on the
    same version, the database lets exactly one through; the other is refused with what changed (412)."""
    check(session, article, version)
    taken = session.execute(update(Article).where(Article.id == article.id, Article.version == version)
                            .values(version=Article.version + 1).execution_options(synchronize_session=False))
    session.refresh(article)
    if not taken.rowcount:  # type: ignore[attr-defined]
        check(session, article, version)  # another change got there first: say which
    session.flush()
