"""An output set published at once: every file of a command's result is written into a staging
folder, then moved into place in one quick step – or nothing is, and the previous set stays whole.

    with OutputSet(Path("outputs/2024"), command="ptn run") as out:   # takes the folder's lock
        write_workbook(..., out.path("tong-hop-2024.xlsx"))
        write_feedback(..., out.path("phan-hoi"))                     # a folder of the set
        out.replace_folder("phan-hoi", "*.xlsx")                      # stale files there go
        out.publish()                                                 # all or nothing

* **Lock**: ``<folder>/.ptn-khoa.json`` created exclusively (works on Windows and network shares),
  holding who took it (command, user, machine, process, time). A second command on the same folder
  is told who holds it (exit 2). A lock whose process is gone (same machine) is taken over.
* **Staging** ``<folder>/.ptn-tam-<id>/`` on the same disk, so publishing is renames only.
* **Publish**: a journal is written, then every old file is moved aside and every new one moved in;
  a failure (a file open in Excel, a read-only folder, a directory in the way) moves everything
  back. A run killed while publishing is rolled forward by the next command that takes the lock
  (the journal says what was left), so the folder never keeps a mix of two runs.
* **Stale temporaries** of killed runs (staging folders, ``.~*`` files of older writers) are removed
  when the lock is taken.
* Files are created with the user's umask (colleagues on a shared folder can open them).

:func:`write_set` is the one way a command writes its outputs (``ptn run``, ``ptn templates``,
``ptn report render``, ``ptn cong-van …``): the writer gets the set, the set is published, and any
failure is said in Vietnamese (exit 2) – a file open in Excel or Word by name, with "close it".
"""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import getpass
import json
import os
import secrets
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.exitcodes import UsageProblem
from pipeline.textsafe import clean

LOCK_NAME = ".ptn-khoa.json"
STAGING_PREFIX = ".ptn-tam-"
JOURNAL = "ptn-cong-bo.json"
STALE_PATTERNS = (".~*.xlsx", ".~*.docx", ".*.xlsx.tmp", ".*.docx.tmp", ".*.json.tmp", ".*.tmp")


class OutputFailed(UsageProblem):
    """Writing or publishing an output set failed; the previous set is intact (exit 2)."""

    def __init__(self, message: str, hint: str | None = None, detail: str = ""):
        super().__init__(message, hint)
        self.detail = detail


class OutputBusy(UsageProblem):
    """Another command holds the output folder's lock (exit 2)."""


def file_mode() -> int:
    """The mode a new file gets under the current umask (``0o666 & ~umask``)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def dir_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def honour_umask(path: Path) -> None:
    """Give a file made by :func:`tempfile.mkstemp` (always 0600) the mode of an ordinary new file."""
    try:
        os.chmod(path, file_mode())
    except OSError:
        pass


def why(e: BaseException) -> str:
    """What went wrong, in Vietnamese, from an OS error (the technical text stays in ``detail``)."""
    code = getattr(e, "errno", None)
    return {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EFBIG: "ổ đĩa đã đầy hoặc tệp vượt dung lượng cho phép",
        errno.EDQUOT: "đã hết dung lượng được cấp trên ổ đĩa",
        errno.EROFS: "ổ đĩa chỉ cho phép đọc",
        errno.EACCES: "không có quyền ghi vào thư mục hoặc tệp",
        errno.EPERM: "không có quyền ghi vào thư mục hoặc tệp",
        errno.EISDIR: "đã có một thư mục trùng tên với tệp kết quả",
        errno.ENOTDIR: "đã có một tệp trùng tên với thư mục kết quả",
        errno.EEXIST: "đã có một thư mục trùng tên với tệp kết quả",
        errno.ENOTEMPTY: "đã có một thư mục trùng tên với tệp kết quả",
        errno.EBUSY: "tệp đang được chương trình khác dùng",
        errno.ENAMETOOLONG: "đường dẫn quá dài",
    }.get(code, "lỗi khi ghi tệp")


def _alive(pid: int, started: float | None) -> bool:
    try:
        import psutil

        if not psutil.pid_exists(pid):
            return False
        if started is not None:
            return abs(psutil.Process(pid).create_time() - started) < 2
        return True
    except Exception:
        return True  # cannot tell: assume it is running


def _me() -> dict:
    try:
        import psutil

        started = psutil.Process().create_time()
    except Exception:
        started = None
    try:
        user = getpass.getuser()
    except Exception:
        user = "?"
    return {
        "pid": os.getpid(),
        "process_started": started,
        "host": socket.gethostname(),
        "user": user,
        "since": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }


class OutputSet:
    def __init__(self, folder: Path, command: str):
        self.folder = Path(folder)
        self.command = command
        self.staging: Path | None = None
        self._folders: list[tuple[str, str]] = []
        self._locked = False
        self.published: list[Path] = []

    # ------------------------------------------------------------------ lock
    def __enter__(self) -> OutputSet:
        self.acquire()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.discard()
        finally:
            self.release()

    def acquire(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise self._failed("tạo thư mục kết quả", e) from None
        lock = self.folder / LOCK_NAME
        me = {"command": self.command, **_me()}
        for _ in range(3):
            try:
                fd = os.open(
                    lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), file_mode()
                )
            except FileExistsError:
                holder = self._holder(lock)
                if holder is None or self._stale(holder):
                    try:
                        lock.unlink()
                    except FileNotFoundError:
                        pass
                    except OSError as e:
                        raise self._failed("gỡ khoá cũ", e) from None
                    continue
                raise self._busy(holder) from None
            except OSError as e:
                raise self._failed("ghi vào thư mục kết quả", e) from None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(me, fh, ensure_ascii=False)
            self._locked = True
            break
        else:
            raise OutputBusy(
                f"Không lấy được khoá của thư mục {self.folder}.", hint="Chạy lại lệnh sau ít phút."
            )
        self._recover()
        self._clean_stale()

    def release(self) -> None:
        if self._locked:
            try:
                (self.folder / LOCK_NAME).unlink()
            except OSError:
                pass
            self._locked = False

    @staticmethod
    def _holder(lock: Path) -> dict | None:
        try:
            data = json.loads(lock.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else None
        except (OSError, ValueError):
            return None  # half written by a process killed while taking it, or unreadable: stale

    @staticmethod
    def _stale(holder: dict) -> bool:
        if holder.get("host") != socket.gethostname():
            return False  # another machine on a shared folder: we cannot see its processes
        pid = holder.get("pid")
        return not isinstance(pid, int) or not _alive(pid, holder.get("process_started"))

    def _busy(self, holder: dict) -> OutputBusy:
        since = holder.get("since", "")
        try:
            since = dt.datetime.fromisoformat(since).strftime("%H:%M ngày %d/%m/%Y")
        except (TypeError, ValueError):
            pass
        who = clean(
            f"lệnh «{holder.get('command', '?')}» của người dùng {holder.get('user', '?')} trên máy "
            f"{holder.get('host', '?')} (tiến trình {holder.get('pid', '?')}), từ {since}"
        )
        return OutputBusy(
            f"Thư mục kết quả {self.folder} đang được dùng bởi {who}.",
            hint="Chờ lệnh đó chạy xong rồi chạy lại. Nếu chắc chắn không còn lệnh nào đang chạy (máy kia đã "
            f"tắt), xoá tệp {self.folder / LOCK_NAME} rồi chạy lại.",
        )

    def _failed(self, doing: str, e: BaseException) -> OutputFailed:
        return OutputFailed(
            f"Không {doing} được trong {self.folder}: {why(e)}. Các tệp kết quả trước đó được giữ nguyên.",
            hint="Giải phóng ổ đĩa, kiểm tra quyền ghi, đóng các tệp kết quả đang mở (Excel, Word) "
            "hoặc xoá thư mục trùng tên, rồi chạy lại.",
            detail=f"{type(e).__name__}: {e}",
        )

    # ------------------------------------------------------------------ staging
    def path(self, rel: str) -> Path:
        """Where to write the output ``rel`` (a file or a folder of the set; ``""``: the set's own
        top folder) before publishing."""
        if self.staging is None:
            self.staging = self.folder / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
            try:
                self.staging.mkdir(mode=dir_mode())
                (self.staging / "moi").mkdir()
            except OSError as e:
                raise self._failed("tạo thư mục tạm", e) from None
        p = self.staging / "moi" / rel if rel else self.staging / "moi"
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise self._failed("tạo thư mục tạm", e) from None
        return p

    def final(self, rel: str) -> Path:
        return self.folder / rel

    def final_of(self, staged: Path) -> Path:
        """Where a file written at ``staged`` (under :meth:`path`) lands when the set is published."""
        return self.folder / Path(staged).relative_to(self.path(""))

    def replace_folder(self, rel: str, pattern: str) -> None:
        """Files matching ``pattern`` in the folder ``rel`` (``""``: the top folder) that the new set does
        not have are removed when it is published (stale feedback forms of units that no longer need one)."""
        self._folders.append((rel, pattern))

    def discard(self) -> None:
        if self.staging is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
        self.staging = None

    # ------------------------------------------------------------------ publish
    def publish(self) -> list[Path]:
        """Move the staged set into place at once; on any failure put the previous files back."""
        if self.staging is None:
            return []
        new_root = self.staging / "moi"
        moves: list[str] = sorted(
            p.relative_to(new_root).as_posix() for p in new_root.rglob("*") if p.is_file()
        )
        removals: list[str] = []
        for rel, pattern in self._folders:
            d = self.folder / rel
            if d.is_dir():
                prefix = rel.rstrip("/") + "/" if rel else ""  # "": the set's own top folder
                staged = {m for m in moves if m.startswith(prefix)}
                for p in sorted(d.iterdir()):
                    r = f"{prefix}{p.name}"
                    if p.is_file() and fnmatch.fnmatch(p.name, pattern) and r not in staged:
                        removals.append(r)
        from pipeline.writers.atomic import check_writable

        for rel in moves + removals:
            target = self.folder / rel
            if target.is_dir() and not target.is_symlink():  # never moved aside: it is not ours
                raise self._failed(
                    "ghi tệp kết quả", IsADirectoryError(errno.EISDIR, "is a directory", str(target))
                )
            check_writable(target)  # an output open in Excel: say so before touching anything
        journal = {"moves": moves, "removals": removals}
        try:
            (self.staging / JOURNAL).write_text(json.dumps(journal, ensure_ascii=False), encoding="utf-8")
        except OSError as e:
            raise self._failed("ghi tệp kết quả", e) from None
        done: list[tuple[str, bool]] = []  # (rel, had an old file moved aside)
        old_root = self.staging / "cu"
        try:
            for rel in [*moves, *removals]:
                target = self.folder / rel
                had_old = target.exists() or target.is_symlink()
                if had_old:
                    (old_root / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, old_root / rel)
                done.append((rel, had_old))
                if rel in removals:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(new_root / rel, target)
        except OSError as e:
            self._roll_back(done, new_root, old_root, set(removals))
            raise self._failed("ghi tệp kết quả", e) from None
        self.published = [self.folder / m for m in moves]
        self.discard()
        return self.published

    def _roll_back(
        self, done: list[tuple[str, bool]], new_root: Path, old_root: Path, removals: set[str]
    ) -> None:
        for rel, had_old in reversed(done):
            target = self.folder / rel
            try:
                if rel not in removals and target.exists() and not (new_root / rel).exists():
                    os.replace(target, new_root / rel)
                if had_old:
                    os.replace(old_root / rel, target)
            except OSError:
                pass

    # ------------------------------------------------------------------ after a killed run
    def _recover(self) -> None:
        """A staging folder left by a killed command: finish its publishing if it had started (the
        journal is there), so the folder holds one whole set; otherwise just remove it."""
        for d in sorted(self.folder.glob(STAGING_PREFIX + "*")):
            if not d.is_dir():
                continue
            journal = d / JOURNAL
            if journal.is_file():
                try:
                    plan = json.loads(journal.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    plan = None
                if isinstance(plan, dict):
                    for rel in plan.get("removals", []):
                        if (self.folder / rel).is_file():
                            (self.folder / rel).unlink(missing_ok=True)
                    for rel in plan.get("moves", []):
                        src = d / "moi" / rel
                        if src.is_file():
                            try:
                                (self.folder / rel).parent.mkdir(parents=True, exist_ok=True)
                                os.replace(src, self.folder / rel)
                            except OSError:
                                pass
            shutil.rmtree(d, ignore_errors=True)

    def _clean_stale(self) -> None:
        """Temporary files older writers left when killed (``.~x.xlsx``, ``.name.xlsx.tmp``)."""
        for sub in [
            self.folder,
            *(p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
        ]:
            try:
                entries = list(sub.iterdir())
            except OSError:
                continue
            for p in entries:
                if p.is_file() and any(fnmatch.fnmatch(p.name, pat) for pat in STALE_PATTERNS):
                    p.unlink(missing_ok=True)


T = TypeVar("T")


def write_set(folder: Path, command: str, write: Callable[[OutputSet], T]) -> T:
    """Take the lock of ``folder``, let ``write(out)`` write the command's files into the set
    (``out.path(rel)``; ``out.replace_folder`` for files that must go), publish them at once and
    return what ``write`` returned. Nothing is published on any failure: an output open in Excel or
    Word is :class:`~pipeline.exitcodes.OutputLocked` ("close the file"), a disk or permission failure
    :class:`OutputFailed`, another command on the folder :class:`OutputBusy` – all exit 2."""
    with OutputSet(folder, command=command) as out:
        try:
            result = write(out)
            out.publish()
        except UsageProblem:
            raise
        except (OSError, MemoryError) as e:
            raise out._failed("ghi tệp kết quả", e) from None
    return result
