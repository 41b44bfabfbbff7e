"""The nginx configuration for serving programme audio beside the API (X-Accel-Redirect)."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "data" / "nginx.conf"
ACCEL_PREFIX = "/_bantin_audio"


def nginx_config(*, listen: str, api: str, audio_dir: Path, run_dir: Path, extra: str = "", main: str = "") -> str:
    """The shipped template with this deployment's addresses and folders filled in; `main` and `extra` add
    directives to the main and http contexts (nginx's workers must be able to read the audio folder)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"LISTEN": listen, "API": api, "AUDIO_DIR": str(audio_dir.resolve()),
                        "RUN_DIR": str(run_dir.resolve()), "EXTRA": extra, "MAIN": main}.items():
        text = text.replace(f"@{name}@", value)
    return text
