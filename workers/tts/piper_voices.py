"""Installing a station's piper voice: NAME.onnx and its NAME.onnx.json go into the voices folder only after
piper has loaded them and spoken a Vietnamese sentence with them; a file that is not a working voice is refused
with the reason, and nothing is copied."""

from __future__ import annotations

import array
import math
import shutil
import tempfile
from pathlib import Path

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
    folder.mkdir(parents=True, exist_ok=True)
    # Copied beside the target under temporary names, then renamed: a worker never sees half a voice.
    with tempfile.TemporaryDirectory(dir=folder, prefix=".installing-") as tmp:
        shutil.copyfile(model, Path(tmp) / target.name)
        shutil.copyfile(_config_of(model), Path(tmp) / f"{target.name}.json")
        (Path(tmp) / f"{target.name}.json").replace(_config_of(target))
        (Path(tmp) / target.name).replace(target)
    return name
