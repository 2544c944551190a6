"""Backup and restore round trip on the real database (SQLite or PostgreSQL through DATABASE_URL):
make data, back up, wipe, restore, compare. Restores replace the whole test database, so these
tests are transactional and flush it afterwards."""

import io
import json
import stat
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from core import backups
from core.audit import record_event
from core.models import AuditEvent
from registry.models import Resident
from registry.testing import make_resident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "photos" / "2026" / "门口.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 not really a photo \xff\xd9")
    return photo


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def back_up(tmp_path, *args):
    run("backup", "--output", str(tmp_path / "backups"), *args)
    return sorted((tmp_path / "backups").glob("*.tar.gz"))


def test_round_trip_restores_rows_files_and_the_audit_chain(world, media, tmp_path):
    make_resident(world.household_b, name="备份测试人")
    record_event(by=None, action="test.backup", details={"note": "备份之前"})
    residents = Resident.objects.count()
    audit = list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "chain_hash"))
    photo = media.read_bytes()

    [archive] = back_up(tmp_path)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["registry_resident"] == residents
    assert manifest["audit_head"] == manifest["chain_heads"]["audit"] == audit[-1][2]
    assert "media/photos/2026/门口.jpg" in manifest["files"]

    with pytest.raises(CommandError, match="already holds data"):
        run("restore", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    media.unlink()
    assert not Resident.objects.exists()

    out = run("restore", str(archive))
    assert "chain intact" in out
    assert Resident.objects.count() == residents
    assert Resident.objects.filter(name="备份测试人").exists()
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "chain_hash")) == audit
    assert media.read_bytes() == photo
    # The chain goes on from where the backup left it, and the triggers came back with the tables.
    record_event(by=None, action="test.after_restore")
    assert "chain intact" in run("verify_audit")
    with pytest.raises(DatabaseError, match="append-only"):
        AuditEvent.objects.filter(pk=audit[0][0]).delete()


def test_a_damaged_archive_is_refused_before_anything_changes(world, media, tmp_path):
    [archive] = back_up(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"swapped"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    media.write_bytes(b"current")
    with pytest.raises(CommandError, match="does not match its checksum"):
        run("restore", "--force", str(damaged))
    assert media.read_bytes() == b"current"


def test_keep_prunes_the_oldest_archives(world, media, tmp_path):
    for _ in range(3):
        kept = back_up(tmp_path, "--keep", "2")
    assert len(kept) == 2
    assert kept == sorted(kept)


def test_an_archive_with_paths_outside_is_refused(world, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        data = b"{}"
        member = tarfile.TarInfo("../outside.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="not a Linli backup"):
        run("restore", "--force", str(evil))
    assert not (tmp_path.parent / "outside.txt").exists()


def test_missing_pg_tools_are_named(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(backups.BackupError, match="pg_dump was not found on PATH"):
        backups._tool("pg_dump")
