"""The public verification page the QR code opens: it confirms, and it exposes nothing else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core import pii
from volunteering import services
from volunteering.tests.test_certificate_pdf import make_issued_certificate


def verify(serial):
    return reverse("volunteering:certificate-verify", args=[serial])


@pytest.fixture
def issued(vworld, staff_a):
    return make_issued_certificate(vworld, staff_a)


def assert_nothing_personal(html, volunteer):
    assert volunteer.name not in html
    assert pii.decrypt(volunteer.id_number_enc) not in html
    assert volunteer.id_number_masked not in html
    assert pii.decrypt(volunteer.phone_enc) not in html
    assert volunteer.phone_masked not in html
    assert volunteer.number not in html


def test_a_valid_certificate_is_confirmed_to_anyone(client, vworld, issued):
    response = client.get(verify(issued.serial))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert "Valid: this certificate was issued by the community below." in html
    for expected in [issued.serial, "陈**", "5.5", "柘荣县双城镇城南社区", issued.period_start.isoformat()]:
        assert expected in html, expected
    assert "Revoked" not in html
    assert_nothing_personal(html, vworld.member)


def test_a_revoked_certificate_says_so_with_the_date(client, vworld, staff_a, issued):
    services.revoke_certificate(by=staff_a, certificate=issued, reason="时长登记有误：陈志愿 13700000000")
    html = client.get(verify(issued.serial)).content.decode()
    assert "Revoked: this certificate is no longer valid." in html
    assert f"was revoked by its issuer on {timezone.localdate().isoformat()}" in html
    assert "Valid:" not in html
    assert "时长登记有误" not in html  # the reason is for the volunteer and staff, not the public
    assert_nothing_personal(html, vworld.member)


def test_an_unknown_serial_is_not_found(client, vworld):
    response = client.get(verify("TCOM-2025-99999"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Not found: no certificate has this serial number." in html
    assert "TCOM-2025-99999" in html


def test_a_request_not_yet_issued_cannot_be_verified(client, vworld, volunteer):
    certificate = services.request_certificate(
        by=volunteer, volunteer=vworld.member, period_start=timezone.localdate(), period_end=timezone.localdate()
    )
    assert certificate.serial is None
    assert client.get(verify("None")).status_code == 404


def test_a_hostile_serial_is_escaped(client, vworld):
    html = client.get(verify("<script>x<b>")).content.decode()
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;b&gt;" in html


def test_the_search_form_leads_to_the_page(client, vworld, issued):
    response = client.get(reverse("volunteering:certificate-verify-search"), {"serial": f"  {issued.serial} "})
    assert response.status_code == 302
    assert response["Location"] == verify(issued.serial)
    empty = client.get(reverse("volunteering:certificate-verify-search"))
    assert empty.status_code == 200
    assert "Not found" not in empty.content.decode()


def test_logged_in_users_see_the_same_page(vworld, staff_b, login, issued):
    # Verification is not scoped: staff of another community, an employer, anyone can check.
    response = login(staff_b).get(verify(issued.serial))
    assert response.status_code == 200
    assert_nothing_personal(response.content.decode(), vworld.member)
