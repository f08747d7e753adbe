"""Verification codes of credit extracts: (firm, day) authenticated, short enough to type.

Nothing is stored: a code is the firm's id and the day, with a truncated HMAC under a key
derived from SECRET_KEY (django.utils.crypto.salted_hmac with this module's salt), in base32.
The verify page checks the HMAC and rebuilds the extract of that day from history.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import re

from django.utils.crypto import salted_hmac

SALT = "disclosure.verification.extract"
EPOCH = dt.date(2000, 1, 1)  # days are counted from here in two bytes (to 2179)
ID_BYTES = 4
DAY_BYTES = 2
# 72 bits of MAC: guessing one code takes ~2**71 tries, far past any throttle or lifetime.
MAC_BYTES = 9
CODE_LENGTH = 24  # base32 characters of the 15 bytes, without padding
GROUP = 4  # shown in groups of 4, like a licence key
# Characters a reader may type for the ones base32 has (base32 has no 0, 1 or 8).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def _mac(payload: bytes) -> bytes:
    return salted_hmac(SALT, payload, algorithm="sha256").digest()[:MAC_BYTES]


def verification_code(*, enterprise_id: int, day: dt.date) -> str:
    """The code of the extract of firm `enterprise_id` as it stood on `day`."""
    payload = enterprise_id.to_bytes(ID_BYTES, "big") + (day - EPOCH).days.to_bytes(
        DAY_BYTES, "big"
    )
    raw = base64.b32encode(payload + _mac(payload)).decode("ascii")
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def verification_parse(code: str) -> tuple[int, dt.date] | None:
    """(firm id, day) of a code this portal issued, or None for any other text (a typo, a
    tampered or made-up code)."""
    text = _SEPARATORS.sub("", code or "").upper().translate(_LOOKALIKES)
    if len(text) != CODE_LENGTH:
        return None
    try:
        raw = base64.b32decode(text)
    except (binascii.Error, ValueError):
        return None
    payload, mac = raw[: ID_BYTES + DAY_BYTES], raw[ID_BYTES + DAY_BYTES :]
    if not hmac.compare_digest(mac, _mac(payload)):
        return None
    enterprise_id = int.from_bytes(payload[:ID_BYTES], "big")
    day = EPOCH + dt.timedelta(days=int.from_bytes(payload[ID_BYTES:], "big"))
    return enterprise_id, day
