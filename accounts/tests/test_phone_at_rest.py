"""An account's phone is kept like every other phone: encrypted, a keyed hash, a mask; never the login."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.services import create_account, grant_role
from accounts.usernames import initials, looks_like_phone
from conftest import PASSWORD
from core import pii
from core.roles import Role
from registry.testing import make_id
from volunteering.models import Skill
from volunteering.services import sign_up_volunteer

PHONE = "13905930001"


def raw_users_table() -> str:
    """Every stored value of the users table, as the database file holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def sign_up(world, phone=PHONE):
    Skill.objects.get_or_create(code="first-aid", community=None, defaults={"name": "first aid"})
    return sign_up_volunteer(community=world.a, name="黄秀琴", phone=phone, id_number=make_id(), password=PASSWORD)


def test_the_public_sign_up_keeps_no_clear_phone_and_no_phone_login(world):
    volunteer = sign_up(world)
    user = volunteer.user
    assert PHONE not in raw_users_table()
    assert user.username.startswith("hxq") and not looks_like_phone(user.username)
    assert user.phone_masked == "139****0001" and user.phone_last4 == "0001"
    assert pii.decrypt(user.phone_enc) == PHONE and user.phone_hash == pii.keyed_hash(PHONE)


def test_who_signed_up_logs_in_with_their_phone(world):
    sign_up(world)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "139 0593 0001", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_wrong_phone_or_password_logs_nobody_in(world):
    sign_up(world)
    assert not Client().login(username="13905930002", password=PASSWORD)
    assert not Client().login(username=PHONE, password="not-the-password")


def test_a_phone_cannot_be_a_username(world):
    with pytest.raises(ValidationError) as exc:
        create_account(by=None, username="139-0593-0001", display_name="x", password=PASSWORD)
    assert "username" in exc.value.message_dict


def test_two_accounts_cannot_share_a_phone(world):
    sign_up(world)
    with pytest.raises(ValidationError) as exc:
        create_account(by=None, username="other", display_name="x", password=PASSWORD, phone="+86 139 0593 0001")
    assert "phone" in exc.value.message_dict


def test_staff_find_an_account_by_its_whole_phone_or_its_last_four_digits(world, login, staff_a):
    user, _ = create_account(by=None, username="zhou", display_name="周", password=PASSWORD, phone=PHONE)
    grant_role(by=None, user=user, role=Role.GRID_WORKER, grid_unit=world.group1)
    client = login(staff_a)
    for q in (PHONE, "0001"):
        page = client.get(reverse("accounts:user-list"), {"q": q}).content.decode()
        assert "周" in page, q
    assert "周" not in client.get(reverse("accounts:user-list"), {"q": "0002"}).content.decode()


def test_the_audit_log_shows_an_accounts_phone_masked(world, login, county_admin):
    user, _ = create_account(by=None, username="nameless", display_name="", password=PASSWORD, phone=PHONE)
    grant_role(by=user, user=user, role=Role.GRID_WORKER, grid_unit=world.group1)
    page = login(county_admin).get(reverse("core:audit-log")).content.decode()
    assert "139****0001" in page
    assert PHONE not in page


def test_initials_are_typeable_letters():
    assert initials("黄秀琴") == "hxq"
    assert initials("Tom 李") == "tl"
    assert initials("") == "u"


def test_logging_in_by_phone_survives_a_change_of_the_hash_key(world, settings):
    from django.core.management import call_command

    settings.PII_HASH_KEY = "o" * 40
    pii.reset_keys()
    try:
        sign_up(world)
        settings.PII_HASH_KEY, settings.PII_HASH_KEY_OLD = "n" * 40, "o" * 40
        pii.reset_keys()
        assert Client().login(username=PHONE, password=PASSWORD)  # mid-rotation: the old hash still found
        call_command("rotate_pii", hash=True)
        settings.PII_HASH_KEY_OLD = ""
        pii.reset_keys()
        assert Client().login(username=PHONE, password=PASSWORD)
        assert PHONE not in raw_users_table()
    finally:
        pii.reset_keys()
