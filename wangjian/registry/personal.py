"""Natural persons' ID numbers: a keyed hash to match on, a masked form to show, nothing in clear.

《个人信息保护法》 第二十八条 treats ID numbers as sensitive personal information; the HMAC key
(``settings.PERSONAL_DATA_HASH_KEY``) keeps the hash from being reversed by enumerating the
(small) space of valid numbers.
"""

import hashlib
import hmac

from django.conf import settings

from wangjian.core.identifiers import mask_resident_id, normalise_identifier


def hash_resident_id(number: str) -> str:
    key = settings.PERSONAL_DATA_HASH_KEY.encode("utf-8")
    value = normalise_identifier(number).encode("utf-8")
    return hmac.new(key, value, hashlib.sha256).hexdigest()


def protect_resident_id(number: str) -> tuple[str, str]:
    """(keyed hash, masked form) of a resident ID number."""
    return hash_resident_id(number), mask_resident_id(normalise_identifier(number))
