"""The volunteer roster import's core: every row checked, all registered or none, bad rows listed."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import IntegrityError
from django.utils import translation

from core import pii
from core.models import AuditEvent
from registry.testing import make_id
from volunteering import imports as im
from volunteering.models import TeamMembership, Volunteer


def roster_xlsx(rows: list[dict], headers: list[str] = im.COLUMNS, sheet: str = im.ROSTER_SHEET) -> bytes:
    """A roster workbook as a user would fill it in: a number in the ID column stays a number cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(n: int = 1, **kw) -> dict:
    """A good row: a new volunteer with a mobile number and a resident ID card."""
    values = {"姓名": f"志愿者{n}", "手机号": f"139{n:08d}", "证件号码": make_id(dt.date(1980 + n % 30, 1, 2), "M")}
    values.update(kw)
    return values


def run(user, community, rows: list[dict], **kw) -> im.ImportResult:
    with translation.override("en"):
        return im.import_roster(by=user, community=community, fh=io.BytesIO(roster_xlsx(rows, **kw)))


def cells(result: im.ImportResult) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in result.errors]


def test_good_roster_registers_every_row_at_once(world, vworld, staff_a):
    rows = [
        row(1, 技能="急救、医生", 政治面貌="中共党员", 服务队="治安巡逻队、青年志愿服务队", 可服务时间="周末"),
        row(2, 证件类型="护照", 证件号码="E12345678", 专业资质="护士执业证"),
        row(3, 手机号=13912340003.0),  # a phone typed as a number keeps its 11 digits
    ]
    before = Volunteer.objects.count()
    result = run(staff_a, world.a, rows)

    assert result.errors == []
    assert (result.total, result.created) == (3, 3)
    assert Volunteer.objects.count() == before + 3
    first = Volunteer.objects.get(name="志愿者1")
    assert first.status == Volunteer.Status.ACTIVE
    assert first.political_status == "party_member"
    assert first.availability == "周末"
    assert sorted(first.skills.values_list("code", flat=True)) == ["doctor", "first-aid"]
    assert set(first.team_memberships.values_list("team__name", "status")) == {
        ("治安巡逻队", TeamMembership.Status.ACTIVE),
        ("青年志愿服务队", TeamMembership.Status.ACTIVE),
    }
    passport = Volunteer.objects.get(name="志愿者2")
    assert (passport.id_type, passport.id_number_masked, passport.qualifications) == (
        "passport",
        "E123*5678",
        "护士执业证",
    )
    assert pii.decrypt(Volunteer.objects.get(name="志愿者3").phone_enc) == "13912340003"
    # The same numbering as a registration on the page: the community's sequence continues.
    numbers = sorted(Volunteer.objects.filter(community=world.a).values_list("number", flat=True))
    assert numbers[-3:] == [f"{world.a.code}-V{n:05d}" for n in (4, 5, 6)]
    assert AuditEvent.objects.filter(action="volunteering.volunteer.register", actor=staff_a).count() == 3
    event = AuditEvent.objects.get(action="volunteering.roster.import")
    assert (event.community_id, event.details) == (world.a.pk, {"rows": 3, "volunteers": 3})


def test_a_resident_of_the_community_is_linked(world, staff_a):
    result = run(staff_a, world.a, [row(1, 姓名="黄秀琴", 证件号码=pii.decrypt(world.head1.id_number_enc))])
    assert result.created == 1
    assert Volunteer.objects.get(name="黄秀琴").resident == world.head1


def test_three_bad_rows_are_all_reported_and_nobody_is_registered(world, vworld, staff_a):
    rows = [
        row(1),
        row(2, 手机号="12345"),
        row(3, 服务队="不存在的队"),
        row(4),
        row(5, 证件号码=350926198001020011),  # typed as a number: Excel has already rounded it
    ]
    before = Volunteer.objects.count()
    result = run(staff_a, world.a, rows)

    assert result.created == 0
    assert Volunteer.objects.count() == before
    assert cells(result) == [(3, "手机号"), (4, "服务队"), (6, "证件号码")]
    messages = {e["row"]: e["message"] for e in result.errors}
    assert "11-digit mobile number" in messages[3]
    assert "不存在的队" in messages[4]
    assert "saved as a number" in messages[6]
    assert not AuditEvent.objects.filter(action__startswith="volunteering.").exclude(actor=None).exists()


def test_id_typed_as_a_number_is_refused_even_when_it_looks_right(world, staff_a):
    # Even a number Excel happened to keep exactly cannot be told from a rounded one.
    number = make_id(dt.date(1990, 1, 1), "F")
    result = run(staff_a, world.a, [row(1, 证件号码=int(number[:17] + "0"))])
    assert cells(result) == [(2, "证件号码")]
    assert result.created == 0


def test_duplicates_within_the_file_and_already_registered_ids(world, vworld, staff_a):
    twice = make_id(dt.date(1975, 6, 1), "F")
    registered = pii.decrypt(vworld.member.id_number_enc)
    result = run(staff_a, world.a, [row(1, 证件号码=twice), row(2, 证件号码=twice), row(3, 证件号码=registered)])
    assert cells(result) == [(2, "证件号码"), (3, "证件号码"), (4, "证件号码")]
    assert "rows 2、3" in result.errors[0]["message"]
    assert "already registered" in result.errors[2]["message"]


def test_unknown_words_and_masked_ids_are_refused(world, vworld, staff_a):
    result = run(
        staff_a,
        world.a,
        [
            row(1, 证件类型="驾照", 证件号码="D123"),
            row(2, 政治面貌="无党派人士"),
            row(3, 技能="飞行"),
            row(4, 证件号码="3509**********1234"),
            row(5, 姓名=""),
        ],
    )
    assert cells(result) == [(2, "证件类型"), (3, "政治面貌"), (4, "技能"), (5, "证件号码"), (6, "姓名")]
    assert "居民身份证" in result.errors[0]["message"]


def test_a_team_of_another_community_is_unknown_here(world, vworld, staff_a):
    result = run(staff_a, world.a, [row(1, 服务队=vworld.team_b.name)])
    assert cells(result) == [(2, "服务队")]


def test_file_problems_are_reported_on_the_header_row(world, staff_a, monkeypatch):
    missing = run(staff_a, world.a, [row(1)], headers=["姓名", "手机号"])
    assert cells(missing) == [(1, "")]
    assert "证件号码" in missing.errors[0]["message"]
    assert run(staff_a, world.a, []).errors[0]["message"].startswith("The roster sheet has a header but no volunteers")
    monkeypatch.setattr(im, "MAX_ROWS", 2)
    too_many = run(staff_a, world.a, [row(1), row(2), row(3)])
    assert "at most 2" in too_many.errors[0]["message"]
    broken = im.import_roster(by=staff_a, community=world.a, fh=io.BytesIO(b"not a workbook"))
    assert broken.created == 0
    assert broken.errors[0]["row"] == 1


def test_a_race_with_another_registration_rolls_everything_back(world, staff_a, monkeypatch):
    # Someone registers the second row's person while the file is being checked.
    late = make_id(dt.date(1966, 3, 3), "M")
    original = im.services.register_volunteer
    calls = []

    def register_and_race(**kw):
        calls.append(kw["name"])
        if len(calls) == 1:
            Volunteer.objects.create(
                county=world.county,
                community=world.a,
                number="RACE-1",
                name="抢先",
                id_number_hash=pii.keyed_hash(late),
            )
        return original(**kw)

    monkeypatch.setattr(im.services, "register_volunteer", register_and_race)
    result = run(staff_a, world.a, [row(1), row(2, 证件号码=late)])
    assert result.created == 0
    assert cells(result) == [(3, "证件号码")]
    assert not Volunteer.objects.filter(name="志愿者1").exists()


@pytest.mark.parametrize("sheet", [im.ROSTER_SHEET, "Sheet1"])
def test_the_roster_sheet_is_found_by_name_or_as_the_first_other_sheet(world, staff_a, sheet):
    assert run(staff_a, world.a, [row(1)], sheet=sheet).created == 1


def test_a_clash_only_the_database_sees_rolls_everything_back(world, staff_a, monkeypatch):
    original = im.services.register_volunteer
    calls = []

    def register_then_clash(**kw):
        calls.append(kw["name"])
        if len(calls) == 2:
            raise IntegrityError("volunteer_unique_id")
        return original(**kw)

    monkeypatch.setattr(im.services, "register_volunteer", register_then_clash)
    result = run(staff_a, world.a, [row(1), row(2)])
    assert (result.created, cells(result)) == (0, [(None, "")])
    assert "upload the file again" in result.errors[0]["message"]
    assert not Volunteer.objects.filter(name="志愿者1").exists()
    assert not AuditEvent.objects.filter(action="volunteering.roster.import").exists()
