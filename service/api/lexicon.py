"""The station lexicon: staff's own pronunciations, applied at the next render."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from service import lexicon
from service.api.deps import Editor, SessionDep, Staff
from service.models import LexiconEntry
from service.schemas import ErrorOut, LexiconIn, LexiconOut, LexiconPatch

router = APIRouter(prefix="/api/v1/lexicon", tags=["lexicon"])


def _out(entry: LexiconEntry) -> LexiconOut:
    return LexiconOut(id=entry.id, term=entry.term, spoken=entry.spoken, note=entry.note)


@router.get("", response_model=list[LexiconOut])
def list_entries(session: SessionDep, user: Staff) -> list[LexiconOut]:
    return [_out(e) for e in lexicon.list_entries(session, user.station_id)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LexiconOut,
             responses={422: {"model": ErrorOut}})
def create_entry(body: LexiconIn, session: SessionDep, user: Editor) -> LexiconOut:
    return _out(lexicon.add(session, user.station_id, term=body.term, spoken=body.spoken, note=body.note))


@router.get("/{entry_id}", response_model=LexiconOut, responses={404: {"model": ErrorOut}})
def read_entry(entry_id: str, session: SessionDep, user: Staff) -> LexiconOut:
    return _out(lexicon.find(session, user.station_id, entry_id))


@router.patch("/{entry_id}", response_model=LexiconOut, responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def update_entry(entry_id: str, body: LexiconPatch, session: SessionDep, user: Editor) -> LexiconOut:
    return _out(lexicon.update(session, user.station_id, entry_id, term=body.term, spoken=body.spoken,
                               note=body.note))


@router.delete("/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": ErrorOut}})
def delete_entry(entry_id: str, session: SessionDep, user: Editor) -> Response:
    lexicon.remove(session, user.station_id, entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
