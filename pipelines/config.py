"""Settings read from the environment, with the project's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    """Where things live. Every field can be set by an environment variable."""

    raw_dir: Path
    warehouse: Path
    exports_dir: Path
    manifest: Path
    max_article_bytes: int
    lock_timeout_s: float

    @classmethod
    def from_env(cls) -> Settings:
        warehouse = _path("DX_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse" / "dx.duckdb")
        raw_dir = _path("DX_RAW_DIR", PROJECT_ROOT / "data" / "raw")
        return cls(
            raw_dir=raw_dir,
            warehouse=warehouse,
            exports_dir=_path("DX_EXPORTS_DIR", warehouse.parent / "exports"),
            manifest=_path("DX_MANIFEST", raw_dir / "manifest.csv"),
            max_article_bytes=int(os.environ.get("DX_MAX_ARTICLE_BYTES", 5 * 1024 * 1024)),
            lock_timeout_s=float(os.environ.get("DX_LOCK_TIMEOUT", 600)),
        )


def settings() -> Settings:
    return Settings.from_env()
