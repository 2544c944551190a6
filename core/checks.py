"""System checks for how personal data is kept: the keys, and who else on the machine can read it.

`manage.py check --deploy` runs the deploy checks. The key format is checked on every start, since
a key that is not a Fernet key would fail at the first encrypted write instead.
"""

import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from core import pii

KEYS_HINT = (
    'Set PII_ENCRYPTION_KEY (python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") '
    'and PII_HASH_KEY (python -c "import secrets; print(secrets.token_urlsafe(32))") in the environment, '
    "outside var/; if data was written without them, see docs/OPERATIONS.md, Keys and rotation."
)


@register(Tags.security)
def check_key_format(app_configs, **kwargs):
    """Every key listed in PII_ENCRYPTION_KEY opens: a typo shows at start, not at the first write."""
    try:
        pii.validate_keys()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="core.E001")]
    return []


@register(Tags.security, deploy=True)
def check_pii_keys(app_configs, **kwargs):
    """The keys of personal data are the deployment's own, and no rotation is left half done."""
    found = []
    if pii.keys_derived():
        found.append(
            Warning(
                "The keys of personal data derive from SECRET_KEY, which lives next to the database: "
                "whoever copies var/ can read every ID number and phone.",
                hint=KEYS_HINT,
                id="core.W001",
            )
        )
    elif len(settings.PII_HASH_KEY) < 32:
        found.append(
            Warning(
                "PII_HASH_KEY is shorter than 32 characters: phones and ID numbers could be guessed from their hashes.",
                hint=KEYS_HINT,
                id="core.W002",
            )
        )
    if len(pii.encryption_keys()) > 1 or settings.PII_HASH_KEY_OLD:
        found.append(
            Warning(
                "A key rotation is under way: PII_ENCRYPTION_KEY lists old keys, or PII_HASH_KEY_OLD is set.",
                hint="Run `manage.py rotate_pii` (with --hash after a new PII_HASH_KEY), then remove the old keys.",
                id="core.W003",
            )
        )
    return found


@register(Tags.security, deploy=True)
def check_private_files(app_configs, **kwargs):
    """The database file, the secret key and the uploads are not readable by other users."""
    found = []
    for path in _private_files():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            kind = "directory" if path.is_dir() else "file"
            wanted = "700" if path.is_dir() else "600"
            found.append(
                Warning(
                    f"The {kind} {path} can be read by other users of this machine (mode {mode:o}).",
                    hint=f"chmod {wanted} {path}; Linli's commands and servers create new files 0600 themselves.",
                    id="core.W004",
                )
            )
    return found


def _private_files() -> list[Path]:
    var = Path(getattr(settings, "VAR_DIR", "var"))
    candidates = [var, var / "secret_key", Path(settings.MEDIA_ROOT)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(str(database["NAME"]))
        candidates += [name, Path(f"{name}-wal"), Path(f"{name}-shm")]
    return [path for path in candidates if os.path.exists(path)]


@register(Tags.security, deploy=True)
def check_tls_proxy(app_configs, **kwargs):
    """Production is meant to sit behind a TLS proxy (nginx); without saying so, Django cannot tell
    an https request from an http one, and the client's address is the proxy's."""
    if settings.DEBUG or getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    return [
        Warning(
            "BEHIND_TLS_PROXY is off: requests look like plain http and every client has the proxy's address.",
            hint="Serve Linli behind nginx with TLS and set BEHIND_TLS_PROXY=true.",
            id="core.W005",
        )
    ]
