"""The state of the raw folder, to notice that an article was added, changed or removed.

A folder state maps each watched file (path relative to the raw folder; absolute for a manifest kept
elsewhere) to its size, modification time and a content hash. Reading the state again hashes only the
files whose size or modification time moved, so a sensor ticking over ten thousand articles stays cheap,
and a file that was merely touched does not count as changed. The state travels between sensor ticks as
a JSON cursor, with a counter of the runs requested so far; no Dagster here.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CURSOR_VERSION = 1
HASH_CHARS = 32


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    sha256: str


FolderState = dict[str, FileState]


@dataclass(frozen=True)
class Changes:
    """What differs between two folder states, by file content."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self, limit: int = 5) -> str:
        parts = []
        for label, names in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if names:
                more = f" and {len(names) - limit} more" if len(names) > limit else ""
                shown = ", ".join(names[:limit]) + more
                parts.append(f"{len(names)} {label} ({shown})")
        return "; ".join(parts) or "no change"


@dataclass(frozen=True)
class Cursor:
    """What a sensor keeps between ticks: the folder state it last acted on and how many runs it asked for."""

    state: FolderState
    runs: int = 0

    def encode(self) -> str:
        files = {key: [f.size, f.mtime_ns, f.sha256] for key, f in sorted(self.state.items())}
        return json.dumps({"version": CURSOR_VERSION, "runs": self.runs, "digest": digest(self.state),
                           "files": files}, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor saved by :meth:`encode`; None for no cursor or one this version cannot read."""
        if not text:
            return None
        try:
            data = json.loads(text)
            if data.get("version") != CURSOR_VERSION:
                return None
            state = {key: FileState(int(size), int(mtime), str(sha))
                     for key, (size, mtime, sha) in data["files"].items()}
            return cls(state, int(data["runs"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def watched_files(raw_dir: Path, extra: Iterable[Path] = ()) -> dict[str, Path]:
    """Every file a run reads: the non-hidden files under ``raw_dir`` (manifest included), plus ``extra``."""
    raw_dir = Path(raw_dir)
    found: dict[str, Path] = {}
    if raw_dir.is_dir():
        for path in raw_dir.rglob("*"):
            rel = path.relative_to(raw_dir)
            if not any(part.startswith(".") for part in rel.parts) and path.is_file():
                found[rel.as_posix()] = path
    root = raw_dir.resolve()
    for path in map(Path, extra):
        full = path.resolve()
        if path.is_file():
            found[full.relative_to(root).as_posix() if full.is_relative_to(root) else full.as_posix()] = path
    return found


def read_state(raw_dir: Path, previous: FolderState | None = None, extra: Iterable[Path] = ()) -> FolderState:
    """The state of ``raw_dir`` now; files whose size and mtime match ``previous`` keep their hash unread."""
    previous = previous or {}
    state: FolderState = {}
    for key, path in sorted(watched_files(raw_dir, extra).items()):
        try:
            st = path.stat()
            known = previous.get(key)
            if known is not None and (known.size, known.mtime_ns) == (st.st_size, st.st_mtime_ns):
                state[key] = known
                continue
            state[key] = FileState(st.st_size, st.st_mtime_ns, _hash_file(path))
        except FileNotFoundError:
            continue
    return state


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:HASH_CHARS]


def digest(state: FolderState) -> str:
    """A hash of the folder's content: file names and content hashes (sizes and times left out)."""
    h = hashlib.sha256()
    for key, f in sorted(state.items()):
        h.update(f"{key}\0{f.sha256}\n".encode())
    return h.hexdigest()


def compare(old: FolderState, new: FolderState) -> Changes:
    """Files added, changed (different content) and removed between ``old`` and ``new``."""
    return Changes(
        added=sorted(set(new) - set(old)),
        changed=sorted(k for k in set(old) & set(new) if old[k].sha256 != new[k].sha256),
        removed=sorted(set(old) - set(new)),
    )


def recently_written(state: FolderState, settle_s: float, now_ns: int | None = None) -> list[str]:
    """Files modified less than ``settle_s`` seconds ago (perhaps still being written)."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return sorted(key for key, f in state.items() if abs(now_ns - f.mtime_ns) < settle_s * 1e9)
