"""The station lexicon: entries staff add for local places, people and units; applied at the next render."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import Invalid, NotFound
from service.models import LexiconEntry
from service.text.normalize import normalize, with_station_entries
from service.text.normalize.lexicon import Entry, Lexicon


class InvalidEntry(Invalid):
    """An entry that cannot be used; the message says why."""


def check_entry(term: str, spoken: str) -> tuple[str, str]:
    """Trimmed term and spoken form, or InvalidEntry."""
    term, spoken = " ".join(term.split()), " ".join(spoken.split())
    if not term:
        raise InvalidEntry("Thiếu từ viết (the term is empty).")
    if not spoken:
        raise InvalidEntry("Thiếu cách đọc (the spoken form is empty).")
    if len(term) > 100 or len(spoken) > 500:
        raise InvalidEntry("Mục từ quá dài (term at most 100 characters, spoken form at most 500).")
    if not re.search(r"[^\W_]", term):
        raise InvalidEntry("Từ viết phải có chữ hoặc số (the term needs a letter or a digit).")
    if not re.search(r"[^\W\d_]", spoken):
        raise InvalidEntry("Cách đọc phải có chữ (the spoken form needs words).")
    return term, spoken


def list_entries(session: Session, station_id: str | None) -> list[LexiconEntry]:
    return list(session.scalars(select(LexiconEntry).where(LexiconEntry.station_id == station_id)
                                .order_by(LexiconEntry.term)))


def find(session: Session, station_id: str | None, key: str) -> LexiconEntry:
    """An entry of this station, by id or by its written term."""
    entry = session.scalar(select(LexiconEntry).where(
        LexiconEntry.station_id == station_id, (LexiconEntry.id == key) | (LexiconEntry.term == key)))
    if entry is None:
        raise NotFound(f"No lexicon entry {key!r}.")
    return entry


def add(session: Session, station_id: str | None, *, term: str, spoken: str, note: str | None = None) -> LexiconEntry:
    term, spoken = check_entry(term, spoken)
    if session.scalar(select(LexiconEntry).where(LexiconEntry.station_id == station_id, LexiconEntry.term == term)):
        raise InvalidEntry(f"Từ {term!r} đã có trong từ điển (the term already exists; update it instead).")
    entry = LexiconEntry(station_id=station_id, term=term, spoken=spoken, note=note)
    session.add(entry)
    session.flush()
    return entry


def update(session: Session, station_id: str | None, key: str, *, term: str | None, spoken: str | None,
           note: str | None) -> LexiconEntry:
    entry = find(session, station_id, key)
    new_term, new_spoken = check_entry(term if term is not None else entry.term,
                                       spoken if spoken is not None else entry.spoken)
    clash = session.scalar(select(LexiconEntry).where(LexiconEntry.station_id == station_id,
                                                      LexiconEntry.term == new_term, LexiconEntry.id != entry.id))
    if clash:
        raise InvalidEntry(f"Từ {new_term!r} đã có trong từ điển (another entry has this term).")
    entry.term, entry.spoken = new_term, new_spoken
    if note is not None:
        entry.note = note
    session.flush()
    return entry


def remove(session: Session, station_id: str | None, key: str) -> None:
    session.delete(find(session, station_id, key))


def station_lexicon(session: Session, station_id: str | None) -> Lexicon:
    """The built-in lexicon with the station's entries taking precedence."""
    return with_station_entries([Entry(e.term, e.spoken) for e in list_entries(session, station_id)])


def station_speaker(session: Session, station_id: str | None) -> Callable[[str], str]:
    """Written text to the station's spoken form: the normaliser with the station's own entries."""
    return partial(normalize, lexicon=station_lexicon(session, station_id))
