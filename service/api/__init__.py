"""The one place that assembles the API's routers."""

from __future__ import annotations

from fastapi import APIRouter

from service.api import accounts, articles, jobs, lexicon, programmes, relay, slots, templates, voices

router = APIRouter()
for module in (accounts, articles, jobs, lexicon, programmes, relay, slots, templates, voices):
    router.include_router(module.router)
router.include_router(articles.normalize_router)
