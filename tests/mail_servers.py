"""Real mail servers for the tests: Dovecot (IMAP) and an aiosmtpd process (SMTP), on 127.0.0.1.

Everything lives in one throw-away folder: a CA and a server certificate made with ``trustme`` (the
client trusts that CA only), Dovecot's config, ``base_dir``, state, log, a passwd-file of users and
their maildirs. Dovecot runs unprivileged: started by root (as CI and this machine run), it runs as
``nobody`` with every path owned by that user, so no system setup is needed beyond the Debian package
``dovecot-imapd``. The SMTP server (``tests/smtp_server.py``) delivers through ``dovecot-lda``, so what
``ptn mail send`` sends is fetched back by ``ptn mail fetch``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
LDA_CANDIDATES = ("/usr/lib/dovecot/dovecot-lda", "/usr/libexec/dovecot/dovecot-lda")
HERE = Path(__file__).resolve().parent
SNV = "snv@langson.gov.vn"  # the Sở Nội vụ's mailbox (the catalog's contact address)
PASSWORD = "Mat-khau-thu-1"


def dovecot_available() -> bool:
    return Path(DOVECOT).is_file() and any(Path(p).is_file() for p in LDA_CANDIDATES)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(
    port: int, timeout: float = 20.0, proc: subprocess.Popen | None = None, log: Path | None = None
):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} not listening after {timeout} s: {_tail(log)}")


def _tail(log: Path | None) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
    except OSError:
        return ""


@dataclass
class MailServers:
    root: Path
    imap_starttls_port: int = field(default_factory=free_port)
    imap_tls_port: int = field(default_factory=free_port)
    smtp_starttls_port: int = field(default_factory=free_port)
    smtp_tls_port: int = field(default_factory=free_port)
    run_as: dict = field(default_factory=dict)  # subprocess user/group for Dovecot's processes
    procs: list[subprocess.Popen] = field(default_factory=list)

    # ------------------------------------------------------------------ paths
    @property
    def tls(self) -> Path:
        return self.root / "tls"

    @property
    def ca_pem(self) -> Path:
        return self.tls / "ca.pem"

    @property
    def other_ca_pem(self) -> Path:
        """A CA that did not sign the servers' certificate (for the wrong-certificate test)."""
        return self.tls / "other-ca.pem"

    @property
    def users_file(self) -> Path:
        return self.root / "users"

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    def home(self, address: str) -> Path:
        return self.root / "mail" / address.lower()

    # ------------------------------------------------------------------ set-up
    def start(self) -> MailServers:
        import trustme

        for d in ("tls", "run", "state", "mail"):
            (self.root / d).mkdir(parents=True, exist_ok=True)
        ca = trustme.CA()
        ca.cert_pem.write_to_path(str(self.ca_pem))
        trustme.CA().cert_pem.write_to_path(str(self.other_ca_pem))
        cert = ca.issue_cert("127.0.0.1", "localhost")
        cert.private_key_pem.write_to_path(str(self.tls / "server.key"))
        chain = b"".join(blob.bytes() for blob in cert.cert_chain_pems)
        (self.tls / "server.pem").write_bytes(chain)
        self.reset()
        self.conf.write_text(self._dovecot_conf(), encoding="utf-8")
        if os.geteuid() == 0:  # Dovecot refuses root for its login and mail processes: run as nobody
            import pwd

            pw = pwd.getpwnam("nobody")
            self.run_as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
            for p in [self.root, *self.root.rglob("*")]:
                os.chown(p, pw.pw_uid, pw.pw_gid)
            self.root.chmod(0o755)
        self._start_dovecot()
        self._start_smtp()
        return self

    def _dovecot_conf(self) -> str:
        import getpass
        import grp
        import pwd

        if os.geteuid() == 0:
            user = "nobody"
            group = grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
        else:
            user = getpass.getuser()
            group = grp.getgrgid(os.getgid()).gr_name
        r = self.root
        return f"""# throw-away Dovecot for the ptn mail tests
base_dir = {r}/run
state_dir = {r}/state
instance_name = ptn-test-{secrets.token_hex(4)}
listen = 127.0.0.1
protocols = imap
ssl = required
ssl_cert = <{r}/tls/server.pem
ssl_key = <{r}/tls/server.key
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
log_path = {r}/dovecot.log
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu {r}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%Lu {r}/users
}}
mail_location = maildir:~/Maildir
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imap_tls_port}
    ssl = yes
  }}
}}
"""

    def _start_dovecot(self) -> None:
        proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **self.run_as,
        )
        self.procs.append(proc)
        wait_port(self.imap_tls_port, proc=proc, log=self.log)
        wait_port(self.imap_starttls_port, proc=proc, log=self.log)

    def _start_smtp(self, **extra) -> None:
        lda = next(p for p in LDA_CANDIDATES if Path(p).is_file())
        cfg = {
            "cert": str(self.tls / "server.pem"),
            "key": str(self.tls / "server.key"),
            "users": str(self.users_file),
            "lda": lda,
            "dovecot_conf": str(self.conf),
            "starttls_port": self.smtp_starttls_port,
            "tls_port": self.smtp_tls_port,
            "run_as": self.run_as,
            **extra,
        }
        cfg_path = self.root / "smtp.json"
        cfg_path.write_text(json.dumps(cfg), encoding="utf-8")
        log = (self.root / "smtp.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "smtp_server.py"), str(cfg_path)],
            stdout=subprocess.PIPE,
            stderr=log,
        )
        self.procs.append(proc)
        line = proc.stdout.readline()
        if b"READY" not in line:
            raise RuntimeError(f"SMTP server did not start: {_tail(self.root / 'smtp.log')}")

    def restart_smtp(self, **extra) -> None:
        """Restart the SMTP process with test switches (e.g. ``stall=[address]``)."""
        smtp = self.procs.pop()
        smtp.terminate()
        smtp.wait(10)
        self._start_smtp(**extra)

    def stop(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        self.procs.clear()

    # ------------------------------------------------------------------ users and mailboxes
    def reset(self) -> None:
        """Only the Sở's account, every mailbox empty."""
        mail = self.root / "mail"
        if mail.exists():
            shutil.rmtree(mail)
        mail.mkdir()
        self._write_users("")
        self.add_user(SNV)
        if self.run_as:
            os.chown(mail, self.run_as["user"], self.run_as["group"])

    def add_user(self, address: str, password: str = PASSWORD) -> None:
        address = address.lower()
        lines = [x for x in self.users_file.read_text(encoding="utf-8").splitlines() if x]
        if any(x.split(":", 1)[0] == address for x in lines):
            return
        lines.append(f"{address}:{{PLAIN}}{password}::::{self.home(address)}")
        self._write_users("\n".join(lines) + "\n")

    def _write_users(self, text: str) -> None:
        """Dovecot reloads its passwd-file when the file's mtime (seconds) or size changes: give every
        version a later whole second, so two versions of one size within a second are not confused."""
        self.users_file.write_text(text, encoding="utf-8")
        self._users_changed = time.monotonic()
        self._users_stamp = max(int(time.time()), getattr(self, "_users_stamp", 0) + 1)
        os.utime(self.users_file, (self._users_stamp, self._users_stamp))
        if self.run_as:
            os.chown(self.users_file, self.run_as["user"], self.run_as["group"])

    def settle(self) -> None:
        """Wait until Dovecot has surely re-read the users (it looks at most once a second)."""
        wait = 1.1 - (time.monotonic() - getattr(self, "_users_changed", 0.0))
        if wait > 0:
            time.sleep(wait)

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_pem))

    def imap(self, address: str = SNV):
        """A logged-in IMAPClient (implicit TLS) for the tests' own look into a mailbox (once Dovecot has
        surely re-read the users: a user added a moment ago is not known to it yet)."""
        from imapclient import IMAPClient

        self.settle()

        c = IMAPClient(
            "127.0.0.1", self.imap_tls_port, ssl=True, ssl_context=self.client_context(), timeout=20
        )
        c.login(address, PASSWORD)
        return c

    def inbox(self, address: str = SNV) -> list[bytes]:
        """The raw messages in ``address``'s INBOX, oldest first (read-only)."""
        with self.imap(address) as c:
            c.select_folder("INBOX", readonly=True)
            uids = c.search(["ALL"])
            got = c.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [got[u][b"BODY[]"] for u in sorted(got)]

    def deliver(self, raw: bytes, to: str = SNV, sender: str = "don-vi@example.vn") -> None:
        """Send ``raw`` as a unit would: through the SMTP server (STARTTLS, login as the sender)."""
        import smtplib

        self.add_user(sender)
        with smtplib.SMTP("127.0.0.1", self.smtp_starttls_port, timeout=30) as s:
            s.starttls(context=self.client_context())
            s.login(sender, PASSWORD)
            s.sendmail(sender, [to], raw)

    def settings_file(
        self,
        path: Path,
        *,
        imap_security: str = "tls",
        smtp_security: str = "starttls",
        ca: Path | None = None,
        imap_port: int | None = None,
        smtp_port: int | None = None,
        timeout: float = 20,
        extra: str = "",
    ) -> Path:
        """A settings file of the Sở's pointing at these servers (see cau-hinh-thu.vi-du.toml)."""
        smtp_port = smtp_port or (
            self.smtp_starttls_port if smtp_security == "starttls" else self.smtp_tls_port
        )
        imap_port = imap_port or (self.imap_tls_port if imap_security == "tls" else self.imap_starttls_port)
        ca_file = (ca or self.ca_pem).as_posix()
        path.write_text(
            f"""[nguoi_gui]
dia_chi = "{SNV}"
ten = "Sở Nội vụ tỉnh Lạng Sơn"

[gui_thu]
may_chu = "127.0.0.1"
cong = {smtp_port}
bao_mat = "{smtp_security}"
thoi_gian_cho = {timeout}

[nhan_thu]
may_chu = "127.0.0.1"
cong = {imap_port}
bao_mat = "{imap_security}"
thu_muc = "INBOX"
thoi_gian_cho = {timeout}

[chung_chi]
tep_ca = "{ca_file}"
{extra}""",
            encoding="utf-8",
        )
        return path


def start_servers() -> MailServers:
    root = Path(tempfile.mkdtemp(prefix="ptn-mail-"))
    servers = MailServers(root)
    try:
        return servers.start()
    except BaseException:
        servers.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise
