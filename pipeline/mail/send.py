"""Sending through the Sở's SMTP server with the standard library (``smtplib``, ``email``).

One connection (STARTTLS or implicit TLS, certificate checked, login) for the run; one message per
unit; each message has its own deadline (``thoi_gian_cho``): past it the connection is cut, the unit
gets a Vietnamese error, and the next message goes out on a new connection. A refused recipient is
reported by address while the others still receive the message. Problems reaching or logging in to
the server stop the command before anything is sent (exit 2).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import smtplib
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from pipeline.exitcodes import UsageProblem
from pipeline.mail.headers import UNFOLDED
from pipeline.mail.outbox import Outgoing
from pipeline.mail.settings import PASSWORD_ENV, USER_ENV, Login, MailSettings
from pipeline.mail.wording import render
from pipeline.wording import Phrases

KIND_HEADER = "X-Ptn-Kind"  # marks ptn's own messages (fetch never takes them for a reply)
SEND_POLICY = UNFOLDED  # headers never folded (pipeline/mail/headers.py says why)
MIME = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def compose(msg: Outgoing, wording: Phrases, settings: MailSettings, now: dt.datetime) -> EmailMessage:
    subject, body = preview(msg, wording)
    m = EmailMessage()
    m["From"] = settings.from_header()
    m["To"] = ", ".join(msg.to)
    if settings.nguoi_gui.tra_loi_ve:
        m["Reply-To"] = settings.nguoi_gui.tra_loi_ve
    m["Subject"] = subject
    m["Date"] = format_datetime(now)
    m["Message-ID"] = make_msgid(domain=settings.nguoi_gui.dia_chi.rsplit("@", 1)[-1])
    m[KIND_HEADER] = msg.kind
    m.set_content(body, cte="base64")  # any server, 8BITMIME or not
    for a in msg.attachments:
        maintype, subtype = MIME.get(a.path.suffix.lower()) or tuple(
            (mimetypes.guess_type(a.name)[0] or "application/octet-stream").split("/", 1)
        )
        m.add_attachment(a.path.read_bytes(), maintype=maintype, subtype=subtype, filename=a.name)
    m.policy = SEND_POLICY  # how it is written out (bodies are already encoded, 76 columns)
    return m


def preview(msg: Outgoing, wording: Phrases) -> tuple[str, str]:
    """(subject, body) of ``msg`` in the Sở's wording."""
    return render(wording, msg.wording, msg.values, [a.name for a in msg.attachments])


def _where(settings: MailSettings) -> str:
    s = settings.gui_thu
    return f"{s.may_chu}:{s.cong}"


def connection_problem(e: BaseException, where: str, what: str, settings_path) -> UsageProblem:
    """A Vietnamese usage problem for a failure to reach, secure or log in to a mail server."""
    hint_settings = f"Kiểm tra máy chủ, cổng, bảo mật trong {settings_path}."
    if isinstance(e, ssl.SSLCertVerificationError):
        return UsageProblem(
            f"Chứng chỉ của máy chủ {what} {where} không hợp lệ hoặc không đáng tin cậy "
            f"({e.verify_message or e.reason}); ptn không gửi mật khẩu tới máy chủ này.",
            hint="Kiểm tra tên máy chủ trong tệp cấu hình đúng với chứng chỉ; nếu Sở dùng chứng chỉ nội bộ, "
            "ghi đường dẫn chứng chỉ gốc vào [chung_chi] tep_ca.",
        )
    if isinstance(e, ssl.SSLError):
        return UsageProblem(
            f"Không thiết lập được kết nối bảo mật với máy chủ {what} {where}: {e.reason or e}.",
            hint=hint_settings + " «tls» dùng cho cổng SSL/TLS (465, 993), «starttls» cho cổng 587, 143.",
        )
    if isinstance(e, socket.gaierror):
        return UsageProblem(f"Không tìm thấy máy chủ {what} {where}.", hint=hint_settings)
    if isinstance(e, TimeoutError | socket.timeout):
        return UsageProblem(
            f"Máy chủ {what} {where} không trả lời (quá thời gian chờ).",
            hint=hint_settings + " Kiểm tra kết nối mạng.",
        )
    if isinstance(e, ConnectionRefusedError):
        return UsageProblem(f"Máy chủ {what} {where} từ chối kết nối.", hint=hint_settings)
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return login_refused(where, what)
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return UsageProblem(
            f"Máy chủ {what} {where} không hỗ trợ STARTTLS hoặc đăng nhập.",
            hint=hint_settings + ' Thử bao_mat = "tls" với cổng 465.',
        )
    detail = str(e).strip() or type(e).__name__
    return UsageProblem(f"Không kết nối được máy chủ {what} {where}: {detail}.", hint=hint_settings)


def login_refused(where: str, what: str) -> UsageProblem:
    return UsageProblem(
        f"Máy chủ {what} {where} không chấp nhận tên đăng nhập hoặc mật khẩu.",
        hint=f"Kiểm tra biến môi trường {USER_ENV} (mặc định là địa chỉ người gửi) và {PASSWORD_ENV}.",
    )


@dataclass
class SendResult:
    ok: bool
    refused: dict[str, str] = field(default_factory=dict)  # address → Vietnamese reason
    error: str = ""  # the whole message failed


class SmtpSession:
    """One logged-in SMTP connection, reopened after a failed message."""

    def __init__(self, settings: MailSettings, login: Login):
        self.settings = settings
        self.login = login
        self.server = settings.gui_thu
        self.context = settings.tls_context()
        self.smtp: smtplib.SMTP | None = None
        self._timed_out = False

    def open(self) -> None:
        """Connect, secure, log in; any failure is a :class:`UsageProblem`."""
        s = self.server
        try:
            if s.bao_mat == "tls":
                smtp = smtplib.SMTP_SSL(s.may_chu, s.cong, timeout=s.thoi_gian_cho, context=self.context)
            else:
                smtp = smtplib.SMTP(s.may_chu, s.cong, timeout=s.thoi_gian_cho)
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise smtplib.SMTPNotSupportedError("STARTTLS")
                smtp.starttls(context=self.context)
                smtp.ehlo()
            smtp.login(self.login.user, self.login.password)
        except (OSError, smtplib.SMTPException) as e:
            raise connection_problem(e, _where(self.settings), "gửi thư", self.settings.path) from None
        self.smtp = smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def _abort(self) -> None:
        """The message's deadline passed: cut the connection (the blocked call then fails)."""
        self._timed_out = True
        sock = getattr(self.smtp, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def send(self, message: EmailMessage, recipients: list[str]) -> SendResult:
        if self.smtp is None:
            self.open()
        self._timed_out = False
        timer = threading.Timer(self.server.thoi_gian_cho, self._abort)
        timer.daemon = True
        timer.start()
        try:
            refused = self.smtp.send_message(
                message, from_addr=self.settings.nguoi_gui.dia_chi, to_addrs=recipients
            )
        except smtplib.SMTPRecipientsRefused as e:  # nobody got it
            return SendResult(False, {a: _reason(c, m) for a, (c, m) in e.recipients.items()})
        except smtplib.SMTPSenderRefused as e:  # 552 here: the message is over the server's size limit
            what = "thư quá lớn" if e.smtp_code == 552 else f"máy chủ từ chối người gửi {e.sender}"
            return SendResult(False, error=f"{what}: {_reason(e.smtp_code, e.smtp_error)}")
        except smtplib.SMTPDataError as e:
            return SendResult(False, error=f"máy chủ không nhận thư: {_reason(e.smtp_code, e.smtp_error)}")
        except (OSError, smtplib.SMTPException) as e:
            self._drop()
            if self._timed_out or isinstance(e, TimeoutError | socket.timeout):
                return SendResult(
                    False, error=f"quá {self.server.thoi_gian_cho:g} giây chưa gửi xong, đã dừng thư này"
                )
            return SendResult(
                False, error=f"mất kết nối với máy chủ thư ({str(e).strip() or type(e).__name__})"
            )
        finally:
            timer.cancel()
        if self._timed_out:  # finished at the very deadline: it went out
            self._drop()
        return SendResult(True, {a: _reason(c, m) for a, (c, m) in refused.items()})

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            except OSError:
                pass
            self.smtp = None


def _reason(code: int, text: bytes | str) -> str:
    msg = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if code == 552:
        what = "thư quá lớn hoặc hộp thư người nhận đầy"
    elif 550 <= code < 560:
        what = "địa chỉ không tồn tại hoặc bị từ chối"
    elif 400 <= code < 500:
        what = "máy chủ tạm thời chưa nhận, thử lại sau"
    else:
        what = "bị từ chối"
    return f"{what} (máy chủ trả lời {code} {msg.strip()})"
