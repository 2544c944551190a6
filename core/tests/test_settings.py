import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
        "ALLOWED_HOSTS": "linli.example.org",
        "LINLI_PUBLIC_URL": "https://linli.example.org",  # emails link to the site (notifications.W001)
        # Keys of its own for personal data (refused to start without), TLS ended by nginx (core.W005).
        "PII_ENCRYPTION_KEY": "nR0fXq3mJ2b7v2u6fQ0Hh5mXb1Zr8c9sK3tL4pW5yA0=",
        "PII_HASH_KEY": "h" * 43,
        "BEHIND_TLS_PROXY": "true",
        "LINLI_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_passwords_are_hashed_with_argon2_in_production():
    # The test suite swaps in a fast hasher per test (conftest); the settings file keeps argon2.
    from importlib import reload

    import config.settings as live

    assert reload(live).PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sqlite_runs_in_wal_with_immediate_transactions(db):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
