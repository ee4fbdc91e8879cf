"""A small JSON manifest beside generated files, naming the input data each file was last written from.

An exporter hashes the data a file shows (``data_hash``) and asks :meth:`OutputManifest.fresh` whether the
file on disk was written from the same data by the same code; only then does it skip writing it. The
code's version (``code_version``: a hash of the modules that draw the files) is part of the manifest, so
a change of drawing code re-renders everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def code_version(*files: Path, extra: str = "") -> str:
    """A hash of the given source files' bytes (and ``extra``, e.g. a library version)."""
    digest = hashlib.sha256(extra.encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def data_hash(data: object) -> str:
    """A hash of ``repr(data)`` (deterministic for strings, numbers, dates, tuples, lists and dataclasses)."""
    return hashlib.sha256(repr(data).encode()).hexdigest()


class OutputManifest:
    """``{name: {"hash": ..., **info}}`` stored as JSON at ``path``, for one code ``version``."""

    def __init__(self, path: Path, version: str):
        self.path = Path(path)
        self.version = version
        self.entries: dict[str, dict] = {}
        self._saved: dict | None = None
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = None
        if isinstance(stored, dict) and stored.get("version") == version:
            self.entries = dict(stored.get("entries") or {})
            self._saved = stored

    def fresh(self, name: str, digest: str, *files: Path) -> dict | None:
        """The stored entry of ``name`` when it was written from ``digest`` and its files exist, else None."""
        entry = self.entries.get(name)
        if entry is None or entry.get("hash") != digest or not all(Path(f).exists() for f in files):
            return None
        return entry

    def record(self, name: str, digest: str, **info) -> None:
        self.entries[name] = {"hash": digest, **info}

    def keep_only(self, names: set[str]) -> None:
        self.entries = {n: e for n, e in self.entries.items() if n in names}

    def save(self) -> None:
        """Write the manifest (atomically), unless it is unchanged on disk."""
        content = {"version": self.version, "entries": self.entries}
        if content == self._saved:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
        self._saved = content
