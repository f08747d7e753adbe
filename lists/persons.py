"""Responsible persons' ID numbers: checked, and kept only as a keyed hash.

Departments send the number itself (over TLS, with their token); the portal alone holds the
hashing key. A hash departments could compute themselves would be no protection: there are
only about 10^11 possible resident ID numbers, so anyone with the key recovers a number from
its hash by trying them all.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as NumberError

# Another identity document (passport, Hong Kong / Macao / Taiwan permits): letters and digits.
_OTHER_DOCUMENT = re.compile(r"[A-Z0-9]{6,20}")


def person_id_normalise(id_number: str) -> str:
    return "".join(str(id_number).split()).upper()


def person_id_error(id_number: str) -> str | None:
    """Why `id_number` (normalised) is not an ID number, or None. An 18-character number is a
    resident identity card number and must have its check digit (GB 11643); other documents
    are 6 to 20 letters and digits."""
    if len(id_number) == 18 and id_number[:17].isdigit():
        # The check digit and the birth date; not the birth place, whose code table in the
        # library may lag behind renamed counties, and a real person must never be refused.
        try:
            valid = ric.calc_check_digit(id_number) == id_number[-1]
            ric.get_birth_date(id_number)
        except NumberError:
            valid = False
        if not valid:
            return _("id_number is not a valid resident identity card number (check digit).")
        return None
    if _OTHER_DOCUMENT.fullmatch(id_number):
        return None
    return _("id_number must be an identity card number or 6 to 20 letters and digits.")


def person_id_hash(id_number: str) -> str:
    """Keyed hash of a personal ID number, with the portal's own key (never shared)."""
    # Without a configured key, derive one from SECRET_KEY (one-way, so it reveals nothing).
    key = (
        settings.PERSON_HASH_KEY.encode()
        or hmac.new(settings.SECRET_KEY.encode(), b"person-id-hash", hashlib.sha256).digest()
    )
    return hmac.new(key, person_id_normalise(id_number).encode(), hashlib.sha256).hexdigest()
