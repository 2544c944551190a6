import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from registry.testing import make_id
from volunteering import services
from volunteering.models import CorrectionRequest, Volunteer

MY_PAGE = reverse("volunteering:my-page")
TODAY = timezone.localdate()
D = Decimal


def serve(by, volunteer, hours, *, days_ago=1, team=None, content="夜间巡逻"):
    return services.record_service(
        by=by,
        volunteer=volunteer,
        team=team,
        served_on=TODAY - dt.timedelta(days=days_ago),
        hours=D(hours),
        content=content,
    )


def close_all():
    services.close_notices(today=TODAY + dt.timedelta(days=60))


def test_my_page_needs_login(client, vworld):
    response = client.get(MY_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_my_page_shows_hours_stars_progress_and_records(vworld, staff_a, volunteer, login, settings):
    settings.LINLI_STAR_THRESHOLDS = (10, 20, 30, 40, 50)
    first = serve(staff_a, vworld.member, 8, days_ago=3, content="义诊量血压")
    serve(staff_a, vworld.member, 4, days_ago=2)
    close_all()
    serve(staff_a, vworld.member, 3, days_ago=1, content="腊八节赠粥")
    services.record_service(by=staff_a, volunteer=vworld.leader, served_on=TODAY, hours=D(2), content="别人的服务")
    response = login(volunteer).get(MY_PAGE)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.recorded_hours, figures.notice_hours, figures.stars) == (D(12), D(3), 1)
    assert (figures.next_level, figures.hours_to_next, figures.progress_percent) == (2, D(8), 20)
    assert [level.level for level in figures.levels] == [1]
    html = response.content.decode()
    assert "义诊量血压" in html and "腊八节赠粥" in html
    assert "别人的服务" not in html  # only their own records
    assert "No upcoming activities yet" in html
    assert reverse("volunteering:certificate-request") in html
    assert reverse("volunteering:record-detail", args=[first.pk]) in html
    assert '<progress id="star-progress"' in html and 'value="20"' in html


def test_corrections_show_as_linked_entries(vworld, staff_a, volunteer, login):
    entry = serve(staff_a, vworld.member, 4)
    services.correct_record(by=staff_a, record=entry, hours=D(3), reason="多记了一小时")
    response = login(volunteer).get(MY_PAGE)
    record = response.context["records"][0]
    assert record.effective_hours == D(3)
    html = response.content.decode()
    assert "多记了一小时" in html and "-1.00" in html


def test_a_pending_applicant_sees_that_they_wait(vworld, world, resident_user, login):
    services.sign_up_volunteer(
        community=world.a, user=resident_user, name="黄秀琴", phone="13805931234", id_number=make_id()
    )
    html = login(resident_user).get(MY_PAGE).content.decode()
    assert "waiting for approval" in html
    assert "My service hours" not in html


def test_a_rejected_applicant_sees_the_reason(vworld, world, staff_a, resident_user, login):
    applicant = services.sign_up_volunteer(
        community=world.a, user=resident_user, name="黄秀琴", phone="13805931234", id_number=make_id()
    )
    services.decide_registration(by=staff_a, volunteer=applicant, approve=False, reason="请先完成居民登记")
    html = login(resident_user).get(MY_PAGE).content.decode()
    assert "not approved" in html and "请先完成居民登记" in html


def test_someone_who_is_not_a_volunteer_is_told_so(vworld, staff_a, login):
    response = login(staff_a).get(MY_PAGE)
    assert response.status_code == 200
    assert "You are not registered as a volunteer" in response.content.decode()


# --- asking for a correction ---------------------------------------------------------------------------


def ask(record):
    return reverse("volunteering:correction-request", args=[record.pk])


def test_a_volunteer_asks_for_a_correction_of_their_entry(vworld, staff_a, volunteer, login):
    entry = serve(staff_a, vworld.member, 2)
    client = login(volunteer)
    page = client.get(reverse("volunteering:record-detail", args=[entry.pk])).content.decode()
    assert "Ask for a correction" in page and "Correct this entry" not in page
    response = client.post(ask(entry), {"proposed_hours": "3", "reason": "活动延长了一小时"})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.proposed_hours, request.status) == (D(3), CorrectionRequest.Status.OPEN)
    assert "A correction request is waiting" in client.get(MY_PAGE).content.decode()


def test_asking_needs_a_reason(vworld, staff_a, volunteer, login):
    entry = serve(staff_a, vworld.member, 2)
    response = login(volunteer).post(ask(entry), {"proposed_hours": "3", "reason": ""})
    assert response.status_code == 200
    assert "Say what is wrong with the entry." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_nobody_asks_for_someone_elses_entry(vworld, staff_a, staff_b, volunteer, leader_user, login):
    entry = serve(staff_a, vworld.leader, 2)
    data = {"proposed_hours": "3", "reason": "x"}
    assert login(volunteer).post(ask(entry), data).status_code == 404
    assert login(staff_b).post(ask(entry), data).status_code == 404
    # Staff see the entry but only its volunteer may ask.
    assert login(staff_a).post(ask(entry), data).status_code == 403
    assert not CorrectionRequest.objects.exists()
    assert Volunteer.objects.get(pk=vworld.leader.pk).user == leader_user
