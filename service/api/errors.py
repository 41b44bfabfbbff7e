"""Every error leaves the API as JSON with a plain-words message: {"detail": "..."}."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.auth import Forbidden, TooManyAttempts, Unauthorized
from service.errors import Invalid, NotFound, StaleVersion, VersionRequired
from service.storage import StorageError, StorageMissing
from service.text.ingest import ArticleInputError
from service.workflow import WrongState

log = logging.getLogger("bantin.api")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return "Invalid request: " + "; ".join(parts)


# Domain errors and the HTTP status that says them; the most specific class wins (StorageMissing before
# StorageError). Their messages are already in plain words.
STATUS: dict[type[Exception], tuple[int, dict[str, str]]] = {
    NotFound: (404, {}),
    StorageMissing: (404, {}),
    Unauthorized: (401, {"WWW-Authenticate": "Bearer"}),
    Forbidden: (403, {}),
    WrongState: (409, {}),
    Invalid: (422, {}),
    VersionRequired: (428, {}),
    TooManyAttempts: (429, {"Retry-After": "60"}),
    StorageError: (503, {}),
}


def _plain(code: int, headers: dict[str, str]) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=code, headers=headers or None)

    return handler


def install(app: FastAPI) -> None:
    @app.exception_handler(StaleVersion)
    async def _stale(_: Request, exc: Exception) -> JSONResponse:
        facts = exc.facts if isinstance(exc, StaleVersion) else {}
        return JSONResponse({"detail": str(exc), **facts}, status_code=412)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(ArticleInputError)
    async def _article(_: Request, exc: ArticleInputError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status)

    for cls, (code, headers) in STATUS.items():
        app.add_exception_handler(cls, _plain(code, headers))

    @app.exception_handler(DataError)
    async def _unstorable(_: Request, exc: DataError) -> JSONResponse:
        # The database refused a value (PostgreSQL: a NUL character, a number out of range): the
        # request's fault, said without the SQL.
        return JSONResponse({"detail": "Yêu cầu có ký tự hoặc giá trị không lưu được (the request contains "
                                       "characters or values that cannot be stored, such as NUL)."},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse({"detail": "Internal error; the request was not completed."}, status_code=500)
