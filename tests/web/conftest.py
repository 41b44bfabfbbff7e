"""A real browser (Debian's Chromium driven by Playwright) and the site it visits, served by real processes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD, Accounts, Processes

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing; .ci/run installs it")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def launch(playwright: Any, *extra: str) -> Any:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing; .ci/run installs it")
        pytest.skip("chromium is not installed")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *extra])


@pytest.fixture
def microphone_sound(tmp_path: Path) -> Path:
    """The WAV Chromium's fake microphone plays, over and over; a test writes it before the browser starts."""
    return tmp_path / "microphone.wav"


@pytest.fixture
def browser_with_microphone(microphone_sound: Path) -> Iterator[Any]:
    """Chromium whose microphone is the file `microphone_sound` (written by the test before it asks for this)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                         f"--use-file-for-fake-audio-capture={microphone_sound}")
        yield browser
        browser.close()


@pytest.fixture
def site(processes: Processes, accounts: Accounts) -> str:
    """The API and a worker, for pages that render audio."""
    processes.worker()
    return processes.api()


@pytest.fixture
def pages_only(processes: Processes, accounts: Accounts) -> str:
    """The API alone, for pages that only edit."""
    return processes.api()


def sign_in(page: Any, base: str, who: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(who)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
