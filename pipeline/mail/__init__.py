"""E-mail through the Sở Nội vụ's own mail account: ``ptn mail send`` and ``ptn mail fetch``.

* :mod:`settings` – the Sở's settings file (server, port, security, folder, sender; no secrets) and
  the login from environment variables or a prompt; TLS with certificate checking always on.
* :mod:`wording` – the subject and body of each kind of message, from ``templates/cau-chu-thu-dien-tu.txt`` (shared phrase-file module).
* :mod:`outbox` – what a kind of message needs and who gets it (mailing list, run manifest, letters).
* :mod:`records` – what was sent (keyed by unit, kind and attachment hash) and what was fetched.
* :mod:`send` – SMTP (``smtplib``): one message per unit, a per-message timeout, errors per recipient.
* :mod:`fetch` – IMAP (``imapclient``): read-only, ``SINCE`` a date, each message saved unchanged.
"""
