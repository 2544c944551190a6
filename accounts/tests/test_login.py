import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import create_account, issue_api_token
from conftest import PASSWORD
from core.models import AuditEvent
from core.roles import Role
from registry.testing import make_user


@pytest.fixture
def phone_user(world):
    user, _ = create_account(by=None, username="huang", display_name="黄秀琴", password=PASSWORD, phone="13905930001")
    return user


def test_login_by_username(client, staff_a):
    response = client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_login_by_phone(client, phone_user):
    response = client.post(reverse("accounts:login"), {"username": "139 0593 0001", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_says_what_to_do(client, phone_user):
    response = client.post(reverse("accounts:login"), {"username": "huang", "password": "nope"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode() or "不匹配" in response.content.decode()


def test_failed_logins_are_throttled(client, phone_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "huang", "password": "wrong"})
    # Locked now, even with the right password.
    response = client.post(reverse("accounts:login"), {"username": "huang", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_pages_need_login(client, world):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_generated_password_must_be_changed_first(client, world):
    user, password = create_account(by=None, username="nophone", display_name="老人")
    assert user.must_change_password
    client.post(reverse("accounts:login"), {"username": "nophone", "password": password})
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change")
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": "Qiu-yue-2026", "new_password2": "Qiu-yue-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_mismatched_new_passwords_are_refused(login, staff_a):
    client = login(staff_a)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "Qiu-yue-2026", "new_password2": "Qiu-yue-2027"},
    )
    assert response.status_code == 200
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_duplicate_phone_is_refused(world, phone_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        create_account(by=None, username="other", display_name="x", password=PASSWORD, phone="13905930001")
    assert "phone" in exc.value.message_dict


def test_token_page_issues_and_revokes(login, staff_a):
    client = login(staff_a)
    response = client.post(reverse("accounts:token-list"), {"name": "ledger sync"})
    key = response.context["new_key"]
    assert key.startswith("ll_")
    token = ApiToken.objects.get(user=staff_a)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.token.revoke").exists()


def test_cannot_revoke_someone_elses_token(login, staff_a, staff_b):
    token, _ = issue_api_token(by=staff_b, user=staff_b, name="b")
    response = login(staff_a).post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404


def test_grant_role_checks_the_area_kind(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_user("g2", role=Role.GRID_WORKER, org_unit=world.a)


@pytest.mark.default_language
def test_logging_in_brings_back_the_language_the_user_chose(client, staff_a):
    staff_a.language = "en"
    staff_a.save(update_fields=["language"])
    client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert '<html lang="en">' in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/", "/\\evil.example"])
def test_login_never_sends_the_user_to_another_site(client, db, target):
    make_user("wanderer", password=PASSWORD)
    response = client.post(f"/accounts/login/?next={target}", {"username": "wanderer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_returns_to_the_page_asked_for_on_this_site(client, db):
    make_user("wanderer", password=PASSWORD)
    response = client.post("/accounts/login/?next=/volunteering/me/", {"username": "wanderer", "password": PASSWORD})
    assert response["Location"] == "/volunteering/me/"
