"""Settings read from the environment, with the project's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(UserError):
    """An environment variable holds a value the pipeline cannot use."""


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else default


def _number(var: str, default: float, kind: type, what: str, low: float | None = None,
            high: float | None = None) -> float:
    value = os.environ.get(var)
    if value is None or not value.strip():
        return default
    try:
        number = kind(value.strip())
    except ValueError:
        raise ConfigError(f"{var}={value!r} is not {what}: fix or unset it") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ConfigError(f"{var}={value!r} is out of range, it must be {what}: fix or unset it")
    return number


CHART_FORMATS = ("png", "svg")


def _formats(var: str, default: tuple[str, ...], allowed: tuple[str, ...]) -> tuple[str, ...]:
    value = os.environ.get(var)
    if value is None or not value.strip():
        return default
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    if not chosen or any(f not in allowed for f in chosen) or "png" not in chosen:
        raise ConfigError(f"{var}={value!r} must list png and optionally svg (png or png,svg): fix or unset it")
    return chosen


@dataclass(frozen=True)
class Settings:
    """Where things live and how careful a run is. Every field can be set by an environment variable."""

    raw_dir: Path
    warehouse: Path
    exports_dir: Path
    manifest: Path
    max_article_bytes: int
    lock_timeout_s: float
    max_removed_share: float
    allow_removals: bool
    chart_formats: tuple[str, ...] = ("png",)

    @classmethod
    def from_env(cls) -> Settings:
        warehouse = _path("DX_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse" / "dx.duckdb")
        raw_dir = _path("DX_RAW_DIR", PROJECT_ROOT / "data" / "raw")
        return cls(
            raw_dir=raw_dir,
            warehouse=warehouse,
            exports_dir=_path("DX_EXPORTS_DIR", warehouse.parent / "exports"),
            manifest=_path("DX_MANIFEST", raw_dir / "manifest.csv"),
            max_article_bytes=_number("DX_MAX_ARTICLE_BYTES", 5 * 1024 * 1024, int,
                                      "a whole number of bytes (5242880 for 5 MB)", low=1),
            lock_timeout_s=_number("DX_LOCK_TIMEOUT", 600.0, float, "a number of seconds", low=0),
            max_removed_share=_number("DX_MAX_REMOVED_SHARE", 0.5, float, "a share between 0 and 1 (0.5)",
                                      low=0, high=1),
            allow_removals=os.environ.get("DX_ALLOW_REMOVALS", "").strip().lower() in {"1", "true", "yes"},
            chart_formats=_formats("DX_CHART_FORMATS", ("png",), CHART_FORMATS),
        )


def settings() -> Settings:
    return Settings.from_env()
