import datetime as dt
import itertools
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.models import User
from core import demo, idcard, pii
from core.models import AuditEvent
from core.roles import Cap
from core.scoping import scope_for
from volunteering import demo as volunteering_demo
from volunteering import ledger
from volunteering.models import (
    Certificate,
    CorrectionRequest,
    ServiceRecord,
    StarLevel,
    Team,
    TeamMembership,
    Volunteer,
    VolunteeringSettings,
)


def snapshot() -> dict:
    """Everything a load decides, without primary keys (PostgreSQL does not roll sequences back)."""
    volunteers = [
        (v.number, v.name, pii.decrypt(v.id_number_enc), pii.decrypt(v.phone_enc), v.status, v.recorded_hours)
        for v in Volunteer.objects.order_by("number")
    ]
    records = list(
        ServiceRecord.objects.order_by("volunteer__number", "served_on", "start_time", "kind").values_list(
            "volunteer__number", "team__name", "kind", "served_on", "start_time", "hours", "content", "status"
        )
    )
    stars = list(
        StarLevel.objects.order_by("volunteer__number", "level").values_list("volunteer__number", "reached_on")
    )
    teams = list(
        TeamMembership.objects.order_by("volunteer__number", "team__name").values_list(
            "volunteer__number", "team__name", "role", "status"
        )
    )
    return {"volunteers": volunteers, "records": records, "stars": stars, "teams": teams}


def load_and_forget(**kwargs) -> dict:
    with transaction.atomic():
        demo.load(**kwargs)
        seen = snapshot()
        transaction.set_rollback(True)
    return seen


@pytest.fixture
def tiny(tiny_demo, db):
    """The demo of this module's tests (loaded once, see conftest.tiny_demo)."""


def test_recorded_hours_are_the_sum_of_recorded_entries_for_every_volunteer(tiny):
    sums = Volunteer.objects.annotate(total=Sum("records__hours", filter=Q(records__status="recorded")))
    assert sums.filter(recorded_hours__gt=0).exists()
    for volunteer in sums:
        assert volunteer.recorded_hours == (volunteer.total or Decimal(0)), volunteer.number


def test_star_levels_agree_with_the_ledger_and_were_reached_in_order(tiny):
    levels = defaultdict(list)
    for volunteer_id, level, reached_on in StarLevel.objects.values_list("volunteer_id", "level", "reached_on"):
        levels[volunteer_id].append((level, reached_on))
    assert levels, "the tiny preset has no star levels"
    for volunteer in Volunteer.objects.all():
        reached = sorted(levels[volunteer.pk])
        assert [level for level, _day in reached] == list(range(1, ledger.star_level(volunteer.recorded_hours) + 1))
        days = [day for _level, day in reached]
        assert days == sorted(days)
        assert all(volunteer.registered_at.date() <= day <= timezone.localdate() for day in days)


def test_identity_columns_are_as_register_volunteer_writes_them(tiny):
    hashes = list(Volunteer.objects.values_list("id_number_hash", flat=True))
    assert "" not in hashes
    assert len(hashes) == len(set(hashes))
    for volunteer in Volunteer.objects.select_related("resident"):
        number, phone = pii.decrypt(volunteer.id_number_enc), pii.decrypt(volunteer.phone_enc)
        card = idcard.parse_id_number(number)
        assert (card.birth_date, card.gender) == (volunteer.birth_date, volunteer.gender)
        assert volunteer.id_number_hash == pii.keyed_hash(number)
        assert volunteer.id_number_masked == pii.mask_id_number(number)
        assert (volunteer.phone_hash, volunteer.phone_masked) == (pii.keyed_hash(phone), pii.mask_phone(phone))
        if volunteer.resident:
            assert volunteer.resident.id_number_hash == volunteer.id_number_hash
            assert volunteer.resident.community_id == volunteer.community_id
        registered = timezone.localdate(volunteer.registered_at)
        assert registered <= timezone.localdate()
        assert (registered - volunteer.birth_date).days >= 18 * 365, volunteer.number  # registered as an adult
    linked = Volunteer.objects.filter(resident__isnull=False).count()
    assert linked > 0.8 * Volunteer.objects.count()


def test_volunteer_numbers_follow_the_community_sequence(tiny):
    for settings in VolunteeringSettings.objects.select_related("community"):
        numbers = sorted(Volunteer.objects.filter(community=settings.community).values_list("number", flat=True))
        expected = [f"{settings.community.code}-V{seq:05d}" for seq in range(1, len(numbers) + 1)]
        assert numbers == expected
        assert settings.last_volunteer_seq == len(numbers)
        assert settings.person_in_charge and settings.clerk and settings.contact_phone


def test_chengnan_has_the_report_teams_with_the_four_womens_sub_teams(tiny):
    teams = Team.objects.filter(community__name="城南社区")
    assert {t.type for t in teams} >= {"party_in_service", "women", "patrol", "youth", "disability_aid", "legal"}
    women = teams.get(name="巾帼志愿服务队")
    assert sorted(women.sub_teams.values_list("name", flat=True)) == sorted(
        ["巾帼志愿者娘家人服务队", "巾帼志愿者文化服务队", "巾帼志愿者文明服务队", "巾帼志愿者助困服务队"]
    )
    chengbei = Volunteer.objects.filter(community__name="城北社区").count()
    assert 0 < chengbei < Volunteer.objects.filter(community__name="城南社区").count()


def test_the_demo_leader_leads_the_patrol_team(tiny):
    leader = User.objects.get(username="leader")
    volunteer = Volunteer.objects.get(user=leader)
    assert volunteer.resident_id == leader.resident_id
    led = TeamMembership.objects.filter(volunteer=volunteer, role=TeamMembership.Role.LEADER)
    assert [(m.team.name, m.team.community.name) for m in led] == [("治安巡逻队", "城南社区")]
    patrol = led.get().team
    assert patrol.pk in scope_for(leader).areas[Cap.VOLUNTEERING_RECORD]["team"]
    assert volunteer.records.filter(team=patrol).exists()
    assert AuditEvent.objects.filter(action="volunteering.team.leader", object_id=str(patrol.pk)).exists()
    assert TeamMembership.objects.filter(team=patrol, status=TeamMembership.Status.REQUESTED).exists()


def test_the_demo_volunteer_has_hours_a_star_records_on_notice_and_a_certificate(tiny):
    volunteer = Volunteer.objects.get(user__username="volunteer")
    assert volunteer.recorded_hours >= ledger.star_thresholds()[0]
    assert volunteer.star_levels.exists()
    assert volunteer.records.filter(status=ServiceRecord.Status.NOTICE).exists()
    assert volunteer.certificates.filter(status=Certificate.Status.ISSUED).exists()
    assert CorrectionRequest.objects.filter(volunteer=volunteer, status=CorrectionRequest.Status.OPEN).exists()
    assert not TeamMembership.objects.filter(volunteer=volunteer, role=TeamMembership.Role.LEADER).exists()


def test_the_ledger_keeps_its_own_rules(tiny):
    today = timezone.localdate()
    service = ServiceRecord.objects.filter(kind=ServiceRecord.Kind.SERVICE)
    assert not service.filter(Q(hours__lte=0) | Q(hours__gt=24) | Q(served_on__gt=today)).exists()
    assert service.filter(served_on__lt=dt.date(2018, 1, 8)).exists()
    recorded = ServiceRecord.objects.filter(status=ServiceRecord.Status.RECORDED)
    assert all(r.recorded_on > r.notice_until for r in recorded.only("recorded_on", "notice_until"))
    assert not ServiceRecord.objects.filter(status=ServiceRecord.Status.NOTICE, notice_until__lt=today).exists()
    # Nobody is booked twice at the same time.
    slots = defaultdict(list)
    for volunteer_id, day, start, end in service.values_list("volunteer_id", "served_on", "start_time", "end_time"):
        slots[(volunteer_id, day)].append((start, end))
    for times in slots.values():
        times.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(times))
    corrections = ServiceRecord.objects.exclude(kind=ServiceRecord.Kind.SERVICE).select_related("corrects")
    kinds = {c.kind for c in corrections}
    assert kinds == {"amendment", "reversal"}
    for correction in corrections:
        assert correction.reason and correction.corrects.volunteer_id == correction.volunteer_id
        if correction.kind == ServiceRecord.Kind.REVERSAL:
            assert correction.hours == -correction.corrects.hours


def test_bulk_load_leaves_one_audit_row_per_community_and_services_their_own(tiny):
    loads = AuditEvent.objects.filter(action="volunteering.demo.load")
    assert sorted(loads.values_list("object_repr", flat=True)) == ["城北社区", "城南社区"]
    pending = Volunteer.objects.filter(status=Volunteer.Status.PENDING)
    assert pending.filter(community__name="城南社区").count() >= 3
    assert AuditEvent.objects.filter(action="volunteering.volunteer.register").count() == pending.count()
    issued = Certificate.objects.filter(status=Certificate.Status.ISSUED).select_related("community")
    assert issued.count() >= 3
    year = timezone.localdate().year
    for certificate in issued:
        assert certificate.serial.startswith(f"{certificate.community.code}-{year}-")
        assert certificate.hours > 0
    assert Certificate.objects.filter(status=Certificate.Status.REQUESTED).exists()


def test_star_dates_keep_the_first_day_a_level_was_reached():
    entries = [
        (dt.date(2020, 1, 1), Decimal(60)),
        (dt.date(2020, 2, 1), Decimal(50)),
        (dt.date(2020, 3, 1), Decimal(-20)),
    ]
    # 110 hours on 1 February, then a correction back to 90: no star is held now.
    assert volunteering_demo.star_dates(entries) == []
    entries.append((dt.date(2020, 4, 1), Decimal(15)))
    assert volunteering_demo.star_dates(entries) == [(1, dt.date(2020, 2, 1))]
