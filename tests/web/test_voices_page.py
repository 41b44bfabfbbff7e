"""The voices page in a real browser: an admin installs a piper voice from its two files (a worker tries it
first), is told in Vietnamese why a file that is not a voice is refused, and sets the station's own key for a
paid voice, which the page then lists without ever showing it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Processes
from tests.fakes.piper_voice import make_voice
from tests.web.conftest import sign_in


@pytest.fixture
def voices_site(processes: Processes, tmp_path: Path, accounts: Any) -> str:
    processes.env["BANTIN_PIPER_VOICES_DIR"] = str(tmp_path / "worker-voices")
    processes.env["BANTIN_CREDENTIALS_KEY"] = "c21va2UtdGVzdC1rZXktZm9yLWNyZWRlbnRpYWxzLTA="  # Fernet: 32 bytes
    processes.worker()
    return processes.api()


@pytest.mark.slow
def test_an_admin_installs_a_piper_voice_and_sets_a_key_on_the_page(browser: Any, voices_site: str,
                                                                     tmp_path: Path) -> None:
    model = make_voice(tmp_path / "download", "vi_VN-nha-medium")
    junk = tmp_path / "junk" / "hong.onnx"
    junk.parent.mkdir()
    junk.write_bytes(b"this is not a voice model")
    Path(f"{junk}.json").write_text("{}")

    page = browser.new_page()
    sign_in(page, voices_site, "admin")
    page.wait_for_url(f"{voices_site}/bai-viet")
    page.get_by_role("link", name="Giọng đọc").click()
    page.get_by_text("Chưa cài giọng piper nào qua trang này.").wait_for()

    page.get_by_label("Tệp giọng (.onnx)").set_input_files(str(junk))
    page.get_by_label("Tệp cấu hình (.onnx.json)").set_input_files(f"{junk}.json")
    page.get_by_role("button", name="Cài giọng").click()
    page.get_by_text("Không cài được giọng này: hong.onnx").wait_for(timeout=60_000)
    assert page.locator("#piper-voices").count() == 0

    page.get_by_label("Tệp giọng (.onnx)").set_input_files(str(model))
    page.get_by_label("Tệp cấu hình (.onnx.json)").set_input_files(f"{model}.json")
    page.get_by_role("button", name="Cài giọng").click()
    page.get_by_text("Đã cài giọng vi_VN-nha-medium.").wait_for(timeout=60_000)
    assert page.locator("#piper-voices").inner_text().strip() == "vi_VN-nha-medium"

    page.get_by_label("Nhà cung cấp").select_option("fptai")
    page.get_by_label("Khóa", exact=True).fill("fpt-secret-key-123")
    page.get_by_role("button", name="Lưu khóa").click()
    page.get_by_text("Đã lưu khóa.").wait_for()
    row = page.locator("#keys tr", has_text="FPT.AI")
    assert "Đã đặt lúc" in row.inner_text()
    assert "fpt-secret-key-123" not in page.content()
