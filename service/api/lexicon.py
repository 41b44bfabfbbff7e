"""The station lexicon: staff's own pronunciations, applied at the next render."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from service import lexicon
from service.api.deps import SessionDep
from service.models import LexiconEntry
from service.schemas import ErrorOut, LexiconIn, LexiconOut, LexiconPatch

router = APIRouter(prefix="/api/v1/lexicon", tags=["lexicon"])


def _out(entry: LexiconEntry) -> LexiconOut:
    return LexiconOut(id=entry.id, term=entry.term, spoken=entry.spoken, note=entry.note)


@router.get("", response_model=list[LexiconOut])
def list_entries(session: SessionDep) -> list[LexiconOut]:
    return [_out(e) for e in lexicon.list_entries(session)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LexiconOut,
             responses={422: {"model": ErrorOut}})
def create_entry(body: LexiconIn, session: SessionDep) -> LexiconOut:
    return _out(lexicon.add(session, term=body.term, spoken=body.spoken, note=body.note))


@router.get("/{entry_id}", response_model=LexiconOut, responses={404: {"model": ErrorOut}})
def read_entry(entry_id: str, session: SessionDep) -> LexiconOut:
    return _out(lexicon.find(session, entry_id))


@router.patch("/{entry_id}", response_model=LexiconOut, responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def update_entry(entry_id: str, body: LexiconPatch, session: SessionDep) -> LexiconOut:
    return _out(lexicon.update(session, entry_id, term=body.term, spoken=body.spoken, note=body.note))


@router.delete("/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": ErrorOut}})
def delete_entry(entry_id: str, session: SessionDep) -> Response:
    lexicon.remove(session, entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
