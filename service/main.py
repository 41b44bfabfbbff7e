"""The ASGI app: `uvicorn service.main:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST

from service import api_docs, logs
from service.api import errors
from service.api import router as api_router
from service.auth import bootstrap_admin
from service.db import migrate, session_scope
from service.health import readiness
from service.metrics import exposition
from service.settings import get_settings
from service.web import routes as web_routes


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    logs.configure(settings)
    migrate()
    with session_scope() as session:
        bootstrap_admin(session, station_name=settings.station_name, username=settings.admin_username,
                        password=settings.admin_password)
    yield


app = FastAPI(title="bantin", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
              description="Vietnamese news articles to broadcast-ready MP3 for commune loudspeaker radio.")
errors.install(app)
api_docs.install(app)
app.include_router(api_router)
app.include_router(web_routes.router)
app.mount("/static", StaticFiles(directory=Path(web_routes.__file__).parent / "static"), name="static")


@app.get("/health", tags=["operations"])
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@app.get("/ready", tags=["operations"], responses={503: {"description": "something is not ready"}})
def ready() -> JSONResponse:
    """Readiness: database, broker, storage, and at least one worker alive; 503 says which is not."""
    checks = readiness(get_settings())
    ok = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ready" if ok else "not ready", "checks": checks}
    if not ok:
        body["detail"] = "; ".join(f"{name}: {problem}" for name, problem in checks.items() if problem != "ok")
    return JSONResponse(body, status_code=200 if ok else 503)


@app.get("/metrics", tags=["operations"], response_class=Response,
         responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics() -> Response:
    """Prometheus metrics: jobs by state, render durations, TTS requests, retries and cache, downloads."""
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
