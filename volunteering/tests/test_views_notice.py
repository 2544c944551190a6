import datetime as dt
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import pii
from volunteering import services, tasks
from volunteering.models import ServiceRecord

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
D = Decimal


def notice_url(community):
    return reverse("volunteering:notice", args=[community.code])


def serve(by, volunteer, hours, **kw):
    return services.record_service(
        by=by, volunteer=volunteer, served_on=YESTERDAY, hours=D(hours), content="义诊量血压", **kw
    )


def test_notice_board_is_public_and_masks_names(vworld, world, staff_a, client):
    serve(staff_a, vworld.member, 3, team=vworld.patrol, place="社区服务中心")
    services.update_volunteering_settings(
        by=staff_a, community=world.a, person_in_charge="林书记", contact_phone="0593-8881234"
    )
    response = client.get(notice_url(world.a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "陈**" in html and "治安巡逻队" in html and "义诊量血压" in html and "3.00" in html
    assert "0593-8881234" in html and "林书记" in html
    member = vworld.member
    phone = pii.decrypt(member.phone_enc)
    id_number = pii.decrypt(member.id_number_enc)
    for secret in ("陈志愿", phone, id_number, member.phone_masked, member.id_number_masked, member.number):
        assert secret not in html


def test_notice_board_shows_only_entries_on_notice_of_that_community(vworld, world, staff_a, staff_b, client):
    on_notice = serve(staff_a, vworld.member, 2)
    withdrawn = serve(staff_a, vworld.outsider, 2)
    services.withdraw_record(by=staff_a, record=withdrawn, reason="重复登记")
    serve(staff_b, vworld.volunteer_b, 2)
    page = client.get(notice_url(world.a)).context["page"]
    assert list(page) == [on_notice]
    services.close_notices(today=on_notice.notice_until + dt.timedelta(days=1))
    assert client.get(notice_url(world.a)).context["page"].paginator.count == 0


def test_a_correction_on_notice_is_shown_as_one(vworld, world, staff_a, client):
    entry = serve(staff_a, vworld.member, 4)
    services.correct_record(by=staff_a, record=entry, hours=D(3), reason="提前结束")
    html = client.get(notice_url(world.a)).content.decode()
    assert "amendment" in html and "-1.00" in html


def test_notice_of_an_unknown_community_is_404(vworld, client):
    assert client.get(reverse("volunteering:notice", args=["NOPE"])).status_code == 404


def test_notice_without_contact_details_says_whom_to_ask(vworld, world, client):
    assert "Contact the community office." in client.get(notice_url(world.a)).content.decode()


# --- closing the notice period ------------------------------------------------------------------


def test_close_notices_command_records_entries_whose_notice_ended(vworld, staff_a):
    entry = serve(staff_a, vworld.member, 2)
    out = StringIO()
    call_command("close_notices", "--date", entry.notice_until.isoformat(), stdout=out)
    assert out.getvalue().strip() == "0 entries recorded."
    call_command("close_notices", "--date", (entry.notice_until + dt.timedelta(days=1)).isoformat(), stdout=out)
    entry.refresh_from_db()
    vworld.member.refresh_from_db()
    assert entry.status == ServiceRecord.Status.RECORDED
    assert vworld.member.recorded_hours == D(2)


def test_close_notices_task_runs_the_service(vworld, staff_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    serve(staff_a, vworld.member, 2)
    result = tasks.close_notices.enqueue()
    assert result.return_value == 0  # nothing is due yet: the notice ends after today
