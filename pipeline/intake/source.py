"""Finding the input files: folders walked recursively, lock and hidden files and the incoming
register skipped, each file hashed and named by its relative POSIX path. Inputs are only read."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

REGISTER_STEM = "so-van-ban-den"  # the incoming register (sổ văn bản đến), read elsewhere


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    rel: str  # relative POSIX path (NFC) – what manifests and findings carry
    sha256: str
    size: int


def _is_hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    try:
        import stat

        attrs = getattr(path.stat(), "st_file_attributes", 0)
        return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))
    except OSError:
        return False


def is_register(name: str) -> bool:
    stem = unicodedata.normalize("NFC", PurePath(name).name).lower().split(".", 1)[0]
    return stem == REGISTER_STEM


def is_skipped(path: str | Path) -> bool:
    """Excel/LibreOffice lock files (``~$x.xlsx``, ``.~lock.x#``), hidden files, the incoming register,
    and editor leftovers (``*.tmp``, ``Thumbs.db``, ``desktop.ini``)."""
    p = Path(path)
    name = p.name
    low = name.lower()
    if name.startswith("~$") or low.startswith(".~lock."):
        return True
    if low in ("thumbs.db", "desktop.ini") or low.endswith((".tmp", ".bak")):
        return True
    if is_register(name):
        return True
    return _is_hidden(p)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:  # read-only
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _rel(path: Path, root: Path | None, arg: Path) -> str:
    for base in (root, arg.parent):
        if base is None:
            continue
        try:
            rel = path.relative_to(base)
            return unicodedata.normalize("NFC", rel.as_posix())
        except ValueError:
            continue
    return unicodedata.normalize("NFC", path.name)


def discover(paths: Iterable[str | Path], root: str | Path | None = None) -> list[SourceFile]:
    """Files named, and files under folders named (recursively, hidden folders skipped), each once,
    sorted by relative path. ``root`` defaults to the current directory; a file outside it is named
    relative to the folder given (or by its own name)."""
    base = Path(root).resolve() if root is not None else Path.cwd().resolve()
    seen: set[Path] = set()
    out: list[SourceFile] = []

    def add(p: Path, arg: Path) -> None:
        rp = p.resolve()
        if rp in seen or not rp.is_file():
            return
        seen.add(rp)
        try:
            size = rp.stat().st_size
            digest = sha256_file(rp)
        except OSError:
            size, digest = -1, ""
        out.append(SourceFile(path=rp, rel=_rel(rp, base, arg), sha256=digest, size=size))

    for raw in paths:
        arg = Path(raw).resolve()
        if arg.is_dir():
            for dirpath, dirnames, filenames in os.walk(arg):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for fn in sorted(filenames):
                    p = Path(dirpath) / fn
                    if not is_skipped(p):
                        add(p, arg)
        elif arg.exists():
            add(arg, arg)  # named explicitly: read even if it looks skippable
    return sorted(out, key=lambda s: s.rel)
