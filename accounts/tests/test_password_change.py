"""A password change asks for the current password; a new password shuts out the old one's holders."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import change_password, issue_api_token, reset_password
from conftest import PASSWORD
from core.models import AuditEvent
from core.roles import Role
from registry.testing import make_user

URL = reverse("accounts:password-change")
NEW = "Qiu-yue-2026"


def _logged_in(user) -> Client:
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def _api_works(key: str) -> bool:
    return Client().get("/api/v1/volunteering/teams", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_the_form_asks_for_the_current_password(login, staff_a):
    response = login(staff_a).get(URL)
    assert 'name="old_password"' in response.content.decode()


def test_a_wrong_current_password_changes_nothing(login, staff_a):
    response = login(staff_a).post(URL, {"old_password": "not-it-at-all", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert "not your current password" in response.context["form"].errors["old_password"][0]
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.user.password").exists()


def test_a_change_revokes_tokens_and_other_sessions_but_keeps_this_one(staff_a):
    _token, key = issue_api_token(by=staff_a, user=staff_a, name="ledger sync")
    assert _api_works(key)
    here, elsewhere = _logged_in(staff_a), _logged_in(staff_a)
    response = here.post(URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert here.get(reverse("core:home")).status_code == 200  # the page that changed it stays logged in
    assert elsewhere.get(reverse("core:home")).status_code == 302  # another browser is sent to log in
    assert not _api_works(key)
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.token.revoke", details__token=_token.prefix).exists()


def test_a_staff_reset_revokes_tokens_and_ends_every_session(login, staff_a, world):
    person = make_user("zhou", password=PASSWORD, role=Role.VOLUNTEER, org_unit=world.a)
    _token, key = issue_api_token(by=person, user=person, name="phone app")
    session = _logged_in(person)
    reset_password(by=staff_a, user=person)
    assert session.get(reverse("core:home")).status_code == 302
    assert not _api_works(key)


@pytest.mark.parametrize("how", ["change", "reset"])
def test_a_new_password_ends_the_wait_after_failed_logins(staff_a, settings, how):
    settings.LOGIN_FAILURE_LIMIT = 2
    guesser = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(2):
        guesser.post(reverse("accounts:login"), {"username": "staff_a", "password": "wrong"})
    if how == "change":
        change_password(by=staff_a, user=staff_a, password=NEW)
    else:
        reset_password(by=None, user=staff_a)
        staff_a.set_password(NEW)
        staff_a.save()
    response = Client(REMOTE_ADDR="10.4.4.4").post(reverse("accounts:login"), {"username": "staff_a", "password": NEW})
    assert response.status_code == 302
