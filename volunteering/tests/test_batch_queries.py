"""Recording a team's evening for fifty volunteers takes a fixed number of statements, page and API,
and leaves both hash chains (the ledger's and the audit log's) intact."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from volunteering.models import ServiceRecord
from volunteering.testing import make_volunteer
from volunteering.tests.test_api_helpers import bearer, post
from volunteering.tests.test_views_records import YESTERDAY, batch_data

MAX_QUERIES = 40


@pytest.fixture
def fifty(vworld):
    """The patrol team grown to fifty: the leader, the member and 48 more."""
    more = [make_volunteer(vworld.patrol.community, name=f"队员{n:02d}", teams=(vworld.patrol,)) for n in range(48)]
    return [vworld.leader, vworld.member, *more]


def _intact():
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _queries(send):
    with CaptureQueriesContext(connection) as ctx:
        response = send()
    return response, len(ctx.captured_queries)


def test_the_batch_page_records_fifty_in_few_statements(vworld, leader_user, login, fifty):
    client = login(leader_user)
    response, count = _queries(
        lambda: client.post(reverse("volunteering:record-batch"), batch_data(vworld.patrol, fifty))
    )
    assert response.status_code == 302
    assert count <= MAX_QUERIES, count
    records = list(ServiceRecord.objects.order_by("pk"))
    assert {r.volunteer_id for r in records} == {v.pk for v in fifty}
    assert all(r.hours == Decimal("2.5") and r.team_id == vworld.patrol.pk for r in records)
    # One audit row per entry, as recording them one by one writes.
    audit = AuditEvent.objects.filter(action="volunteering.record.create")
    assert sorted(int(a.object_id) for a in audit) == [r.pk for r in records]
    assert "service records: 50 rows, chain intact" in _intact()


def test_the_batch_api_records_fifty_in_few_statements(vworld, leader_user, fifty):
    client = bearer(leader_user)
    payload = {
        "team": vworld.patrol.pk,
        "volunteers": [v.pk for v in fifty],
        "served_on": YESTERDAY.isoformat(),
        "hours": "2",
        "content": "小区夜间巡逻",
    }
    response, count = _queries(lambda: post(client, "/records/batch", payload))
    assert response.status_code == 201 and len(response.json()) == 50
    assert count <= MAX_QUERIES, count
    assert "service records: 50 rows, chain intact" in _intact()
    # The day's rules still hold for every one of them, from the same few statements.
    again, count = _queries(lambda: post(client, "/records/batch", {**payload, "hours": "23"}))
    assert again.status_code == 422 and len(again.json()["detail"]) == 50
    assert count <= MAX_QUERIES, count
    assert ServiceRecord.objects.count() == 50
