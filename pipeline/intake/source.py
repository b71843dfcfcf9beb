"""Finding the input files: folders walked recursively, lock and hidden files and the incoming
register skipped, each file hashed and named by its relative POSIX path. Inputs are only read."""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from pipeline.textsafe import clean

REGISTER_STEM = "so-van-ban-den"  # the incoming register (sổ văn bản đến), read elsewhere


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute (not resolved: a link stays a link)
    rel: str  # relative POSIX path (NFC, safe to print) – what manifests and findings carry
    sha256: str
    size: int
    problem: str | None = None  # a finding code when the path is not read (PATH-…)
    detail: str = ""


HASH_LIMIT = 256 * 1024 * 1024  # bytes: a larger file is refused unread (FILE-TOO-LARGE), not hashed


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


def hash_unread(path: Path, size: int) -> str:
    """The SHA-256 of a file the reader did not hash (too large to read, say): "" when larger than
    :data:`HASH_LIMIT` or unreadable."""
    try:
        return sha256_file(path) if 0 <= size <= HASH_LIMIT else ""
    except OSError:
        return ""


def _rel(path: Path, root: Path | None, arg: Path) -> str:
    for base in (root, arg.parent):
        if base is None:
            continue
        try:
            rel = path.relative_to(base)
            return clean(rel.as_posix())
        except ValueError:
            continue
    return clean(path.name)


def _inside(target: Path, folder: Path) -> bool:
    try:
        target.relative_to(folder)
        return True
    except ValueError:
        return False


def discover(
    paths: Iterable[str | Path], root: str | Path | None = None, *, hash: bool = True
) -> list[SourceFile]:
    """Files named, and files under folders named (recursively, hidden folders skipped), each once,
    sorted by relative path. ``root`` defaults to the current directory; a file outside it is named
    relative to the folder given (or by its own name).

    Nothing is followed out of a folder: a link inside a folder to a file outside it, a link to a
    folder, a broken link, a FIFO, a socket or a device, and a subfolder that cannot be listed are
    listed with a ``problem`` (never opened, never hashed), so the run says what it did not read.
    A path named explicitly is the user's choice and is read even through a link, unless it is not
    a regular file. Lock files, hidden files and the incoming register are skipped silently.
    ``hash=False``: the SHA-256 is left empty (the intake takes it from the reader, which reads the
    bytes anyway: see :func:`hash_unread`)."""
    base = Path(root).resolve() if root is not None else Path.cwd().resolve()
    seen: set[Path] = set()
    out: list[SourceFile] = []

    def flag(p: Path, arg: Path, problem: str, detail: str = "") -> None:
        out.append(SourceFile(path=p, rel=_rel(p.absolute(), base, arg), sha256="", size=-1, problem=problem,
                              detail=clean(detail, 300)))  # fmt: skip

    def add(p: Path, arg: Path, folder: Path | None) -> None:
        try:
            st = p.lstat()
        except OSError as e:
            flag(p, arg, "PATH-UNREADABLE", f"{type(e).__name__}: {e}")
            return
        target = p
        if stat.S_ISLNK(st.st_mode):
            try:
                target = p.resolve(strict=True)
                st = target.stat()
            except (OSError, RuntimeError) as e:
                flag(p, arg, "PATH-LINK-BROKEN", f"{type(e).__name__}: {e}")
                return
            if folder is not None and not _inside(target, folder):
                flag(p, arg, "PATH-LINK-OUTSIDE", f"-> {target}")
                return
        if stat.S_ISDIR(st.st_mode):
            flag(p, arg, "PATH-LINK-FOLDER", f"-> {target}")
            return
        if not stat.S_ISREG(st.st_mode):
            flag(p, arg, "PATH-NOT-FILE", stat.filemode(st.st_mode))
            return
        # a link's target is resolved already; a file met in a folder walk is under the resolved folder,
        # whose linked subfolders are not entered: its path is already the real one
        rp = target if target is not p or folder is not None else p.resolve()
        if rp in seen:
            return
        seen.add(rp)
        size = st.st_size
        digest = hash_unread(rp, size) if hash else ""
        # a link inside the folder is named by where it is (what the user sees), read from its target
        out.append(SourceFile(path=rp, rel=_rel(p.absolute() if p != rp else rp, base, arg), sha256=digest,
                              size=size))  # fmt: skip

    for raw in paths:
        given = Path(raw)
        arg = given.resolve()
        if arg.is_dir():
            problems: list[OSError] = []
            for dirpath, dirnames, filenames in os.walk(arg, onerror=problems.append):
                here = Path(dirpath)
                keep = []
                for d in sorted(dirnames):
                    if d.startswith("."):
                        continue
                    if (here / d).is_symlink():
                        flag(here / d, arg, "PATH-LINK-FOLDER", f"-> {os.path.realpath(here / d)}")
                        continue
                    keep.append(d)
                dirnames[:] = keep
                for fn in sorted(filenames):
                    p = here / fn
                    if not is_skipped(p):
                        add(p, arg, arg)
            for e in problems:
                if e.filename and Path(e.filename) != arg:
                    flag(Path(e.filename), arg, "PATH-UNREADABLE", f"{type(e).__name__}: {e}")
        elif given.is_symlink() or arg.exists() or given.exists():
            add(given.absolute(), arg, None)  # named explicitly: read even if it looks skippable
    return sorted(out, key=lambda s: s.rel)
