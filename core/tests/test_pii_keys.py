"""Keys of personal data: production refuses derived keys, several keys rotate, rotate_pii re-encrypts."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from core import checks, pii, pii_rotation
from registry.models import Resident
from registry.services import pii_columns

ROOT = Path(__file__).resolve().parents[2]
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
HASH_OLD, HASH_NEW = "o" * 40, "n" * 40


@pytest.fixture
def keys(settings):
    """Set the keys for one test; core.pii reads them afresh, and forgets them afterwards."""

    def _set(encryption="", hashing="", hashing_old=""):
        settings.PII_ENCRYPTION_KEY, settings.PII_HASH_KEY, settings.PII_HASH_KEY_OLD = encryption, hashing, hashing_old
        pii.reset_keys()

    yield _set
    pii.reset_keys()


def run_manage(*args, env=None, tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PII_", "DATABASE_URL", "LINLI_DEMO"))}
    environment |= {"LINLI_VAR_DIR": str(tmp_path / "var"), "DEBUG": "false"} | (env or {})
    return subprocess.run(  # noqa: S603 - this checkout's manage.py, arguments from the test
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


PRODUCTION = {"ALLOWED_HOSTS": "linli.example.org", "SECRET_KEY": "s" * 60}


def test_production_refuses_to_start_without_keys_of_its_own(tmp_path):
    result = run_manage("check", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PII_ENCRYPTION_KEY" in result.stderr and "PII_HASH_KEY" in result.stderr
    assert "Fernet.generate_key()" in result.stderr  # says how to make one
    # Keys spelled "derived" are still SECRET_KEY's.
    derived = PRODUCTION | {"PII_ENCRYPTION_KEY": "derived", "PII_HASH_KEY": "derived"}
    assert run_manage("check", env=derived, tmp_path=tmp_path).returncode != 0


def test_production_with_keys_and_the_demo_without_them_start(tmp_path):
    configured = PRODUCTION | {"PII_ENCRYPTION_KEY": NEW, "PII_HASH_KEY": HASH_NEW}
    assert run_manage("check", env=configured, tmp_path=tmp_path).returncode == 0
    assert run_manage("check", env=PRODUCTION | {"LINLI_DEMO": "true"}, tmp_path=tmp_path).returncode == 0
    # `make run`, the tests and CI: nothing configured, the site answers on this machine only.
    assert run_manage("check", tmp_path=tmp_path).returncode == 0


def test_a_key_that_is_not_a_fernet_key_fails_the_checks(tmp_path):
    result = run_manage("check", env={"PII_ENCRYPTION_KEY": "not-a-key"}, tmp_path=tmp_path)
    assert result.returncode != 0 and "core.E001" in result.stderr


def test_files_the_site_creates_are_its_users_alone(tmp_path):
    script = "from django.db import connection; connection.ensure_connection()"
    result = run_manage("shell", "-c", script, tmp_path=tmp_path)  # SQLite: DATABASE_URL left out
    assert result.returncode == 0, result.stderr
    var = tmp_path / "var"
    for path in (var / "secret_key", var / "linli.sqlite3"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(var.stat().st_mode) == 0o700


def test_values_written_under_an_old_key_are_read_and_rotated(keys):
    keys(encryption=OLD)
    token = pii.encrypt("13805931234")
    keys(encryption=f"{NEW},{OLD}")
    assert pii.decrypt(token) == "13805931234"
    rotated = pii.rotate_token(token)
    assert rotated != token and pii.rotate_token(rotated) == rotated  # once is enough
    keys(encryption=NEW)
    assert pii.decrypt(rotated) == "13805931234"


def test_rotate_pii_re_encrypts_every_column_and_is_idempotent(world, keys):
    resident = world.head1
    keys(encryption="derived")  # a site that ran without keys, then sets its own
    Resident.objects.filter(pk=resident.pk).update(**pii_columns(id_number="350926196005171234", phone="13805931234"))
    keys(encryption=f"{NEW},derived")
    call_command("rotate_pii", batch_size=1)
    keys(encryption=NEW)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_enc, phone_enc FROM registry_resident WHERE id = %s", [resident.pk])
        id_token, phone_token = cursor.fetchone()
    assert (pii.decrypt(id_token), pii.decrypt(phone_token)) == ("350926196005171234", "13805931234")
    before = list(Resident.objects.order_by("pk").values_list("id_number_enc", "phone_enc"))
    call_command("rotate_pii")
    assert list(Resident.objects.order_by("pk").values_list("id_number_enc", "phone_enc")) == before


def test_rotate_pii_hash_recomputes_hashes_and_lookups_work_throughout(world, keys):
    keys(hashing=HASH_OLD)
    Resident.objects.filter(pk=world.head1.pk).update(**pii_columns(id_number="350926196005171234", phone=""))
    keys(hashing=HASH_NEW, hashing_old=HASH_OLD)
    # Mid-rotation, a lookup finds rows under either key.
    assert Resident.objects.filter(id_number_hash__in=pii.lookup_hashes("350926196005171234")).exists()
    call_command("rotate_pii", hash=True)
    keys(hashing=HASH_NEW)
    assert Resident.objects.filter(id_number_hash=pii.keyed_hash("350926196005171234")).get() == world.head1


def test_rotate_pii_hash_needs_the_old_hash_key(world, keys):
    keys(hashing=HASH_NEW)
    with pytest.raises(CommandError, match="PII_HASH_KEY_OLD"):
        call_command("rotate_pii", hash=True)


def test_every_encrypted_column_is_found():
    found = {columns.label: columns.prefixes for columns in pii_rotation.encrypted_models()}
    assert found["registry.Resident"] == ("id_number", "phone")
    assert found["accounts.User"] == ("phone",)
    assert "registry.PartnerUnit" in found and "volunteering.Volunteer" in found


def test_the_deploy_check_warns_of_derived_keys_and_open_files(keys, settings, tmp_path):
    keys()
    assert "core.W001" in {w.id for w in checks.check_pii_keys(None)}
    keys(encryption=NEW, hashing=HASH_NEW)
    assert not checks.check_pii_keys(None)
    keys(encryption=f"{NEW},{OLD}", hashing=HASH_NEW)
    assert "core.W003" in {w.id for w in checks.check_pii_keys(None)}

    settings.VAR_DIR, settings.MEDIA_ROOT = tmp_path, tmp_path / "media"
    tmp_path.chmod(0o700)
    (tmp_path / "secret_key").write_text("k")
    (tmp_path / "secret_key").chmod(0o644)
    open_files = {w.msg for w in checks.check_private_files(None) if str(tmp_path) in w.msg}
    assert open_files == {f"The file {tmp_path / 'secret_key'} can be read by other users of this machine (mode 644)."}
    (tmp_path / "secret_key").chmod(0o600)
    assert not [w for w in checks.check_private_files(None) if str(tmp_path) in w.msg]


def test_the_deploy_check_wants_the_tls_proxy_in_production(settings):
    settings.DEBUG, settings.SECURE_PROXY_SSL_HEADER = False, None
    assert [w.id for w in checks.check_tls_proxy(None)] == ["core.W005"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert checks.check_tls_proxy(None) == []
