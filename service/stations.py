"""A station's own settings: its name, running order and voices over the installation's defaults."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.models import Station
from service.settings import Settings


def settings_for(session: Session, settings: Settings, station_id: str | None) -> Settings:
    """The settings with the station's own name, template and voice set."""
    station = session.get(Station, station_id) if station_id else None
    if station is None:
        return settings
    return settings.model_copy(update={"station_name": station.name, "template": station.template,
                                       "voice_set": station.voice_set})
