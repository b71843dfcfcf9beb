"""Run ``ptn`` with every network connection checked: only 127.0.0.1 may be reached.

``python tests/netguard.py LOG ptn-arguments…``: a Python audit hook sees each ``socket.connect`` and
each name lookup before it happens; anything but 127.0.0.1 is refused (the command fails) and every
attempt is appended to LOG as one JSON line, so a test can assert where the command connected.
"""

from __future__ import annotations

import json
import socket
import sys

ALLOWED = {"127.0.0.1"}


def main() -> None:
    log_path, argv = sys.argv[1], sys.argv[2:]
    log = open(log_path, "a", encoding="utf-8")

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect":
            sock, address = args
            if sock.family not in (socket.AF_INET, socket.AF_INET6):
                return
            host, port = address[0], address[1]
        elif event == "socket.getaddrinfo":
            host, port = args[0], args[1]
            if isinstance(host, bytes):
                host = host.decode()
        else:
            return
        log.write(json.dumps({"event": event, "host": host, "port": port}) + "\n")
        log.flush()
        if host not in ALLOWED:
            raise PermissionError(f"netguard: connection to {host!r} refused (only 127.0.0.1 is allowed)")

    sys.addaudithook(hook)
    from pipeline.cli import main as ptn

    ptn(argv)


if __name__ == "__main__":
    main()
