"""Installing a station's piper voice: NAME.onnx and its NAME.onnx.json go into the voices folder only after
piper has loaded them and spoken a Vietnamese sentence with them; a file that is not a working voice is refused
with the reason, and nothing is copied."""

from __future__ import annotations

import array
import json
import math
import os
import shutil
import tempfile
from pathlib import Path

from service.settings import Settings, get_settings
from service.storage import Storage, get_storage
from service.voice_models import PREFIX as STORED
from workers.tts.base import EngineError

CHECK_TEXT = "Xin chào bà con, đây là bản tin thử giọng đọc."
MAX_BYTES = 300 * 1024 * 1024  # the largest piper voices ("high") are about 120 MB


class VoiceRefused(EngineError):
    """The file is not a piper voice this installation can speak with; the message says why."""


def _config_of(model: Path) -> Path:
    return Path(f"{model}.json")


def check(model: Path) -> float:
    """Load the voice with piper and speak the check sentence; its length in seconds. Refuses with the reason."""
    if model.suffix != ".onnx" or not model.is_file():
        raise VoiceRefused(f"{model}: not an .onnx file (a piper voice is NAME.onnx with NAME.onnx.json beside it)")
    if not _config_of(model).is_file():
        raise VoiceRefused(f"{model}: its config {_config_of(model).name} is missing (download both files)")
    if model.stat().st_size > MAX_BYTES:
        raise VoiceRefused(f"{model}: larger than {MAX_BYTES // 2**20} MB, not a piper voice")
    try:
        from piper import PiperVoice
    except ImportError as exc:
        raise VoiceRefused("piper is not installed here: pip install 'bantin[piper]'") from exc
    try:
        voice = PiperVoice.load(model)
        chunks = list(voice.synthesize(CHECK_TEXT))
    except Exception as exc:  # onnxruntime, the JSON reader and the phonemizer raise many kinds
        raise VoiceRefused(f"{model}: piper cannot load or speak with it: {type(exc).__name__}: {exc}") from exc
    samples = array.array("h", b"".join(c.audio_int16_bytes for c in chunks))
    if not samples:
        raise VoiceRefused(f"{model}: piper loaded it but it spoke no audio")
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768
    if rms < 1e-4:  # about -80 dBFS: silence
        raise VoiceRefused(f"{model}: piper loaded it but it spoke only silence")
    return len(samples) / chunks[0].sample_rate


def install(model: Path, folder: Path, *, name: str | None = None, replace: bool = False) -> str:
    """Check the voice, then copy both files into `folder` as NAME (the file's own name by default); the name."""
    name = name or model.name.removesuffix(".onnx")
    if not name or "/" in name or name.startswith("."):
        raise VoiceRefused(f"{name!r} is not a usable voice name")
    target = folder / f"{name}.onnx"
    if target.exists() and not replace:
        raise VoiceRefused(f"a voice named {name!r} is installed already (replace it with --replace)")
    check(model)
    _copy_in(model, target)
    return name


def _copy_in(model: Path, target: Path) -> None:
    """A checked voice into its folder, copied beside the target under temporary names and then renamed: a
    worker never sees half a voice."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".installing-") as tmp:
        shutil.copyfile(model, Path(tmp) / target.name)
        shutil.copyfile(_config_of(model), Path(tmp) / f"{target.name}.json")
        (Path(tmp) / f"{target.name}.json").replace(_config_of(target))
        (Path(tmp) / target.name).replace(target)


def install_upload(key: str, name: str, *, settings: Settings | None = None) -> None:
    """Install the voice uploaded at `KEY.onnx` and `KEY.onnx.json` (the page or the API) into this host's folder
    and into shared storage, and leave the answer at `KEY.answer.json`: the name and the check sentence's length,
    or why the voice is refused (then nothing is installed)."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    if not storage.exists(f"{key}.onnx"):
        return  # the API stopped waiting and removed it: nobody wants the answer
    folder = settings.piper_voices_dir
    assert folder is not None
    answer: dict[str, object]
    with tempfile.TemporaryDirectory(prefix="bantin-piper-") as tmp:
        model = Path(tmp) / f"{name}.onnx"
        model.write_bytes(storage.read_bytes(f"{key}.onnx"))
        _config_of(model).write_bytes(storage.read_bytes(f"{key}.onnx.json"))
        try:
            seconds = check(model)  # the API checked the name; piper loads the voice once
            _copy_in(model, folder / f"{name}.onnx")
            # The config first: a model in storage means both are there (service.voice_models.installed).
            storage.put_file(f"{STORED}{name}.onnx.json", _config_of(model))
            storage.put_file(f"{STORED}{name}.onnx", model)
            answer = {"name": name, "seconds": round(seconds, 2)}
        except VoiceRefused as exc:  # the message names the file as uploaded, not this temporary folder
            answer = {"error": str(exc).replace(f"{tmp}/", "")}
    storage.put_bytes(f"{key}.answer.json", json.dumps(answer, ensure_ascii=False).encode("utf-8"))


def sync_from_storage(folder: Path, storage: Storage) -> list[str]:
    """Copy into this host's folder the voices installed through the page on any host (new, or replaced since);
    the names copied."""
    copied = []
    for key, written in storage.listing(STORED):
        if key.startswith(f"{STORED}incoming/") or not key.endswith(".onnx"):
            continue
        name = key.removeprefix(STORED).removesuffix(".onnx")
        target = folder / f"{name}.onnx"
        if target.is_file() and target.stat().st_mtime >= written:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".installing-") as tmp:
            (Path(tmp) / "config").write_bytes(storage.read_bytes(f"{key}.json"))
            (Path(tmp) / "model").write_bytes(storage.read_bytes(key))
            os.utime(Path(tmp) / "model", (written, written))
            (Path(tmp) / "config").replace(_config_of(target))
            (Path(tmp) / "model").replace(target)
        copied.append(name)
    return copied
