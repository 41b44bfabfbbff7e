"""The one place that assembles the API's routers."""

from __future__ import annotations

from fastapi import APIRouter

from service.api import articles, jobs, lexicon, programmes, templates

router = APIRouter()
for module in (articles, jobs, lexicon, programmes, templates):
    router.include_router(module.router)
