"""The client's address: X-Forwarded-For is believed only as far as the trusted proxies wrote it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEvent
from core.net import client_address

PROXIED = ("HTTP_X_FORWARDED_PROTO", "https")


def _request(forwarded: str | None = None, remote: str = "10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_the_proxy_the_header_is_ignored(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_address(_request("203.0.113.9")) == "10.0.0.1"


def test_behind_the_proxy_the_entry_the_proxy_appended_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 1
    assert client_address(_request("198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    "spoofed",
    ["1.2.3.4, 198.51.100.7", "1.2.3.4,5.6.7.8 , 198.51.100.7", "not-an-address, 198.51.100.7"],
)
def test_entries_the_client_wrote_itself_are_ignored(settings, spoofed):
    # The client sends "X-Forwarded-For: 1.2.3.4"; nginx appends the address it saw on the right.
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 1
    assert client_address(_request(spoofed)) == "198.51.100.7"


def test_two_trusted_proxies_take_the_second_entry_from_the_right(settings):
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 2
    assert client_address(_request("1.2.3.4, 198.51.100.7, 10.0.0.5")) == "198.51.100.7"
    assert client_address(_request("198.51.100.7")) == "198.51.100.7"  # came in past the outer proxy


def test_a_missing_or_garbled_header_falls_back_to_the_peer(settings):
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 1
    assert client_address(_request()) == "10.0.0.1"
    assert client_address(_request(" , ")) == "10.0.0.1"
    assert client_address(_request("1.2.3.4, <script>")) == "10.0.0.1"


def test_ipv6_addresses_are_kept(settings):
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 1
    assert client_address(_request("2001:db8::1")) == "2001:db8::1"


def test_the_audit_log_records_the_address_the_proxy_saw(login, staff_a, settings):
    settings.SECURE_PROXY_SSL_HEADER, settings.TRUSTED_PROXY_COUNT = PROXIED, 1
    login(staff_a).post(
        reverse("accounts:token-list"),
        {"name": "ledger sync"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )
    assert AuditEvent.objects.get(action="accounts.token.issue").origin == "198.51.100.7"
