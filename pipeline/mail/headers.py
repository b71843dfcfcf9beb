"""How ptn writes an e-mail out (the messages it sends, the saved e-mails of the sample years).

Headers are not folded: Python 3.11's folding of encoded words drops the space between two words of
a long Vietnamese subject ("nhân dân" is read back as "nhândân" by a reader that joins adjacent
encoded words, as RFC 2047 says to); one encoded word per header decodes right everywhere and stays
far below the 998-character line limit. Lines end in CRLF, as on the wire.
"""

from __future__ import annotations

from email import policy

UNFOLDED = policy.SMTP.clone(max_line_length=0)
