"""Render jobs: state and progress."""

from __future__ import annotations

from fastapi import APIRouter

from service import articles
from service.api.deps import SessionDep, Staff
from service.schemas import ErrorOut, JobOut

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobOut, responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}})
def read_job(job_id: str, session: SessionDep, user: Staff) -> JobOut:
    return articles.job_out(articles.job_for(session, job_id, user))
