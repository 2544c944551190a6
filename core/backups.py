"""Backups: one .tar.gz holding the database, the uploaded files (MEDIA_ROOT) and a manifest.

SQLite is copied through its online backup API, a consistent copy while the site writes;
PostgreSQL through `pg_dump -Fc` inside an exported REPEATABLE READ snapshot, so the counts in
the manifest are those of the dump. A restore checks every checksum before it touches anything.
The PII keys are not in the archive: they are kept apart from it (docs/OPERATIONS.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from core import chain
from core.audit import CHAIN

FORMAT = 1
PREFIX = "linli-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def default_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    """The tables of every model, each once (proxies and unmanaged models have none of their own)."""
    found = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy
    }
    return sorted(found)


def _count(execute: Callable[[str], Any], quote: Callable[[str], str], tables: list[str]) -> dict[str, int]:
    return {table: execute(f"SELECT count(*) FROM {quote(table)}")[0] for table in tables}  # noqa: S608 - model tables


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "%(tool)s was not found on PATH. Install the PostgreSQL client programs of the server's "
                "version (Debian: apt install postgresql-client) or add their directory to PATH."
            )
            % {"tool": name}
        )
    return found


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection settings for pg_dump / pg_restore through the environment, the password never in argv."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our argv
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": Path(argv[0]).name, "error": done.stderr.strip()[-2000:]}
        )


def _heads(fetch: Callable[[str], Any], quote: Callable[[str], str], present: set[str]) -> dict[str, str]:
    """The last hash of each chain (core.chain), to check later with verify_audit --anchor."""
    heads = {}
    for name, walked in sorted(chain.CHAINS.items()):
        if walked.table in present:
            found = fetch(f"SELECT {chain.HASH} FROM {quote(walked.table)} ORDER BY id DESC LIMIT 1")  # noqa: S608
            heads[name] = (found[0] if found else "") or ""
    return heads


def _dump(using: str, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Write the database to `target`; its row counts and chain heads, as of the copy."""
    connection = connections[using]
    tables = _tables()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # one step: a single consistent read
            present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            counts = _count(
                lambda sql: copy.execute(sql).fetchone(), connection.ops.quote_name, [t for t in tables if t in present]
            )
            heads = _heads(lambda sql: copy.execute(sql).fetchone(), connection.ops.quote_name, present)
        finally:
            copy.close()
        return counts, heads
    if connection.vendor == "postgresql":
        pg_dump = _tool("pg_dump")
        present = set(connection.introspection.table_names())
        with transaction.atomic(using=using), connection.cursor() as cursor:
            # The dump reads the snapshot the counts were taken in.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]

            def fetch(sql: str) -> Any:
                cursor.execute(sql)
                return cursor.fetchone()

            counts = _count(fetch, connection.ops.quote_name, [t for t in tables if t in present])
            heads = _heads(fetch, connection.ops.quote_name, present)
            settings_dict = connection.settings_dict
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={settings_dict['NAME']}",
                ],
                _pg_env(settings_dict),
            )
        return counts, heads
    raise BackupError(_("Backups know SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor})


def _version() -> str:
    try:
        return metadata.version("linli")
    except metadata.PackageNotFoundError:
        return "unknown"


def _migrations(using: str) -> dict[str, str]:
    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _archive_path(output: Path | None, now: dt.datetime) -> Path:
    name = f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}{SUFFIX}"
    if output is None:
        return default_dir() / name
    # A name ending .tar.gz is the archive's; anything else is a directory to write it in.
    return output if output.name.endswith(SUFFIX) and not output.is_dir() else output / name


def create(*, output: Path | None = None, keep: int | None = None, using: str = "default") -> tuple[Path, dict]:
    """Write one archive (0600); with `keep`, delete all but the newest `keep` in its directory."""
    now = timezone.now()
    archive = _archive_path(output, now)
    archive.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    vendor = connections[using].vendor
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".backup-") as work:
        dump = Path(work) / DUMPS.get(vendor, "database")
        counts, heads = _dump(using, dump)
        media_root = Path(settings.MEDIA_ROOT)
        members = [(dump, DUMPS[vendor])] + [
            (path, str(PurePosixPath("media", *path.relative_to(media_root).parts)))
            for path in _media_files(media_root)
        ]
        manifest = {
            "format": FORMAT,
            "version": _version(),
            "created_at": now.isoformat(),
            "database": vendor,
            "migrations": _migrations(using),
            "counts": counts,
            "audit_head": heads.get("audit", ""),
            "chain_heads": heads,
            "files": {name: {"size": path.stat().st_size, "sha256": _sha256(path)} for path, name in members},
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = Path(work) / "archive.part"
        # Readable by the owner alone from the first byte: it holds every record of the site.
        with (
            os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz") as tar,
        ):
            tar.add(manifest_path, arcname=MANIFEST)
            for path, name in members:
                tar.add(path, arcname=name)
        os.replace(partial, archive)
    if keep is not None:
        prune(archive.parent, keep)
    return archive, manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives of `directory` (by their time-stamped names)."""
    archives = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))
    doomed = archives[: max(len(archives) - keep, 0)]
    for path in doomed:
        path.unlink()
    return doomed


# --- restore -----------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name in (MANIFEST, *DUMPS.values()) or path.parts[0] == "media")
    )


def unpack(archive: Path, into: Path) -> dict:
    """Extract the archive into `into` and check every file against the manifest; the manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not (member.isfile() or member.isdir()) or not _safe_name(member.name):
                    raise BackupError(
                        _("%(name)s is not a Linli backup: it holds %(member)s.")
                        % {"name": archive, "member": member.name}
                    )
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            _("%(name)s cannot be read as a backup archive: %(error)s") % {"name": archive, "error": exc}
        ) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            _("%(name)s has no readable manifest; it is not a Linli backup.") % {"name": archive}
        ) from exc
    found = {str(p.relative_to(into).as_posix()) for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if found != set(files):
        raise BackupError(
            _("The files in %(name)s are not those its manifest lists; it was altered or cut short.")
            % {"name": archive}
        )
    for name, expected in files.items():
        if _sha256(into / name) != expected["sha256"]:
            raise BackupError(
                _("%(file)s in %(name)s does not match its checksum; the archive is damaged.")
                % {"file": name, "name": archive}
            )
    return manifest


def holds_data(using: str = "default") -> bool:
    """True when the database has an account or an audit row (a fresh `migrate` has neither)."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    user_table = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    with connection.cursor() as cursor:
        for table in (user_table, CHAIN.table):
            if table in present:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def _load(using: str, dump: Path) -> None:
    connection = connections[using]
    connections.close_all()  # the copy replaces the database under every connection of ours
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        if not name.exists():  # a new machine: the database file readable by its owner alone
            name.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = sqlite3.connect(dump)
        target = sqlite3.connect(name, timeout=60)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    pg_restore = _tool("pg_restore")
    settings_dict = connection.settings_dict
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        _pg_env(settings_dict),
    )


def _place_media(source: Path, root: Path) -> int:
    count = 0
    for path in _media_files(source):
        target = root / path.relative_to(source)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        target.chmod(0o600)
        count += 1
    return count


def restore(*, archive: Path, force: bool = False, using: str = "default") -> dict:
    """Put the archive's database and files back; the manifest. Refuses a database holding data
    unless `force`. Checks every checksum before touching anything, and the counts after."""
    vendor = connections[using].vendor
    Path(settings.VAR_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.VAR_DIR, prefix=".restore-") as work:
        into = Path(work)
        manifest = unpack(archive, into)
        if manifest.get("database") != vendor:
            raise BackupError(
                _("%(name)s is a backup of a %(kind)s database; this site runs on %(vendor)s.")
                % {"name": archive, "kind": manifest.get("database"), "vendor": vendor}
            )
        if not force and holds_data(using):
            raise BackupError(
                _(
                    "The database already holds data. Restore over it only on purpose, with --force, after backing it up."
                )
            )
        _load(using, into / DUMPS[vendor])
        _place_media(into / "media", Path(settings.MEDIA_ROOT))
    connection = connections[using]
    present = set(connection.introspection.table_names())
    with connection.cursor() as cursor:

        def fetch(sql: str) -> Any:
            cursor.execute(sql)
            return cursor.fetchone()

        counts = _count(fetch, connection.ops.quote_name, [t for t in manifest["counts"] if t in present])
    differ = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if differ:
        shown = ", ".join(f"{t}: {want} → {got}" for t, (want, got) in sorted(differ.items())[:10])
        raise BackupError(
            _("The restored database does not hold what the backup counted: %(tables)s.") % {"tables": shown}
        )
    return manifest
