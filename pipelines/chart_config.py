"""The analyst's choice of what is charted: ``pipelines/catalogue/charts.toml`` (or ``DX_CHARTS_CONFIG``).

``[headline]`` names the headline's metric, place and pair of periods; ``[indicators] selected`` lists the
indicators without a catalogue metric that get charts. Every catalogue metric is charted too; nothing else
is, so a corpus with thousands of indicators does not draw thousands of charts. The file is validated on
load: an unknown key, a wrong type or a period id that does not parse is a ``ChartConfigError``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipelines.core import periods

DEFAULT_PATH = Path(__file__).resolve().parent / "catalogue" / "charts.toml"
NATION = "vn"


class ChartConfigError(ValueError):
    """The chart configuration file is not what it should be."""


@dataclass(frozen=True)
class Headline:
    metric_id: str
    place_id: str
    from_period_id: str
    to_period_id: str


@dataclass(frozen=True)
class ChartConfig:
    headline: Headline
    indicators: tuple[str, ...] = ()


def _table(data: dict, name: str, keys: set[str], path: Path) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ChartConfigError(f"{path}: [{name}] must be a table")
    unknown = set(table) - keys
    if unknown:
        raise ChartConfigError(f"{path}: unknown key(s) in [{name}]: {', '.join(sorted(unknown))}; "
                               f"known: {', '.join(sorted(keys))}")
    return table


def _text(table: dict, key: str, section: str, path: Path, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ChartConfigError(f"{path}: [{section}] {key} must be a non-empty string, not {value!r}")
    return value.strip()


def parse_config(data: dict, path: Path = DEFAULT_PATH) -> ChartConfig:
    """A ``ChartConfig`` from the parsed TOML ``data`` (``path`` only names the file in errors)."""
    unknown = set(data) - {"headline", "indicators"}
    if unknown:
        raise ChartConfigError(f"{path}: unknown section(s): {', '.join(sorted(unknown))}")
    head = _table(data, "headline", {"metric_id", "place_id", "periods"}, path)
    pair = head.get("periods")
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
        raise ChartConfigError(f"{path}: [headline] periods must be two period ids, not {pair!r}")
    for period_id in pair:
        try:
            periods.parse_id(period_id)
        except ValueError as e:
            raise ChartConfigError(f"{path}: [headline] periods: {period_id!r} is not a period id ({e})") from e
    if pair[0] == pair[1]:
        raise ChartConfigError(f"{path}: [headline] periods must be two different periods")
    headline = Headline(_text(head, "metric_id", "headline", path), _text(head, "place_id", "headline", path, NATION),
                        pair[0], pair[1])
    selected = _table(data, "indicators", {"selected"}, path).get("selected", [])
    if not (isinstance(selected, list) and all(isinstance(i, str) and i.strip() for i in selected)):
        raise ChartConfigError(f"{path}: [indicators] selected must be a list of indicator ids")
    return ChartConfig(headline, tuple(dict.fromkeys(i.strip() for i in selected)))


def config_path() -> Path:
    return Path(os.environ["DX_CHARTS_CONFIG"]) if os.environ.get("DX_CHARTS_CONFIG") else DEFAULT_PATH


def load_config(path: Path | None = None) -> ChartConfig:
    """Read and validate the chart configuration (``path``, else ``DX_CHARTS_CONFIG``, else the default)."""
    path = path or config_path()
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ChartConfigError(f"{path}: not valid TOML ({e})") from e
    return parse_config(data, path)
