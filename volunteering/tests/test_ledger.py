import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from volunteering import services
from volunteering.ledger import add_working_days, star_level
from volunteering.models import ServiceRecord, StarLevel, Volunteer

D = Decimal
TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


def record(by, volunteer, **kw):
    kw.setdefault("served_on", YESTERDAY)
    kw.setdefault("content", "夜间巡逻")
    return services.record_service(by=by, volunteer=volunteer, **kw)


def test_leader_records_for_own_team_member(vworld, leader_user):
    entry = record(leader_user, vworld.member, team=vworld.patrol, hours=D("2.5"))
    assert entry.status == ServiceRecord.Status.NOTICE
    assert entry.notice_until > TODAY


def test_leader_cannot_record_for_someone_outside_the_team(vworld, leader_user):
    with pytest.raises(ValidationError) as exc:
        record(leader_user, vworld.outsider, team=vworld.patrol, hours=D(2))
    assert "volunteer" in exc.value.message_dict


def test_leader_cannot_record_under_a_team_they_do_not_lead(vworld, leader_user):
    with pytest.raises(ValidationError) as exc:
        record(leader_user, vworld.outsider, team=vworld.youth, hours=D(2))
    assert "team" in exc.value.message_dict


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"hours": D(0)}, "hours"),
        ({"hours": D(-1)}, "hours"),
        ({"hours": D(25)}, "hours"),
        ({"hours": D(2), "served_on": TODAY + dt.timedelta(days=1)}, "served_on"),
        ({"start_time": dt.time(10), "end_time": dt.time(9)}, "end_time"),
        ({"start_time": dt.time(9), "end_time": dt.time(11), "hours": D(3)}, "hours"),
        ({"hours": D(2), "content": " "}, "content"),
    ],
)
def test_bad_entries_are_refused_by_field(vworld, staff_a, kw, field):
    with pytest.raises(ValidationError) as exc:
        record(staff_a, vworld.member, **kw)
    assert field in exc.value.message_dict
    assert not ServiceRecord.objects.filter(volunteer=vworld.member).exists()


def test_hours_come_from_start_and_end(vworld, staff_a):
    entry = record(staff_a, vworld.member, start_time=dt.time(8, 30), end_time=dt.time(11, 0))
    assert entry.hours == D("2.50")


def test_no_more_than_24_hours_a_day(vworld, staff_a):
    record(staff_a, vworld.member, hours=D(20))
    with pytest.raises(ValidationError) as exc:
        record(staff_a, vworld.member, hours=D(5))
    assert "24" in exc.value.message_dict["hours"][0]


def test_overlapping_times_are_refused(vworld, staff_a):
    record(staff_a, vworld.member, start_time=dt.time(8), end_time=dt.time(10))
    with pytest.raises(ValidationError) as exc:
        record(staff_a, vworld.member, start_time=dt.time(9), end_time=dt.time(11))
    assert "start_time" in exc.value.message_dict
    record(staff_a, vworld.member, start_time=dt.time(10), end_time=dt.time(11))  # touching is fine


def test_batch_is_all_or_nothing(vworld, leader_user):
    with pytest.raises(ValidationError) as exc:
        services.record_batch(
            by=leader_user,
            team=vworld.patrol,
            volunteers=[vworld.member, vworld.outsider],
            served_on=YESTERDAY,
            hours=D(2),
            content="巡逻",
        )
    assert any("周青年" in m for m in exc.value.message_dict["volunteers"])
    assert not ServiceRecord.objects.exists()
    entries = services.record_batch(
        by=leader_user,
        team=vworld.patrol,
        volunteers=[vworld.member, vworld.leader],
        served_on=YESTERDAY,
        hours=D(2),
        content="巡逻",
    )
    assert len(entries) == 2


def test_notice_period_then_recorded_with_totals_and_stars(vworld, staff_a, settings):
    settings.LINLI_STAR_THRESHOLDS = (3, 6, 9, 12, 15)
    record(staff_a, vworld.member, hours=D(4))
    assert services.close_notices(today=TODAY) == 0  # still on notice
    later = add_working_days(TODAY, 4)
    assert services.close_notices(today=later) == 1
    vworld.member.refresh_from_db()
    assert vworld.member.recorded_hours == D(4)
    assert list(StarLevel.objects.filter(volunteer=vworld.member).values_list("level", "reached_on")) == [(1, later)]
    assert services.close_notices(today=later) == 0  # idempotent


def test_correction_keeps_the_original_and_amends_the_total(vworld, staff_a):
    original = record(staff_a, vworld.member, hours=D(4))
    services.close_notices(today=add_working_days(TODAY, 4))
    amendment = services.correct_record(by=staff_a, record=original, hours=D(3), reason="实际服务3小时")
    assert (amendment.kind, amendment.hours, amendment.corrects) == (ServiceRecord.Kind.AMENDMENT, D(-1), original)
    original.refresh_from_db()
    assert original.hours == D(4)  # the original entry is untouched
    services.close_notices(today=add_working_days(TODAY, 8))
    vworld.member.refresh_from_db()
    assert vworld.member.recorded_hours == D(3)
    reversal = services.correct_record(by=staff_a, record=original, hours=D(0), reason="重复登记")
    assert (reversal.kind, reversal.hours) == (ServiceRecord.Kind.REVERSAL, D(-3))


def test_ledger_rows_cannot_be_edited_or_deleted(vworld, staff_a):
    entry = record(staff_a, vworld.member, hours=D(2))
    with pytest.raises(DatabaseError), transaction.atomic():
        ServiceRecord.objects.filter(pk=entry.pk).update(hours=D(9))
    with pytest.raises(DatabaseError), transaction.atomic():
        ServiceRecord.objects.filter(pk=entry.pk).delete()
    ServiceRecord.objects.filter(pk=entry.pk).update(status=ServiceRecord.Status.WITHDRAWN)  # status may move


def test_volunteer_asks_for_correction_and_staff_accept(vworld, staff_a, volunteer):
    original = record(staff_a, vworld.member, hours=D(4))
    request = services.request_correction(by=volunteer, record=original, proposed_hours=D(5), reason="漏记一小时")
    with pytest.raises(ValidationError):
        services.request_correction(by=volunteer, record=original, proposed_hours=D(5), reason="again")
    services.decide_correction(by=staff_a, request=request, accept=True)
    request.refresh_from_db()
    assert request.correction.hours == D(1)


def test_star_levels_default_thresholds():
    assert [star_level(D(h)) for h in (99, 100, 299, 300, 600, 1000, 1499, 1500, 9999)] == [0, 1, 1, 2, 3, 4, 4, 5, 5]


def test_working_days_skip_weekends():
    friday = dt.date(2026, 11, 27)
    assert add_working_days(friday, 3) == dt.date(2026, 12, 2)


def test_self_registration_waits_for_approval_and_rejection_needs_reason(world, staff_a):
    from registry.testing import make_id

    pending = services.register_volunteer(
        by=None, community=world.a, name="新志愿者", phone="13900001111", id_number=make_id()
    )
    assert pending.status == Volunteer.Status.PENDING
    assert pending.number.startswith(world.a.code)
    with pytest.raises(ValidationError):
        services.decide_registration(by=staff_a, volunteer=pending, approve=False)
    services.decide_registration(by=staff_a, volunteer=pending, approve=False, reason="信息不全")
    pending.refresh_from_db()
    assert pending.status == Volunteer.Status.REJECTED


def test_volunteer_links_to_the_resident_with_the_same_id(world, staff_a):
    from core import pii

    number = pii.decrypt(world.head1.id_number_enc)
    v = services.register_volunteer(by=staff_a, community=world.a, name="黄秀琴", phone="13805931234", id_number=number)
    assert v.resident == world.head1
    assert v.status == Volunteer.Status.ACTIVE  # staff registering on the spot


def test_certificate_fixes_hours_and_gets_a_serial(vworld, staff_a, volunteer):
    record(staff_a, vworld.member, hours=D(4))
    services.close_notices(today=add_working_days(TODAY, 4))
    cert = services.request_certificate(
        by=volunteer, volunteer=vworld.member, period_start=TODAY - dt.timedelta(days=30), period_end=TODAY
    )
    cert = services.issue_certificate(by=staff_a, certificate=cert)
    assert cert.hours == D(4)
    assert cert.serial.startswith(vworld.member.community.code)
    services.revoke_certificate(by=staff_a, certificate=cert, reason="误发")
    cert.refresh_from_db()
    assert cert.status == cert.Status.REVOKED


def test_one_open_request_per_period_and_only_own_or_staff(vworld, staff_a, volunteer, staff_b):
    from django.core.exceptions import PermissionDenied

    start, end = TODAY - dt.timedelta(days=30), TODAY
    services.request_certificate(by=volunteer, volunteer=vworld.member, period_start=start, period_end=end)
    with pytest.raises(ValidationError):
        services.request_certificate(by=staff_a, volunteer=vworld.member, period_start=start, period_end=end)
    with pytest.raises(PermissionDenied):
        services.request_certificate(by=staff_b, volunteer=vworld.member, period_start=start, period_end=YESTERDAY)
    with pytest.raises(PermissionDenied):
        services.request_certificate(by=volunteer, volunteer=vworld.outsider, period_start=start, period_end=end)


def test_issued_certificate_keeps_the_issuer_of_the_day(vworld, staff_a):
    record(staff_a, vworld.member, hours=D(2))
    services.close_notices(today=add_working_days(TODAY, 4))
    services.update_volunteering_settings(by=staff_a, community=vworld.member.community, person_in_charge="王主任")
    cert = services.request_certificate(by=staff_a, volunteer=vworld.member, period_start=YESTERDAY, period_end=TODAY)
    cert = services.issue_certificate(by=staff_a, certificate=cert)
    services.update_volunteering_settings(by=staff_a, community=vworld.member.community, person_in_charge="李主任")
    cert.refresh_from_db()
    assert cert.summary["issuer"]["person_in_charge"] == "王主任"
    assert cert.summary["issuer"]["name"].endswith("城南社区")
