"""The configuration of one kiosk (``config/kiosk.yaml``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kiosk import paths
from kiosk.errors import ConfigError

KEYS = {"kiosk_id", "location", "content", "languages", "screen", "fullscreen", "group", "district", "feed",
        "coordinates", "session", "fleet", "admin"}
FEED_KEYS = {"url", "trust", "data", "interval"}
FLEET_KEYS = {"url", "token", "interval"}
ADMIN_KEYS = {"pin_hash", "attempts", "lock_seconds"}
SCREEN_KEYS = {"width_px", "height_px", "diagonal_inch", "bottom_mm"}
REACH_MM = (380.0, 1220.0)  # where a seated person can reach (EN 301 549 / DIN 18040)


@dataclass(frozen=True)
class Screen:
    width_px: int = 1080
    height_px: int = 1920
    diagonal_inch: float = 55.0
    bottom_mm: float = 700.0  # height of the screen's lower edge above the floor

    def height_mm(self) -> float:
        return self.diagonal_inch * 25.4 * self.height_px / math.hypot(self.width_px, self.height_px)

    def unreachable_top_mm(self) -> float:
        """How much of the screen's top is above what a seated person can reach."""
        return max(0.0, self.bottom_mm + self.height_mm() - REACH_MM[1])

    def px_per_mm(self, width_px: int | None = None, height_px: int | None = None) -> float:
        """Pixels per millimetre when the whole physical screen shows ``width_px x height_px``."""
        width = width_px or self.width_px
        height = height_px or self.height_px
        return math.hypot(width, height) / (self.diagonal_inch * 25.4)


@dataclass(frozen=True)
class FeedConfig:
    """Where a kiosk gets its content: the feed's URL, the root it trusts, its data directory."""

    url: str = ""
    trust: Path | None = None
    data: Path = paths.ROOT / "data"
    interval: float = 60.0  # seconds between polls (with jitter; longer after failures)


@dataclass(frozen=True)
class FleetConfig:
    """Where heartbeats go: the central server's URL and this kiosk's own token."""

    url: str = ""
    token: str = field(default="", repr=False)
    interval: float = 300.0  # seconds between heartbeats


@dataclass(frozen=True)
class AdminConfig:
    """The hidden admin panel: a salted PIN hash (kiosk.admin.hash_pin), never the PIN itself."""

    pin_hash: str = field(default="", repr=False)
    attempts: int = 3  # wrong PINs in a row before the entry locks
    lock_seconds: float = 300.0


@dataclass(frozen=True)
class KioskConfig:
    kiosk_id: str = "demo"
    location: str = ""
    content: Path = paths.CONTENT
    languages: tuple[str, ...] = ()
    screen: Screen = field(default_factory=Screen)
    fullscreen: bool = True
    group: str = ""
    district: str = ""
    coordinates: tuple[float, float] | None = None  # the kiosk's lat, lon: "near this kiosk"
    idle_seconds: float = 60.0  # no touch this long: ask "still there?"
    countdown_seconds: float = 20.0  # then start over after this countdown
    feed: FeedConfig = field(default_factory=FeedConfig)
    fleet: FleetConfig = field(default_factory=FleetConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    source: Path | None = None


def load_config(path: Path | None = None) -> KioskConfig:
    """Read a config file; ``None`` reads ``config/kiosk.yaml``. Raises ConfigError naming the file."""
    path = path or paths.CONFIG / "kiosk.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ConfigError(f"cannot read config: {error.strerror or error} [{path}]") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"invalid YAML in config [{where}]") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"config must be a mapping of keys to values [{path}]")
    unknown = set(raw) - KEYS
    if unknown:
        raise ConfigError(f"unknown config key(s) {', '.join(sorted(unknown))} [{path}]")
    screen_raw = raw.get("screen") or {}
    if not isinstance(screen_raw, dict) or set(screen_raw) - SCREEN_KEYS:
        raise ConfigError(f"screen must have only {', '.join(sorted(SCREEN_KEYS))} [{path}]")
    try:
        screen = Screen(
            width_px=int(screen_raw.get("width_px", 1080)),
            height_px=int(screen_raw.get("height_px", 1920)),
            diagonal_inch=float(screen_raw.get("diagonal_inch", 55)),
            bottom_mm=float(screen_raw.get("bottom_mm", 700)),
        )
    except (TypeError, ValueError):
        raise ConfigError(f"screen sizes must be numbers [{path}]") from None
    if screen.width_px <= 0 or screen.height_px <= 0 or screen.diagonal_inch <= 0:
        raise ConfigError(f"screen sizes must be positive [{path}]")
    content = Path(raw.get("content") or paths.CONTENT)
    if not content.is_absolute():
        content = paths.ROOT / content
    languages = raw.get("languages") or []
    if not isinstance(languages, list) or not all(isinstance(lang, str) for lang in languages):
        raise ConfigError(f"languages must be a list of language codes [{path}]")
    feed_raw = raw.get("feed") or {}
    if not isinstance(feed_raw, dict) or set(feed_raw) - FEED_KEYS:
        raise ConfigError(f"feed must have only {', '.join(sorted(FEED_KEYS))} [{path}]")
    try:
        interval = float(feed_raw.get("interval", 60))
    except (TypeError, ValueError):
        raise ConfigError(f"feed interval must be a number of seconds [{path}]") from None
    if interval < 5:
        raise ConfigError(f"feed interval must be at least 5 seconds [{path}]")
    feed = FeedConfig(
        url=str(feed_raw.get("url") or ""),
        trust=_resolve(feed_raw["trust"]) if feed_raw.get("trust") else None,
        data=_resolve(feed_raw.get("data") or "data"),
        interval=interval,
    )
    coordinates = raw.get("coordinates")
    if coordinates is not None:
        try:
            lat, lon = (float(coordinates["lat"]), float(coordinates["lon"]))
        except (TypeError, KeyError, ValueError):
            raise ConfigError(f"coordinates must be {{lat: ..., lon: ...}} [{path}]") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ConfigError(f"coordinates out of range [{path}]")
        coordinates = (lat, lon)
    session = raw.get("session") or {}
    try:
        idle_seconds = float(session.get("idle_seconds", 60))
        countdown_seconds = float(session.get("countdown_seconds", 20))
    except (AttributeError, TypeError, ValueError):
        raise ConfigError(f"session must have idle_seconds and countdown_seconds as numbers [{path}]") from None
    if idle_seconds < 5 or countdown_seconds < 3:
        raise ConfigError(f"session times are too short to read the question [{path}]")
    fleet_raw = raw.get("fleet") or {}
    if not isinstance(fleet_raw, dict) or set(fleet_raw) - FLEET_KEYS:
        raise ConfigError(f"fleet must have only {', '.join(sorted(FLEET_KEYS))} [{path}]")
    try:
        fleet = FleetConfig(str(fleet_raw.get("url") or ""), str(fleet_raw.get("token") or ""),
                            float(fleet_raw.get("interval", 300)))  # fmt: skip
    except (TypeError, ValueError):
        raise ConfigError(f"fleet interval must be a number of seconds [{path}]") from None
    if fleet.interval < 10:
        raise ConfigError(f"fleet interval must be at least 10 seconds [{path}]")
    if fleet.url and not fleet.token:
        raise ConfigError(f"fleet needs this kiosk's token to send heartbeats [{path}]")
    admin_raw = raw.get("admin") or {}
    if not isinstance(admin_raw, dict) or set(admin_raw) - ADMIN_KEYS:
        raise ConfigError(f"admin must have only {', '.join(sorted(ADMIN_KEYS))} [{path}]")
    try:
        admin = AdminConfig(str(admin_raw.get("pin_hash") or ""), int(admin_raw.get("attempts", 3)),
                            float(admin_raw.get("lock_seconds", 300)))  # fmt: skip
    except (TypeError, ValueError):
        raise ConfigError(f"admin attempts and lock_seconds must be numbers [{path}]") from None
    if admin.attempts < 1 or admin.lock_seconds < 0:
        raise ConfigError(f"admin attempts must be at least 1 and lock_seconds not negative [{path}]")
    if admin.pin_hash and not admin.pin_hash.startswith("scrypt$"):
        raise ConfigError(f"admin pin_hash must come from 'kiosk hash-pin', not be a PIN [{path}]")
    return KioskConfig(
        kiosk_id=str(raw.get("kiosk_id") or "demo"),
        location=str(raw.get("location") or ""),
        content=content,
        languages=tuple(languages),
        screen=screen,
        fullscreen=bool(raw.get("fullscreen", True)),
        group=str(raw.get("group") or ""),
        district=str(raw.get("district") or ""),
        coordinates=coordinates,
        idle_seconds=idle_seconds,
        countdown_seconds=countdown_seconds,
        feed=feed,
        fleet=fleet,
        admin=admin,
        source=path,
    )


def _resolve(value) -> Path:
    path = Path(str(value))
    return path if path.is_absolute() else paths.ROOT / path
