"""The box's HTTP: the listing with its ETag, resumable downloads with Range, receipts. http.client only."""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

CHUNK = 64 * 1024
USER_AGENT = "bantin-relay/0.1"


class Unreachable(Exception):
    """The server could not be reached or answered with an error: the box carries on with what it has."""


@dataclass
class Listing:
    status: int  # 200, or 304 when nothing changed since the ETag sent
    etag: str | None
    programmes: list[dict[str, Any]] | None  # None on 304
    clock_offset_s: float | None  # the server's Date minus this box's clock


@dataclass
class Fetched:
    resumed_from: int  # bytes already in the partial file that the server did not send again
    received: int  # bytes received now


class Server:
    def __init__(self, base: str, token: str, timeout_s: float = 30.0) -> None:
        parts = urlsplit(base)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    def _connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=self.timeout_s)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "User-Agent": USER_AGENT, **(extra or {})}

    def _request(self, method: str, path: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        conn = self._connection()
        try:
            conn.request(method, self.prefix + path, body=body, headers=self._headers(headers))
            return conn, conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise Unreachable(f"{self.host}:{self.port}: {exc}") from exc

    def listing(self, *, etag: str | None, since: str | None) -> Listing:
        path = "/api/v1/relay/programmes" + (f"?since={quote(since)}" if since else "")
        started = time.time()
        conn, resp = self._request("GET", path, headers={"If-None-Match": etag} if etag else None)
        try:
            body = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise Unreachable(f"listing cut: {exc}") from exc
        finally:
            conn.close()
        offset = clock_offset(resp.getheader("Date"), (started + time.time()) / 2)
        if resp.status == 304:
            return Listing(304, etag, None, offset)
        if resp.status != 200:
            raise Unreachable(f"listing: HTTP {resp.status} {body[:200]!r}")
        return Listing(200, resp.getheader("ETag"), json.loads(body), offset)

    def download(self, path: str, part: Path, size: int) -> Fetched:
        """Fetch into `part`, asking only for what it lacks (Range); fsynced before returning."""
        have = part.stat().st_size if part.exists() else 0
        if have >= size:  # complete already (or too long, which only a check can tell): let the caller verify
            return Fetched(have, 0)
        conn, resp = self._request("GET", path, headers={"Range": f"bytes={have}-"} if have else None)
        try:
            if resp.status == 200:
                have = 0  # the server sends the whole file: start again
            elif resp.status != 206:
                raise Unreachable(f"download {path}: HTTP {resp.status}")
            received = 0
            fd = os.open(str(part), os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if have == 0 else os.O_APPEND), 0o644)
            try:
                while True:
                    try:
                        chunk = resp.read(CHUNK)
                    except (OSError, http.client.HTTPException) as exc:
                        raise Unreachable(f"download {path} cut after {have + received} bytes: {exc}") from exc
                    if not chunk:
                        break
                    os.write(fd, chunk)
                    received += len(chunk)
                os.fsync(fd)
            finally:
                os.close(fd)
            if have + received < size:
                raise Unreachable(f"download {path} cut after {have + received} of {size} bytes")
            return Fetched(have, received)
        finally:
            conn.close()

    def receipt(self, receipt: dict[str, Any]) -> None:
        """Post one receipt; raises Unreachable unless the server recorded it (now or before)."""
        body = json.dumps(receipt).encode()
        conn, resp = self._request("POST", "/api/v1/relay/receipts", body=body,
                                   headers={"Content-Type": "application/json"})
        try:
            text = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise Unreachable(f"receipt: {exc}") from exc
        finally:
            conn.close()
        if resp.status in (404, 422):  # the programme is gone, or the receipt can never be recorded: drop it
            return
        if resp.status not in (200, 201):
            raise Unreachable(f"receipt: HTTP {resp.status} {text[:200]!r}")


def clock_offset(date_header: str | None, local: float) -> float | None:
    """The server's clock minus ours, from its Date header (whole seconds, so ±1 s)."""
    if not date_header:
        return None
    try:
        server = email.utils.parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return None
    return round(server - local, 1)
