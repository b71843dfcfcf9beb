"""A real SMTP server process for the mail tests (aiosmtpd), delivering into the test Dovecot.

Run by ``tests/mail_servers.py`` as ``python tests/smtp_server.py CONFIG.json``; prints ``READY`` once
both listeners accept connections and serves until it is terminated. Two listeners on 127.0.0.1: one
with STARTTLS (required before AUTH), one with implicit TLS. AUTH is required; logins are checked
against Dovecot's passwd-file. A recipient is accepted only when it has a Dovecot mailbox (``550``
otherwise, as a real server does) and each message is delivered by Dovecot's own delivery agent
(``dovecot-lda``), run as the user the Dovecot instance runs as. Nothing is ever relayed.

Test switches in the config: ``stall`` (addresses whose messages are held past the client's
timeout and then refused, never delivered).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def _users(path: Path) -> dict[str, str]:
    """address → plain password, read from Dovecot's passwd-file on every call (tests add users)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            user, password = line.split(":")[:2]
            out[user.lower()] = password.removeprefix("{PLAIN}")
    return out


class Deliver:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.users_file = Path(cfg["users"])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() not in _users(self.users_file):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.lower() in self.cfg.get("stall", []) for r in envelope.rcpt_tos):
            await asyncio.sleep(self.cfg.get("stall_seconds", 20))
            return "451 4.3.0 Held too long, not delivered"
        for rcpt in envelope.rcpt_tos:
            # Dovecot re-reads its passwd-file at most once a second: a user added a moment ago may be
            # unknown to it for up to a second, so a failed delivery is tried again (as an MTA would)
            for attempt in range(4):
                proc = subprocess.run(
                    [
                        self.cfg["lda"],
                        "-c",
                        self.cfg["dovecot_conf"],
                        "-d",
                        rcpt.lower(),
                        "-f",
                        envelope.mail_from,
                    ],
                    input=envelope.original_content,
                    capture_output=True,
                    timeout=60,
                    check=False,
                    **self.cfg.get("run_as", {}),
                )
                if proc.returncode == 0:
                    break
                await asyncio.sleep(1.1 * (attempt + 1))
            else:
                err = proc.stderr.decode(errors="replace").strip()[:200]
                return f"451 4.3.0 Local delivery failed: {err}"
        return "250 OK delivered"


def _authenticator(users_file: Path):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace").lower()
        password = auth_data.password.decode("utf-8", "replace")
        ok = _users(users_file).get(user) == password
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    return check


def main(config_path: str) -> None:
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cfg["cert"], cfg["key"])
    handler = Deliver(cfg)
    common = {"authenticator": _authenticator(Path(cfg["users"])), "auth_required": True,
              "server_hostname": "mail.test", "enable_SMTPUTF8": False}  # fmt: skip
    starttls = Controller(
        handler,
        hostname="127.0.0.1",
        port=cfg["starttls_port"],
        tls_context=ctx,
        require_starttls=True,
        **common,
    )
    # implicit TLS: the whole connection is TLS, which aiosmtpd's AUTH check does not see
    implicit = Controller(
        handler, hostname="127.0.0.1", port=cfg["tls_port"], ssl_context=ctx, auth_require_tls=False, **common
    )
    starttls.start()
    implicit.start()
    print("READY", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        starttls.stop()
        implicit.stop()


if __name__ == "__main__":
    main(sys.argv[1])
