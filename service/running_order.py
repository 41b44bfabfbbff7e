"""The running order of a programme (what the template says: intro, ident over a bed, the date greeting,
articles with stingers between them, closing words, outro; the pauses; the texts spoken by the station):
the house one shipped in audio_templates/, and a station's own jingles over it. Resolved once per job and
passed down, so the audio pipeline never touches the database.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from service.settings import Settings
from service.storage import Storage


@dataclass(frozen=True)
class RunningOrder:
    folder: Path
    files: dict[str, str]
    pauses: dict[str, float]
    programme: list[str]
    preview: list[str]
    between_articles: str
    texts: dict[str, str]
    bed_lead_s: float
    bed_tail_s: float

    def file(self, name: str) -> Path:
        return self.folder / self.files[name]


def load(folder: Path) -> RunningOrder:
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    return RunningOrder(
        folder=folder, files=dict(manifest["files"]), pauses=dict(manifest["pauses"]),
        programme=list(manifest["programme"]["order"]), preview=list(manifest["preview"]["order"]),
        between_articles=manifest["programme"].get("between_articles", ""), texts=dict(manifest["texts"]),
        bed_lead_s=float(manifest["bed"]["lead_s"]), bed_tail_s=float(manifest["bed"]["tail_s"]),
    )


def for_station(settings: Settings, storage: Storage) -> RunningOrder:
    """The house running order, with the jingles of the station's template (`settings.template`) where it has
    uploaded ready ones."""
    house = load(settings.templates_dir)
    if settings.template == "house":
        return house
    from service.db import session_scope
    from service.station_templates import ready_files

    with session_scope() as session:
        ready = ready_files(session, settings.template)
        own = {kind: str(storage.local_path(row.audio_key)) for kind, row in ready.items() if row.audio_key}
    if not own:
        return house
    files = {**{k: str(house.file(k)) for k in house.files}, **own}
    return replace(house, files=files)
