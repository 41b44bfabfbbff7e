"""Log lines: JSON with the job id, and no secret ever written."""

from __future__ import annotations

import json
import logging

import pytest

from service.logs import JsonFormatter, job_id_var, redact


@pytest.mark.parametrize(("line", "secret"), [
    ('127.0.0.1:5 - "GET /api/v1/feeds/Zx9_secretvalue/podcast.rss HTTP/1.1" 200', "Zx9_secretvalue"),
    ("GET /api/v1/feeds/abcDEF123-_/programmes/42.mp3", "abcDEF123-_"),
    ("Authorization: Bearer tok_very.secret-1", "tok_very.secret-1"),
    ("POST /sign-in?password=hunter22&x=1", "hunter22"),
    ("url=https://x/?token=s3cr3t", "s3cr3t"),
])
def test_secrets_are_masked(line: str, secret: str) -> None:
    assert secret not in redact(line)
    assert "***" in redact(line)


def record(message: str, **extra: object) -> logging.LogRecord:
    rec = logging.makeLogRecord({"name": "bantin.render", "levelno": logging.INFO, "levelname": "INFO",
                                 "msg": message, "args": ()})
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_json_lines_carry_the_job_of_the_running_task() -> None:
    token = job_id_var.set("job123")
    try:
        entry = json.loads(JsonFormatter().format(record("part spoken", segment=4)))
    finally:
        job_id_var.reset(token)
    assert entry["job_id"] == "job123" and entry["segment"] == 4
    assert entry["level"] == "info" and entry["logger"] == "bantin.render" and entry["message"] == "part spoken"
    assert "job_id" not in json.loads(JsonFormatter().format(record("idle")))


def test_an_explicit_job_id_wins_and_errors_are_one_line() -> None:
    try:
        raise ValueError("bad")
    except ValueError:
        import sys

        rec = record("failed", job_id="j9")
        rec.exc_info = sys.exc_info()
    line = JsonFormatter().format(rec)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["job_id"] == "j9" and "ValueError: bad" in entry["error"]
