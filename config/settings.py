"""Linli settings: one file, driven by the environment.

Every setting that differs between a laptop and a county server comes from an
environment variable read by a small helper that fails loudly on a bad value.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LINLI_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Readable by its owner alone from the first byte (not chmod-ed after writing), written
        # whole under a name of its own, then linked into place: of two processes starting
        # together, one key wins and neither reads a half-written file.
        draft = VAR_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(64))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not key_file.exists():
                os.replace(draft, key_file)
        finally:
            draft.unlink(missing_ok=True)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The demo and development: DEBUG on, or a site that answers only on this machine (the default
# ALLOWED_HOSTS, as `make run`, the tests and CI use it). A site serving a real host name is
# production, unless LINLI_DEMO=true says it is a demo with invented data.
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}
LINLI_DEMO = envbool("LINLI_DEMO", "true" if DEBUG or set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS else "false")

# Keys for personal data: encryption at rest and the keyed hash used for lookups. Without them
# both derive from SECRET_KEY, which lives in var/ next to the database: fine for the demo, and
# refused in production, where anyone holding the database and var/ could read every ID number.
# PII_ENCRYPTION_KEY may list several Fernet keys, newest first, while keys rotate; the word
# "derived" stands for the key derived from SECRET_KEY. PII_HASH_KEY_OLD is set only while the
# hash key is being changed (docs/OPERATIONS.md, "Keys and rotation").
PII_ENCRYPTION_KEY = os.environ.get("PII_ENCRYPTION_KEY", "")
PII_HASH_KEY = os.environ.get("PII_HASH_KEY", "")
PII_HASH_KEY_OLD = os.environ.get("PII_HASH_KEY_OLD", "")
if not LINLI_DEMO and (
    not PII_ENCRYPTION_KEY.strip()
    or PII_ENCRYPTION_KEY.split(",")[0].strip() in {"derived", SECRET_KEY}
    or PII_HASH_KEY in {"", "derived", SECRET_KEY}
):
    raise ImproperlyConfigured(
        "Production (DEBUG off, ALLOWED_HOSTS naming this site) needs keys for personal data of its own, "
        "not derived from SECRET_KEY. Set PII_ENCRYPTION_KEY to a Fernet key "
        '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") '
        "and PII_HASH_KEY to a random secret "
        '(python -c "import secrets; print(secrets.token_urlsafe(32))"), keep both outside var/ and back them up '
        "apart from the database; or set LINLI_DEMO=true for a demo with invented data."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "registry",
    "volunteering",
    "activities",
    "wishes",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.nul_refusal_middleware",  # before CSRF reads a post: PostgreSQL refuses NUL in text
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.audit_origin_middleware",
    "accounts.middleware.password_change_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.caching.no_store_middleware",  # innermost: it sees every view's answer
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# {{ form }} renders with core/templates/core/forms/fields.html.
FORM_RENDERER = "core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ by default, anything dj-database-url reads otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'linli.sqlite3'}")
CONN_MAX_AGE = envint("CONN_MAX_AGE", "600")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout
        # instead of one failing with "database is locked" halfway through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            # Without it INSERT OR REPLACE deletes a row without firing delete triggers, a way
            # around the append-only ledger and audit log (core.append_only).
            "PRAGMA recursive_triggers=ON;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA cache_size=-64000;"
            "PRAGMA mmap_size=268435456;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # A covering index's INCLUDE columns are a PostgreSQL speed-up; SQLite keeps the plain index.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PhoneOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if envbool("LINLI_FAST_HASHER", "false"):
    # Tests only: argon2 is deliberately slow and the suite creates many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins: this many per identifier (or per address) within the window lock it out.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", "900")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and (_worker := os.environ.get("PYTEST_XDIST_WORKER", "")):
    # Parallel test workers flush the cache between tests: each gets a Redis database of its own.
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{10 + int(_worker.removeprefix('gw') or 0)}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Shared by every worker process, unlike a per-process LocMemCache; its table is made by
    # core's migration 0005, so `migrate` is all a new site needs.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "linli_cache"}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads (photos, rosters) readable by the site's user alone; Django's default would be 0644.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Roster uploads larger than this are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security: safe defaults, relaxed only by explicit environment settings.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", "false") else None
# Behind the proxy, how many proxies in a row append to X-Forwarded-For (1: nginx alone; 2: a load
# balancer in front of nginx). The client's address is that many entries from the right.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "1")
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 1 or more, not {TRUSTED_PROXY_COUNT}")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Volunteering: hours for one to five stars, the public address printed in certificates' QR
# codes (else taken from the request), and a CJK TrueType font to embed in PDFs.
LINLI_STAR_THRESHOLDS = tuple(int(h) for h in envlist("LINLI_STAR_THRESHOLDS", "100,300,600,1000,1500"))
if len(LINLI_STAR_THRESHOLDS) != 5 or list(LINLI_STAR_THRESHOLDS) != sorted(set(LINLI_STAR_THRESHOLDS)):
    raise ImproperlyConfigured(
        "LINLI_STAR_THRESHOLDS must be five increasing numbers of hours, e.g. 100,300,600,1000,1500."
    )
LINLI_PUBLIC_URL = os.environ.get("LINLI_PUBLIC_URL", "")
LINLI_CJK_FONT = os.environ.get("LINLI_CJK_FONT", "")

LINLI_VERSION = "0.1.0"
LINLI_SITE_NAME = _("Linli")
