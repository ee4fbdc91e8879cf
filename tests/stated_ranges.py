"""The interval columns of an observation row, for warehouses that tests build by inserting rows directly.

Read the way the extraction core reads them: ``decimals`` and ``scale`` from the number grammar's mention
of the quoted text whose value is the row's, ``value_low``/``value_high`` from the qualifier table
(:mod:`pipelines.core.qualifiers`).
"""

from __future__ import annotations

from pipelines.core.mentions import find_mentions
from pipelines.core.qualifiers import QualifierTable, read_qualifiers

_QUALIFIERS = QualifierTable(read_qualifiers())


def stated_precision(quoted: str, value: float) -> tuple[int | None, float | None]:
    """(decimals, scale) of the number in ``quoted`` that reads as ``value``; (None, None) if none."""
    for m in find_mentions(quoted):
        if m.value is not None and m.decimals is not None \
                and abs(m.value - abs(value)) <= 1e-9 * max(abs(value), 1):
            return m.decimals, m.scale
    return None, None


def range_columns(quoted: str, value: float, qualifier: str, unit: str) -> dict:
    """The observation columns ``decimals``, ``scale``, ``value_low`` and ``value_high`` for one number."""
    decimals, scale = stated_precision(quoted, value)
    low, high = _QUALIFIERS.interval(value, qualifier, decimals, scale,
                                     whole_count=unit == "count" and decimals == 0 and scale == 1)
    return {"decimals": decimals, "scale": scale, "value_low": low, "value_high": high}
