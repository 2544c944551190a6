"""Team-roster and hours-ledger exports: scoped, masked by default, full only with reveal rights, audited."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from core import pii
from core.models import AuditEvent
from volunteering import exports, services
from volunteering.tests.test_api_helpers import recorded

TODAY = timezone.localdate


def url(name: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"volunteering:{name}") + (f"?{query}" if query else "")


def ledger_url(**params) -> str:
    period = {"start": (TODAY() - dt.timedelta(days=30)).isoformat(), "end": TODAY().isoformat()}
    return url("export-ledger", **(period | params))


def read(response, sheet: str) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(sheet).to_python()
    header, *rows = rows
    return [dict(zip(header, r, strict=True)) for r in rows]


def all_text(rows: list[dict]) -> str:
    return " ".join(str(v) for r in rows for v in r.values())


def full_id(volunteer) -> str:
    return pii.decrypt(volunteer.id_number_enc)


def events(action: str) -> list[tuple]:
    return list(AuditEvent.objects.filter(action=action).values_list("actor__username", "community_id", "details"))


# --- team rosters -----------------------------------------------------------------------------------


def test_team_roster_is_masked_by_default_and_audited(login, world, vworld, staff_a):
    rows = read(login(staff_a).get(url("export-teams")), exports.TEAM_SHEET)
    assert [(r["服务队"], r["姓名"], r["角色"]) for r in rows] == [
        ("治安巡逻队", "李队长", "队长"),
        ("治安巡逻队", "陈志愿", "队员"),
        ("青年志愿服务队", "周青年", "队员"),
    ]
    member = next(r for r in rows if r["姓名"] == "陈志愿")
    assert member["证件号码"] == vworld.member.id_number_masked
    assert member["手机号"] == vworld.member.phone_masked
    assert member["志愿者编号"] == vworld.member.number
    for volunteer in (vworld.leader, vworld.member, vworld.outsider):
        assert full_id(volunteer) not in all_text(rows)
        assert pii.decrypt(volunteer.phone_enc) not in all_text(rows)
    assert events("volunteering.roster.export") == [("staff_a", world.a.pk, {"count": 3, "full": False, "filters": {}})]


def test_one_team_with_full_values_for_staff(login, world, vworld, staff_a):
    rows = read(login(staff_a).get(url("export-teams", team=vworld.patrol.pk, full=1)), exports.TEAM_SHEET)
    assert {r["姓名"] for r in rows} == {"李队长", "陈志愿"}
    member = next(r for r in rows if r["姓名"] == "陈志愿")
    assert member["证件号码"] == full_id(vworld.member)
    assert member["手机号"] == pii.decrypt(vworld.member.phone_enc)
    assert events("volunteering.roster.export") == [
        ("staff_a", world.a.pk, {"count": 2, "full": True, "filters": {"team": vworld.patrol.pk}})
    ]


def test_leader_exports_only_their_team_and_never_full(login, vworld, leader_user):
    client = login(leader_user)
    rows = read(client.get(url("export-teams")), exports.TEAM_SHEET)
    assert {r["服务队"] for r in rows} == {"治安巡逻队"}
    assert client.get(url("export-teams", team=vworld.youth.pk)).status_code == 404
    assert client.get(url("export-teams", full=1)).status_code == 403
    assert [e[2]["full"] for e in events("volunteering.roster.export")] == [False]


def test_team_export_scoping(client, login, vworld, staff_b, county_admin, grid_worker):
    assert client.get(url("export-teams")).status_code == 302
    assert login(staff_b).get(url("export-teams", team=vworld.patrol.pk)).status_code == 404
    assert {r["服务队"] for r in read(login(staff_b).get(url("export-teams")), exports.TEAM_SHEET)} == {"城北巡逻队"}
    assert login(county_admin).get(url("export-teams", full=1)).status_code == 403
    assert len(read(login(county_admin).get(url("export-teams")), exports.TEAM_SHEET)) == 4
    assert login(grid_worker).get(url("export-teams")).status_code == 403


# --- the hours ledger --------------------------------------------------------------------------------


@pytest.fixture
def ledger(vworld, staff_a):
    """An entry, its correction, an entry still on notice, and one outside the period."""
    entry = recorded(staff_a, vworld.member, hours="3", days_ago=10, team=vworld.patrol, content="夜间巡逻")
    correction = services.correct_record(by=staff_a, record=entry, hours=Decimal(2), reason="多记了一小时")
    old = recorded(staff_a, vworld.member, hours="4", days_ago=60)
    on_notice = services.record_service(
        by=staff_a, volunteer=vworld.outsider, served_on=TODAY(), hours=Decimal("1.5"), content="助老"
    )
    return entry, correction, on_notice, old


def test_ledger_lists_entries_and_corrections_masked_and_audited(login, world, vworld, staff_a, ledger):
    entry, correction, on_notice, _old_one = ledger
    rows = read(login(staff_a).get(ledger_url()), exports.LEDGER_SHEET)
    assert [int(r["记录编号"]) for r in rows] == [entry.pk, correction.pk, on_notice.pk]
    first, amended, pending = rows
    assert (first["志愿者编号"], first["姓名"], first["服务队"], first["时长"]) == (
        vworld.member.number,
        "陈志愿",
        "治安巡逻队",
        3,
    )
    assert first["服务日期"] == entry.served_on
    assert (first["服务内容"], first["类型"], first["状态"], first["记录人"]) == (
        "夜间巡逻",
        "服务",
        "已记入",
        "staff_a",
    )
    assert (amended["类型"], amended["时长"], int(amended["更正的记录"]), amended["更正原因"]) == (
        "更正",
        -1,
        entry.pk,
        "多记了一小时",
    )
    assert pending["状态"] == "公示中"
    assert first["证件号码"] == vworld.member.id_number_masked
    assert full_id(vworld.member) not in all_text(rows)
    [(actor, community_id, details)] = events("volunteering.ledger.export")
    assert (actor, community_id, details["count"], details["full"]) == ("staff_a", world.a.pk, 3, False)


def test_ledger_of_one_team_with_full_ids(login, vworld, staff_a, ledger):
    rows = read(login(staff_a).get(ledger_url(team=vworld.patrol.pk, full="on")), exports.LEDGER_SHEET)
    assert {r["服务队"] for r in rows} == {"治安巡逻队"}
    assert {r["证件号码"] for r in rows} == {full_id(vworld.member)}
    assert events("volunteering.ledger.export")[0][2]["full"] is True


def test_volunteer_exports_only_their_own_entries(login, vworld, volunteer, ledger):
    rows = read(login(volunteer).get(ledger_url()), exports.LEDGER_SHEET)
    assert {r["姓名"] for r in rows} == {"陈志愿"}
    assert login(volunteer).get(ledger_url(full=1)).status_code == 403


def test_ledger_export_scoping(client, login, world, vworld, staff_b, county_admin, ledger):
    assert client.get(ledger_url()).status_code == 302
    assert login(staff_b).get(ledger_url(team=vworld.patrol.pk)).status_code == 404
    assert read(login(staff_b).get(ledger_url()), exports.LEDGER_SHEET) == []
    assert len(read(login(county_admin).get(ledger_url()), exports.LEDGER_SHEET)) == 3
    assert login(county_admin).get(ledger_url(full=1)).status_code == 403


def test_a_backwards_period_is_refused_on_the_page(login, staff_a, ledger):
    response = login(staff_a).get(ledger_url(start=TODAY().isoformat(), end="2020-01-01"))
    assert response.status_code == 200
    assert b'id="ledger_end_error"' in response.content
    assert events("volunteering.ledger.export") == []
