"""The Sở's mail settings file (TOML) and the login, which never comes from a file.

The settings file (``cau-hinh-thu.toml``; example and documentation: ``cau-hinh-thu.vi-du.toml``) says
where the servers are, how they are secured, which folder replies arrive in and who the sender is.
The account name and password come from the environment (``PTN_MAIL_USER``, ``PTN_MAIL_PASSWORD``) or
a prompt at the terminal: a password key in the settings file is refused. Every connection is TLS
(STARTTLS or implicit TLS) with the server's certificate and host name checked.
"""

from __future__ import annotations

import os
import ssl
import sys
import tomllib
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.exitcodes import UsageProblem

SETTINGS_FILE = Path("cau-hinh-thu.toml")
SETTINGS_ENV = "PTN_MAIL_SETTINGS"
EXAMPLE_FILE = "cau-hinh-thu.vi-du.toml"
USER_ENV = "PTN_MAIL_USER"
PASSWORD_ENV = "PTN_MAIL_PASSWORD"
SECRET_WORDS = ("mat_khau", "matkhau", "password", "passwd", "pass", "secret", "tai_khoan", "user")

Security = Literal["starttls", "tls"]
SECURITY_ALIASES = {"ssl": "tls", "ssl/tls": "tls", "tls": "tls", "starttls": "starttls"}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Sender(_Section):
    dia_chi: str  # From: address
    ten: str = ""  # display name
    tra_loi_ve: str = ""  # Reply-To, optional

    @field_validator("dia_chi", "tra_loi_ve")
    @classmethod
    def _address(cls, v: str) -> str:
        if v and ("@" not in v or " " in v or v.count("@") != 1):
            raise ValueError(f"«{v}» không phải địa chỉ thư điện tử")
        return v


class Server(_Section):
    may_chu: str = Field(min_length=1)  # host
    cong: int = Field(ge=1, le=65535)  # port
    bao_mat: Security
    thoi_gian_cho: float = Field(60, gt=0, le=3600)  # seconds per message (SMTP) / per command (IMAP)

    @field_validator("bao_mat", mode="before")
    @classmethod
    def _security(cls, v: object) -> object:
        return SECURITY_ALIASES.get(str(v).strip().lower(), v) if isinstance(v, str) else v


class Incoming(Server):
    thu_muc: str = "INBOX"  # the folder replies arrive in


class Certificates(_Section):
    tep_ca: str = ""  # a CA file (.pem) to trust instead of the system's (a province's own CA)


class MailSettings(_Section):
    nguoi_gui: Sender
    gui_thu: Server
    nhan_thu: Incoming
    chung_chi: Certificates = Certificates()
    path: Path | None = None  # where it was read from (not in the file)

    def ca_file(self) -> Path | None:
        if not self.chung_chi.tep_ca:
            return None
        p = Path(self.chung_chi.tep_ca)
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p

    def tls_context(self) -> ssl.SSLContext:
        """Certificate and host name checked; with ``tep_ca`` that CA only, else the system's CAs."""
        ca = self.ca_file()
        if ca is not None and not ca.is_file():
            raise UsageProblem(
                f"Không tìm thấy tệp chứng chỉ gốc {ca} (mục [chung_chi] tep_ca trong {self.path}).",
                hint="Sửa đường dẫn tep_ca, hoặc để trống để dùng các chứng chỉ gốc của máy.",
            )
        try:
            ctx = ssl.create_default_context(cafile=str(ca) if ca else None)
        except (ssl.SSLError, OSError) as e:
            raise UsageProblem(
                f"Tệp chứng chỉ gốc {ca} không đọc được: {e}.",
                hint="tep_ca phải là tệp chứng chỉ dạng PEM (-----BEGIN CERTIFICATE-----).",
            ) from None
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    def from_header(self) -> str:
        return str(Address(display_name=self.nguoi_gui.ten, addr_spec=self.nguoi_gui.dia_chi))


def settings_path(given: Path | None) -> Path:
    if given is not None:
        return Path(given)
    env = os.environ.get(SETTINGS_ENV, "").strip()
    return Path(env) if env else SETTINGS_FILE


_FIELD_WORDS = {
    "nguoi_gui": "[nguoi_gui]",
    "gui_thu": "[gui_thu]",
    "nhan_thu": "[nhan_thu]",
    "chung_chi": "[chung_chi]",
}


def _where(loc: tuple) -> str:
    parts = [str(x) for x in loc]
    if not parts:
        return "tệp"
    head = _FIELD_WORDS.get(parts[0], parts[0])
    return f"mục {head}" + (f", khóa {'.'.join(parts[1:])}" if len(parts) > 1 else "")


def _problem(err: dict) -> str:
    kind = err.get("type", "")
    where = _where(err.get("loc", ()))
    if kind == "missing":
        return f"{where}: thiếu"
    if kind == "extra_forbidden":
        return f"{where}: khóa không có trong mẫu (xem {EXAMPLE_FILE})"
    if kind == "literal_error":
        return f"{where}: chỉ nhận «starttls» hoặc «tls»"
    if kind.startswith(("int_", "float_", "greater_than", "less_than")):
        return f"{where}: phải là số hợp lệ ({err.get('input')!r} không dùng được)"
    if kind in ("string_type", "model_type", "dict_type"):
        return f"{where}: sai kiểu giá trị"
    if kind == "value_error":
        return f"{where}: {str(err.get('msg', '')).removeprefix('Value error, ')}"
    if kind == "string_too_short":
        return f"{where}: không được để trống"
    return f"{where}: giá trị không hợp lệ"


def _secret_keys(data: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in data.items():
        key = f"{prefix}{k}"
        if any(w in k.lower().replace("-", "_") for w in SECRET_WORDS):
            out.append(key)
        if isinstance(v, dict):
            out += _secret_keys(v, key + ".")
    return out


def load_settings(given: Path | None = None) -> MailSettings:
    """Read and check the settings file; every problem is a usage problem (exit 2) in Vietnamese."""
    path = settings_path(given)
    if not path.is_file():
        raise UsageProblem(
            f"Chưa có tệp cấu hình thư điện tử {path}.",
            hint=f"Sao chép {EXAMPLE_FILE} thành {SETTINGS_FILE}, điền máy chủ thư của Sở, hoặc chỉ rõ --settings.",
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UsageProblem(
            f"Tệp cấu hình thư {path} sai cú pháp: {e}.",
            hint=f"So với tệp mẫu {EXAMPLE_FILE}: chuỗi đặt trong ngoặc kép, mỗi khóa một dòng.",
        ) from None
    secrets = _secret_keys(data)
    if secrets:
        raise UsageProblem(
            f"Tệp cấu hình thư {path} có khóa {', '.join(secrets)}: tài khoản, mật khẩu không ghi trong tệp.",
            hint=f"Xóa khóa đó; đặt biến môi trường {USER_ENV} và {PASSWORD_ENV}, hoặc nhập mật khẩu khi được hỏi.",
        )
    try:
        settings = MailSettings.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(_problem(err) for err in e.errors()[:5])
        raise UsageProblem(
            f"Tệp cấu hình thư {path} chưa đúng: {problems}.",
            hint=f"Sửa theo tệp mẫu {EXAMPLE_FILE} (mỗi khóa có ghi chú).",
        ) from None
    settings.path = path.resolve()
    return settings


@dataclass(frozen=True)
class Login:
    user: str
    password: str = ""

    def __repr__(self) -> str:  # never print the password
        return f"Login(user={self.user!r})"


def login_from_environment(settings: MailSettings, *, prompt: bool = True) -> Login:
    """``PTN_MAIL_USER`` (default: the sender address) and ``PTN_MAIL_PASSWORD``, else a prompt at
    the terminal. Without either, a usage problem that names the variables."""
    user = os.environ.get(USER_ENV, "").strip() or settings.nguoi_gui.dia_chi
    password = os.environ.get(PASSWORD_ENV, "")
    if password:
        return Login(user, password)
    if prompt and sys.stdin is not None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Mật khẩu thư điện tử của {user}: ")
        if password:
            return Login(user, password)
    raise UsageProblem(
        f"Chưa có mật khẩu tài khoản thư điện tử {user}.",
        hint=f"Đặt biến môi trường {PASSWORD_ENV} (và {USER_ENV} nếu tên đăng nhập khác {user}), "
        "hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.",
    )
