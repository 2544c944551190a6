"""Certificates through the API, and the public verification that shows nothing personal."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from volunteering import services
from volunteering.models import Certificate
from volunteering.tests.test_api_helpers import as_user, bearer, get, ids, post, recorded, secrets_of

TODAY = timezone.localdate


def period(**kw) -> dict:
    return {
        "period_start": (TODAY() - dt.timedelta(days=30)).isoformat(),
        "period_end": TODAY().isoformat(),
        "purpose": "升学",
        **kw,
    }


@pytest.fixture
def requested(vworld, staff_a, volunteer):
    """The member has 3 recorded hours and has asked for a certificate of the last 30 days."""
    recorded(staff_a, vworld.member, hours="3", days_ago=5, team=vworld.patrol, content="治安巡逻")
    return services.request_certificate(
        by=volunteer,
        volunteer=vworld.member,
        period_start=TODAY() - dt.timedelta(days=30),
        period_end=TODAY(),
    )


@pytest.fixture
def issued(requested, staff_a):
    return services.issue_certificate(by=staff_a, certificate=requested)


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read_certificates(vworld, staff_a, issued, how):
    client = as_user(staff_a, how)
    listing = get(client, "/certificates")
    assert listing.status_code == 200
    assert ids(listing) == [issued.pk]
    detail = get(client, f"/certificates/{issued.pk}").json()
    assert (detail["serial"], detail["hours"], detail["status"]) == (issued.serial, "3.00", "issued")
    assert detail["verify_url"].endswith(f"/verify/{issued.serial}/")
    assert detail["summary"]["content"][0]["content"] == "治安巡逻"
    assert ids(get(client, "/certificates", serial=issued.serial)) == [issued.pk]
    assert ids(get(client, "/certificates", status="revoked")) == []


def test_certificate_list_query_count_is_fixed(vworld, staff_a, issued, django_assert_num_queries):
    client = bearer(staff_a)
    get(client, "/certificates")
    # token + user, memberships (scope), team areas, count, page with its volunteers
    with django_assert_num_queries(5):
        assert get(client, "/certificates").json()["count"] == 1


def test_certificate_endpoints_need_login(vworld, requested):
    client = Client()
    assert get(client, "/certificates").status_code == 401
    assert get(client, f"/certificates/{requested.pk}").status_code == 401
    assert post(client, "/certificates", period()).status_code == 401
    assert post(client, f"/certificates/{requested.pk}/issue").status_code == 401
    assert post(client, f"/certificates/{requested.pk}/revoke", {"reason": "x"}).status_code == 401


def test_other_community_gets_404(vworld, staff_b, requested):
    client = bearer(staff_b)
    assert ids(get(client, "/certificates")) == []
    assert get(client, f"/certificates/{requested.pk}").status_code == 404
    assert post(client, f"/certificates/{requested.pk}/issue").status_code == 404
    assert post(client, f"/certificates/{requested.pk}/decline", {"reason": "x"}).status_code == 404
    assert post(client, "/certificates", period(volunteer=vworld.member.pk)).status_code == 404
    requested.refresh_from_db()
    assert requested.status == Certificate.Status.REQUESTED


def test_county_admin_reads_but_may_not_issue_or_revoke(vworld, county_admin, requested, staff_a):
    client = bearer(county_admin)
    assert ids(get(client, "/certificates")) == [requested.pk]
    assert post(client, f"/certificates/{requested.pk}/issue").status_code == 403
    assert post(client, "/certificates", period(volunteer=vworld.member.pk)).status_code == 403
    issued = services.issue_certificate(by=staff_a, certificate=requested)
    assert post(client, f"/certificates/{issued.pk}/revoke", {"reason": "x"}).status_code == 403
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED


def test_volunteer_asks_for_their_own_and_sees_only_theirs(vworld, volunteer, staff_a):
    recorded(staff_a, vworld.outsider, hours="2", days_ago=4)
    others = services.request_certificate(
        by=staff_a, volunteer=vworld.outsider, period_start=TODAY() - dt.timedelta(days=9), period_end=TODAY()
    )
    client = bearer(volunteer)
    asked = post(client, "/certificates", period())
    assert asked.status_code == 201
    assert (asked.json()["volunteer_id"], asked.json()["status"]) == (vworld.member.pk, "requested")
    assert ids(get(client, "/certificates")) == [asked.json()["id"]]
    assert get(client, f"/certificates/{others.pk}").status_code == 404
    assert post(client, "/certificates", period(volunteer=vworld.outsider.pk)).status_code == 404
    assert post(client, f"/certificates/{asked.json()['id']}/issue").status_code == 403
    backwards = post(client, "/certificates", period(period_start=TODAY().isoformat(), period_end="2020-01-01"))
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["field"] == "period_end"


def test_who_is_not_a_volunteer_cannot_ask_for_their_own(vworld, staff_a):
    refused = post(bearer(staff_a), "/certificates", period())
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "volunteer"


def test_staff_issue_decline_and_revoke(vworld, staff_a, requested):
    client = bearer(staff_a)
    issued = post(client, f"/certificates/{requested.pk}/issue")
    assert issued.status_code == 200
    assert issued.json()["serial"].startswith(vworld.patrol.community.code)
    assert post(client, f"/certificates/{requested.pk}/issue").status_code == 422
    assert post(client, f"/certificates/{requested.pk}/revoke", {"reason": " "}).status_code == 422
    revoked = post(client, f"/certificates/{requested.pk}/revoke", {"reason": "时长有误"})
    assert revoked.json()["status"] == "revoked"
    other = post(client, "/certificates", period(volunteer=vworld.outsider.pk))
    assert other.status_code == 201
    declined = post(client, f"/certificates/{other.json()['id']}/decline", {"reason": "此期间没有服务记录"})
    assert declined.json()["status"] == "declined"


def test_verification_is_public_and_shows_only_the_masked_fields(vworld, issued):
    response = Client().get(f"/api/v1/volunteering/verify/{issued.serial}")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "serial": issued.serial,
        "name": "陈**",
        "hours": "3.00",
        "period_start": issued.period_start.isoformat(),
        "period_end": issued.period_end.isoformat(),
        "issuer": vworld.patrol.community.name,
        "issued_on": issued.issued_on.isoformat(),
        "status": "valid",
        "revoked_on": None,
    }
    text = response.content.decode()
    for secret in [*secrets_of(vworld.member), vworld.member.name, vworld.member.number]:
        assert secret not in text
    assert vworld.member.id_number_masked not in text


def test_verification_of_a_revoked_certificate_says_so(vworld, staff_a, issued):
    services.revoke_certificate(by=staff_a, certificate=issued, reason="时长有误")
    body = Client().get(f"/api/v1/volunteering/verify/{issued.serial}").json()
    assert body["status"] == "revoked"
    assert body["revoked_on"] == TODAY().isoformat()


def test_verification_of_an_unknown_serial_is_404(vworld, requested):
    assert Client().get("/api/v1/volunteering/verify/NO-SUCH-SERIAL").status_code == 404
