"""Resident roster export: scoped, masked by default, full only with reveal rights, always audited."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from core import pii
from core.models import AuditEvent
from registry import exports
from registry import imports as im
from registry.queries import residents_for_user
from registry.tests.test_import import run_import


def url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("registry:export-residents") + (f"?{query}" if query else "")


def read(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(im.ROSTER_SHEET)
    header, *rows = sheet.to_python()
    assert header == im.COLUMNS
    return [dict(zip(header, r, strict=True)) for r in rows]


def full_id(resident) -> str:
    return pii.decrypt(resident.id_number_enc)


def test_export_is_masked_by_default_and_audited(login, world, staff_a):
    response = login(staff_a).get(url())
    rows = read(response)

    assert {r["姓名"] for r in rows} == {"黄秀琴", "曾小明"}
    assert full_id(world.head1).encode() not in response.content
    huang = next(r for r in rows if r["姓名"] == "黄秀琴")
    assert huang["身份证号"] == world.head1.id_number_masked
    assert huang["手机号"] == "138****1234"
    assert (huang["小区"], huang["楼栋"], huang["单元"], huang["房号"]) == (
        "锦绣小区",
        world.a_building1.name,
        "1",
        "301",
    )
    assert (huang["与户主关系"], huang["性别"]) == ("户主", "女")
    event = AuditEvent.objects.get(action="registry.roster.export")
    assert event.actor == staff_a
    assert event.community_id == world.a.pk
    assert event.details == {"count": 2, "full": False, "filters": {}}


def test_full_export_by_staff_has_full_values_and_is_audited(login, world, staff_a):
    rows = read(login(staff_a).get(url(full=1)))

    huang = next(r for r in rows if r["姓名"] == "黄秀琴")
    assert huang["身份证号"] == full_id(world.head1)
    assert huang["手机号"] == "13805931234"
    assert AuditEvent.objects.get(action="registry.roster.export").details["full"] is True


def test_county_admin_exports_masked_only(login, world, county_admin):
    client = login(county_admin)

    assert client.get(url(full=1)).status_code == 403
    rows = read(client.get(url()))
    assert {r["姓名"] for r in rows} == {"黄秀琴", "曾小明", "林建国"}
    event = AuditEvent.objects.get(action="registry.roster.export")
    assert (event.community_id, event.county_id) == (None, world.county.pk)


def test_staff_b_exports_only_their_community(login, world, staff_b):
    rows = read(login(staff_b).get(url(full=1)))

    assert [r["姓名"] for r in rows] == ["林建国"]
    assert rows[0]["身份证号"] == full_id(world.resident_b)


def test_filters_narrow_the_export_within_scope(login, world, staff_a):
    client = login(staff_a)

    assert [r["姓名"] for r in read(client.get(url(grid_group=world.group1.pk)))] == ["黄秀琴"]
    assert read(client.get(url(community=world.b.pk))) == []
    assert len(read(client.get(url(compound=world.compound.pk)))) == 2
    assert AuditEvent.objects.filter(action="registry.roster.export").count() == 3
    assert AuditEvent.objects.filter(details__filters={"grid_group": world.group1.pk}).exists()


@pytest.mark.parametrize("persona", ["grid_worker", "volunteer", "resident_user"])
def test_roles_without_export_rights_are_forbidden(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(url()).status_code == 403
    assert not AuditEvent.objects.filter(action="registry.roster.export").exists()


def test_export_needs_login(client, world):
    assert client.get(url()).status_code == 302


def test_export_runs_in_a_fixed_number_of_queries(world, staff_a, django_assert_num_queries):
    run_import(staff_a, world.a, _many_rows(30))
    residents = exports.residents_to_export(staff_a, {}, full=False)
    with django_assert_num_queries(4):  # tags, residents, the audit chain's head, the audit row
        content = exports.export_roster(by=staff_a, residents=residents, full=False, filters={})
    assert content.startswith(b"PK")


def test_a_full_export_reads_back_as_a_roster(world, staff_a):
    """The export has the import's columns: importing it again only finds the residents already there."""
    content = exports.export_roster(by=staff_a, residents=residents_for_user(staff_a), full=True, filters={})
    result = run_import(staff_a, world.a, content)

    assert result.total_rows == 2
    assert {e["column"] for e in result.errors} == {"身份证号", "与户主关系"}
    assert all("already" in e["message"] for e in result.errors)


def test_a_masked_export_cannot_be_imported_as_it_is(world, staff_a):
    content = exports.export_roster(by=staff_a, residents=residents_for_user(staff_a), full=False, filters={})
    result = run_import(staff_a, world.a, content)

    id_errors = [e for e in result.errors if e["column"] == "身份证号"]
    assert len(id_errors) == 2
    assert all("masked" in e["message"] for e in id_errors)


def _many_rows(n: int) -> bytes:
    import datetime as dt

    from registry.testing import make_id
    from registry.tests.test_import import roster_xlsx, row

    return roster_xlsx(
        [
            row(
                房号=str(700 + i),
                新建户="是",
                姓名=f"张{i}",
                标签="低保",
                身份证号=make_id(dt.date(1970, 1, 1 + i % 28)),
            )
            for i in range(n)
        ]
    )
