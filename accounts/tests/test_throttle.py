"""Failed logins: a soft lock per login name that grows, a looser limit per real client address."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from conftest import PASSWORD
from core.models import AttemptCount
from registry.testing import make_user

URL = reverse("accounts:login")


@pytest.fixture
def mei(db):
    return make_user("mei", password=PASSWORD)


def _try(client, username, password, **extra):
    return client.post(URL, {"username": username, "password": password}, **extra)


def _age_failures(seconds: int) -> None:
    """As if the last failure came `seconds` ago: the wait is counted from it."""
    AttemptCount.objects.update(last_at=timezone.now() - dt.timedelta(seconds=seconds))


def test_waits_grow_from_a_minute_to_at_most_an_hour(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    assert [throttle.wait_after(n) for n in (4, 5, 6, 7, 8)] == [0, 60, 120, 240, 480]
    assert throttle.wait_after(30) == 3600


def test_after_the_limit_even_the_right_password_waits_and_is_told_how_long(client, mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    answers = [_try(client, "mei", "wrong").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = _try(client, "mei", PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert "Try again in 1 minute" in response.content.decode()


def test_the_wait_ends_and_grows_with_each_further_failure(client, mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _try(client, "mei", "wrong")
    _age_failures(61)
    response = _try(client, "mei", "wrong")  # the fourth, after the first wait: two minutes now
    assert response.status_code == 429 and "Try again in 2 minutes" in response.content.decode()
    _age_failures(121)
    assert _try(client, "mei", PASSWORD).status_code == 302
    assert not AttemptCount.objects.filter(key__startswith="login-fail:id").exists()  # starts afresh


def test_tries_during_the_wait_do_not_lengthen_it(client, mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _try(client, "mei", "wrong")
    for _ in range(5):
        _try(client, "mei", "wrong")
    assert "Try again in 1 minute" in _try(client, "mei", PASSWORD).content.decode()


def test_a_name_that_belongs_to_no_one_is_answered_alike(client, mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for name in ("mei", "nobody-here"):
        answers = [_try(Client(REMOTE_ADDR=f"10.9.0.{len(name)}"), name, "wrong").status_code for _ in range(3)]
        assert answers == [200, 200, 429]


def test_the_address_limit_is_looser_and_spares_other_addresses(mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    guesser = Client(REMOTE_ADDR="10.6.6.6")
    for i in range(8):  # four times the limit, spread over names so no name waits
        _try(guesser, f"name-{i // 2}-{i}", "wrong")
    assert _try(guesser, "mei", PASSWORD).status_code == 429
    assert _try(Client(REMOTE_ADDR="10.7.7.7"), "mei", PASSWORD).status_code == 302


def test_behind_the_proxy_one_guesser_does_not_lock_out_everyone(mei, settings):
    """Every request comes from the proxy's address; the limit keys on the client nginx saw."""
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = ("HTTP_X_FORWARDED_PROTO", "https"), 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    guesser = Client(**proxy)
    for i in range(8):
        # A guesser forging the header gains nothing: nginx appends the real address on the right.
        _try(guesser, f"name-{i}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.66")
    assert _try(guesser, "mei", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code == 429
    assert _try(Client(**proxy), "mei", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


def test_a_good_login_does_not_reset_the_address_count(mei, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    guesser = Client(REMOTE_ADDR="10.6.6.6")
    for i in range(7):
        _try(guesser, f"name-{i}", "wrong")
    assert _try(guesser, "mei", PASSWORD).status_code == 302
    assert _try(Client(REMOTE_ADDR="10.6.6.6"), "name-x", "wrong").status_code == 429
