"""`python -m bench.relay_client URL COUNT SHA256 [TOKEN]`: COUNT relay boxes downloading URL at once over
HTTP/1.1, each checking the SHA-256 of what it got. Prints JSON: bytes, seconds, good, bad."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import time
from urllib.parse import urlsplit


async def fetch(host: str, port: int, path: str, token: str | None) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    digest, size = hashlib.sha256(), 0
    while chunk := await reader.read(1 << 18):
        digest.update(chunk)
        size += len(chunk)
    writer.close()
    return (size if status == 200 else -1), digest.hexdigest()


async def main(url: str, count: int, expected: str, token: str | None) -> dict[str, float]:
    parts = urlsplit(url)
    start = time.perf_counter()
    results = await asyncio.gather(*(fetch(parts.hostname or "127.0.0.1", parts.port or 80, parts.path, token)
                                     for _ in range(count)), return_exceptions=True)
    elapsed = time.perf_counter() - start
    good = [r for r in results if isinstance(r, tuple) and r[0] > 0 and r[1] == expected]
    errors = sorted({repr(r)[:120] for r in results if isinstance(r, BaseException)})
    return {"bytes": sum(r[0] for r in good), "seconds": elapsed, "good": len(good), "bad": count - len(good),
            "errors": errors[:5]}  # type: ignore[dict-item]


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3],
                                      sys.argv[4] if len(sys.argv) > 4 else None))))
