"""Settings read from the environment and the machine, in one place (composition roots only)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "heart-to-heart"


def default_store_url() -> str:
    return os.environ.get("HEART_TO_HEART_STORE") or f"sqlite:///{data_dir() / 'chat.db'}"


def local_zone_name() -> str:
    """This machine's IANA zone: $TZ, then /etc/localtime's link target, then UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name and _valid(name):
        return name
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        marker = "zoneinfo/"
        if marker in target:
            candidate = target.split(marker, 1)[1]
            if _valid(candidate):
                return candidate
    return "UTC"


def _valid(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def parse_when(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601; without an offset it is read in `zone`."""
    when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=zone)
