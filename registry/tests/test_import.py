"""The roster import's core: every row checked, all written or none, one audit row."""

import datetime as dt
import io

import openpyxl
from django.core.files.base import ContentFile
from django.utils import translation

from core import pii
from core.idcard import make_id_number
from core.models import AuditEvent
from registry import imports as im
from registry.imports import import_roster
from registry.models import Household, Resident, ResidentSearchKey, RosterImport
from registry.testing import make_id

HEADERS = im.COLUMNS


def roster_xlsx(rows: list[dict], headers: list[str] = HEADERS, sheet: str = im.ROSTER_SHEET) -> bytes:
    """A roster workbook as a user would fill it in: text cells for the ID column unless given a number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(**kw) -> dict:
    """A good row for household1 (锦绣小区 1栋 1单元 301) unless told otherwise."""
    values = {"小区": "锦绣小区", "楼栋": "1栋", "单元": "1", "房号": "301", "姓名": "张伟", "与户主关系": "配偶"}
    values["身份证号"] = make_id(dt.date(1962, 3, 4), "M")
    values.update(kw)
    return values


def run_import(user, community, content: bytes, *, name: str = "roster.xlsx") -> RosterImport:
    roster_import = RosterImport.objects.create(
        county_id=community.county_id,
        community=community,
        created_by=user,
        file=ContentFile(content, name=name),
        original_name=name,
    )
    with translation.override("en"):
        return import_roster(by=user, roster_import=roster_import)


def errors_by_row(roster_import):
    return {(e["row"], e["column"]) for e in roster_import.errors}


def test_good_roster_imports_every_row(world, staff_a):
    child_id = make_id(dt.date.today().replace(year=dt.date.today().year - 6), "F")
    new_head_id = make_id(dt.date(1980, 1, 2), "M")
    rows = [
        row(姓名="张伟", 手机号="13905931111", 标签="独居老人、低保"),
        row(姓名="张小红", 与户主关系="子女", 身份证号=child_id, 监护人="黄秀琴"),
        row(楼栋="1", 单元="2单元", 房号="402", 姓名="欧阳娜娜", 与户主关系="户主", 身份证号=new_head_id, 新建户="是"),
        row(
            楼栋="1栋",
            单元="2",
            房号="402",
            姓名="欧阳小宝",
            与户主关系="子女",
            身份证号="",
            性别="男",
            出生日期=dt.date.today().replace(year=dt.date.today().year - 3),
            监护人=new_head_id,
            新建户="是",
        ),
    ]
    before = Resident.objects.count()
    result = run_import(staff_a, world.a, roster_xlsx(rows))

    assert result.status == RosterImport.Status.DONE, result.errors
    assert (result.total_rows, result.processed_rows, result.created_rows) == (4, 4, 4)
    assert Resident.objects.count() == before + 4
    zhang = Resident.objects.get(name="张伟")
    assert zhang.household == world.household1
    assert zhang.id_number_masked == pii.mask_id_number(rows[0]["身份证号"])
    assert zhang.phone_masked == "139****1111"
    assert pii.decrypt(zhang.id_number_enc) == rows[0]["身份证号"]
    assert zhang.id_number_hash == pii.keyed_hash(rows[0]["身份证号"])
    assert sorted(t.name for t in zhang.tags.all()) == ["低保", "独居老人"]
    assert set(ResidentSearchKey.objects.filter(resident=zhang).values_list("key", flat=True)) >= {"zw", "zhangwei"}
    assert Resident.objects.get(name="张小红").guardian == world.head1
    new_home = Household.objects.get(building=world.a_building1, unit="2", room="402")
    assert new_home.address == "锦绣小区 1栋 2单元 402"
    assert new_home.sort_key == Household.address_sort_key(new_home.address)  # in natural order with the rest
    assert new_home.members.count() == 2
    baby = Resident.objects.get(name="欧阳小宝")
    assert baby.guardian == Resident.objects.get(name="欧阳娜娜")
    assert baby.guardian_name == ""
    audit = AuditEvent.objects.filter(action="registry.roster.import")
    assert audit.count() == 1
    assert audit.get().details == {"rows": 4, "residents": 4, "households_created": 1}
    assert audit.get().community_id == world.a.pk
    assert not AuditEvent.objects.filter(action="registry.resident.create", actor=staff_a).exists()
    assert not result.file  # the clear-text upload is not kept


def test_three_bad_rows_write_nothing_and_are_all_listed(world, staff_a):
    valid = make_id(dt.date(1970, 1, 1), "F")
    bad_checksum = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    rows = [
        row(),
        row(姓名="李娜", 身份证号=bad_checksum),
        row(姓名="王芳"),
        row(姓名="赵强", 楼栋="9栋"),
        row(姓名=""),
        row(姓名="孙丽"),
    ]
    before = Resident.objects.count()
    result = run_import(staff_a, world.a, roster_xlsx(rows))

    assert result.status == RosterImport.Status.FAILED
    assert Resident.objects.count() == before
    assert result.created_rows == 0
    assert errors_by_row(result) == {(3, "身份证号"), (5, "楼栋"), (6, "姓名")}
    messages = {e["row"]: e["message"] for e in result.errors}
    assert "check digit" in messages[3]
    assert "9栋" in messages[5]
    assert "name" in messages[6]
    assert not AuditEvent.objects.filter(action="registry.roster.import").exists()


def test_id_typed_as_a_number_asks_for_text_format(world, staff_a):
    number = make_id(dt.date(1960, 5, 17), "F")
    result = run_import(staff_a, world.a, roster_xlsx([row(), row(姓名="李娜", 身份证号=float(number[:17] + "0"))]))

    assert result.status == RosterImport.Status.FAILED
    assert errors_by_row(result) == {(3, "身份证号")}
    assert "Format the 身份证号 column as Text" in result.errors[0]["message"]


def test_duplicate_id_in_the_file_names_both_rows(world, staff_a):
    same = make_id(dt.date(1975, 6, 7), "M")
    result = run_import(staff_a, world.a, roster_xlsx([row(身份证号=same), row(), row(姓名="李强", 身份证号=same)]))

    assert errors_by_row(result) == {(2, "身份证号"), (4, "身份证号")}
    assert all("2、4" in e["message"] for e in result.errors)


def test_id_already_registered_is_refused(world, staff_a):
    registered = pii.decrypt(world.resident_b.id_number_enc)  # in another community: IDs are unique everywhere
    result = run_import(staff_a, world.a, roster_xlsx([row(身份证号=registered.lower())]))

    assert errors_by_row(result) == {(2, "身份证号")}
    assert "already registered" in result.errors[0]["message"]


def test_lowercase_x_is_read_as_x(world, staff_a):
    number = next(
        n
        for n in (
            make_id_number(region="350926", birth_date=dt.date(1990, 1, 1), sequence=s, gender="F") for s in range(500)
        )
        if n.endswith("X")
    )
    result = run_import(staff_a, world.a, roster_xlsx([row(身份证号=number.lower())]))

    assert result.status == RosterImport.Status.DONE, result.errors
    assert Resident.objects.filter(id_number_hash=pii.keyed_hash(number)).exists()


def test_places_of_another_community_are_unknown(world, staff_a):
    rows = [row(小区="北苑小区", 楼栋="1栋", 房号="101"), row(房号="999"), row(小区="")]
    result = run_import(staff_a, world.a, roster_xlsx(rows))

    assert errors_by_row(result) == {(2, "小区"), (3, "房号"), (4, "小区")}
    assert "新建户" in next(e["message"] for e in result.errors if e["row"] == 3)


def test_field_rules_of_the_form_apply_to_each_row(world, staff_a):
    today = dt.date.today()
    child = make_id(today.replace(year=today.year - 5), "M")
    rows = [
        row(手机号="12345"),
        row(姓名="小明", 与户主关系="子女", 身份证号=child),
        row(标签="不存在的标签"),
        row(与户主关系="邻居"),
        row(性别="男", 身份证号=make_id(dt.date(1962, 3, 4), "F")),
        row(出生日期="去年"),
    ]
    result = run_import(staff_a, world.a, roster_xlsx(rows))

    assert errors_by_row(result) == {
        (2, "手机号"),
        (3, "监护人"),
        (4, "标签"),
        (5, "与户主关系"),
        (6, "性别"),
        (7, "出生日期"),
    }


def test_one_head_per_household_in_the_file_and_the_registry(world, staff_a):
    rows = [
        row(与户主关系="户主"),  # household1 has 黄秀琴 as head already
        row(房号="601", 新建户="是", 与户主关系="户主"),
        row(房号="601", 新建户="是", 与户主关系="户主", 姓名="李强"),
        row(房号="602", 新建户="是", 与户主关系="户主", 姓名="刘洋"),
    ]
    result = run_import(staff_a, world.a, roster_xlsx(rows))

    assert errors_by_row(result) == {(2, "与户主关系"), (3, "与户主关系"), (4, "与户主关系")}
    assert "3、4" in next(e["message"] for e in result.errors if e["row"] == 3)
    assert not Household.objects.filter(room__in=["601", "602"]).exists()


def test_guardian_id_must_be_known(world, staff_a):
    today = dt.date.today()
    child = make_id(today.replace(year=today.year - 5), "M")
    result = run_import(staff_a, world.a, roster_xlsx([row(与户主关系="子女", 身份证号=child, 监护人=make_id())]))

    assert errors_by_row(result) == {(2, "监护人")}


def test_file_without_the_required_headers_is_refused(world, staff_a):
    result = run_import(staff_a, world.a, roster_xlsx([{"姓名": "张伟"}], headers=["姓名", "身份证号"]))

    assert result.status == RosterImport.Status.FAILED
    assert result.errors[0]["row"] == 1
    assert "小区" in result.errors[0]["message"]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(world, staff_a):
    content = roster_xlsx([row(), {}, row(姓名="")])
    result = run_import(staff_a, world.a, content)

    assert result.total_rows == 2
    assert errors_by_row(result) == {(4, "姓名")}


def test_an_import_runs_once(world, staff_a):
    result = run_import(staff_a, world.a, roster_xlsx([row()]))
    count = Resident.objects.count()

    again = import_roster(by=staff_a, roster_import=result)

    assert again.status == RosterImport.Status.DONE
    assert Resident.objects.count() == count
