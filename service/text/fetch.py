"""Fetch an article from a link staff paste: bounded in time and size, and never into the station's own network.

A server that fetches URLs for its users can be pointed at addresses only it can reach (the database, the
metadata service of a cloud host, a router's admin page). Every hop is resolved and refused if any address
it resolves to is loopback, private, link-local or otherwise not public, unless its host (and port) is on the
allow-list of the settings (a district portal on the station's own network, or a test's own server).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import requests

from service.text.ingest import ArticleInputError, Extracted, decode_bytes, extract_page, read_upload

MAX_REDIRECTS = 5
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_FILE_TYPES = {"application/pdf": ".pdf", "text/plain": ".txt",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def _refuse(message: str) -> ArticleInputError:
    return ArticleInputError(message, 422)


def check_address(url: str, *, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse a URL that is not http(s), has no host, or resolves to an address that is not public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse("Đường dẫn không hợp lệ: cần bắt đầu bằng http:// hoặc https:// "
                      "(the link must be an http or https URL).")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _refuse(f"Không tìm thấy máy chủ {parts.hostname} (the host name does not resolve).") from exc
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.hostname in allowed or f"{parts.hostname}:{port}" in allowed:
        return
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise _refuse(f"Không được tải từ địa chỉ nội bộ {address} (the link points into a private, "
                          "loopback or link-local network).")


def fetch(url: str, *, timeout_s: float, max_bytes: int, allowed: frozenset[str] = frozenset()) -> Extracted:
    """The article at `url`: a web page's main content, or a PDF, Word or text file's text."""
    deadline = time.monotonic() + timeout_s
    with requests.Session() as session:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allowed=allowed)
            response = _get(session, url, deadline)
            if response.is_redirect and response.headers.get("location"):
                url = urljoin(url, response.headers["location"])
                response.close()
                continue
            with response:
                return _read(response, url, deadline, max_bytes)
    raise _refuse(f"Trang chuyển hướng quá {MAX_REDIRECTS} lần (more than {MAX_REDIRECTS} redirects).")


def _get(session: requests.Session, url: str, deadline: float) -> requests.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timeout()
    try:
        return session.get(url, stream=True, allow_redirects=False, timeout=(min(remaining, 5.0), remaining),
                           headers={"User-Agent": "bantin (commune radio)", "Accept": "text/html,*/*;q=0.5"})
    except requests.Timeout as exc:
        raise _timeout() from exc
    except requests.RequestException as exc:
        raise _refuse(f"Không kết nối được tới trang (cannot connect: {type(exc).__name__}).") from exc


def _timeout() -> ArticleInputError:
    return _refuse("Trang không trả lời kịp: hết thời gian chờ (the page did not answer in time).")


def _read(response: requests.Response, url: str, deadline: float, max_bytes: int) -> Extracted:
    if response.status_code >= 400:
        raise _refuse(f"Trang trả lời lỗi {response.status_code} (the page answered HTTP {response.status_code}).")
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype not in _PAGE_TYPES and ctype not in _FILE_TYPES:
        raise _refuse(f"Đường dẫn không phải trang tin hay văn bản ({ctype}) (the link is not a web page or a "
                      "document).")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ArticleInputError(f"Trang quá lớn: tối đa {max_bytes} byte (the page is too large).", 413)
    body = bytearray()
    try:
        for piece in response.iter_content(64 * 1024):
            body += piece
            if len(body) > max_bytes:
                raise ArticleInputError(f"Trang quá lớn: tối đa {max_bytes} byte (the page is too large).", 413)
            if time.monotonic() > deadline:
                raise _timeout()
    except requests.RequestException as exc:
        raise _timeout() if isinstance(exc, requests.Timeout | requests.ConnectionError) else _refuse(
            f"Không đọc được trang ({type(exc).__name__}).") from exc
    if ctype in _FILE_TYPES:
        return Extracted(read_upload(bytes(body), filename=None, content_type=ctype, max_bytes=max_bytes))
    charset = response.encoding if "charset" in response.headers.get("content-type", "").lower() else None
    html = body.decode(charset, errors="replace") if charset else decode_bytes(bytes(body))
    return extract_page(html)
