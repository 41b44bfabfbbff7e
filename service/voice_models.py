"""A station's piper voices installed from the page or the API: the model and its config are checked by a worker
(it loads them with piper and speaks a sentence; the API never runs piper), then kept in shared storage under
`piper-voices/NAME.onnx` and `NAME.onnx.json`, from where every worker host copies them into its own voices
folder. `bantin voices add` installs into one host's folder directly."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service import worker_answer
from service.errors import Invalid
from service.models import new_id
from service.queue import INSTALL_PIPER_VOICE, enqueue
from service.storage import Storage, delete_stale

PREFIX = "piper-voices/"
INCOMING = PREFIX + "incoming/"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
ORPHAN_AFTER_S = 3600.0  # an upload waits minutes at most (BANTIN_VOICE_MODEL_WAIT_S)


StillChecking = worker_answer.StillChecking


@dataclass(frozen=True)
class Installed:
    name: str
    seconds: float  # how long the check sentence lasted in this voice


def name_for(requested: str | None, filename: str | None) -> str:
    """The voice's name: as asked, or the model file's own name without `.onnx`."""
    name = (requested or "").strip() or (filename or "").rsplit("/", 1)[-1].removesuffix(".onnx")
    if not NAME.fullmatch(name):
        raise Invalid(f"Tên giọng không hợp lệ: {name!r} — chỉ chữ không dấu, số, '.', '_' và '-' "
                      "(a voice name is letters, digits, '.', '_' and '-').")
    return name


def installed(storage: Storage) -> list[str]:
    """Names of the voices installed through the page or the API (both files present)."""
    keys = {key for key, _ in storage.listing(PREFIX) if not key.startswith(INCOMING)}
    return sorted(key.removeprefix(PREFIX).removesuffix(".onnx") for key in keys
                  if key.endswith(".onnx") and f"{key}.json" in keys)


def submit(storage: Storage, model: bytes, config: bytes, *, name: str, replace: bool, wait_s: float) -> Installed:
    """Leave both files for a worker, which installs the voice only if piper loads it and speaks with it;
    raises Invalid (422) with the worker's reason when it is refused, StillChecking when no worker answered."""
    if not model or not config:
        raise Invalid("Cần cả hai tệp của giọng piper: TÊN.onnx và TÊN.onnx.json "
                      "(a piper voice is two files: NAME.onnx and NAME.onnx.json).")
    if not replace and name in installed(storage):
        raise Invalid(f"Đã có giọng tên {name!r}; chọn “thay thế” để thay (a voice named {name!r} is installed).")
    key = INCOMING + new_id()
    storage.put_bytes(f"{key}.onnx.json", config)
    storage.put_bytes(f"{key}.onnx", model)
    enqueue(INSTALL_PIPER_VOICE, key, name)
    still = StillChecking("Chưa thử xong giọng đọc, xin gửi lại sau ít phút (no worker tried the voice in time).")
    answer = worker_answer.wait(storage, f"{key}.answer.json", wait_s=wait_s,
                                uploads=[f"{key}.onnx", f"{key}.onnx.json"], still=still)
    if answer.get("error"):
        raise Invalid(f"Không cài được giọng này: {answer['error']}")
    return Installed(str(answer["name"]), float(answer["seconds"]))


def sweep(storage: Storage, *, now: float | None = None) -> int:
    """Remove uploads and answers left behind when the API stopped waiting; how many files."""
    return delete_stale(storage, INCOMING, older_than_s=ORPHAN_AFTER_S, now=now)
