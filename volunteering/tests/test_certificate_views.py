"""Certificate pages: the register, asking, issuing, declining, revoking, the PDF and the settings."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core import pii
from core.models import AuditEvent
from volunteering import services
from volunteering.models import Certificate, VolunteeringSettings
from volunteering.tests.test_certificate_pdf import make_issued_certificate

LIST = reverse("volunteering:certificate-list")
REQUEST = reverse("volunteering:certificate-request")
SETTINGS = reverse("volunteering:certificate-settings")


def url(name, certificate):
    return reverse(f"volunteering:certificate-{name}", args=[certificate.pk])


def audit_actions(certificate):
    return list(
        AuditEvent.objects.filter(object_type="volunteering.certificate", object_id=str(certificate.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def issued(vworld, staff_a):
    return make_issued_certificate(vworld, staff_a)


@pytest.fixture
def requested(vworld, volunteer):
    today = timezone.localdate()
    return services.request_certificate(
        by=volunteer, volunteer=vworld.member, period_start=today - dt.timedelta(days=90), period_end=today
    )


# --- the register ----------------------------------------------------------------------------------


def test_register_lists_the_communitys_certificates(vworld, staff_a, login, issued, requested):
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == [requested, issued]  # waiting requests first
    html = response.content.decode()
    assert issued.serial in html
    assert "5.5" in html


def test_register_needs_login(client, vworld):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_register_of_another_community_does_not_list_it(vworld, staff_b, login, issued):
    response = login(staff_b).get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_county_admin_reads_the_register(vworld, county_admin, login, issued):
    response = login(county_admin).get(LIST)
    assert list(response.context["page"]) == [issued]
    assert response.context["show_community"]  # two communities to choose from


def test_a_volunteer_sees_only_their_own_certificates(vworld, staff_a, volunteer, login, issued):
    other = make_issued_certificate(vworld, staff_a, volunteer=vworld.outsider)
    page = login(volunteer).get(LIST).context["page"]
    assert list(page) == [issued]
    assert other not in page


@pytest.mark.parametrize("persona", ["grid_worker", "resident_user"])
def test_register_refuses_who_has_no_volunteering_rights(vworld, login, request, persona):
    assert login(request.getfixturevalue(persona)).get(LIST).status_code == 403


def test_register_search(vworld, staff_a, login, issued, requested):
    client = login(staff_a)
    today = timezone.localdate()

    def found(**params):
        return list(client.get(LIST, params).context["page"])

    assert found(q=issued.serial) == [issued]
    assert found(q="陈志") == [requested, issued]
    assert found(q="周青年") == []
    assert found(q=vworld.member.number) == [requested, issued]
    assert found(status="issued") == [issued]
    assert found(status="requested") == [requested]
    assert found(period_from=(today + dt.timedelta(days=1)).isoformat()) == []
    assert found(period_to=(today - dt.timedelta(days=80)).isoformat()) == [requested]  # only it starts that early
    assert found(period_from="not a date") == [requested, issued]  # a bad filter filters nothing


def test_register_query_count_does_not_grow_with_rows(vworld, staff_a, login, issued, django_assert_num_queries):
    client = login(staff_a)
    client.get(LIST)  # warm the session
    for month in range(1, 6):
        services.request_certificate(
            by=staff_a,
            volunteer=vworld.outsider,
            period_start=dt.date(2024, month, 1),
            period_end=dt.date(2024, month, 28),
        )
    # session, user, memberships, the volunteering areas (own record), communities, count, page
    with django_assert_num_queries(7):
        assert client.get(LIST).status_code == 200


# --- asking for a certificate ------------------------------------------------------------------------------


def test_a_volunteer_asks_for_their_own_certificate(vworld, volunteer, login):
    client = login(volunteer)
    page = client.get(REQUEST)
    assert page.status_code == 200
    assert "volunteer" not in page.context["form"].fields
    today = timezone.localdate()
    response = client.post(
        REQUEST,
        {
            "volunteer": vworld.outsider.pk,  # ignored: a volunteer asks only for themself
            "period_start": (today - dt.timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            "purpose": "求职",
        },
    )
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", certificate)
    assert (certificate.volunteer, certificate.status, certificate.purpose) == (vworld.member, "requested", "求职")
    assert audit_actions(certificate) == ["volunteering.certificate.request"]


def test_request_errors_are_shown(vworld, volunteer, login):
    today = timezone.localdate()
    response = login(volunteer).post(
        REQUEST, {"period_start": today.isoformat(), "period_end": (today - dt.timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors
    assert not Certificate.objects.exists()


def test_staff_ask_on_a_volunteers_behalf(vworld, staff_a, login):
    client = login(staff_a)
    page = client.get(REQUEST, {"volunteer": vworld.outsider.pk})
    assert page.context["form"]["volunteer"].value() == str(vworld.outsider.pk)
    volunteers = list(page.context["form"].fields["volunteer"].queryset)
    assert vworld.outsider in volunteers
    assert vworld.volunteer_b not in volunteers
    today = timezone.localdate()
    response = client.post(
        REQUEST, {"volunteer": vworld.outsider.pk, "period_start": "2024-01-01", "period_end": today.isoformat()}
    )
    assert response.status_code == 302
    assert Certificate.objects.get().volunteer == vworld.outsider


def test_staff_of_another_community_cannot_ask_for_this_volunteer(vworld, staff_b, login):
    response = login(staff_b).post(
        REQUEST, {"volunteer": vworld.member.pk, "period_start": "2024-01-01", "period_end": "2024-06-30"}
    )
    assert "volunteer" in response.context["form"].errors
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("persona", ["county_admin", "grid_worker"])
def test_asking_needs_a_volunteer_record_or_manage_rights(vworld, login, request, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(REQUEST).status_code == 403
    assert client.post(REQUEST, {"period_start": "2024-01-01", "period_end": "2024-06-30"}).status_code == 403


def test_asking_needs_login(client, vworld):
    assert client.get(REQUEST).status_code == 302


# --- detail -------------------------------------------------------------------------------------------


def test_detail_for_staff_shows_the_preview_and_actions(vworld, staff_a, login, requested):
    services.record_service(
        by=staff_a, volunteer=vworld.member, served_on=timezone.localdate(), hours=4, content="义诊"
    )
    services.close_notices(today=timezone.localdate() + dt.timedelta(days=14))
    response = login(staff_a).get(url("detail", requested))
    assert response.status_code == 200
    assert response.context["preview_hours"] == "4"
    html = response.content.decode()
    assert url("issue", requested) in html
    assert url("decline", requested) in html
    assert vworld.member.id_number_masked in html
    assert pii.decrypt(vworld.member.id_number_enc) not in html


def test_detail_for_the_volunteer_has_the_download_and_no_actions(vworld, volunteer, login, issued):
    response = login(volunteer).get(url("detail", issued))
    assert response.status_code == 200
    html = response.content.decode()
    assert url("download", issued) in html
    assert url("revoke", issued) not in html
    assert not response.context["show_timeline"]


def test_county_admin_reads_the_detail_without_actions(vworld, county_admin, login, issued):
    response = login(county_admin).get(url("detail", issued))
    assert response.status_code == 200
    html = response.content.decode()
    assert url("revoke", issued) not in html
    assert url("download", issued) not in html
    assert response.context["show_timeline"]


@pytest.mark.parametrize("persona", ["staff_b", "leader_user", "grid_worker"])
def test_detail_outside_scope_is_404(vworld, login, request, issued, persona):
    # leader_user is another volunteer (the patrol team's leader): a team leader sees records, not certificates.
    assert login(request.getfixturevalue(persona)).get(url("detail", issued)).status_code == 404


def test_detail_needs_login(client, vworld, issued):
    assert client.get(url("detail", issued)).status_code == 302


# --- issue, decline, revoke -----------------------------------------------------------------------------


def test_staff_issue_a_certificate(vworld, staff_a, login, requested):
    services.record_service(
        by=staff_a, volunteer=vworld.member, served_on=timezone.localdate(), hours=2, content="巡逻"
    )
    services.close_notices(today=timezone.localdate() + dt.timedelta(days=14))
    response = login(staff_a).post(url("issue", requested))
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "issued"
    assert requested.serial
    assert audit_actions(requested) == ["volunteering.certificate.request", "volunteering.certificate.issue"]


def test_issuing_without_recorded_hours_says_why(vworld, staff_a, login, requested):
    response = login(staff_a).post(url("issue", requested), follow=True)
    assert "There are no recorded hours in this period" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_issue_is_post_only(vworld, staff_a, login, requested):
    assert login(staff_a).get(url("issue", requested)).status_code == 405


@pytest.mark.parametrize(("persona", "status"), [("county_admin", 403), ("volunteer", 403), ("staff_b", 404)])
def test_issue_needs_manage_rights(vworld, login, request, requested, persona, status):
    assert login(request.getfixturevalue(persona)).post(url("issue", requested)).status_code == status
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_staff_decline_with_a_reason(vworld, staff_a, volunteer, login, requested):
    client = login(staff_a)
    assert client.get(url("decline", requested)).status_code == 200
    assert "reason" in client.post(url("decline", requested), {"reason": " "}).context["form"].errors
    response = client.post(url("decline", requested), {"reason": "这段时间没有服务记录。"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.status, requested.decision_reason) == ("declined", "这段时间没有服务记录。")
    assert audit_actions(requested)[-1] == "volunteering.certificate.decline"
    assert "这段时间没有服务记录。" in login(volunteer).get(url("detail", requested)).content.decode()


def test_staff_revoke_with_a_reason(vworld, staff_a, login, issued):
    client = login(staff_a)
    assert client.get(url("revoke", issued)).status_code == 200
    response = client.post(url("revoke", issued), {"reason": "时长登记有误，已重新出具。"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == "revoked"
    assert issued.revoked_at is not None
    assert audit_actions(issued)[-1] == "volunteering.certificate.revoke"
    again = client.post(url("revoke", issued), {"reason": "again"})
    assert "Only an issued certificate can be revoked." in again.content.decode()


@pytest.mark.parametrize("action", ["decline", "revoke"])
@pytest.mark.parametrize(("persona", "status"), [("county_admin", 403), ("volunteer", 403), ("staff_b", 404)])
def test_decline_and_revoke_need_manage_rights(vworld, login, request, issued, action, persona, status):
    client = login(request.getfixturevalue(persona))
    assert client.get(url(action, issued)).status_code == status
    assert client.post(url(action, issued), {"reason": "x"}).status_code == status
    issued.refresh_from_db()
    assert issued.status == "issued"


@pytest.mark.parametrize("action", ["decline", "revoke"])
def test_decline_and_revoke_need_login(client, vworld, issued, action):
    assert client.post(url(action, issued), {"reason": "x"}).status_code == 302


# --- the PDF -----------------------------------------------------------------------------------------------


def test_the_volunteer_downloads_their_certificate_unaudited(vworld, volunteer, login, issued):
    response = login(volunteer).get(url("download", issued))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{issued.serial}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert f"http://testserver/volunteering/verify/{issued.serial}/".encode() in response.content
    assert "volunteering.certificate.download" not in audit_actions(issued)


def test_a_staff_download_leaves_an_audit_row(vworld, staff_a, login, issued):
    response = login(staff_a).get(url("download", issued))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="volunteering.certificate.download")
    assert (event.actor, event.object_id, event.details) == (staff_a, str(issued.pk), {"serial": issued.serial})


def test_the_qr_address_follows_the_public_url_setting(vworld, volunteer, login, issued, settings):
    settings.LINLI_PUBLIC_URL = "https://linli.example.cn"
    content = login(volunteer).get(url("download", issued)).content
    assert f"https://linli.example.cn/volunteering/verify/{issued.serial}/".encode() in content


@pytest.mark.parametrize("persona", ["county_admin", "staff_b", "leader_user", "grid_worker"])
def test_nobody_else_downloads(vworld, login, request, issued, persona):
    assert login(request.getfixturevalue(persona)).get(url("download", issued)).status_code == 404
    assert "volunteering.certificate.download" not in audit_actions(issued)


def test_download_needs_login(client, vworld, issued):
    assert client.get(url("download", issued)).status_code == 302


def test_only_an_issued_certificate_downloads(vworld, staff_a, volunteer, login, issued, requested):
    assert login(volunteer).get(url("download", requested)).status_code == 404
    services.revoke_certificate(by=staff_a, certificate=issued, reason="错误")
    assert login(volunteer).get(url("download", issued)).status_code == 404
    assert login(staff_a).get(url("download", issued)).status_code == 404


# --- issuer settings -------------------------------------------------------------------------------------


def test_staff_set_the_issuer_details(vworld, staff_a, login):
    client = login(staff_a)
    assert client.get(SETTINGS).status_code == 200
    response = client.post(SETTINGS, {"person_in_charge": "王主任", "clerk": "林干事", "contact_phone": "0593 1234567"})
    assert response.status_code == 302
    row = VolunteeringSettings.objects.get(community=vworld.member.community)
    assert (row.person_in_charge, row.clerk, row.contact_phone) == ("王主任", "林干事", "05931234567")
    event = AuditEvent.objects.get(action="volunteering.settings.update")
    assert event.details == {"changed": ["person_in_charge", "clerk", "contact_phone"]}
    assert client.get(SETTINGS).context["form"]["clerk"].value() == "林干事"


def test_settings_errors_are_shown(vworld, staff_a, login):
    response = login(staff_a).post(SETTINGS, {"contact_phone": "12345"})
    assert "contact_phone" in response.context["form"].errors
    assert not AuditEvent.objects.filter(action="volunteering.settings.update").exists()


def test_saving_unchanged_settings_writes_no_audit_row(vworld, staff_a, login):
    client = login(staff_a)
    client.post(SETTINGS, {"person_in_charge": "王主任"})
    client.post(SETTINGS, {"person_in_charge": "王主任"})
    assert AuditEvent.objects.filter(action="volunteering.settings.update").count() == 1


@pytest.mark.parametrize("persona", ["county_admin", "volunteer", "grid_worker"])
def test_settings_need_manage_rights(vworld, login, request, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {"clerk": "x"}).status_code == 403


def test_settings_of_another_community_are_404(vworld, staff_b, login):
    community_a = vworld.member.community
    client = login(staff_b)
    assert client.get(SETTINGS, {"community": community_a.pk}).status_code == 404
    assert client.post(SETTINGS, {"community": community_a.pk, "clerk": "x"}).status_code == 404
    assert client.get(SETTINGS, {"community": "abc"}).status_code == 404
    assert not VolunteeringSettings.objects.filter(community=community_a, clerk="x").exists()


def test_settings_need_login(client, vworld):
    assert client.get(SETTINGS).status_code == 302
