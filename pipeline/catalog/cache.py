"""A loaded catalog kept by the SHA-256 of its files, so the next command (and each reader worker)
reads it back as JSON instead of parsing the YAML again: a national catalog of 3,400 units takes
~1 s to parse as YAML, ~0.1 s as JSON; the province's own, a few milliseconds either way.

An entry is used only when the YAML's bytes, every CSV unit list it names and the code that builds a
catalog (the schema and the loader) are exactly those it was made from; it is then validated by the
same schema. Anything else – no entry, an unreadable or damaged one, a folder that cannot be
written – and the YAML is parsed as usual. The entries live in the user's cache folder
(``%LOCALAPPDATA%\\ptn\\cache`` on Windows, ``~/.cache/ptn`` elsewhere; ``PTN_CACHE_DIR`` to choose).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

VERSION = 1
MAX_ENTRIES = 32  # oldest entries beyond this are removed when a new one is written


def cache_dir() -> Path | None:
    given = os.environ.get("PTN_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "ptn" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home() else "")
    return Path(base) / "ptn" if base else None


_CODE: str | None = None


def _code() -> str:
    """What a catalog is built by: the schema, the loader, pydantic's version."""
    global _CODE
    if _CODE is None:
        import pydantic

        h = hashlib.sha256(f"{VERSION} {pydantic.VERSION}".encode())
        here = Path(__file__).parent
        for name in ("model.py", "load.py", "cache.py"):
            h.update((here / name).read_bytes())
        _CODE = h.hexdigest()
    return _CODE


def _entry(data: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"danh-muc-{hashlib.sha256(data).hexdigest()[:40]}.json"


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def get(path: Path, data: bytes):
    """The LoadedCatalog kept for the YAML bytes ``data`` read from ``path``, or None."""
    entry = _entry(data)
    if entry is None:
        return None
    try:
        kept = json.loads(entry.read_text(encoding="utf-8"))
        if kept.get("code") != _code():
            return None
        for rel, sha in kept["unit_files"].items():
            if _sha(path.parent / rel) != sha:
                return None
        from pipeline.catalog.load import LoadedCatalog
        from pipeline.catalog.model import Catalog

        return LoadedCatalog(Catalog.model_validate(kept["catalog"]), path, kept["sha256"])
    except Exception:  # missing, damaged, of another version: parse the YAML
        return None


def put(path: Path, data: bytes, loaded, unit_files: list[str]) -> None:
    """Keep ``loaded`` for the next time; silently nothing when it cannot be written."""
    entry = _entry(data)
    if entry is None:
        return
    try:
        files = {rel: _sha(path.parent / rel) for rel in unit_files}
        if any(v is None for v in files.values()):
            return
        body = {"code": _code(), "unit_files": files, "sha256": loaded.sha256,
                "catalog": loaded.catalog.model_dump(mode="json")}  # fmt: skip
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, entry)
        _prune(entry.parent)
    except Exception:
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("danh-muc-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)
