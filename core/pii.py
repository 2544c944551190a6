"""Personal data at rest: encryption, keyed hashes for lookup, and masks for display."""

import base64
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The word an operator writes in PII_ENCRYPTION_KEY or PII_HASH_KEY_OLD for the key a checkout
# without configured keys derives from SECRET_KEY, so data written before keys were set can be
# read and re-encrypted (`manage.py rotate_pii`).
DERIVED = "derived"


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"linli-pii", info=purpose).derive(
        settings.SECRET_KEY.encode()
    )


def encryption_keys() -> list[str]:
    """PII_ENCRYPTION_KEY as a list, newest first: several comma-separated keys while rotating."""
    return [key.strip() for key in (settings.PII_ENCRYPTION_KEY or "").split(",") if key.strip()]


def keys_derived() -> bool:
    """Whether encryption or hashing falls back to keys derived from SECRET_KEY: whoever reads
    SECRET_KEY (var/secret_key, next to the database) can then read every ID number."""
    keys = encryption_keys()
    return not keys or keys[0] == DERIVED or not settings.PII_HASH_KEY or settings.PII_HASH_KEY == DERIVED


def _fernet_of(key: str, setting: str = "PII_ENCRYPTION_KEY") -> Fernet:
    if key == DERIVED:
        return Fernet(base64.urlsafe_b64encode(_derive(b"encrypt")))
    try:
        return Fernet(key)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{setting} must hold Fernet keys (32 url-safe base64 bytes each, comma-separated, newest first); "
            'generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        ) from exc


@functools.cache
def _fernet() -> MultiFernet:
    """Encrypts with the first key and decrypts with any of them, so keys rotate without downtime."""
    return MultiFernet([_fernet_of(key) for key in encryption_keys() or [DERIVED]])


def validate_keys() -> None:
    """Raise ImproperlyConfigured, saying what to set, if a listed key is not a Fernet key."""
    for key in encryption_keys():
        _fernet_of(key)


def _hash_key_of(value: str) -> bytes:
    return _derive(b"hash") if not value or value == DERIVED else value.encode()


@functools.cache
def _hash_key() -> bytes:
    return _hash_key_of(settings.PII_HASH_KEY)


@functools.cache
def _old_hash_key() -> bytes | None:
    """The hash key being replaced (PII_HASH_KEY_OLD), set only while a hash-key rotation runs."""
    old = getattr(settings, "PII_HASH_KEY_OLD", "")
    return _hash_key_of(old) if old else None


def reset_keys() -> None:
    """Forget the keys read from the settings (tests and the rotation command change them)."""
    for cached in (_fernet, _newest_fernet, _hash_key, _old_hash_key):
        cached.cache_clear()


_UNREADABLE = (
    "Personal data cannot be decrypted with any key in PII_ENCRYPTION_KEY: the key has changed. "
    "List the new key first and the old one after it, comma-separated, then run manage.py rotate_pii."
)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(_UNREADABLE) from exc


def keyed_hash(value: str) -> str:
    """Equal values give equal hashes, so uniqueness and lookup work without the plain text."""
    return _hmac(_hash_key(), value) if value else ""


def lookup_hashes(value: str) -> list[str]:
    """The hashes a stored row of `value` may carry: the current one and, while the hash key is
    being rotated, the old one, so lookups keep finding rows the rotation has not reached yet."""
    if not value:
        return []
    old = _old_hash_key()
    return [keyed_hash(value)] + ([_hmac(old, value)] if old is not None else [])


def old_keyed_hash(value: str) -> str:
    """The hash of `value` under PII_HASH_KEY_OLD, or "" when no rotation is under way."""
    old = _old_hash_key()
    return _hmac(old, value) if value and old is not None else ""


def rotate_token(token: str) -> str:
    """The same value encrypted with the newest key; the token unchanged if it already is."""
    if not token:
        return ""
    try:
        _newest_fernet().decrypt(token.encode())
    except InvalidToken:
        try:
            return _fernet().rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise ImproperlyConfigured(_UNREADABLE) from exc
    return token


@functools.cache
def _newest_fernet() -> Fernet:
    return _fernet_of((encryption_keys() or [DERIVED])[0])


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


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
