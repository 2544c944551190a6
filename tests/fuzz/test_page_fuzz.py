"""Hostile query values on every GET page as community staff: never a server error."""

import pytest
from django.test import Client

from accounts.models import User
from tests.fuzz.page_fuzz import crawl, get_routes, hostile_requests

pytestmark = pytest.mark.slow


def test_no_server_error_from_hostile_query_values(tiny_demo, db):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="staff"))
    found = crawl(client, limit=400)
    assert len(found.pages) > 50, "the crawl reached too few pages to be worth anything"
    failures = []
    for url in hostile_requests(get_routes(), found, per_name=4):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url[:300]!r}")
    assert failures == [], "\n".join(failures)
