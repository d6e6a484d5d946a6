"""What datatrip remembers between runs: language, theme, the last trip file.

A small JSON file in the platform's config folder. Never holds a secret: the portal token comes
from the environment or the OS keyring only. It does hold the portal URLs the facilitator confirmed
on this laptop: a token is only sent to one of those (see ``workshop_data.portal.trust``), never to
a URL that merely arrived inside a trip file.
"""

from __future__ import annotations

import json
import locale
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "datatrip"


def config_dir() -> Path:
    return Path(os.environ.get("DATATRIP_CONFIG_DIR") or user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get("DATATRIP_DATA_DIR") or user_data_dir(APP_NAME))


def default_trip_path() -> Path:
    return data_dir() / "trip.db"


def default_demo_path() -> Path:
    return data_dir() / "demo.db"


def _system_language() -> str:
    value = os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "nl" if value.lower().startswith("nl") else "en"


@dataclass
class Settings:
    language: str = ""
    theme: str = ""
    last_trip: str = ""
    # Seconds without a key before a ballot on the laptop is put away as that voter's draft.
    ballot_idle: str = "60"
    # Where the room's voting page is served: this laptop's LAN address and port 8765 when empty.
    room_host: str = ""
    room_port: str = ""
    portals: list[str] = field(default_factory=list)  # portal URLs confirmed on this laptop

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads((config_dir() / "settings.json").read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})
        portals = data.get("portals") if isinstance(data, dict) else None
        if isinstance(portals, list):
            settings.portals = [url for url in portals if isinstance(url, str)]
        if settings.language not in ("nl", "en"):
            settings.language = _system_language()
        return settings

    def confirm_portal(self, url: str) -> None:
        """Remember that the facilitator chose ``url`` on this laptop."""
        from workshop_data.portal.trust import same_portal

        if url and not any(same_portal(url, known) for known in self.portals):
            self.portals.append(url)
            self.save()

    def save(self) -> None:
        """Write atomically: a crash mid-write must not leave a half file behind."""
        folder = config_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / "settings.json.tmp"
            temporary.write_text(json.dumps(asdict(self), indent=2), "utf-8")
            os.replace(temporary, folder / "settings.json")
        except OSError:
            pass  # settings are a convenience; failing to save them must not stop the work
