"""Request bodies read with a size cap: an upload over the limit is refused before it is read whole."""

from __future__ import annotations

from fastapi import Request

from service.text.ingest import ArticleInputError


async def read_capped(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes limit: never read whole when too large."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ArticleInputError(f"Bài viết quá dài: tối đa {limit} byte (the upload is too large).", 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ArticleInputError(f"Bài viết quá dài: tối đa {limit} byte (the upload is too large).", 413)
        chunks.append(chunk)
    return b"".join(chunks)
