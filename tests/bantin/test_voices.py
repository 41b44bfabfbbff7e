"""`bantin voices add`: a piper voice is installed only after piper has loaded it and spoken with it (a tiny
real voice built by the test); anything else is refused with the reason and nothing is copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.bantin.test_cli import bantin
from tests.fakes.piper_voice import make_voice


@pytest.fixture
def env(settings_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "BANTIN_PIPER_VOICES_DIR": str(tmp_path / "installed")}


def installed(env: dict[str, str]) -> list[str]:
    folder = Path(env["BANTIN_PIPER_VOICES_DIR"])
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_working_voice_is_installed_and_listed(env: dict[str, str], tmp_path: Path) -> None:
    model = make_voice(tmp_path / "download", "vi_VN-tiny-medium")
    result = bantin("voices", "add", str(model), env=env)
    assert result.returncode == 0, result.stderr
    assert "installed piper voice 'vi_VN-tiny-medium'" in result.stdout
    assert installed(env) == ["vi_VN-tiny-medium.onnx", "vi_VN-tiny-medium.onnx.json"]
    assert (Path(env["BANTIN_PIPER_VOICES_DIR"]) / "vi_VN-tiny-medium.onnx").read_bytes() == model.read_bytes()
    engines = bantin("engines", env=env).stdout
    piper = engines.split("piper", 1)[1].split("\n", 2)
    assert piper[0].split()[0] == "available" and "vi_VN-tiny-medium" in piper[1], engines
    # The same name again: refused unless asked to replace.
    again = bantin("voices", "add", str(model), env=env)
    assert again.returncode == 2 and "installed already" in again.stderr
    assert bantin("voices", "add", str(model), "--replace", env=env).returncode == 0
    assert bantin("voices", "add", str(model), "--name", "giong-nam", env=env).returncode == 0
    assert "giong-nam.onnx" in installed(env)


def _garbage_model(folder: Path) -> Path:
    good = make_voice(folder / "good")
    bad = folder / "garbage.onnx"
    bad.write_bytes(b"this is not an onnx model" * 100)
    shutil.copyfile(f"{good}.json", f"{bad}.json")
    return bad


def _no_config(folder: Path) -> Path:
    model = make_voice(folder / "noconfig")
    Path(f"{model}.json").unlink()
    return model


def _broken_config(folder: Path) -> Path:
    model = make_voice(folder / "brokenconfig")
    Path(f"{model}.json").write_text("{not json", encoding="utf-8")
    return model


def _not_onnx(folder: Path) -> Path:
    text = folder / "voice.txt"
    text.write_text("hello")
    return text


@pytest.mark.parametrize(("case", "make", "says"), [
    ("not an .onnx file", _not_onnx, "not an .onnx file"),
    ("the config is missing", _no_config, "config vi_VN-test-tiny.onnx.json is missing"),
    ("garbage instead of a model", _garbage_model, "piper cannot load or speak with it"),
    ("a config that is not JSON", _broken_config, "piper cannot load or speak with it"),
])
def test_what_is_not_a_working_voice_is_refused_and_nothing_copied(case: str, make, says: str,  # type: ignore[no-untyped-def]
                                                                   env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    result = bantin("voices", "add", str(make(folder)), env=env)
    assert result.returncode == 2, (case, result.stdout)
    assert says in result.stderr, (case, result.stderr)
    assert installed(env) == [], case
