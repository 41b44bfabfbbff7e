"""A piper voice installed from the page's API: a real worker loads it with piper and speaks with it before it is
installed, every host copies it from storage, and the next render speaks with it. Real API and worker processes;
the voice is the tiny real ONNX model the piper tests build."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.storage import get_storage
from tests.conftest import Accounts, Processes
from tests.fakes.piper_voice import make_voice
from tests.service.api.test_voice_tracks import render
from workers.tts.piper_voices import sync_from_storage


@pytest.fixture
def site(processes: Processes, accounts: Accounts, tmp_path: Path) -> str:
    processes.env["BANTIN_PIPER_VOICES_DIR"] = str(tmp_path / "worker-voices")
    processes.env["BANTIN_ENGINES"] = "piper,espeak"
    processes.worker()
    return processes.api()


def voice_files(tmp_path: Path, name: str = "vi_VN-xa-medium") -> tuple[bytes, bytes]:
    model = make_voice(tmp_path / "download", name)
    return model.read_bytes(), Path(f"{model}.json").read_bytes()


def stored() -> list[str]:
    return sorted(key for key, _ in get_storage().listing("piper-voices/"))


def test_an_admin_installs_a_piper_voice_and_the_next_render_speaks_with_it(site: str, accounts: Accounts,
                                                                             tmp_path: Path) -> None:
    admin = accounts.headers("admin")
    model, config = voice_files(tmp_path)
    answer = httpx.post(f"{site}/api/v1/voices/piper", headers=admin, timeout=120, files={
        "model": ("vi_VN-xa-medium.onnx", model, "application/octet-stream"),
        "config": ("vi_VN-xa-medium.onnx.json", config, "application/json")})
    assert answer.status_code == 201, answer.text
    assert answer.json()["name"] == "vi_VN-xa-medium" and answer.json()["check_seconds"] > 0
    assert httpx.get(f"{site}/api/v1/voices/piper", headers=accounts.headers("editor")).json() == [
        {"name": "vi_VN-xa-medium", "check_seconds": None}]
    # In shared storage, nothing left of the upload; in the worker's folder; and another host copies it.
    assert stored() == ["piper-voices/vi_VN-xa-medium.onnx", "piper-voices/vi_VN-xa-medium.onnx.json"]
    assert (tmp_path / "worker-voices" / "vi_VN-xa-medium.onnx").read_bytes() == model
    other_host = tmp_path / "other-host"
    assert sync_from_storage(other_host, get_storage()) == ["vi_VN-xa-medium"]
    assert (other_host / "vi_VN-xa-medium.onnx.json").read_bytes() == config
    assert sync_from_storage(other_host, get_storage()) == []  # already there

    article = httpx.post(f"{site}/api/v1/articles", headers=admin, json={
        "text": "Thông báo tiêm phòng\n\nSáng mai xã tổ chức tiêm phòng cho đàn gia súc tại nhà văn hóa thôn Đông."})
    job = render(site, article.json()["id"], admin)["job"]
    assert set(job["engines"]) == {"piper"}, job

    again = httpx.post(f"{site}/api/v1/voices/piper", headers=admin, timeout=120, files={
        "model": ("vi_VN-xa-medium.onnx", model, "application/octet-stream"),
        "config": ("vi_VN-xa-medium.onnx.json", config, "application/json")})
    assert again.status_code == 422 and "Đã có giọng tên" in again.json()["detail"]
    replaced = httpx.post(f"{site}/api/v1/voices/piper", headers=admin, timeout=120, data={"replace": "1"}, files={
        "model": ("vi_VN-xa-medium.onnx", model, "application/octet-stream"),
        "config": ("vi_VN-xa-medium.onnx.json", config, "application/json")})
    assert replaced.status_code == 201, replaced.text


@pytest.mark.parametrize(("files", "data", "says"), [
    ({"model": ("x.onnx", b"not an onnx model at all", "application/octet-stream"),
      "config": ("x.onnx.json", b'{"audio": {"sample_rate": 22050}}', "application/json")}, {},
     "Không cài được giọng này: x.onnx: piper cannot load"),
    ({"model": ("x.onnx", b"\x08\x01", "application/octet-stream")}, {}, "Cần cả hai tệp"),
    ({"model": ("x.onnx", b"", "application/octet-stream"), "config": ("x.onnx.json", b"{}", "application/json")},
     {}, "Cần cả hai tệp"),
    ({"model": ("x.onnx", b"\x08\x01", "application/octet-stream"), "config": ("x.onnx.json", b"{}", "text/plain")},
     {"name": "../../etc/passwd"}, "Tên giọng không hợp lệ"),
])
def test_what_is_not_a_working_voice_is_refused_and_nothing_is_installed(site: str, accounts: Accounts,
                                                                         tmp_path: Path, files: dict[str, tuple],
                                                                         data: dict[str, str], says: str) -> None:
    answer = httpx.post(f"{site}/api/v1/voices/piper", headers=accounts.headers("admin"), timeout=120, files=files,
                        data=data)
    assert answer.status_code == 422, answer.text
    assert says in answer.json()["detail"]
    assert stored() == []
    assert not list((tmp_path / "worker-voices").glob("*.onnx"))
