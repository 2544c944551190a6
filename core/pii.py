"""Personal data at rest: encryption, keyed hashes for lookup, and masks for display."""

import base64
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"linli-pii", info=purpose).derive(
        settings.SECRET_KEY.encode()
    )


@functools.cache
def _fernet() -> Fernet:
    key = settings.PII_ENCRYPTION_KEY
    if key:
        try:
            return Fernet(key)
        except ValueError as exc:
            raise ImproperlyConfigured("PII_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64 bytes).") from exc
    return Fernet(base64.urlsafe_b64encode(_derive(b"encrypt")))


@functools.cache
def _hash_key() -> bytes:
    return settings.PII_HASH_KEY.encode() if settings.PII_HASH_KEY else _derive(b"hash")


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("Personal data cannot be decrypted: the PII key has changed.") from exc


def keyed_hash(value: str) -> str:
    """Equal values give equal hashes, so uniqueness and lookup work without the plain text."""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest() if value else ""


def mask_id_number(number: str) -> str:
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "****"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def mask_name(name: str) -> str:
    """黄秀琴 -> 黄**: the surname stays so a neighbour is not identified by it alone."""
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else ""


def phone_columns(phone: str, *, prefix: str = "phone", hashed: bool = True, last4: str = "") -> dict[str, str]:
    """The stored columns of a phone, as a model keeps them: `<prefix>_enc` encrypted, `<prefix>_hash`
    for lookup and uniqueness (unless `hashed` is off), `<prefix>_masked` for display, and the last
    four digits in the column `last4` names, for search. No phone: every column empty, no mask."""
    columns = {f"{prefix}_enc": encrypt(phone)}
    if hashed:
        columns[f"{prefix}_hash"] = keyed_hash(phone)
    columns[f"{prefix}_masked"] = mask_phone(phone) if phone else ""
    if last4:
        columns[last4] = phone[-4:]
    return columns


def id_columns(number: str, *, prefix: str = "id_number", last4: str = "") -> dict[str, str]:
    """The stored columns of an ID number, as phone_columns: encrypted, keyed hash, mask, last four."""
    columns = {
        f"{prefix}_enc": encrypt(number),
        f"{prefix}_hash": keyed_hash(number),
        f"{prefix}_masked": mask_id_number(number) if number else "",
    }
    if last4:
        columns[last4] = number[-4:]
    return columns


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalize_phone(raw: str) -> str:
    phone = re.sub(r"[\s()]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    return phone


def is_valid_phone(phone: str) -> bool:
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))


# A mobile number anywhere in a text: not when it is part of a longer run of digits (an ID number).
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_phones_in(text: str) -> str:
    """Mask every mobile number inside a text, e.g. a login shown as someone's name."""
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text) if text else text


def mask_login(username: str) -> str:
    """A login shown where a name belongs: a phone number masked like any phone, any other login
    reduced to its first letter, since usernames are for signing in, not for others to read."""
    phone = normalize_phone(username)
    if is_valid_phone(phone):
        return mask_phone(phone)
    return f"{username[:1]}***" if username else ""
