"""Migrations 0004-0006 move accounts' phones out of clear text and logins off phone numbers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import pii

BEFORE = [("accounts", "0003_user_language")]
AFTER = [("accounts", "0006_user_phone_clear_text_dropped")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_existing_phones_are_encrypted_and_phone_logins_renamed():
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    User.objects.create(username="13911112222", phone="13911112222", display_name="郑报名", password="x")
    User.objects.create(username="staff_zhou", phone="13800000001", display_name="周", password="x")
    User.objects.create(username="139-0000-0002", phone=None, display_name="", password="x")
    User.objects.create(username="nophone", phone=None, display_name="老人", password="x")

    new = migrate(AFTER)
    User = new.get_model("accounts", "User")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for phone in ("13911112222", "13800000001", "13900000002"):
        assert phone not in stored
    signed_up = User.objects.get(display_name="郑报名")
    assert signed_up.username.startswith("zbm") and signed_up.phone_hash == pii.keyed_hash("13911112222")
    assert pii.decrypt(signed_up.phone_enc) == "13911112222" and signed_up.phone_masked == "139****2222"
    assert User.objects.get(username="staff_zhou").phone_last4 == "0001"
    # A login that was a phone number, with no phone: its number becomes the phone it logs in with.
    nameless = User.objects.exclude(username__in=["staff_zhou", "nophone"]).exclude(display_name="郑报名").get()
    assert nameless.phone_hash == pii.keyed_hash("13900000002") and nameless.username.startswith("u")
    assert User.objects.get(username="nophone").phone_hash == ""
