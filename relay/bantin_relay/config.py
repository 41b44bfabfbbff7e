"""The box's settings (`config.json`) and its token (`token`, readable by its user only), in one folder."""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict, dataclass
from pathlib import Path

from bantin_relay import store

CONFIG = "config.json"
TOKEN = "token"
EMERGENCY_MODES = ("interrupt", "precede")


@dataclass
class Config:
    server: str
    dir: str
    player: str = "mpg123 -q {file}"  # any command that plays a file; {file} is the path (else appended)
    keep_days: float = 2.0  # a programme stays this long after its air time
    quota_mb: float = 500.0  # and all of them within this much disk
    poll_s: float = 30.0  # how often `play` asks for news (an emergency bulletin arrives within this)
    late_s: float = 900.0  # a programme found later than this after its air time is not played any more
    emergency: str = "interrupt"  # interrupt what plays, or precede the next programme
    timeout_s: float = 30.0  # one network read

    @property
    def folder(self) -> Path:
        return Path(self.dir)

    @property
    def programmes(self) -> Path:
        return self.folder / "programmes"

    @property
    def quota_bytes(self) -> int:
        return int(self.quota_mb * 1_000_000)

    def player_argv(self, path: Path) -> list[str]:
        argv = shlex.split(self.player)
        if any("{file}" in a for a in argv):
            return [a.replace("{file}", str(path)) for a in argv]
        return [*argv, str(path)]


def save(config: Config, token: str) -> None:
    folder = config.folder
    folder.mkdir(parents=True, exist_ok=True)
    config.programmes.mkdir(exist_ok=True)
    store.write_bytes(folder / TOKEN, (token.strip() + "\n").encode(), mode=0o600)
    store.write_json(folder / CONFIG, asdict(config))


def load(folder: Path) -> Config:
    try:
        raw = json.loads((folder / CONFIG).read_text("utf-8"))
    except OSError as exc:
        raise SystemExit(f"bantin-relay: no configuration in {folder} (run `bantin-relay init`): {exc}") from exc
    known = {k: raw[k] for k in Config.__dataclass_fields__ if k in raw}
    return Config(**known)


def token(config: Config) -> str:
    return (config.folder / TOKEN).read_text("ascii").strip()
